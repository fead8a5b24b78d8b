"""The change classifier: which edits need a second review, and what a reviewer is shown."""

from __future__ import annotations

import copy

from filing_app.domain import changes
from filing_app.domain.review import clean_reason, reason_error, waiting_days


def _snapshot(filing_type: str = "monitoring") -> dict:
    return {
        "version": 1,
        "filing_type": filing_type,
        "institution": {"id": 1, "credit_code": "91110108MA01QY7K0X", "name": "北京样例", "province_code": "110000"},
        "filing": {
            "id": 7,
            "inst_category": "综合监测类",
            "org_name": "北京样例环境监测有限公司",
            "independent_legal_person": True,
            "cma_first_date": "2020-05-01",
            "nature": "私营",
            "categories": ["噪声", "振动"],
            "other_category": "",
            "legal_rep": "张三",
            "legal_rep_phone": "18812347808",
            "reg_province_code": "110000",
            "reg_city_code": "110108",
            "reg_address": "中关村大街11号",
            "cma_cert_no": "CMA-001",
            "cma_valid_from": "2023-02-23",
            "cma_valid_to": "2029-02-22",
            "cma_cert_attachment_id": 11,
            "cma_annex_attachment_id": 12,
            "has_cnas": False,
            "quality_manual_attachment_id": 13,
            "commitment_attachment_id": 14,
        },
        "branch_sites": [{"id": 1, "province_code": "110000", "city_code": "110108", "address": "后厂村路1号",
                          "area_m2": 120.0, "proof_attachment_id": 15}],
        "people": [
            {"id": 1, "id_key": "110108199003072315", "id_number": "110108199003072315", "name": "李四",
             "status": "在职", "title": "中级", "posts": ["采样", "分析"], "duties": ["技术负责人"], "trainings": []},
            {"id": 2, "id_key": "110108199003071111", "id_number": "110108199003071111", "name": "王五",
             "status": "在职", "title": "初级及以下", "posts": ["采样"], "duties": [], "trainings": []},
        ],
        "equipment": [{"id": 1, "name": "多参数分析仪", "model": "proQuattro", "number": "A1", "condition": "在用"}],
        "certificates": [{"id": 1, "kind": "other", "cert_type": "计量认证", "cert_no": "X-1"}],
        "attachments": {"11": {"name": "资质认定证书.pdf"}, "12": {"name": "附表.pdf"}, "13": {"name": "质量手册.pdf"},
                        "14": {"name": "承诺书.pdf"}, "15": {"name": "租赁合同.pdf"}},
    }


def test_no_change_is_no_change():
    old = _snapshot()
    diff = changes.diff_snapshots(old, copy.deepcopy(old))
    assert not diff.has_changes and not diff.needs_review and diff.to_json() == []


def test_each_key_field_needs_review_with_the_manuals_label():
    for key, value, label in (
        ("org_name", "北京新名称环境监测有限公司", "机构名称"),
        ("inst_category", "辐射专项监测类", "机构类别"),
        ("legal_rep", "赵六", "法定代表人"),
        ("categories", ["噪声"], "监测类别"),
    ):
        old = _snapshot()
        new = copy.deepcopy(old)
        new["filing"][key] = value
        diff = changes.diff_snapshots(old, new)
        assert diff.needs_review, key
        assert [c.label for c in diff.key_changes] == [label]
        assert diff.other_changes == ()


def test_om_categories_are_labelled_yunwei_and_other_category_is_key():
    old = _snapshot("om")
    old["filing"]["categories"] = ["地表水自动监测", "其他"]
    old["filing"]["other_category"] = "餐饮油烟在线监测"
    new = copy.deepcopy(old)
    new["filing"]["other_category"] = "机动车尾气遥感监测"
    diff = changes.diff_snapshots(old, new)
    assert [c.label for c in diff.key_changes] == ["其他运维类别"]
    new["filing"]["categories"] = ["地表水自动监测"]
    assert "运维类别" in [c.label for c in changes.diff_snapshots(old, new).key_changes]


def test_reordering_categories_is_not_a_change():
    old = _snapshot()
    new = copy.deepcopy(old)
    new["filing"]["categories"] = ["振动", "噪声"]
    assert not changes.diff_snapshots(old, new).has_changes


