"""UI strings for the review pages (results, tallies, reliability), in zh-CN and English."""

_S = dict[str, dict[str, str]]

_SHARED: _S = {
    "results.no_data": {
        "zh": "还没有可审阅的数据：请先创建测评活动并收集评价票。",
        "en": "No data yet: create a campaign and collect ballots first.",
    },
    "results.no_phases": {"zh": "该活动还没有阶段。", "en": "This campaign has no phases yet."},
    "results.campaign": {"zh": "测评活动", "en": "Campaign"},
    "results.phase": {"zh": "阶段", "en": "Phase"},
    "results.loading": {"zh": "正在计算……", "en": "Computing…"},
    "results.group.combined": {"zh": "合并组（人数不足的组合并）", "en": "Combined small groups"},
    "results.group.others_comment": {"zh": "他评", "en": "Others"},
    "results.overall": {"zh": "总分", "en": "Overall"},
    "results.too_few": {"zh": "评价人数不足，不显示", "en": "Not enough raters: hidden"},
    "results.hidden_composite": {
        "zh": "灰色格 = 评价人数不足，不显示分数。每个评价组至少需要的票数（活动设置）：{rule}。",
        "en": "Grey cell = not enough raters, no score shown. Minimum ballots per rater group "
        "(campaign settings): {rule}.",
    },
    "results.hidden_group": {
        "zh": "{group}：票数少于活动设置的门槛 {n}，不单独显示。",
        "en": "{group}: fewer ballots than the campaign threshold of {n}; not shown.",
    },
    "results.hidden_merged": {
        "zh": "{group}：票数少于门槛 {n}，已并入“合并组”显示，不单独显示。",
        "en": "{group}: fewer ballots than the threshold of {n}; shown only inside "
        "“combined small groups”.",
    },
    "results.hidden_overall": {
        "zh": "{group}：有维度因“无法评价”过多而隐藏，总分也不显示（否则可由总分与其余维度相减推出）。",
        "en": "{group}: a dimension is hidden (too many “cannot judge” answers), so the overall is "
        "hidden too (it could be subtracted from the overall and the other dimensions).",
    },
    "results.col.subject": {"zh": "干部", "en": "Cadre"},
    "results.col.dimension": {"zh": "维度", "en": "Dimension"},
    "results.col.others_score": {"zh": "他评综合得分", "en": "Others' composite score"},
    "results.col.score": {"zh": "得分（0–100）", "en": "Score (0–100)"},
    "results.col.group": {"zh": "评价组", "en": "Rater group"},
    "results.col.ci_low": {"zh": "95% 置信下限", "en": "95% CI low"},
    "results.col.ci_high": {"zh": "95% 置信上限", "en": "95% CI high"},
    "results.col.n": {"zh": "票数", "en": "Ballots"},
}

