"""UI strings of the respondent's path (评价填写), in zh-CN and English."""

STRINGS: dict[str, dict[str, str]] = {
    "fill.title": {"zh": "背对背评价", "en": "Back-to-back evaluation"},
    "fill.intro": {
        "zh": "您的评价是匿名的：系统不保存您的姓名、邀请码或提交时间，任何人都无法把答案与您对应。",
        "en": "Your evaluation is anonymous: your name, code and the time you submit are not stored with your answers; nobody can link them to you.",
    },
    "fill.token": {"zh": "请输入邀请码", "en": "Enter your invitation code"},
    "fill.token.help": {
        "zh": "邀请码不区分大小写，可忽略空格和短横线。",
        "en": "Case, spaces and dashes do not matter.",
    },
    "fill.start": {"zh": "开始", "en": "Start"},
    "fill.err.unknown": {
        "zh": "邀请码无效，请核对后重试。如果本轮测评已经结束，邀请码也随之失效。",
        "en": "This code is not valid. Check it and try again. Codes of a round that has "
        "ended are no longer known.",
    },
    "fill.err.expired": {
        "zh": "该邀请码已过期或本轮测评未开放。",
        "en": "This code has expired or the round is not open.",
    },
    "fill.err.revoked": {
        "zh": "该邀请码已作废，请联系组织者重新发放。",
        "en": "This code was withdrawn. Ask the organizers for a new one.",
    },
    "fill.err.limited": {
        "zh": "输入错误次数过多，请{seconds}秒后再试。",
        "en": "Too many wrong codes. Try again in {seconds} seconds.",
    },
    "fill.progress": {"zh": "已完成 {done} / {total}", "en": "{done} of {total} done"},
    "fill.now_rating": {"zh": "正在评价", "en": "Now evaluating"},
    "fill.grid_rating": {"zh": "本票评价以下{n}位干部", "en": "This ballot rates {n} cadres"},
    "fill.as_group": {"zh": "您的评价身份：{group}", "en": "You rate as: {group}"},
    "fill.queue": {"zh": "我的评价任务", "en": "My evaluations"},
    "fill.done_mark": {"zh": "已完成", "en": "done"},
    "fill.todo_mark": {"zh": "待评价", "en": "to do"},
    "fill.saved": {
        "zh": "已暂存。可随时用同一邀请码在任何设备上继续。",
        "en": "Saved. Continue any time, on any device, with the same code.",
    },
    "fill.leave": {"zh": "暂存并退出", "en": "Save and leave"},
    "fill.left": {
        "zh": "已暂存并退出。用同一邀请码即可继续。",
        "en": "Saved. Enter the same code to continue.",
    },
    "fill.back": {"zh": "上一页", "en": "Previous page"},
    "fill.submitted_one": {"zh": "已提交。", "en": "Submitted."},
    "fill.not_counted": {
        "zh": "您的这份答案没有计入：此邀请码已在其他设备上提交过。每个邀请码只计一次。",
        "en": "These answers were not counted: this code was already used to submit on another device. Each code counts once.",
    },
    "fill.fix": {"zh": "请先修改标出的题目。", "en": "Please correct the marked questions."},
    "fill.used": {
        "zh": "这个邀请码已经提交过，不能再次使用：每个邀请码只能提交一次。本页不显示任何答案。",
        "en": "This code has already been used: each code can be submitted once. No answers are shown here.",
    },
    "fill.empty_code": {"zh": "请先输入邀请码。", "en": "Please enter your invitation code first."},
    "fill.thanks.title": {"zh": "感谢您的参与！", "en": "Thank you!"},
    "fill.thanks.body": {
        "zh": "您的全部评价已匿名提交。本页不显示任何答案，您可以关闭页面。",
        "en": "All your evaluations have been submitted anonymously. No answers are shown here; you may close this page.",
    },
    "fill.resumed": {"zh": "已恢复上次暂存的内容。", "en": "Your saved answers were restored."},
    "fill.exit_demo": {"zh": "离开填写，回到演示首页", "en": "Leave and return to the demo home"},
    "fill.other_code": {"zh": "使用其他邀请码", "en": "Use another code"},
}
