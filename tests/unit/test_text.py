from filing_app.domain.enums import MGMT_CERT_CATEGORIES, MONITORING_CATEGORIES, PERSON_STATUSES
from filing_app.domain.text import match_choice, normalize_text, split_multi


def test_normalize_text_trims_and_converts_full_width():
    assert normalize_text("在职 ") == "在职"
    assert normalize_text("\u3000在职\u3000") == "在职"
    assert normalize_text("（ＱＭＳ）") == "(QMS)"
    assert normalize_text("１２３ＡＢＣ") == "123ABC"


def test_normalize_text_collapses_inner_whitespace():
    assert normalize_text("北京市  海淀区\t中关村\n大街") == "北京市 海淀区 中关村 大街"


def test_normalize_text_handles_none_numbers_and_invisible_characters():
    assert normalize_text(None) == ""
    assert normalize_text(12) == "12"
    assert normalize_text("\ufeff在职\u200b") == "在职"


def test_match_choice_ignores_whitespace_width_and_case():
    assert match_choice("在　职", PERSON_STATUSES) == "在职"
    assert match_choice(" 在 职 ", PERSON_STATUSES) == "在职"
    assert match_choice("质量管理体系认证（QMS）", MGMT_CERT_CATEGORIES) == "质量管理体系认证(QMS)"
    assert match_choice("质量管理体系认证（ｑｍｓ）", MGMT_CERT_CATEGORIES) == "质量管理体系认证(QMS)"
    assert match_choice("水（含大气降水）和废水", MONITORING_CATEGORIES) == "水(含大气降水)和废水"


def test_match_choice_rejects_unknown_and_empty_values():
    assert match_choice("在岗", PERSON_STATUSES) is None
    assert match_choice("", PERSON_STATUSES) is None
    assert match_choice(None, PERSON_STATUSES) is None


def test_match_choice_uses_aliases():
    assert match_choice("私营企业", ("私营", "其他"), {"私营企业": "私营"}) == "私营"
    assert match_choice("私营 企业", ("私营", "其他"), {"私营企业": "私营"}) == "私营"


def test_split_multi_on_every_separator():
    value = "技术负责人，质量负责人、授权签字人;采样；分析/报告编制\n现场监测,其他"
    assert split_multi(value) == [
        "技术负责人",
        "质量负责人",
        "授权签字人",
        "采样",
        "分析",
        "报告编制",
        "现场监测",
        "其他",
    ]


def test_split_multi_drops_empties_and_duplicates_keeping_order():
    assert split_multi(" 采样 ,, 分析，采样\r\n\n分析 ") == ["采样", "分析"]
    assert split_multi("") == []
    assert split_multi(None) == []
    assert split_multi("　技术管理　") == ["技术管理"]
