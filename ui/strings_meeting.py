"""UI strings for the meeting pages (meeting mode, paper ballots, monitoring), in zh-CN and English.

Keys are prefixed ``meeting.``, ``paper.`` and ``monitor.``. Phase kinds and states used by the
shared pickers in ``ui/meeting.py`` are ``monitor.kind.*`` and ``monitor.status.*``.
"""

_MEETING: dict[str, dict[str, str]] = {
    "meeting.intro": {
        "zh": "在会场开展民主测评：按到场人数发放一次性测评码，现场扫码填写，实时显示收票数。",
        "en": "Run a democratic assessment in a room: one single-use ballot code per person "
        "present, filled in on phones, with a live count of ballots received.",
    },
    "meeting.no_campaigns": {
        "zh": "还没有测评活动，请先在“测评活动”页创建。",
        "en": "No campaigns yet: create one on the Campaigns page.",
    },
    "meeting.no_phases": {"zh": "该活动还没有阶段。", "en": "This campaign has no phases yet."},
    "meeting.no_subjects": {
        "zh": "还没有被评价干部，请先导入。",
        "en": "No subjects (cadres) yet: import them first.",
    },
    "meeting.campaign": {"zh": "测评活动", "en": "Campaign"},
    "meeting.phase": {"zh": "阶段", "en": "Phase"},
    "meeting.not_grid": {
        "zh": "该阶段的问卷不是“多人一表”（grid）形式；会议测评通常使用民主测评表。",
        "en": "This phase's survey is not a grid survey; meetings usually use the democratic "
        "assessment ballot.",
    },
    "meeting.sealed": {
        "zh": "本阶段已结束并封存，不再接收任何选票（包括纸质票），也不能再发放会场票。"
        "迟到的选票请放入新的阶段。",
        "en": "This phase is closed and sealed: it takes no more ballots (paper ones included) "
        "and no meeting codes. Late ballots go to a new phase.",
    },
    "meeting.phase_not_open": {
        "zh": "该阶段尚未开放（或已结束）：测评码要在阶段开放后才能使用。开放/关闭请到“测评活动”页。",
        "en": "This phase is not open: the codes work only while it is open. Open or close it on "
        "the Campaigns page.",
    },
    "meeting.tab.create": {"zh": "发放测评码", "en": "Issue ballots"},
    "meeting.tab.live": {"zh": "实时收票", "en": "Live count"},
    "meeting.group": {"zh": "评价人类别", "en": "Rater group"},
    "meeting.grid_source": {"zh": "被评价干部来自", "en": "Subjects from"},
    "meeting.grid_of_batch": {
        "zh": "已发批次 {date} · {n} 人 · {id}",
        "en": "Batch {date} · {n} subjects · {id}",
    },
    "meeting.subjects": {"zh": "测评表上的干部", "en": "Subjects on the ballot"},
    "meeting.n": {"zh": "测评码数量（到场人数）", "en": "Number of ballots (people present)"},
    "meeting.n_help": {
        "zh": "按实际到场人数填写，不多发。",
        "en": "The head count: issue no spares.",
    },
    "meeting.hours": {"zh": "有效时长（小时）", "en": "Valid for (hours)"},
    "meeting.base_url": {
        "zh": "填写页地址（二维码指向）",
        "en": "Filling page address (the QR target)",
    },
    "meeting.stuffing": {
        "zh": "防止多投：每个测评码只能提交一次；数量等于到场人数，请核对收票数与人数；"
        "会后点“结束本批”，未用的码全部作废。测评码随机排列，请裁成相同纸条随机发放，"
        "一人一张。",
        "en": "Against ballot stuffing: each code works once; issue exactly as many as people "
        "present and compare the count with the head count; after the meeting, close the "
        "batch so unused codes stop working. Codes come in random order: cut identical "
        "slips and hand one to each person at random.",
    },
    "meeting.create": {"zh": "生成测评码", "en": "Create ballots"},
    "meeting.refused": {"zh": "无法生成：{reason}", "en": "Not created: {reason}"},
    "meeting.sheet_title": {
        "zh": "民主测评 · 会议测评码",
        "en": "Democratic assessment · ballot codes",
    },
    "meeting.created": {"zh": "已生成 {n} 个测评码。", "en": "{n} ballot codes created."},
    "meeting.once": {
        "zh": "测评码只显示这一次，系统不保存原码，无法再次查看或补打。请立即下载打印，"
        "裁成纸条后随机发放。",
        "en": "The codes are shown this once: they are not stored and cannot be shown again. "
        "Download and print them now, cut the slips and hand them out at random.",
    },
    "meeting.download_html": {"zh": "下载二维码打印页", "en": "Download printable QR sheet"},
    "meeting.download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "meeting.show_tokens": {"zh": "显示测评码列表", "en": "Show the codes"},
    "meeting.col.token": {"zh": "测评码", "en": "Code"},
    "meeting.forget": {"zh": "已打印，隐藏测评码", "en": "Printed: hide the codes"},
    "meeting.no_batches": {
        "zh": "本阶段还没有会议批次。",
        "en": "No meeting batches in this phase yet.",
    },
    "meeting.batch": {"zh": "会议批次", "en": "Meeting batch"},
    "meeting.batch_label": {
        "zh": "{date} · {group} · {n} 张 · {id}",
        "en": "{date} · {group} · {n} ballots · {id}",
    },
    "meeting.received": {"zh": "已收票 / 发放", "en": "Received / issued"},
    "meeting.issued": {"zh": "发放", "en": "Issued"},
    "meeting.remaining": {"zh": "未交", "en": "Remaining"},
    "meeting.revoked": {"zh": "已作废", "en": "Revoked"},
    "meeting.live_help": {
        "zh": "每 5 秒自动刷新。只显示数量，不显示哪张码已交。",
        "en": "Refreshes every 5 seconds. Counts only: never which code was used.",
    },
    "meeting.close": {"zh": "结束本批", "en": "Close the batch"},
    "meeting.close_help": {
        "zh": "结束后，未使用的测评码全部作废，剩余纸条不能再提交。已收的票不受影响。",
        "en": "Closing revokes every unused code, so left-over slips cannot be filled in. "
        "Ballots received stay.",
    },
    "meeting.close_confirm": {
        "zh": "确认结束并作废未用的码",
        "en": "Close and revoke unused codes",
    },
    "meeting.closed": {
        "zh": "已结束，作废 {n} 个未用的测评码。",
        "en": "Closed: {n} unused codes revoked.",
    },
}

