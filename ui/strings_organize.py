"""UI strings for the organize pages (campaigns, people, invitations), in zh-CN and English."""

STRINGS: dict[str, dict[str, str]] = {
    # -- campaigns ---------------------------------------------------------------------------------
    "campaigns.new": {"zh": "新建测评活动", "en": "New campaign"},
    "campaigns.no_published": {
        "zh": "还没有已发布的问卷版本。请先在“问卷设计”中保存并发布一个问卷。",
        "en": "No published survey version yet. Save and publish one in the survey designer first.",
    },
    "campaigns.name": {"zh": "活动名称", "en": "Campaign name"},
    "campaigns.year": {"zh": "年度", "en": "Year"},
    "campaigns.mode": {"zh": "阶段安排", "en": "Phases"},
    "campaigns.mode.three": {
        "zh": "全年三阶段（年初亮诺·年中亮效·年底亮绩）",
        "en": "Three-phase year (commitments · mid-year review · year-end appraisal)",
    },
    "campaigns.mode.single": {"zh": "单轮测评", "en": "Single round"},
    "campaigns.version_label": {"zh": "{id} · 第{version}版", "en": "{id} · version {version}"},
    "campaigns.create": {"zh": "创建活动", "en": "Create the campaign"},
    "campaigns.name_required": {"zh": "请填写活动名称。", "en": "Give the campaign a name."},
    "campaigns.created": {
        "zh": "已创建测评活动，含{n}个阶段（均为草稿，开放后方可填写）。",
        "en": "Campaign created with {n} phase(s), all in draft until opened.",
    },
    "campaigns.none": {
        "zh": "还没有测评活动。请在上方新建。",
        "en": "No campaign yet. Create one above.",
    },
    "campaigns.list": {"zh": "全部测评活动", "en": "All campaigns"},
    "campaigns.col.name": {"zh": "活动名称", "en": "Name"},
    "campaigns.col.year": {"zh": "年度", "en": "Year"},
    "campaigns.col.launched": {"zh": "已启动", "en": "Launched"},
    "campaigns.col.created_on": {"zh": "创建日期", "en": "Created on"},
    "campaigns.col.group": {"zh": "评价人类别", "en": "Rater group"},
    "campaigns.col.pairs": {"zh": "评价关系数", "en": "Relationships"},
    "campaigns.pick": {"zh": "选择测评活动", "en": "Campaign"},
    "campaigns.tab.phases": {"zh": "阶段", "en": "Phases"},
    "campaigns.tab.settings": {"zh": "匿名与计分设置", "en": "Anonymity & scoring"},
    "campaigns.tab.rules": {"zh": "评价关系", "en": "Who rates whom"},
    "campaigns.phase.heading": {"zh": "**{phase}** · {status}", "en": "**{phase}** · {status}"},
    "campaigns.status.draft": {"zh": "草稿（未开放）", "en": "draft (not open)"},
    "campaigns.status.open": {"zh": "进行中", "en": "open"},
    "campaigns.status.closed": {"zh": "已结束", "en": "closed"},
    "campaigns.phase.open": {"zh": "开放填写", "en": "Open"},
    "campaigns.phase.close": {"zh": "结束填写", "en": "Close"},
    "campaigns.phase.close_help": {
        "zh": "结束是最终的：邀请码不能再提交，选票打乱顺序封存，谁已完成的记录只保留计数，"
        "阶段不能重新开放（否则前后两次结果相减即可推出新增的选票）。迟到的选票请放入新的阶段。",
        "en": "Closing is final: no invitation can submit any more, the ballots are sealed in "
        "random order, who finished is kept only as counts, and the phase can never be reopened "
        "(two views of it could be subtracted to reveal the added ballots). Late ballots go to a "
        "new phase.",
    },
    "campaigns.lone_cells": {
        "zh": "{n} 个评价格只有一位评价人（{groups}）。这样的选票凭评价组和评价关系就能认出是谁："
        "结果中只会合并显示，但对掌握数据库的管理员并不匿名。如需匿名，请为这些干部增加评价人。",
        "en": "{n} cells have a single rater ({groups}). Such a ballot is known from its rater "
        "group and the relationship sheet: results only ever pool it, but it is not anonymous "
        "to whoever holds the database. Add raters to these cadres if it must be.",
    },
    "campaigns.phase.close_confirm": {
        "zh": "我明白结束后不能重新开放",
        "en": "I understand that a closed phase cannot be reopened",
    },
    "campaigns.phase.sealed": {
        "zh": "已封存：不能重新开放，也不再接收任何选票（包括纸质票）。",
        "en": "Sealed: it cannot be reopened and takes no more ballots (paper ones included).",
    },
    "campaigns.phase.opened": {
        "zh": "阶段已开放。活动已启动：匿名门槛从此只能提高，不能降低。",
        "en": "Phase opened. The campaign is launched: thresholds can now only be raised.",
    },
    "campaigns.phase.closed": {
        "zh": "阶段已结束，选票已打乱顺序封存。",
        "en": "Phase closed; its ballots are sealed in random order.",
    },
    "campaigns.phase.refused": {"zh": "操作未执行：{reason}", "en": "Not done: {reason}"},
    "campaigns.no_phases": {"zh": "此活动还没有阶段。", "en": "This campaign has no phase yet."},
    "campaigns.phase.add": {"zh": "补充阶段", "en": "Add a phase"},
    "campaigns.phase.kind": {"zh": "阶段", "en": "Phase"},
    "campaigns.phase.add_button": {"zh": "添加阶段", "en": "Add the phase"},
    "campaigns.settings.locked": {
        "zh": "活动已启动：各类别的匿名门槛只能提高，降低将被拒绝。",
        "en": "The campaign is launched: anonymity thresholds may be raised, never lowered.",
    },
    "campaigns.settings.thresholds": {
        "zh": "匿名门槛（最少人数）",
        "en": "Anonymity thresholds (minimum raters)",
    },
    "campaigns.settings.thresholds_help": {
        "zh": "某类评价人少于此人数时，该类结果不显示，以免推断出个人评价。",
        "en": "A rater group's results stay hidden below this many ballots,"
        " so no one's ballot can be inferred.",
    },
    "campaigns.settings.comments": {"zh": "文字意见", "en": "Written comments"},
    "campaigns.settings.show_self": {"zh": "始终显示本人自评", "en": "Always show the self rating"},
    "campaigns.settings.show_superior": {
        "zh": "始终显示上级评价（不受门槛限制）",
        "en": "Always show superior ratings (regardless of the threshold)",
    },
    "campaigns.settings.weights": {"zh": "各类评价人权重", "en": "Rater-group weights"},
    "campaigns.settings.weights_help": {
        "zh": "综合得分按此加权（自动归一）；0表示不计入综合得分。",
        "en": "The composite score weighs the groups by these (normalised); 0 leaves a group out.",
    },
    "campaigns.settings.rules": {"zh": "计票规则", "en": "Tally rules"},
    "campaigns.settings.rules_help": {
        "zh": "例如：不称职率 > 0.3333（超过三分之一）时标记。每行一条规则；“评价人组”选“全部”则按全部选票计算。",
        "en": "For example: flag when the incompetent rate > 0.3333 (over a third). One rule per"
        " row; rater group “All” counts every ballot.",
    },
    "campaigns.rule.metric": {"zh": "指标", "en": "Metric"},
    "campaigns.rule.op": {"zh": "比较", "en": "Comparison"},
    "campaigns.rule.value_help": {
        "zh": "比例，0到1之间，例如 0.3333 即三分之一。",
        "en": "A share between 0 and 1, e.g. 0.3333 for a third.",
    },
    "campaigns.rule.value": {"zh": "阈值", "en": "Value"},
    "campaigns.rule.action": {"zh": "处理", "en": "Action"},
    "campaigns.rule.group": {"zh": "评价人类别（可空）", "en": "Rater group (optional)"},
    "campaigns.settings.save": {"zh": "保存设置", "en": "Save the settings"},
    "campaigns.settings.saved": {"zh": "设置已保存。", "en": "Settings saved."},
    "campaigns.settings.invalid": {
        "zh": "设置有误，未保存：",
        "en": "Not saved; these values are invalid:",
    },
    "campaigns.settings.refused": {
        "zh": "未保存：活动启动后匿名门槛不能降低。",
        "en": "Not saved: thresholds cannot be lowered once the campaign is launched.",
    },
    "campaigns.rules.help": {
        "zh": "按规则生成“谁评价谁”，先预览各类别数量，确认后写入。"
        "也可在“人员导入”中直接导入评价关系。",
        "en": "Generate who rates whom from rules; check the counts per rater group, then write. "
        "Relationships can also be imported on the People page.",
    },
    "campaigns.rules.existing": {"zh": "已有评价关系", "en": "Relationships so far"},
    "campaigns.rules.none_yet": {"zh": "尚无评价关系。", "en": "No relationships yet."},
    "campaigns.rules.pick": {"zh": "选择规则", "en": "Rules"},
    "campaigns.rule_type.peers_in_unit": {
        "zh": "同单位互评（同级）",
        "en": "Peers in the same unit",
    },
    "campaigns.rule_type.superior_rates_team": {
        "zh": "单位负责人评价本单位干部（上级）",
        "en": "Unit head rates the unit's cadres (superior)",
    },
    "campaigns.rule_type.subordinates_rate_head": {
        "zh": "本单位人员评价负责人（下级）",
        "en": "Unit staff rate the head (subordinate)",
    },
    "campaigns.rule_type.self": {"zh": "干部自评（本人）", "en": "Cadres rate themselves (self)"},
    "campaigns.rule_type.public_served_by": {
        "zh": "服务对象评价为其服务的单位干部",
        "en": "Service recipients rate the cadres of the unit that served them",
    },
    "campaigns.rules.child_heads": {
        "zh": "包括下属单位负责人",
        "en": "Include the heads of child units",
    },
    "campaigns.rules.public": {
        "zh": "非干部评价人均为服务对象/群众",
        "en": "Raters who are not cadres are service recipients",
    },
    "campaigns.rules.public_help": {
        "zh": "开启：非干部评价人只按“服务对象”规则评价其所在单位的干部；关闭：视为本单位工作人员。",
        "en": "On: raters who are not cadres only rate, as the public, the cadres of their unit. "
        "Off: they count as staff of their unit.",
    },
    "campaigns.rules.heads_note": {
        "zh": "单位负责人取各单位职级最高的干部（正处高于副处，依此类推）。",
        "en": "A unit's head is its highest-level cadre (正处 above 副处, and so on).",
    },
    "campaigns.rules.failed": {"zh": "无法按规则生成：", "en": "The rules could not be expanded:"},
    "campaigns.rules.preview": {
        "zh": "预览：新增{n}条评价关系（另有{skipped}条已存在，跳过）",
        "en": "Preview: {n} new relationships ({skipped} exist already and are skipped)",
    },
    "campaigns.rules.write": {"zh": "写入评价关系", "en": "Write the relationships"},
    "campaigns.rules.written": {"zh": "已写入{n}条评价关系。", "en": "{n} relationships written."},
    # -- people ------------------------------------------------------------------------------------
    "people.intro": {
        "zh": "上传 CSV 或 Excel 文件。先检查全部行，有问题时不写入任何数据；没有问题才能导入。",
        "en": "Upload a CSV or Excel file. Every row is checked first;"
        " nothing is written while any problem remains.",
    },
    "people.kind": {"zh": "导入内容", "en": "What to import"},
    "people.kind.unit": {"zh": "单位", "en": "Units"},
    "people.kind.subject": {"zh": "被评价干部", "en": "Cadres"},
    "people.kind.rater": {"zh": "评价人", "en": "Raters"},
    "people.kind.relationship": {"zh": "评价关系", "en": "Relationships"},
    "people.sample": {"zh": "下载示例模板（CSV）", "en": "Download a sample template (CSV)"},
    "people.sample_help": {
        "zh": "中文列名，UTF-8编码，可用Excel打开填写。",
        "en": "Chinese headers, UTF-8 with BOM; opens in Excel.",
    },
    "people.need_campaign": {
        "zh": "评价关系属于某个测评活动，请先创建测评活动。",
        "en": "Relationships belong to a campaign; create a campaign first.",
    },
    "people.campaign": {"zh": "所属测评活动", "en": "Campaign"},
    "people.upload": {"zh": "选择文件（CSV / XLSX）", "en": "File (CSV / XLSX)"},
    "people.preview": {"zh": "预览：可导入{n}行", "en": "Preview: {n} row(s) ready"},
    "people.encoding": {"zh": "文件编码：{encoding}", "en": "File encoding: {encoding}"},
    "people.problems": {
        "zh": "发现{n}个问题，尚未写入任何数据。请修改文件后重新上传：",
        "en": "{n} problem(s) found; nothing has been written. Fix the file and upload it again:",
    },
    "people.ready": {"zh": "检查通过：{n}行可以导入。", "en": "All {n} rows passed the checks."},
    "people.import": {"zh": "导入", "en": "Import"},
    "people.progress": {"zh": "正在导入…{pct}%", "en": "Importing… {pct}%"},
    "people.failed": {
        "zh": "导入失败，未写入任何数据：",
        "en": "Import failed; nothing was written:",
    },
    "people.imported": {"zh": "已导入{n}行（{kind}）。", "en": "Imported {n} row(s) ({kind})."},
    "people.current": {"zh": "当前人员", "en": "Who is in the database"},
    "people.count": {"zh": "共{n}条", "en": "{n} in total"},
    "people.col.file": {"zh": "文件", "en": "File"},
    "people.col.row": {"zh": "行号", "en": "Row"},
    "people.col.field": {"zh": "字段", "en": "Field"},
    "people.col.message": {"zh": "问题", "en": "Problem"},
    "people.col.unit_id": {"zh": "单位编号", "en": "Unit id"},
    "people.col.name_zh": {"zh": "单位名称", "en": "Name (zh)"},
    "people.col.name_en": {"zh": "英文名称", "en": "Name (en)"},
    "people.col.unit_kind": {"zh": "单位类型", "en": "Kind"},
    "people.col.parent_id": {"zh": "上级单位编号", "en": "Parent unit"},
    "people.col.subject_id": {"zh": "干部编号", "en": "Cadre id"},
    "people.col.rater_id": {"zh": "评价人编号", "en": "Rater id"},
    "people.col.name": {"zh": "姓名", "en": "Name"},
    "people.col.unit_name": {"zh": "单位", "en": "Unit"},
    "people.col.position": {"zh": "职务", "en": "Position"},
    "people.col.level": {"zh": "职级", "en": "Level"},
    "people.col.contact": {"zh": "联系方式", "en": "Contact"},
    # -- invitations -------------------------------------------------------------------------------
    "invitations.no_campaign": {
        "zh": "还没有测评活动。请先创建活动并设定评价关系。",
        "en": "No campaign yet. Create one and set who rates whom first.",
    },
    "invitations.no_phase": {"zh": "此活动还没有阶段。", "en": "This campaign has no phase."},
    "invitations.campaign": {"zh": "测评活动", "en": "Campaign"},
    "invitations.phase": {"zh": "阶段", "en": "Phase"},
    "invitations.phase_label": {"zh": "{phase} · {status}", "en": "{phase} · {status}"},
    "invitations.phase_not_open": {
        "zh": "此阶段当前为“{status}”：可以先发放邀请码，但阶段开放后才能填写。",
        "en": "This phase is {status}: invitations can be issued now"
        " but work only once it is open.",
    },
    "invitations.base_url": {
        "zh": "填写页面地址（链接与二维码使用）",
        "en": "Survey address (for links and QR codes)",
    },
    "invitations.issue": {"zh": "发放邀请码", "en": "Issue invitations"},
    "invitations.counts": {
        "zh": "此阶段评价人{raters}名，已发放{invited}名，待发放{pending}名。",
        "en": "{raters} raters in this phase: {invited} invited, {pending} still to invite.",
    },
    "invitations.expires": {"zh": "有效期至", "en": "Valid until"},
    "invitations.no_relationships": {
        "zh": "此活动还没有评价关系。请先在“测评活动”中按规则生成，或在“人员导入”中导入。",
        "en": "This campaign has no relationships yet."
        " Generate them on the Campaigns page or import them.",
    },
    "invitations.issue_button": {
        "zh": "为{n}名评价人生成邀请码",
        "en": "Issue codes for {n} rater(s)",
    },
    "invitations.issued": {"zh": "已生成{n}个邀请码。", "en": "{n} invitation code(s) issued."},
    "invitations.once": {
        "zh": "邀请码只在此刻显示一次：系统只保存其加密摘要，无法再次显示。"
        "请立即下载CSV或二维码打印页并妥善保管；"
        "离开或操作本页后将不再可见。遗失的邀请码只能重新生成。",
        "en": "These codes are shown once, now: only their hashes are stored,"
        " so they cannot be shown again. Download the CSV or the QR sheet now and keep it safe;"
        " they disappear when you leave or use this page. A lost code can only be re-issued.",
    },
    "invitations.col.name": {"zh": "姓名", "en": "Name"},
    "invitations.col.unit": {"zh": "单位", "en": "Unit"},
    "invitations.col.token": {"zh": "邀请码", "en": "Code"},
    "invitations.col.link": {"zh": "链接", "en": "Link"},
    "invitations.col.expires": {"zh": "有效期至", "en": "Valid until"},
    "invitations.col.state": {"zh": "状态", "en": "State"},
    "invitations.csv": {"zh": "下载CSV", "en": "Download the CSV"},
    "invitations.qr": {"zh": "下载二维码打印页（HTML）", "en": "Download the QR sheet (HTML)"},
    "invitations.existing": {"zh": "已发放的邀请", "en": "Invitations issued"},
    "invitations.none": {
        "zh": "此阶段尚未发放邀请码。",
        "en": "No invitation issued for this phase yet.",
    },
    "invitations.sealed": {
        "zh": "本阶段已结束并封存：所有邀请码已失效，谁完成了的记录已删除，不能再发放或补发邀请码。"
        "迟到的评价人请在新的阶段中邀请。",
        "en": "This phase is closed and sealed: every code is void, who finished is no longer "
        "kept, and no code can be issued or re-issued. Invite late raters in a new phase.",
    },
    "invitations.state.active": {"zh": "有效", "en": "active"},
    "invitations.state.expired": {"zh": "已过期", "en": "expired"},
    "invitations.state.finished": {"zh": "已完成", "en": "finished"},
    "invitations.state.revoked": {"zh": "已作废", "en": "revoked"},
    "invitations.revoke": {"zh": "作废", "en": "Revoke"},
    "invitations.reissue": {"zh": "重新生成", "en": "Re-issue"},
    "invitations.pick": {"zh": "选择邀请", "en": "Invitation"},
    "invitations.nothing_to_revoke": {"zh": "没有可作废的邀请。", "en": "Nothing to revoke."},
    "invitations.revoke_help": {
        "zh": "作废后该邀请码立即失效（例如遗失或发错人）。",
        "en": "The code stops working at once (e.g. it was lost or given to the wrong person).",
    },
    "invitations.revoke_button": {"zh": "作废此邀请码", "en": "Revoke this code"},
    "invitations.revoked": {"zh": "邀请码已作废。", "en": "The code is revoked."},
    "invitations.reissue_help": {
        "zh": "生成新的邀请码，旧码立即失效；已提交的评价保留，旧码下未提交的草稿无法再读取。",
        "en": "A new code replaces the old one, which stops working at once; submitted work stays, "
        "an unsubmitted draft under the old code is lost.",
    },
    "invitations.reissue_button": {"zh": "重新生成邀请码", "en": "Re-issue the code"},
    "invitations.reissued": {
        "zh": "已重新生成，旧邀请码已失效。",
        "en": "Re-issued; the old code no longer works.",
    },
    "invitations.failed": {"zh": "操作未完成：", "en": "Not done:"},
    # -- the filling page's address (invitations and meeting) -------------------------------------
    "public_url.help": {
        "zh": "评价人手机能打开的填写页地址，例如 `https://pj.example.cn/fill`。"
        "管理员可用环境变量 `QUANJING_PUBLIC_URL` 预先设定。",
        "en": "The filling page address raters' phones can open, e.g. "
        "`https://pj.example.cn/fill`. An administrator can preset it with the environment "
        "variable `QUANJING_PUBLIC_URL`.",
    },
    "public_url.source.setting": {
        "zh": "地址来自服务器设置 `QUANJING_PUBLIC_URL`。",
        "en": "From the server setting `QUANJING_PUBLIC_URL`.",
    },
    "public_url.source.browser": {
        "zh": "地址取自您浏览器正在使用的地址；管理员可用 `QUANJING_PUBLIC_URL` 固定它。",
        "en": "Taken from the address your browser is using; an administrator can fix it with "
        "`QUANJING_PUBLIC_URL`.",
    },
    "public_url.source.default": {
        "zh": "未设置 `QUANJING_PUBLIC_URL`，也读不到浏览器地址：暂用默认的本机地址。",
        "en": "`QUANJING_PUBLIC_URL` is not set and the browser's address is unknown: "
        "the local default is used.",
    },
    "public_url.local": {
        "zh": "这是本机地址：会场里的手机打不开，二维码和链接都将无效。请管理员把环境变量 "
        "`QUANJING_PUBLIC_URL` 设为大家都能访问的地址（例如 `https://pj.example.cn`），"
        "或在上面改成该地址。",
        "en": "This is a local address: phones in the hall cannot open it, so the QR codes and "
        "links would not work. Ask the administrator to set the environment variable "
        "`QUANJING_PUBLIC_URL` to an address everyone can reach (e.g. `https://pj.example.cn`), "
        "or type that address above.",
    },
    "public_url.http": {
        "zh": "此地址未加密（http）：测评码和答卷会以明文经过网络。请为服务器配置 TLS（https），"
        "并把 `QUANJING_PUBLIC_URL` 设为 https 地址。",
        "en": "This address is not encrypted (http): codes and answers would cross the network "
        "in plain text. Serve the app over TLS (https) and set `QUANJING_PUBLIC_URL` to the "
        "https address.",
    },
    "public_url.invalid": {
        "zh": "这不是可用的地址：应以 `http://` 或 `https://` 开头，并包含主机名。",
        "en": "Not a usable address: it must start with `http://` or `https://` and name a host.",
    },
    "public_url.bad_setting": {
        "zh": "环境变量 `QUANJING_PUBLIC_URL` 的值不可用：{value}。应以 `http://` 或 "
        "`https://` 开头并包含主机名；下面暂用其他地址。",
        "en": "The environment variable `QUANJING_PUBLIC_URL` is not usable: {value}. It must "
        "start with `http://` or `https://` and name a host; another address is used below.",
    },
    "public_url.sheet_local": {
        "zh": "要下载的二维码页指向本机地址，会场里的手机打不开。请先改正地址，再重新生成。",
        "en": "The QR sheet to download points at a local address that phones in the hall "
        "cannot open. Correct the address, then create the codes again.",
    },
}
