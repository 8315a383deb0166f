"""Small phrase banks (zh and en) for names of units and posts, comments, commitments and notes."""

from __future__ import annotations

BUREAUS = [
    ("发展和改革局", "Development and Reform Bureau"),
    ("财政局", "Finance Bureau"),
    ("教育局", "Education Bureau"),
    ("卫生健康局", "Health Bureau"),
    ("住房和城乡建设局", "Housing and Construction Bureau"),
    ("民政局", "Civil Affairs Bureau"),
    ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    ("生态环境分局", "Ecology and Environment Branch"),
    ("市场监督管理局", "Market Regulation Bureau"),
    ("城市管理局", "Urban Management Bureau"),
    ("商务局", "Commerce Bureau"),
    ("应急管理局", "Emergency Management Bureau"),
]
PLACES = [
    ("和平", "Heping"),
    ("新华", "Xinhua"),
    ("南市", "Nanshi"),
    ("劝业场", "Quanyechang"),
    ("小白楼", "Xiaobailou"),
    ("五大道", "Wudadao"),
    ("南营门", "Nanyingmen"),
    ("朝阳", "Chaoyang"),
    ("东风", "Dongfeng"),
    ("光明", "Guangming"),
    ("友谊", "Youyi"),
    ("长江", "Changjiang"),
]
COMMUNITY_SUFFIX = [("里", "Li"), ("园", "Garden"), ("苑", "Court"), ("新村", "New Village")]

# (position zh, position en, level) by unit kind: head, deputies, then section staff
POSTS = {
    "bureau": [
        ("局长", "Director", "正处"),
        ("副局长", "Deputy Director", "副处"),
        ("科长", "Section Chief", "正科"),
        ("副科长", "Deputy Section Chief", "副科"),
    ],
    "street": [
        ("街道党工委书记", "Party Secretary of the Street", "正处"),
        ("街道办事处副主任", "Deputy Head of the Street Office", "副处"),
        ("科室主任", "Office Head", "正科"),
        ("科室副主任", "Deputy Office Head", "副科"),
    ],
    "community": [
        ("社区党委书记", "Community Party Secretary", "正科"),
        ("社区居委会副主任", "Deputy Head of the Residents' Committee", "副科"),
        ("社区网格长", "Grid Leader", "科员"),
        ("社区专职工作者", "Community Worker", "科员"),
    ],
}

COMMENTS = {
    "zh": {
        "pos": [
            "工作扎实，肯下功夫解决群众反映的老大难问题。",
            "敢于担当,遇到难事不推诿。",
            "注重打基础、利长远,不搞花架子。",
            "深入基层,经常到社区听取意见。",
            "作风严谨,廉洁自律,口碑好。",
            "带队伍有方法,年轻干部成长快。",
            "年初承诺的事项基本都兑现了。",
            "对群众热情耐心,办事效率高。",
        ],
        "neg": [
            "重视表面文章,汇报材料多,实际效果一般。",
            "热衷于搞亮点工程,群众获得感不强。",
            "有时不深入实际,拍脑袋决策。",
            "对群众诉求回应慢,热线投诉较多。",
            "承诺的事项进展缓慢,缺少跟踪落实。",
            "工作方法简单,沟通不够。",
            "存在重显绩、轻潜绩的倾向。",
            "会议多、调研少,基层负担重。",
        ],
        "mid": ["总体称职,希望在落实上再加把劲。", "有成绩也有不足,建议多听取基层意见。"],
    },
    "en": {
        "pos": [
            "Solid work; takes on long-standing problems that residents raise.",
            "Takes responsibility and does not pass the buck when things get hard.",
            "Builds foundations for the long term instead of showcase projects.",
            "Often visits communities in person to hear what people think.",
            "Careful, clean and well regarded by colleagues.",
            "Develops the team well; young staff grow quickly under this lead.",
            "Delivered almost everything promised at the start of the year.",
            "Patient with residents and quick to get things done.",
        ],
        "neg": [
            "Focuses on reports and presentation more than on results.",
            "Keen on showcase projects that residents hardly notice.",
            "Sometimes decides without checking the facts on the ground.",
            "Slow to respond to residents; many hotline complaints.",
            "Promised items are moving slowly, with little follow-up.",
            "Heavy-handed style; does not communicate enough.",
            "Tends to favour visible results over groundwork.",
            "Many meetings, few field visits; a burden on grass-roots staff.",
        ],
        "mid": [
            "Competent overall; follow-through could be stronger.",
            "Some achievements and some gaps; should listen more to front-line staff.",
        ],
    },
}

