"""Every enumeration of the system, as data in one place.

Chinese label tuples are both what the user sees and what is stored. Wording follows
the operation manual where it shows one; the rest is what a regulator's form would list.
Internal codes (filing type, status, role) are English strings with a label map.
"""

from __future__ import annotations

from filing_app.domain.text import match_choice


class FilingType:
    MONITORING = "monitoring"
    OM = "om"


FILING_TYPES: tuple[str, ...] = (FilingType.MONITORING, FilingType.OM)
FILING_TYPE_LABELS: dict[str, str] = {
    FilingType.MONITORING: "监测机构",
    FilingType.OM: "运维机构",
}


def other_filing_type(filing_type: str) -> str:
    """The filing type an institution may add next to `filing_type` (§3.2)."""
    if filing_type == FilingType.MONITORING:
        return FilingType.OM
    if filing_type == FilingType.OM:
        return FilingType.MONITORING
    raise ValueError(f"unknown filing type: {filing_type!r}")


class FilingStatus:
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    CHANGE_PENDING = "change_pending"
    CANCELLED = "cancelled"


FILING_STATUS_LABELS: dict[str, str] = {
    FilingStatus.DRAFT: "填报中",
    FilingStatus.SUBMITTED: "待审查",
    FilingStatus.RETURNED: "已退回",
    FilingStatus.APPROVED: "已备案",
    FilingStatus.CHANGE_PENDING: "变更审查中",
    FilingStatus.CANCELLED: "已注销",
}


class Role:
    INST_MAIN = "inst_main"
    INST_SUB = "inst_sub"
    REVIEWER = "reviewer"
    ADMIN = "admin"


ROLE_LABELS: dict[str, str] = {
    Role.INST_MAIN: "主账号",
    Role.INST_SUB: "子账号",
    Role.REVIEWER: "省级审查员",
    Role.ADMIN: "国家管理员",
}


class AccountStatus:
    ACTIVE = "active"
    DISABLED = "disabled"
    CANCELLED = "cancelled"  # final: a cancelled account is never enabled again


ACCOUNT_STATUS_LABELS: dict[str, str] = {
    AccountStatus.ACTIVE: "正常",
    AccountStatus.DISABLED: "已停用",
    AccountStatus.CANCELLED: "已注销",
}

# --- 基本信息 -------------------------------------------------------------------

MONITORING_INSTITUTION_CATEGORIES = ("综合监测类", "辐射专项监测类")
OM_INSTITUTION_CATEGORIES = ("污染源自动监测运维类", "环境质量自动监测运维类", "综合运维类")

# The manual's screen shows "私营", so the list uses short ownership wording;
# long forms ("私营企业") are accepted on import through ENUM_ALIASES.
INSTITUTION_NATURES = ("事业单位", "国有", "集体", "私营", "外资", "合资", "社会团体", "其他")

MONITORING_CATEGORIES = (
    "水(含大气降水)和废水",
    "环境空气和废气",
    "土壤和水系沉积物",
    "固体废物",
    "海水",
    "海洋沉积物",
    "生物",
    "生物体残留",
    "噪声",
    "振动",
    "电磁辐射",
    "电离辐射",
    "油气回收",
)

OM_CATEGORIES = (
    "污染源废气自动监测",
    "污染源废水自动监测",
    "环境空气自动监测",
    "地表水自动监测",
    "环境空气颗粒物自动监测",
    "挥发性有机物自动监测",
    "噪声自动监测",
    "其他",
)

# Rows of the O&M 技术能力 tab: one per business area, so no "其他" row.
OM_CAPABILITIES = tuple(c for c in OM_CATEGORIES if c != "其他")

# --- 技术人员 -------------------------------------------------------------------

ID_TYPE_RESIDENT = "居民身份证"
ID_TYPE_HMT_PERMIT = "港澳台居民居住证"
ID_TYPE_FOREIGN_PR = "外国人永久居留身份证"
ID_TYPES = (ID_TYPE_RESIDENT, ID_TYPE_HMT_PERMIT, ID_TYPE_FOREIGN_PR)

GENDER_MALE = "男"
GENDER_FEMALE = "女"
GENDERS = (GENDER_MALE, GENDER_FEMALE)

EDUCATIONS = ("研究生", "本科", "大专", "中专", "高中及以下")
DEGREES = ("博士", "硕士", "学士", "无")
DUTIES = (
    "最高管理者",
    "技术负责人",
    "质量负责人",
    "内审员",
    "质量监督员",
    "档案管理员",
    "样品管理员",
    "设备管理员",
    "其他",
)
TITLES = ("正高", "副高", "中级", "初级及以下", "无")
MONITORING_POSTS = (
    "授权签字人",
    "技术管理",
    "质量管理",
    "采样",
    "分析",
    "现场监测",
    "报告编制",
    "质量监督",
    "其他",
)
OM_POSTS = ("质量管理", "现场运维", "技术管理", "数据审核", "其他")
LABOR_RELATIONS = ("正式员工", "劳务派遣", "退休返聘")

PERSON_STATUS_ACTIVE = "在职"
PERSON_STATUS_LEFT = "离职"
PERSON_STATUS_NON_TECHNICAL = "转非技术人员"
PERSON_STATUSES = (PERSON_STATUS_ACTIVE, PERSON_STATUS_LEFT, PERSON_STATUS_NON_TECHNICAL)

TRAINING_LEVELS = ("国家", "省级", "市级", "其他")

# --- 设施设备 -------------------------------------------------------------------