_PAPER: dict[str, dict[str, str]] = {
    "paper.intro": {
        "zh": "纸质票双人录入：录入员 A、B 各自独立录入同一张票，一致后计票；"
        "不一致的格子对照原票更正；污损票作废。",
        "en": "Paper ballots, double entry: clerks A and B each key every sheet; agreed sheets "
        "are counted, differing cells are re-keyed from the paper, spoilt sheets voided.",
    },
    "paper.no_items": {
        "zh": "该阶段的问卷没有可录入的选项题。",
        "en": "This phase's survey has no option items to key.",
    },
    "paper.tab.enter": {"zh": "录入", "en": "Key a sheet"},
    "paper.tab.compare": {"zh": "比对与计票", "en": "Compare & count"},
    "paper.tab.resolve": {"zh": "更正与作废", "en": "Resolve & void"},
    "paper.clerk": {"zh": "录入员", "en": "Clerk"},
    "paper.clerk_name": {"zh": "录入员 {clerk}", "en": "Clerk {clerk}"},
    "paper.sheet_no": {"zh": "票号（纸票上印的编号）", "en": "Sheet number (printed on the paper)"},
    "paper.group": {"zh": "评价人类别", "en": "Rater group"},
    "paper.save": {"zh": "保存本票", "en": "Save sheet"},
    "paper.saved": {
        "zh": "已保存：票号 {sheet}（录入员 {clerk}）。表格已清空，请录入下一张。",
        "en": "Saved: sheet {sheet} (clerk {clerk}). The grid is empty for the next sheet.",
    },
    "paper.legend_all": {
        "zh": "每格填纸票上所选选项的序号：{options}；空白 = 未填。",
        "en": "Key each cell as the number of the option marked: {options}; blank = not marked.",
    },
    "paper.legend_some": {
        "zh": "每格填纸票上所选选项的序号，空白 = 未填。",
        "en": "Key each cell as the number of the option marked; blank = not marked.",
    },
    "paper.legend_item": {"zh": "{items}：{options}", "en": "{items}: {options}"},
    "paper.legend_sep": {"zh": "、", "en": ", "},
    "paper.keys": {
        "zh": "键盘录入：点第一格，按数字，Tab 到右一格；行末按 Enter、Home、Tab 到下一人的第一格；"
        "录完点“保存本票”。",
        "en": "Keyboard: click the first cell, key a digit, Tab to the next cell; at a row's end "
        "Enter, Home, Tab go to the next cadre's first cell; when done, click Save sheet.",
    },
    "paper.need_sheet_no": {
        "zh": "未保存：请填写票号（纸票上印的编号）。",
        "en": "Not saved: key the sheet number printed on the paper.",
    },
    "paper.no_marks": {
        "zh": "未保存：票号 {sheet} 一格也没有填。空白票或无效票请在“更正与作废”中作废。",
        "en": "Not saved: sheet {sheet} has no cell keyed. Void a blank or spoilt sheet under "
        "Resolve & void.",
    },
    "paper.keyed_before": {
        "zh": "未保存：录入员 {clerk} 已录过票号 {sheet}。如果票号输错了，请改正后再保存；"
        "如果是重录这张票，请勾选“替换”后再保存。",
        "en": "Not saved: clerk {clerk} has keyed sheet {sheet} before. If the number is mistyped, "
        "correct it and save; to key this sheet again, tick Replace and save.",
    },
    "paper.replace": {
        "zh": "替换：用本次录入替换录入员 {clerk} 此前录入的票号 {sheet}",
        "en": "Replace: this keying replaces clerk {clerk}'s earlier keying of sheet {sheet}",
    },
    "paper.bad_cells": {
        "zh": "未保存：以下格子填的不是选项序号，请对照纸票改正，已填的内容都还在。",
        "en": "Not saved: these cells hold no option number. Correct them from the paper; "
        "everything keyed is still there.",
    },
    "paper.bad_cell": {
        "zh": "{subject} · {item}：“{text}”，应填 1–{k} 或留空",
        "en": "{subject} · {item}: “{text}”; key 1–{k} or leave it blank",
    },
    "paper.refused": {"zh": "未保存：{reason}", "en": "Not done: {reason}"},
    "paper.n_single": {"zh": "仅一人录入", "en": "Keyed once"},
    "paper.n_differing": {"zh": "录入不一致", "en": "Differing"},
    "paper.n_agreed": {"zh": "一致待计", "en": "Agreed"},
    "paper.n_counted": {"zh": "已计票", "en": "Counted"},
    "paper.n_void": {"zh": "已作废", "en": "Void"},
    "paper.single": {"zh": "仅一人录入的票", "en": "Sheets keyed by one clerk only"},
    "paper.differing": {"zh": "两人录入不一致的格子", "en": "Cells where the two entries differ"},
    "paper.agreed": {"zh": "两人录入一致的票", "en": "Sheets where both entries agree"},
    "paper.col.sheet": {"zh": "票号", "en": "Sheet"},
    "paper.col.clerk": {"zh": "录入员", "en": "Clerk"},
    "paper.col.subject": {"zh": "被评价人", "en": "Subject"},
    "paper.col.item": {"zh": "项目", "en": "Item"},
    "paper.col.group": {"zh": "评价人类别", "en": "Rater group"},
    "paper.col.a": {"zh": "录入员 A", "en": "Clerk A"},
    "paper.col.b": {"zh": "录入员 B", "en": "Clerk B"},
    "paper.count_agreed": {"zh": "计入一致的票（{n} 张）", "en": "Count agreed sheets ({n})"},
    "paper.counted": {"zh": "已计票 {n} 张。", "en": "{n} sheets counted."},
    "paper.resolve": {"zh": "更正不一致的票", "en": "Resolve a differing sheet"},
    "paper.resolve_help": {
        "zh": "取出原票，逐格选择纸票上的实际内容，然后计票。",
        "en": "Take the paper sheet and choose, cell by cell, what it really says; then count it.",
    },
    "paper.on_paper": {"zh": "纸票上是", "en": "The paper says"},
    "paper.choose": {"zh": "请选择", "en": "Choose"},
    "paper.blank": {"zh": "（空白）", "en": "(blank)"},
    "paper.resolve_save": {"zh": "按更正结果计票", "en": "Count with these values"},
    "paper.resolved": {
        "zh": "票号 {sheet} 已更正并计票。",
        "en": "Sheet {sheet} resolved and counted.",
    },
    "paper.nothing_to_resolve": {"zh": "没有不一致的票。", "en": "No differing sheets."},
    "paper.void": {"zh": "作废票", "en": "Void a spoilt sheet"},
    "paper.void_help": {
        "zh": "污损、无法辨认或无效的票作废：票号关闭，不计票，已录入的内容删除。",
        "en": "A spoilt, illegible or invalid sheet is voided: its number is closed, it is never "
        "counted and its entries are deleted.",
    },
    "paper.void_sure": {"zh": "确认作废该票", "en": "Yes, void this sheet"},
    "paper.void_save": {"zh": "作废", "en": "Void"},
    "paper.voided": {"zh": "票号 {sheet} 已作废。", "en": "Sheet {sheet} voided."},
}