def test_other_fields_are_minor_and_shown_as_a_reviewer_reads_them():
    old = _snapshot()
    new = copy.deepcopy(old)
    new["filing"]["legal_rep_phone"] = "13912345678"
    new["filing"]["reg_address"] = "知春路1号"
    new["filing"]["cma_valid_to"] = "2030-02-22"
    new["filing"]["cma_cert_attachment_id"] = 21
    new["attachments"]["21"] = {"name": "资质认定证书.pdf"}
    diff = changes.diff_snapshots(old, new)
    assert not diff.needs_review
    by_label = {c.label: c for c in diff.other_changes}
    assert by_label["法定代表人联系方式(手机)"].old == "188****7808"
    assert by_label["法定代表人联系方式(手机)"].new == "139****5678"
    assert by_label["注册地址"].new == "北京市海淀区知春路1号"
    assert by_label["资质认定有效期"].new == "2023-02-23 至 2030-02-22"
    # Same file name, new file: the reviewer is told it was replaced.
    assert by_label["资质认定证书"].new == "资质认定证书.pdf（已更换文件）"


def test_lists_report_added_removed_and_changed_rows():
    old = _snapshot()
    new = copy.deepcopy(old)
    new["people"][0]["title"] = "副高"
    new["people"][0]["trainings"] = [{"level": "国家", "organization": "协会", "content": "废水", "cert_no": ""}]
    del new["people"][1]
    new["people"].append({"id": 9, "id_key": "110108199203071234", "id_number": "110108199203071234",
                          "name": "钱七", "status": "在职", "trainings": []})
    new["equipment"].append({"id": 2, "name": "便携式pH计", "model": "S2", "number": "B2"})
    diff = changes.diff_snapshots(old, new)
    assert not diff.needs_review and diff.has_changes
    people = next(d for d in diff.lists if d.key == "people")
    assert (people.added, people.removed, people.changed) == (1, 1, 1)
    assert people.added_rows[0].summary == "钱七（1101*****1234）"
    assert people.removed_rows[0].summary.startswith("王五")
    assert people.changed_rows[0].fields == ("职称", "外部培训")
    assert people.summary() == "新增1条，删除1条，修改1条"
    equipment = next(d for d in diff.lists if d.key == "equipment")
    assert equipment.added == 1 and equipment.added_rows[0].summary == "便携式pH计 / S2 / B2"
    stored = diff.to_json()
    assert {"list": "people", "label": "技术人员", "added": 1, "removed": 1, "changed": 1} in stored


def test_a_person_keeps_their_identity_when_the_row_id_changes():
    old = _snapshot()
    new = copy.deepcopy(old)
    new["people"][0]["id"] = 99  # deleted and re-added with the same data
    assert not changes.diff_snapshots(old, new).has_changes


def test_revert_key_fields_keeps_every_other_edit():
    old = _snapshot()
    new = copy.deepcopy(old)
    new["filing"]["org_name"] = "北京新名称环境监测有限公司"
    new["filing"]["categories"] = ["噪声"]
    new["filing"]["nature"] = "国有"
    new["equipment"] = []
    reverted = changes.revert_key_fields(new, old)
    assert reverted["filing"]["org_name"] == old["filing"]["org_name"]
    assert reverted["filing"]["categories"] == ["噪声", "振动"]
    assert reverted["filing"]["nature"] == "国有" and reverted["equipment"] == []
    assert new["filing"]["org_name"] == "北京新名称环境监测有限公司"  # the input is not modified
    assert not changes.diff_snapshots(old, reverted).needs_review
    assert changes.diff_snapshots(reverted, new).key_changes and not changes.diff_snapshots(reverted, new).other_changes


def test_fields_by_type_and_section():
    monitoring = [f.label_for("monitoring") for f in changes.filing_fields("monitoring", changes.SECTION_MANAGEMENT)]
    om = [f.label_for("om") for f in changes.filing_fields("om", changes.SECTION_MANAGEMENT)]
    assert monitoring == ["质量手册"]
    assert om == ["质量管理制度手册", "管理体系认证"]
    assert "首次获得资质认定时间(CMA)" not in [f.label_for("om") for f in changes.filing_fields("om")]


def test_waiting_days_count_beijing_dates():
    from datetime import date, datetime, timezone

    # 2025-12-23 17:00 UTC is already 2025-12-24 01:00 in Beijing.
    submitted = datetime(2025, 12, 23, 17, 0, tzinfo=timezone.utc)
    assert waiting_days(submitted, date(2025, 12, 24)) == 0
    assert waiting_days(submitted, date(2025, 12, 27)) == 3


def test_reasons():
    assert clean_reason("  资质认定证书   已过期 \r\n\r\n 请更新 ") == "资质认定证书 已过期\n请更新"
    assert reason_error("", required=True).startswith("请填写退回原因")
    assert reason_error("", required=False) is None
    assert "不能超过500个字" in reason_error("字" * 501, required=True)