_RESULTS: _S = {
    "results.intro": {
        "zh": "他评综合得分（不含本人），按活动的评价组权重合成；人数不足门槛的组不显示。"
        "分数换算为 0–100（占量表满分的百分比）。",
        "en": "The others' composite (self excluded), weighted by the campaign's rater-group "
        "weights; groups below the threshold are hidden. Scores are on 0–100 (percent of "
        "the scale maximum).",
    },
    "results.no_scores": {
        "zh": "该阶段还没有可计分的答卷。",
        "en": "This phase has no scored answers yet.",
    },
    "results.scale_note": {
        "zh": "0–100 = 占量表满分的百分比（POMP）。匿名门槛：{rule}。",
        "en": "0–100 = percent of the scale maximum (POMP). Anonymity thresholds: {rule}.",
    },
    "results.equal_weights": {
        "zh": "活动设置的评价组权重未涉及本阶段的评价组，各组按等权合成。",
        "en": "The campaign's group weights name none of this phase's rater groups; groups "
        "weigh equally.",
    },
    "results.heatmap": {"zh": "总览：干部 × 维度", "en": "Overview: cadres × dimensions"},
    "results.sort": {"zh": "排序", "en": "Sort by"},
    "results.sort.overall": {"zh": "按总分", "en": "Overall score"},
    "results.sort.name": {"zh": "按姓名", "en": "Name"},
    "results.self_other": {"zh": "自评与他评", "en": "Self against others"},
    "results.sensitivity": {"zh": "排名稳健性", "en": "How stable is the ranking?"},
    "results.sensitivity_help": {
        "zh": "每个评价组的权重上下浮动 10 个百分点时，排名的变化范围：圆点 = 当前排名，"
        "横条 = 最好到最差的排名。横条越长，排名越依赖权重设置。",
        "en": "The range of ranks when each rater group's weight moves up or down by 10 "
        "percentage points: dot = current rank, bar = best to worst rank. A long bar means "
        "the rank depends on the weights.",
    },
    "results.sensitivity_summary": {
        "zh": "{total} 名干部中有 {moved} 名的排名会随权重变化。",
        "en": "{moved} of {total} cadres change rank when the weights move.",
    },
    "results.col.base_rank": {"zh": "当前排名", "en": "Rank"},
    "results.col.best_rank": {"zh": "最好排名", "en": "Best rank"},
    "results.col.worst_rank": {"zh": "最差排名", "en": "Worst rank"},
    "results.subject": {"zh": "个人详情", "en": "One cadre in detail"},
    "results.pick_subject": {"zh": "选择干部", "en": "Cadre"},
    "results.ci_note": {
        "zh": "黑线为 95% 置信区间；鼠标悬停可见票数。",
        "en": "Black lines are 95% confidence intervals; hover for the number of ballots.",
    },
    "results.agreement": {"zh": "自评–他评一致性", "en": "Self–other agreement"},
    "results.agreement_rule": {
        "zh": "规则：差值 d = 自评 − 他评，在本阶段所有干部中标准化为 z。z > 0.5 为“高估”，"
        "z < −0.5 为“低估”，其余为“一致”：他评不低于平均水平为“一致且好”，否则“一致但偏低”"
        "（Atwater & Yammarino, 1992）。",
        "en": "Rule: difference d = self − others, standardized to z over all cadres of this "
        "phase. z > 0.5: over-estimator; z < −0.5: under-estimator; otherwise in agreement — "
        "good when the others' score is at least the average, else poor (Atwater & "
        "Yammarino, 1992).",
    },
    "results.agreement_none": {
        "zh": "无法判断：需要本人自评和他评均可显示，且至少两名干部有两者。",
        "en": "Not available: needs a shown self rating and others' score, for at least two "
        "cadres.",
    },
    "results.agreement_category": {"zh": "类别", "en": "Category"},
    "results.soa.over-estimator": {"zh": "高估", "en": "Over-estimator"},
    "results.soa.under-estimator": {"zh": "低估", "en": "Under-estimator"},
    "results.soa.in agreement and good": {"zh": "一致且好", "en": "In agreement, good"},
    "results.soa.in agreement and poor": {"zh": "一致但偏低", "en": "In agreement, poor"},
    "results.col.self_minus_others": {"zh": "自评 − 他评", "en": "Self − others"},
    "results.blind_spots": {"zh": "盲点与潜在优势", "en": "Blind spots and hidden strengths"},
    "results.blind_spots_rule": {
        "zh": "盲点：本人自评比他评高 25 分以上（5 级量表约 1 级）的题目；潜在优势：低 25 分以上。"
        "各取差距最大的 3 题。",
        "en": "Blind spot: an item the cadre rates 25+ points (about one step of a 5-point "
        "scale) above the others; hidden strength: 25+ points below. Top 3 of each.",
    },
    "results.blind_spots_none": {
        "zh": "没有明显的盲点或潜在优势（或无可显示的自评）。",
        "en": "No clear blind spots or hidden strengths (or no self rating shown).",
    },
    "results.blind_spot": {"zh": "盲点", "en": "Blind spot"},
    "results.hidden_strength": {"zh": "潜在优势", "en": "Hidden strength"},
    "results.col.kind": {"zh": "类型", "en": "Kind"},
    "results.col.item": {"zh": "题目", "en": "Item"},
    "results.col.difference": {"zh": "差值", "en": "Difference"},
    "results.comments": {"zh": "文字意见", "en": "Comments"},
    "results.comments_help": {
        "zh": "至少 {n} 张票填写了意见才公开；顺序已随机打乱，不显示填写人。",
        "en": "Released only when at least {n} ballots commented; shown in random order, "
        "never with their writer.",
    },
    "results.comments_none": {
        "zh": "暂无可公开的意见（需至少 {n} 张票填写意见）。",
        "en": "No comments can be released (at least {n} commenting ballots needed).",
    },
    "results.col.comment": {"zh": "意见", "en": "Comment"},
    "results.trend": {"zh": "各阶段趋势", "en": "Trend across phases"},
    "results.trend_none": {
        "zh": "至少两个阶段有可显示的他评得分才能看出趋势。",
        "en": "A trend needs a shown others' score in at least two phases.",
    },
    "results.trend_missing": {
        "zh": "{phase}：评价人数不足，不显示（门槛：{rule}）。",
        "en": "{phase}: not enough raters, hidden (thresholds: {rule}).",
    },
    "results.trend_unscored": {
        "zh": "{phase}：该阶段没有计分题或尚无答卷。",
        "en": "{phase}: no scored items or no ballots in this phase.",
    },
    "results.trend_open": {
        "zh": "{phase}：尚未结束，结束后才显示结果。",
        "en": "{phase}: still open; its results are shown once it closes.",
    },
}

