"""Every UI string of the pages, in zh-CN and English (the survey form's are in strings_form.py)."""

STRINGS: dict[str, dict[str, str]] = {
    # app shell
    "app.title": {"zh": "全景 · 干部政绩观多维评价", "en": "Quanjing · 360° cadre evaluation"},
    "app.tagline": {
        "zh": "背对背评价、政绩考评与绩效考评比对印证",
        "en": "Back-to-back evaluation, cross-checked against the performance appraisal",
    },
    "nav.fill": {"zh": "填写评价", "en": "Fill in"},
    "nav.organize": {"zh": "组织实施", "en": "Organize"},
    "nav.review": {"zh": "审阅分析", "en": "Review"},
    "nav.system": {"zh": "系统", "en": "System"},
    "page.home": {"zh": "首页", "en": "Home"},
    "page.fill": {"zh": "评价填写", "en": "Evaluate"},
    "page.designer": {"zh": "问卷设计", "en": "Survey designer"},
    "page.campaigns": {"zh": "测评活动", "en": "Campaigns"},
    "page.people": {"zh": "人员导入", "en": "People & import"},
    "page.invitations": {"zh": "邀请码", "en": "Invitations"},
    "page.meeting": {"zh": "会议测评", "en": "Meeting mode"},
    "page.paper": {"zh": "纸质票录入", "en": "Paper ballots"},
    "page.monitor": {"zh": "进度监控", "en": "Monitoring"},
    "page.results": {"zh": "评价结果", "en": "Results"},
    "page.tallies": {"zh": "民主测评计票", "en": "Ballot tallies"},
    "page.reliability": {"zh": "信度与一致性", "en": "Reliability"},
    "page.data": {"zh": "数据管理", "en": "Data"},
    "demo.banner": {
        "zh": "演示数据:本库中的人员、问卷和分数均为随机生成,不是真实数据。可在“数据管理”中一键清除。",
        "en": "Demo data: every person, ballot and score here is generated. Remove it on the Data page before real use.",
    },
    "firststart.title": {"zh": "首次启动:正在生成演示数据", "en": "First start: building the demo world"},
    "firststart.done": {"zh": "演示数据已就绪", "en": "Demo world ready"},
    "common.none": {"zh": "暂无数据", "en": "Nothing yet"},
    "common.language": {"zh": "语言", "en": "Language"},
}

STRINGS.update(
    {
        "home.roles": {"zh": "从这里开始", "en": "Where to start"},
        "home.role.rater": {"zh": "我是评价人", "en": "I am a rater"},
        "home.role.rater.help": {
            "zh": "输入收到的邀请码,背对背匿名填写。",
            "en": "Enter the invitation code you received and evaluate anonymously.",
        },
        "home.role.organizer": {"zh": "我是组织者", "en": "I am an organizer"},
        "home.role.organizer.help": {
            "zh": "设计问卷、导入人员、发放邀请码、跟踪进度。",
            "en": "Design surveys, import people, hand out invitations, follow progress.",
        },
        "home.role.reviewer": {"zh": "我是审阅人", "en": "I am a reviewer"},
        "home.role.reviewer.help": {
            "zh": "查看评价结果、民主测评计票与信度分析。",
            "en": "Read scores, ballot tallies and reliability.",
        },
        "home.token": {"zh": "邀请码", "en": "Invitation code"},
        "home.go": {"zh": "开始填写", "en": "Start"},
        "home.counts": {"zh": "库中现有", "en": "In this database"},
        "count.unit": {"zh": "单位", "en": "Units"},
        "count.subject": {"zh": "被评价干部", "en": "Cadres"},
        "count.rater": {"zh": "评价人", "en": "Raters"},
        "count.campaign": {"zh": "测评活动", "en": "Campaigns"},
        "count.ballot": {"zh": "已收选票", "en": "Ballots"},
        "count.answer": {"zh": "答题记录", "en": "Answers"},
    }
)
