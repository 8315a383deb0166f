"""Every UI string of the pages, in zh-CN and English (the survey form's are in strings_form.py)."""

STRINGS: dict[str, dict[str, str]] = {
    # app shell
    "app.title": {"zh": "全景 · 干部政绩观多维评价", "en": "Quanjing · 360° cadre evaluation"},
    "app.tagline": {
        "zh": "背对背评价、政绩考评与绩效考评比对印证",
        "en": "Back-to-back evaluation, cross-checked against the performance appraisal",
    },
    # Streamlit's own widget texts (ui/chrome.py)
    "chrome.upload": {"zh": "选择文件", "en": "Upload"},
    "chrome.upload_limit": {"zh": "单个文件不超过 {mb} MB", "en": "{mb} MB per file"},
    "chrome.enter": {"zh": "按回车键确认", "en": "Press Enter to apply"},
    "chrome.enter_multiline": {"zh": "按 Ctrl+回车键确认", "en": "Press Ctrl+Enter to apply"},
    "chrome.choose": {"zh": "请选择", "en": "Choose an option"},
    "chrome.choose_many": {"zh": "请选择（可多选）", "en": "Choose options"},
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
        "zh": "演示数据：本库中的人员、问卷和分数均为随机生成，不是真实数据。可在“数据管理”中一键清除。",
        "en": "Demo data: every person, ballot and score here is generated. Remove it on the Data page before real use.",
    },
    "firststart.title": {
        "zh": "首次启动：正在生成演示数据",
        "en": "First start: building the demo world",
    },
    "firststart.done": {"zh": "演示数据已就绪", "en": "Demo world ready"},
    "firststart.preparing": {"zh": "正在准备……", "en": "Getting ready…"},
    "firststart.wait": {
        "zh": "生成完成后页面自动打开，请稍候。",
        "en": "The page opens by itself once the demo world is ready. One moment, please.",
    },
    "firststart.stage.org": {"zh": "组织机构与人员", "en": "Organisation and people"},
    "firststart.stage.ballots": {
        "zh": "测评活动、选票与答卷",
        "en": "Campaigns, ballots and answers",
    },
    "firststart.stage.signals": {
        "zh": "绩效指标、预警信号、创新申报与调研记录",
        "en": "KPIs, signals, innovation filings and field notes",
    },
    "firststart.stage.write": {"zh": "写入答卷", "en": "Writing the answers"},
    "firststart.stage.compact": {"zh": "整理数据库文件", "en": "Rewriting the database file"},
    "common.none": {"zh": "暂无数据", "en": "Nothing yet"},
    "common.count": {"zh": "共 {n} 条", "en": "{n} rows"},
    "common.language": {"zh": "语言", "en": "Language"},
}