_TALLIES: _S = {
    "tallies.intro": {
        "zh": "民主测评各等次得票率、优秀率和称职率，以及活动规则的精确判定（附计算过程）。",
        "en": "Grade shares, excellent and competent rates, and the campaign's rules decided "
        "exactly, with their arithmetic.",
    },
    "tallies.no_grades": {
        "zh": "该阶段的问卷没有等次（优秀/称职/基本称职/不称职）题。",
        "en": "This phase's survey has no grade (excellent … incompetent) items.",
    },
    "tallies.no_votes": {"zh": "该题还没有投票。", "en": "No votes on this item yet."},
    "tallies.item": {"zh": "测评项目", "en": "Item"},
    "tallies.weighted": {"zh": "按评价组权重合计", "en": "Weight rater groups"},
    "tallies.weighted_help": {
        "zh": "关闭时所有可显示的票直接合计；打开时按活动设置的评价组权重加权平均。",
        "en": "Off: all shown votes are pooled. On: the groups' shares are averaged with the "
        "campaign's group weights.",
    },
    "tallies.weighted_note": {
        "zh": "“全部”一行为各评价组得票率的加权平均。",
        "en": "The “all” row is the weighted mean of the groups' shares.",
    },
    "tallies.group": {"zh": "评价组", "en": "Rater group"},
    "tallies.shares": {"zh": "各等次得票率", "en": "Grade shares"},
    "tallies.hidden_subjects": {
        "zh": "评价人数不足，不显示：{names}（门槛：{rule}）。",
        "en": "Not enough raters, hidden: {names} (thresholds: {rule}).",
    },
    "tallies.rates": {"zh": "优秀率与称职率", "en": "Excellent and competent rates"},
    "tallies.rates_help": {
        "zh": "优秀率 = {excellent} 票 ÷ 有效票；称职率 = ({excellent} + {competent}) 票 ÷ 有效票。"
        "弃权不计入有效票。",
        "en": "Excellent rate = {excellent} votes ÷ valid votes; competent rate = ({excellent} "
        "+ {competent}) ÷ valid votes. Abstentions are not valid votes.",
    },
    "tallies.col.grade": {"zh": "等次", "en": "Grade"},
    "tallies.col.share": {"zh": "得票率", "en": "Share"},
    "tallies.col.votes": {"zh": "票数", "en": "Votes"},
    "tallies.col.n": {"zh": "有效票", "en": "Valid votes"},
    "tallies.col.excellent": {"zh": "优秀率", "en": "Excellent rate"},
    "tallies.col.competent": {"zh": "称职率", "en": "Competent rate"},
    "tallies.col.incompetent": {"zh": "不称职率", "en": "Incompetent rate"},
    "tallies.rules": {"zh": "规则判定", "en": "Rules"},
    "tallies.no_rules": {
        "zh": "该活动没有设置计票规则。",
        "en": "This campaign has no tally rules.",
    },
    "tallies.no_flags": {"zh": "没有触发任何规则。", "en": "No rule is triggered."},
    "tallies.flags": {
        "zh": "{n} 项规则被触发，列在下表最前（标红）。",
        "en": "{n} rule results triggered, listed first in the table (in red).",
    },
    "tallies.flag": {"zh": "⚑ 触发", "en": "⚑ flagged"},
    "tallies.not_flagged": {"zh": "未触发", "en": "not triggered"},
    "tallies.unjudged": {"zh": "未判定（票数不足）", "en": "not judged (too few votes)"},
    "tallies.action.flag": {"zh": "标记", "en": "flag"},
    "tallies.rule_text": {
        "zh": "{metric}（{who}）{op} {value} 时{action}",
        "en": "{metric} ({who}) {op} {value}: {action}",
    },
    "tallies.col.flag": {"zh": "结果", "en": "Result"},
    "tallies.col.rule": {"zh": "规则", "en": "Rule"},
    "tallies.col.arithmetic": {"zh": "计算过程", "en": "Arithmetic"},
    "tallies.yes": {"zh": "？是", "en": "? yes"},
    "tallies.no": {"zh": "？否", "en": "? no"},
    "tallies.rule_hidden": {
        "zh": "评价人数不足，未判定（门槛：{rule}）",
        "en": "Not enough raters, not evaluated (thresholds: {rule})",
    },
    "tallies.rules_help": {
        "zh": "按分数精确比较：例如 4/12 恰好等于三分之一，“超过三分之一”不成立。",
        "en": "Compared as exact fractions: 4/12 is exactly one third, so “more than one "
        "third” is not met.",
    },
    "tallies.metric.excellent_share": {"zh": "优秀率", "en": "Excellent rate"},
    "tallies.metric.competent_or_better_share": {"zh": "称职率", "en": "Competent rate"},
    "tallies.metric.incompetent_share": {"zh": "不称职率", "en": "Incompetent rate"},
    "tallies.by_group": {"zh": "按评价组", "en": "By rater group"},
    "tallies.by_group_help": {
        "zh": "人数不足门槛的评价组不显示（门槛：{rule}）。",
        "en": "Groups below the threshold are not shown (thresholds: {rule}).",
    },
}