_MONITOR: dict[str, dict[str, str]] = {
    "monitor.intro": {
        "zh": "各阶段、各类别、各单位和各干部的完成率，以及待提醒人员名单。"
        "只统计数量，不显示谁评了谁、评了什么。",
        "en": "Completion by phase, rater group, unit and subject, and whom to remind. Counts "
        "only: never who rated whom or what.",
    },
    "monitor.status.draft": {"zh": "未开放", "en": "draft"},
    "monitor.status.open": {"zh": "进行中", "en": "open"},
    "monitor.status.closed": {"zh": "已结束", "en": "closed"},
    "monitor.by_phase": {"zh": "各阶段完成率", "en": "Completion by phase"},
    "monitor.status_note": {
        "zh": "阶段的开放与关闭在“测评活动”页操作。",
        "en": "Phases are opened and closed on the Campaigns page.",
    },
    "monitor.tab.group": {"zh": "按评价人类别", "en": "By rater group"},
    "monitor.tab.unit": {"zh": "按单位", "en": "By unit"},
    "monitor.tab.subject": {"zh": "按被评价人", "en": "By subject"},
    "monitor.unit_of": {"zh": "单位指", "en": "Unit of"},
    "monitor.unit_of.rater": {"zh": "评价人所在单位", "en": "the rater"},
    "monitor.unit_of.subject": {"zh": "被评价人所在单位", "en": "the subject"},
    "monitor.no_unit": {"zh": "（无单位）", "en": "(no unit)"},
    "monitor.empty": {"zh": "暂无数据。", "en": "Nothing yet."},
    "monitor.col.rate": {"zh": "完成率", "en": "Rate"},
    "monitor.col.done": {"zh": "已完成", "en": "Done"},
    "monitor.col.assigned": {"zh": "应评", "en": "Assigned"},
    "monitor.col.invited": {"zh": "邀请人数", "en": "Invited"},
    "monitor.col.finished": {"zh": "已完成人数", "en": "Finished"},
    "monitor.col.group": {"zh": "评价人类别", "en": "Rater group"},
    "monitor.col.unit": {"zh": "单位", "en": "Unit"},
    "monitor.col.subject": {"zh": "被评价人", "en": "Subject"},
    "monitor.col.name": {"zh": "姓名", "en": "Name"},
    "monitor.col.contact": {"zh": "联系方式", "en": "Contact"},
    "monitor.pending_n": {"zh": "未完成人数", "en": "Not finished"},
    "monitor.pending": {"zh": "待提醒人员", "en": "Raters to remind"},
    "monitor.pending_help": {
        "zh": "持个人邀请码、尚未提交的评价人。名单只用于提醒，不含评价对象和类别。",
        "en": "Raters with a personal code who have not submitted. For reminders only: it never "
        "shows whom they rate or in which group.",
    },
    "monitor.all_done": {"zh": "所有评价人均已完成。", "en": "Every rater has finished."},
    "monitor.sealed": {
        "zh": "本阶段已结束并封存：谁完成了、谁评价了谁的记录已删除，上面的数字是结束时的计数。"
        "结束的阶段不再提醒。",
        "en": "This phase is closed and sealed: who finished and who rated whom are no longer "
        "kept; the figures above are the counts at closing. A closed phase has no reminders.",
    },
    "monitor.download": {"zh": "下载提醒名单（CSV）", "en": "Download reminder list (CSV)"},
}

STRINGS: dict[str, dict[str, str]] = {**_MEETING, **_PAPER, **_MONITOR}