COMMITMENTS = {
    "zh": [
        "完成{n}个老旧小区改造，年底前全部交付使用。",
        "12345热线诉求按时办结率达到{p}%以上。",
        "新增就业岗位{n}00个。",
        "建成{n}个社区养老服务站。",
        "优化营商环境,办理时限压缩{p}%。",
        "开展{n}次面对面走访,建立问题台账并逐项销号。",
        "完成{n}公里雨污管网改造。",
        "建立基层干部培训制度,全年培训{n}期。",
    ],
    "en": [
        "Renovate {n} old residential compounds and hand them over by year end.",
        "Close at least {p}% of 12345 hotline requests on time.",
        "Create {n}00 new jobs.",
        "Open {n} community elderly-care stations.",
        "Cut business licensing times by {p}%.",
        "Hold {n} face-to-face visits, keep a ledger and close every item.",
        "Rebuild {n} km of storm and sewage pipes.",
        "Set up training for grass-roots staff, {n} sessions this year.",
    ],
}

INNOVATIONS = {
    "zh": [
        ("推行“一网统管”基层治理改革试点", "改革初期流程调整，可能出现群众投诉和审计关注"),
        ("老旧厂房改造为社区服务综合体", "资金使用方式新,审计可能提出程序性意见"),
        ("探索社区物业“红色物业”托管模式", "过渡期服务质量可能波动"),
    ],
    "en": [
        (
            "Pilot of unified grid-based urban governance",
            "process changes may draw complaints and audit attention early on",
        ),
        (
            "Old factory turned into a community service centre",
            "a new funding model; the audit may raise procedural points",
        ),
        (
            "Trial of party-led property management in old compounds",
            "service may dip during the transition",
        ),
    ],
}

NOTES = {
    "zh": {
        "pos": [
            "蹲点观察：现场协调问题果断，群众评价较高。",
            "访谈中同事普遍反映其作风务实。",
            "走访社区时群众主动提及其办实事的例子。",
        ],
        "neg": [
            "蹲点观察:台账资料精美,但现场整改不到位。",
            "访谈中多人反映其决策前调研不足。",
            "现场查看亮点项目,使用率偏低。",
        ],
    },
    "en": {
        "pos": [
            "Embedded observation: settles problems on site decisively; residents approve.",
            "In interviews colleagues describe a practical, hands-on style.",
            "Residents brought up concrete things this cadre got done.",
        ],
        "neg": [
            "Embedded observation: polished ledgers, but fixes on the ground are incomplete.",
            "Several interviewees say decisions come before any field research.",
            "Visited the showcase project: it is little used.",
        ],
    },
}

KPI_INDICATORS = [
    ("kpi_gdp_growth", "地区生产总值增速", "GDP growth", "visible"),
    ("kpi_investment", "固定资产投资完成率", "Fixed investment completion", "visible"),
    ("kpi_projects", "重点项目开工数", "Key projects started", "visible"),
    ("kpi_hotline_closure", "热线诉求办结率", "Hotline requests closed", "visible"),
    ("kpi_groundwork", "基层组织建设", "Grass-roots organisation building", "latent"),
    ("kpi_risk", "风险隐患化解", "Risks defused", "latent"),
    ("kpi_ecology", "生态环境长效治理", "Long-term environmental care", "latent"),
    ("kpi_talent", "人才队伍培养", "Staff development", "latent"),
]

SIGNAL_NOTES = {
    "zh": {
        "hotline_complaint": "12345热线投诉",
        "audit_finding": "审计发现程序性问题",
        "inspection_finding": "巡察反馈问题",
        "innovation": "与报备的创新事项相关",
    },
    "en": {
        "hotline_complaint": "12345 hotline complaints",
        "audit_finding": "audit: procedural issue",
        "inspection_finding": "inspection finding",
        "innovation": "related to a filed innovation",
    },
}