_RELIABILITY: _S = {
    "reliability.intro": {
        "zh": "本阶段数据的信度与评价人一致性。只使用可公开的评价组的他评票（不含本人）。",
        "en": "Reliability and rater agreement of this phase, from others' ballots of "
        "published groups only (self excluded).",
    },
    "reliability.no_data": {
        "zh": "该阶段的问卷没有计分题。",
        "en": "This phase's survey has no scored items.",
    },
    "reliability.computing": {"zh": "正在计算……", "en": "Computing…"},
    "reliability.consistency": {
        "zh": "内部一致性（各维度）",
        "en": "Internal consistency per dimension",
    },
    "reliability.alpha_explain": {
        "zh": "Cronbach α：同一维度的各题是否在测同一件事，0.7 以上通常可接受"
        "（Cronbach, 1951；区间 Feldt 等， 1987）。",
        "en": "Cronbach's α: do the items of a dimension measure one thing? 0.7 or more is "
        "usually acceptable (Cronbach, 1951; interval: Feldt et al., 1987).",
    },
    "reliability.omega_explain": {
        "zh": "McDonald ω：基于单因子模型的信度，不要求各题同等重要，至少 3 题（McDonald, 1999）；"
        "“无法评价”的空缺用全信息最大似然（FIML）处理，不丢弃整张票。",
        "en": "McDonald's ω: reliability from a one-factor model that does not assume equally "
        "good items; needs 3+ items (McDonald, 1999). 'Cannot judge' gaps are handled by full-"
        "information maximum likelihood (FIML), so no ballot is dropped.",
    },
    "reliability.alpha_needs": {
        "zh": "α 需要至少 2 题和 2 张票。",
        "en": "α needs 2+ items and 2+ ballots.",
    },
    "reliability.omega_needs": {
        "zh": "ω 需要至少 3 题且各题有差异。",
        "en": "ω needs 3+ items that vary.",
    },
    "reliability.col.form": {"zh": "形式", "en": "Form"},
    "reliability.col.valid": {"zh": "适用于本设计", "en": "Valid for this design"},
    "reliability.col.reason": {"zh": "原因", "en": "Why not"},
    "reliability.col.value": {"zh": "系数", "en": "Coefficient"},
    "reliability.col.items": {"zh": "题数", "en": "Items"},
    "reliability.col.rows": {"zh": "行数（票×干部）", "en": "Rows (ballot × cadre)"},
    "reliability.col.note": {"zh": "说明", "en": "Note"},
    "reliability.dash_help": {
        "zh": "“—”：数据不足以计算（题目、评价人或差异太少），见“说明”列和上方解释。",
        "en": "“—”: too little data to compute it (too few items, raters or differences);"
        " see the Note column and the explanation above.",
    },
    "reliability.icc": {"zh": "评价人信度（ICC）", "en": "Rater reliability (ICC)"},
    "reliability.icc_explain": {
        "zh": "ICC1：单张票的总分能多大程度区分不同干部；ICC1k：平均 k 张票后的信度。"
        "每名干部有各自的评价人（嵌套设计），只能用单因素形式（Shrout & Fleiss, 1979）。",
        "en": "ICC1: how well one ballot's overall score tells cadres apart; ICC1k: the same "
        "for the mean of k ballots. Each cadre has own raters (nested design), so only the "
        "one-way forms apply (Shrout & Fleiss, 1979).",
    },
    "reliability.icc_none": {"zh": "无法计算 ICC:{why}", "en": "ICC cannot be computed: {why}"},
    "reliability.icc1k_help": {
        "zh": "k = 每名干部的平均票数 {k:.1f}",
        "en": "k = average ballots per cadre, {k:.1f}",
    },
    "reliability.raters_needed": {"zh": "达到 {target} 所需票数", "en": "Raters for {target}"},
    "reliability.raters_explain": {
        "zh": "所需票数：按 Spearman–Brown 公式，平均多少张票的总分信度能达到 0.7 / 0.8"
        "（ICC1 ≤ 0 时无论多少票都达不到，显示 —）。",
        "en": "Raters needed: by the Spearman–Brown formula, how many ballots must be "
        "averaged for a reliability of 0.7 / 0.8 (— when ICC1 ≤ 0: no number suffices).",
    },
    "reliability.design": {
        "zh": "设计：{design};{targets} 名干部，平均每人 {k} 张票。",
        "en": "Design: {design}; {targets} cadres, {k} ballots each on average.",
    },
    "reliability.design.nested": {
        "zh": "嵌套（各干部评价人不同）",
        "en": "nested (own raters per cadre)",
    },
    "reliability.design.crossed": {
        "zh": "交叉（所有人评所有干部）",
        "en": "crossed (everyone rates everyone)",
    },
    "reliability.design.incomplete": {"zh": "不完整", "en": "incomplete"},
    "reliability.icc_reason": {
        "zh": "需要完全交叉设计（每位评价人评每名干部）",
        "en": "needs a complete crossed design (every rater rates every cadre)",
    },
    "reliability.rwg": {"zh": "组内一致性（每名干部）", "en": "Within-group agreement per cadre"},
    "reliability.rwg_explain": {
        "zh": "rwg(j) 与 awg：同一干部的评价人打分有多接近（1 = 完全一致，0.7 以上通常视为一致）"
        "（James, Demaree & Wolf, 1984; Brown & Hauenstein, 2005）。",
        "en": "rwg(j) and awg: how closely the raters of one cadre agree (1 = fully; 0.7+ is "
        "usually read as agreement) (James, Demaree & Wolf, 1984; Brown & Hauenstein, 2005).",
    },
    "reliability.rwg_none": {
        "zh": "没有量表题，无法计算。",
        "en": "No rating-scale items to compute it.",
    },
    "reliability.col.agreement": {"zh": "一致性指数", "en": "Agreement index"},
    "reliability.col.raters": {"zh": "票数", "en": "Ballots"},
    "reliability.kripp": {"zh": "等次评价的一致性", "en": "Agreement on grades"},
    "reliability.kripp_explain": {
        "zh": "Krippendorff α（顺序）：评价人对同一干部给出的等次是否一致，0.667 以上可用于初步结论，"
        "0.8 以上较可靠（Krippendorff, 2011）。",
        "en": "Krippendorff's α (ordinal): do raters give a cadre the same grade? 0.667+ allows "
        "tentative conclusions, 0.8+ is reliable (Krippendorff, 2011).",
    },
    "reliability.col.item": {"zh": "测评项目", "en": "Item"},
}

STRINGS: _S = {
    **_SHARED,
    **_RESULTS,
    **_TALLIES,
    **_RELIABILITY,
    "results.phase_not_closed": {
        "zh": "本阶段尚在进行中。为保护匿名，结果在阶段结束后才显示（进行中可在“进度监控”查看回收情况）。",
        "en": "This phase is still open. To protect anonymity, results are shown only once it closes (response rates are on the Monitoring page meanwhile).",
    },
}
