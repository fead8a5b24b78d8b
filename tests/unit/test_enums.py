import pytest

from filing_app.domain import enums
from filing_app.domain.enums import (
    ENUM_ALIASES,
    ENUMERATIONS,
    FILING_STATUS_LABELS,
    FILING_TYPE_LABELS,
    FILING_TYPES,
    ROLE_LABELS,
    FilingStatus,
    FilingType,
    Role,
    business_categories,
    business_category_label,
    institution_categories,
    match_enum,
    other_filing_type,
    post_label,
    posts,
)
from filing_app.domain.text import normalize_text


def _constants(cls):
    return {value for name, value in vars(cls).items() if name.isupper()}


def test_filing_types_and_labels():
    assert FILING_TYPES == ("monitoring", "om")
    assert FILING_TYPE_LABELS == {"monitoring": "监测机构", "om": "运维机构"}
    assert other_filing_type(FilingType.MONITORING) == FilingType.OM
    assert other_filing_type(FilingType.OM) == FilingType.MONITORING
    with pytest.raises(ValueError):
        other_filing_type("x")


def test_every_status_and_role_has_a_label():
    assert set(FILING_STATUS_LABELS) == _constants(FilingStatus)
    assert FILING_STATUS_LABELS[FilingStatus.APPROVED] == "已备案"
    assert FILING_STATUS_LABELS[FilingStatus.RETURNED] == "已退回"
    assert set(ROLE_LABELS) == _constants(Role)
    assert ROLE_LABELS[Role.REVIEWER] == "省级审查员"


def test_monitoring_categories_are_the_13_of_the_manual_in_order():
    assert enums.MONITORING_CATEGORIES == (
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


def test_manual_wording_is_present():
    assert enums.MONITORING_INSTITUTION_CATEGORIES == ("综合监测类", "辐射专项监测类")
    assert "私营" in enums.INSTITUTION_NATURES
    assert enums.LABOR_RELATIONS == ("正式员工", "劳务派遣", "退休返聘")
    assert enums.PERSON_STATUSES == ("在职", "离职", "转非技术人员")
    assert enums.PERSON_STATUS_ACTIVE == "在职" and enums.PERSON_STATUS_LEFT == "离职"
    assert enums.TITLES == ("正高", "副高", "中级", "初级及以下", "无")
    assert enums.MONITORING_POSTS[:5] == ("授权签字人", "技术管理", "质量管理", "采样", "分析")
    assert enums.OM_POSTS[:2] == ("质量管理", "现场运维")
    assert enums.DUTIES[:3] == ("最高管理者", "技术负责人", "质量负责人")
    assert enums.EQUIPMENT_TYPES[:2] == ("实验室分析", "现场采样")
    assert {"自有", "出厂编号", "在用", "报废"} <= set(
        enums.OWNERSHIPS + enums.NUMBER_TYPES + enums.EQUIPMENT_CONDITIONS
    )
    assert enums.TRAINING_LEVELS == ("国家", "省级", "市级", "其他")
    assert enums.MGMT_CERT_CATEGORIES[0] == "质量管理体系认证(QMS)"
    assert enums.ID_TYPES == ("居民身份证", "港澳台居民居住证", "外国人永久居留身份证")
    assert enums.YES_NO == ("有", "无") and enums.YES_NO_BOOL == ("是", "否")


def test_om_capabilities_are_om_categories_without_other():
    assert enums.OM_CATEGORIES[:4] == ("污染源废气自动监测", "污染源废水自动监测", "环境空气自动监测", "地表水自动监测")
    assert enums.OM_CATEGORIES[-1] == "其他"
    assert enums.OM_CAPABILITIES == enums.OM_CATEGORIES[:-1]


@pytest.mark.parametrize("key", sorted(ENUMERATIONS))
def test_enumerations_are_clean_unique_labels(key):
    values = ENUMERATIONS[key]
    assert isinstance(values, tuple) and values
    assert len(set(values)) == len(values)
    for value in values:
        assert value and normalize_text(value) == value
    if "其他" in values:
        assert values[-1] == "其他"


def test_aliases_point_to_existing_labels():
    for key, aliases in ENUM_ALIASES.items():
        for alias, label in aliases.items():
            assert label in ENUMERATIONS[key], (key, alias)
            assert alias not in ENUMERATIONS[key]


def test_match_enum_accepts_aliases_and_variants():
    assert match_enum("institution_natures", "私营企业") == "私营"
    assert match_enum("institution_natures", "私营") == "私营"
    assert match_enum("mgmt_cert_categories", "QMS") == "质量管理体系认证(QMS)"
    assert match_enum("person_statuses", "在　职") == "在职"
    assert match_enum("titles", "正高级") == "正高"
    assert match_enum("titles", "特级") is None


def test_filing_type_helpers():
    assert institution_categories("monitoring") == enums.MONITORING_INSTITUTION_CATEGORIES
    assert institution_categories("om") == enums.OM_INSTITUTION_CATEGORIES
    assert business_categories("monitoring") == enums.MONITORING_CATEGORIES
    assert business_categories("om") == enums.OM_CATEGORIES
    assert posts("monitoring") == enums.MONITORING_POSTS
    assert posts("om") == enums.OM_POSTS
    assert business_category_label("monitoring") == "监测类别"
    assert business_category_label("om") == "运维类别"
    assert post_label("om") == "运维岗位"
    with pytest.raises(ValueError):
        posts("other")