STRINGS.update(
    {
        "home.roles": {"zh": "从这里开始", "en": "Where to start"},
        "home.role.rater": {"zh": "我是评价人", "en": "I am a rater"},
        "home.role.rater.help": {
            "zh": "输入收到的邀请码，背对背匿名填写。",
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

STRINGS.update(
    {
        "data.demo_present": {
            "zh": "当前数据库包含演示数据。",
            "en": "This database holds the demo world.",
        },
        "data.demo_absent": {
            "zh": "当前数据库没有演示数据。",
            "en": "This database holds no demo data.",
        },
        "data.regenerate": {"zh": "重新生成演示数据", "en": "Regenerate the demo world"},
        "data.size": {"zh": "规模", "en": "Size"},
        "data.seed": {"zh": "随机种子", "en": "Seed"},
        "data.locale": {"zh": "姓名语言", "en": "Names locale"},
        "data.generate": {"zh": "生成", "en": "Generate"},
        "data.remove": {"zh": "清除演示数据", "en": "Remove the demo data"},
        "data.remove.help": {
            "zh": "正式使用前清除全部演示数据（单位、干部、评价人、活动、选票、绩效分数等），不可撤销。",
            "en": "Before real use: deletes every demo row (units, cadres, raters, campaigns, ballots, KPI scores). Cannot be undone.",
        },
        "data.regenerate.confirm": {
            "zh": "我确认：现有演示数据（含演示账户和演示选票）将被删除并重新生成",
            "en": "I confirm: the present demo data (its accounts and ballots too) is deleted and generated anew",
        },
        "data.regenerate.unconfirmed": {
            "zh": "请先勾选确认：重新生成会删除现有演示数据。",
            "en": "Tick the confirmation first: generating again deletes the present demo data.",
        },
        "data.remove.confirm": {
            "zh": "我确认清除演示数据",
            "en": "I confirm: remove the demo data",
        },
        "data.removed": {"zh": "演示数据已清除。", "en": "Demo data removed."},
        "data.generated": {"zh": "已生成：{summary}", "en": "Generated: {summary}"},
        "data.size.tiny": {"zh": "极小（测试用）", "en": "tiny (tests)"},
        "data.size.default": {"zh": "默认（约60名干部）", "en": "default (about 60 cadres)"},
        "data.size.large": {
            "zh": "大型（1万名干部，800万条答题）",
            "en": "large (10,000 cadres, 8 million answers)",
        },
        "data.db_path": {"zh": "数据库文件", "en": "Database file"},
    }
)

STRINGS.update(
    {
        "designer.pick": {"zh": "选择问卷", "en": "Definition"},
        "designer.new": {"zh": "从模板新建", "en": "New from a template"},
        "designer.template": {"zh": "模板", "en": "Template"},
        "designer.new_id": {
            "zh": "新问卷编号（小写字母、数字、下划线）",
            "en": "New id (lower-case letters, digits, _)",
        },
        "designer.create": {"zh": "新建", "en": "Create"},
        "designer.bad_id": {
            "zh": "编号须以小写字母开头，只含小写字母、数字和下划线。",
            "en": "The id must start with a lower-case letter and hold only a-z, 0-9 and _.",
        },
        "designer.exists": {"zh": "已存在同名问卷：{id}", "en": "A definition {id} exists already"},
        "designer.import": {"zh": "导入JSON文件", "en": "Import a JSON file"},
        "designer.tab.edit": {"zh": "编辑JSON", "en": "Edit JSON"},
        "designer.tab.preview": {"zh": "预览", "en": "Preview"},
        "designer.tab.versions": {"zh": "版本", "en": "Versions"},
        "designer.json": {"zh": "问卷定义（JSON）", "en": "Survey definition (JSON)"},
        "designer.valid": {
            "zh": "定义有效：{pages}页、{items}题。",
            "en": "Valid: {pages} pages, {items} items.",
        },
        "designer.problems": {
            "zh": "发现{n}个问题，请按路径修改：",
            "en": "{n} problem(s), by JSON path:",
        },
        "designer.col.path": {"zh": "JSON路径", "en": "JSON path"},
        "designer.col.message": {"zh": "问题", "en": "Problem"},
        "designer.col.line": {"zh": "行", "en": "Line"},
        "designer.col.column": {"zh": "列", "en": "Column"},
        "designer.dash_where": {
            "zh": "“—”：问题不在某一行，而在定义的内容（见 JSON 路径）。",
            "en": "“—”: the problem is in the definition's content, not on one line (see the JSON path).",
        },
        "designer.save": {"zh": "保存为草稿版本", "en": "Save as a draft version"},
        "designer.saved": {
            "zh": "已保存：{id} 第{version}版（草稿）",
            "en": "Saved: {id} version {version} (draft)",
        },
        "designer.publish": {"zh": "发布此版本", "en": "Publish this version"},
        "designer.published": {
            "zh": "已发布：{id} 第{version}版。已发布版本不可再修改，再次保存将生成新版本。",
            "en": "Published {id} version {version}. A published version never changes; saving again creates a new version.",
        },
        "designer.export": {"zh": "导出JSON", "en": "Export JSON"},
        "designer.preview_lang": {"zh": "预览语言", "en": "Preview language"},
        "designer.preview_group": {"zh": "评价人类别", "en": "As rater group"},
        "designer.preview_page": {"zh": "页", "en": "Page"},
        "designer.preview_subject": {"zh": "（示例干部）", "en": "(sample cadre)"},
        "designer.preview_ok": {
            "zh": "预览提交通过校验（{n}条答案，未保存）。",
            "en": "The preview answers validate ({n} answers; nothing saved).",
        },
        "designer.preview_invalid": {
            "zh": "请先修正定义中的问题，再预览。",
            "en": "Fix the definition's problems first to see the preview.",
        },
        "designer.versions": {"zh": "已保存的版本", "en": "Saved versions"},
        "designer.no_versions": {"zh": "尚未保存任何版本。", "en": "No version saved yet."},
        "designer.diff": {"zh": "比较两个版本", "en": "Compare two versions"},
        "designer.diff_from": {"zh": "旧版本", "en": "From"},
        "designer.diff_to": {"zh": "新版本", "en": "To"},
        "designer.diff_same": {"zh": "两个版本内容相同。", "en": "The two versions are identical."},
        "designer.col.version": {"zh": "版本", "en": "Version"},
        "designer.col.status": {"zh": "状态", "en": "Status"},
        "designer.col.saved_on": {"zh": "保存日期", "en": "Saved on"},
        "designer.col.sha256": {"zh": "内容哈希", "en": "Content hash"},
        "designer.unsaved": {"zh": "有未保存的修改", "en": "Unsaved changes"},
        "designer.drafts": {
            "zh": "未保存的修改已留在：{ids}（在上面选中即可继续编辑）",
            "en": "Unsaved changes kept in: {ids} (pick one above to go on editing)",
        },
        "group.superior": {"zh": "上级", "en": "Superior"},
        "group.peer": {"zh": "同级", "en": "Peer"},
        "group.subordinate": {"zh": "下级", "en": "Subordinate"},
        "group.self": {"zh": "本人", "en": "Self"},
        "group.public": {"zh": "服务对象/群众", "en": "Service recipients / public"},
        "group.observer": {"zh": "政绩观察员", "en": "Observer"},
        "group.others": {"zh": "他评综合", "en": "Others (composite)"},
        "group.all": {"zh": "全部", "en": "All"},
        "status.draft": {"zh": "草稿", "en": "draft"},
        "status.published": {"zh": "已发布", "en": "published"},
    }
)

STRINGS.update(
    {
        "home.try": {"zh": "演示：用这些邀请码试填", "en": "Demo: try these invitation codes"},
        "home.try.help": {
            "zh": "演示数据附带的邀请码（仅演示库有；正式邀请码只保存哈希，无法再次显示）。点击即以评价人身份进入。",
            "en": "Codes that come with the demo world (real codes are stored only as hashes and can never be shown again). Click one to enter as a rater.",
        },
        "home.try.state.valid": {"zh": "可用", "en": "usable"},
        "home.try.use": {"zh": "用此码填写", "en": "Fill in with it"},
        "home.try.state.finished": {"zh": "已填完", "en": "finished"},
        "home.try.state.expired": {"zh": "已过期", "en": "expired"},
        "home.try.state.revoked": {"zh": "已作废", "en": "withdrawn"},
        "home.try.state.unknown": {"zh": "无效", "en": "unknown"},
        # one label per phase kind, used by every page
        "phase.year_start": {"zh": "年初亮诺定责", "en": "Year start: commitments"},
        "phase.mid_year": {"zh": "年中亮效问政", "en": "Mid-year: progress"},
        "phase.year_end": {"zh": "年底亮绩评议", "en": "Year end: results"},
        "phase.single": {"zh": "单轮测评", "en": "Single round"},
    }
)