EQUIPMENT_TYPES = ("实验室分析", "现场采样", "现场监测", "样品前处理", "自动监测", "校准", "其他")
NUMBER_TYPES = ("出厂编号", "固定资产编号", "内部编号", "其他")
OWNERSHIPS = ("自有", "租赁", "其他")
METROLOGY_STATUSES = ("检定", "校准", "自校准", "期间核查", "无需计量")
EQUIPMENT_CONDITIONS = ("在用", "停用", "维修", "报废")

# --- 管理能力 -------------------------------------------------------------------

MGMT_CERT_CATEGORIES = (
    "质量管理体系认证(QMS)",
    "环境管理体系认证(EMS)",
    "职业健康安全管理体系认证(OHSMS)",
    "其他",
)

YES_NO = ("有", "无")
YES_NO_BOOL = ("是", "否")

# Stable English keys, e.g. for drop-downs in templates and import column rules.
ENUMERATIONS: dict[str, tuple[str, ...]] = {
    "monitoring_institution_categories": MONITORING_INSTITUTION_CATEGORIES,
    "om_institution_categories": OM_INSTITUTION_CATEGORIES,
    "institution_natures": INSTITUTION_NATURES,
    "monitoring_categories": MONITORING_CATEGORIES,
    "om_categories": OM_CATEGORIES,
    "om_capabilities": OM_CAPABILITIES,
    "id_types": ID_TYPES,
    "genders": GENDERS,
    "educations": EDUCATIONS,
    "degrees": DEGREES,
    "duties": DUTIES,
    "titles": TITLES,
    "monitoring_posts": MONITORING_POSTS,
    "om_posts": OM_POSTS,
    "labor_relations": LABOR_RELATIONS,
    "person_statuses": PERSON_STATUSES,
    "training_levels": TRAINING_LEVELS,
    "equipment_types": EQUIPMENT_TYPES,
    "number_types": NUMBER_TYPES,
    "ownerships": OWNERSHIPS,
    "metrology_statuses": METROLOGY_STATUSES,
    "equipment_conditions": EQUIPMENT_CONDITIONS,
    "mgmt_cert_categories": MGMT_CERT_CATEGORIES,
    "yes_no": YES_NO,
    "yes_no_bool": YES_NO_BOOL,
}

# Other spellings people type into spreadsheets, mapped to the canonical label.
ENUM_ALIASES: dict[str, dict[str, str]] = {
    "institution_natures": {
        "国有企业": "国有",
        "集体企业": "集体",
        "私营企业": "私营",
        "民营": "私营",
        "民营企业": "私营",
        "外资企业": "外资",
        "外商投资企业": "外资",
        "合资企业": "合资",
        "中外合资企业": "合资",
    },
    "educations": {
        "博士研究生": "研究生",
        "硕士研究生": "研究生",
        "大学本科": "本科",
        "专科": "大专",
        "大学专科": "大专",
        "高中": "高中及以下",
    },
    "degrees": {"博士学位": "博士", "硕士学位": "硕士", "学士学位": "学士"},
    "titles": {
        "正高级": "正高",
        "副高级": "副高",
        "中级职称": "中级",
        "初级": "初级及以下",
    },
    "person_statuses": {"转非技术岗": PERSON_STATUS_NON_TECHNICAL},
    "genders": {"男性": GENDER_MALE, "女性": GENDER_FEMALE},
    "id_types": {"身份证": ID_TYPE_RESIDENT},
    "mgmt_cert_categories": {
        "QMS": "质量管理体系认证(QMS)",
        "质量管理体系认证": "质量管理体系认证(QMS)",
        "EMS": "环境管理体系认证(EMS)",
        "环境管理体系认证": "环境管理体系认证(EMS)",
        "OHSMS": "职业健康安全管理体系认证(OHSMS)",
        "职业健康安全管理体系认证": "职业健康安全管理体系认证(OHSMS)",
    },
    "monitoring_categories": {"水和废水": "水(含大气降水)和废水"},
}


def match_enum(key: str, value: object) -> str | None:
    """Canonical label of ENUMERATIONS[key] that `value` denotes (tolerant), or None."""
    return match_choice(value, ENUMERATIONS[key], ENUM_ALIASES.get(key))


def _by_filing_type(filing_type: str, monitoring: tuple[str, ...], om: tuple[str, ...]) -> tuple[str, ...]:
    if filing_type == FilingType.MONITORING:
        return monitoring
    if filing_type == FilingType.OM:
        return om
    raise ValueError(f"unknown filing type: {filing_type!r}")


def institution_categories(filing_type: str) -> tuple[str, ...]:
    """机构类别 choices."""
    return _by_filing_type(filing_type, MONITORING_INSTITUTION_CATEGORIES, OM_INSTITUTION_CATEGORIES)


def business_categories(filing_type: str) -> tuple[str, ...]:
    """监测类别 for monitoring filings, 运维类别 for O&M filings."""
    return _by_filing_type(filing_type, MONITORING_CATEGORIES, OM_CATEGORIES)


def posts(filing_type: str) -> tuple[str, ...]:
    """监测岗位 or 运维岗位."""
    return _by_filing_type(filing_type, MONITORING_POSTS, OM_POSTS)


def business_category_label(filing_type: str) -> str:
    """Field label of business_categories(filing_type)."""
    return _by_filing_type(filing_type, ("监测类别",), ("运维类别",))[0]


def post_label(filing_type: str) -> str:
    """Field label of posts(filing_type)."""
    return _by_filing_type(filing_type, ("监测岗位",), ("运维岗位",))[0]
