"""Rules of the 基本信息, 技术能力 and 管理能力 tabs, without a database."""

from __future__ import annotations

from datetime import date, timedelta

from filing_app.domain import filing_rules as rules

TODAY = date(2026, 3, 1)


def _basic(**overrides):
    data = {
        "inst_category": "综合监测类", "org_name": "北京清源环境监测有限公司", "independent_legal_person": "是",
        "cma_first_date": "2015-06-01", "nature": "私营", "categories": ["噪声", "水(含大气降水)和废水"],
        "legal_rep": "朱建国", "legal_rep_phone": "18812347808", "reg_city_code": "110108",
        "reg_address": "中关村大街11号",
    }
    data.update(overrides)
    return data


def _complete_basic(data, filing_type="monitoring"):
    parsed = rules.parse_basic(data, filing_type, "110000")
    return parsed, rules.basic_errors(parsed.values, filing_type, "110000", TODAY)


def test_a_complete_basic_tab_is_typed_and_ordered():
    parsed, errors = _complete_basic(_basic())
    assert not parsed.errors and not errors
    v = parsed.values
    assert v["independent_legal_person"] is True
    assert v["cma_first_date"] == date(2015, 6, 1)
    assert v["categories"] == ["水(含大气降水)和废水", "噪声"]  # the list's order, not the click order


def test_an_empty_basic_tab_reports_every_field_at_once():
    parsed, errors = _complete_basic({})
    assert not parsed.errors  # nothing typed wrong: a draft may be empty
    assert set(errors) == {"inst_category", "org_name", "independent_legal_person", "cma_first_date", "nature",
                           "categories", "legal_rep", "legal_rep_phone", "reg_city_code", "reg_address"}
    assert errors["categories"] == "请至少选择一项监测类别"


def test_the_manuals_sample_values_are_refused():
    # Figure 3-1: 组织名称 "公司", 法定代表人 "朱", and the masked phone 188****7808 as typed input.
    parsed, errors = _complete_basic(_basic(org_name="公司", legal_rep="朱", legal_rep_phone="188****7808"))
    assert parsed.errors["legal_rep_phone"] == "请填写完整的11位手机号（不能含*号）"
    assert "过短" in errors["org_name"]
    assert "至少2个字" in errors["legal_rep"]


def test_type_errors_are_what_a_draft_cannot_store():
    parsed = rules.parse_basic(_basic(inst_category="综合运维类", cma_first_date="2025-02-30",
                                      categories=["噪声", "跳舞"], legal_rep_phone="1881234abcd",
                                      reg_city_code="310101", nature="民营"), "monitoring", "110000")
    assert set(parsed.errors) == {"inst_category", "cma_first_date", "categories", "legal_rep_phone",
                                  "reg_city_code", "nature"}
    assert "不是有效日期" in parsed.errors["cma_first_date"]
    assert "“跳舞”" in parsed.errors["categories"]
    assert "不属于北京市" in parsed.errors["reg_city_code"]


def test_a_partial_phone_is_a_draft_but_not_complete():
    parsed, errors = _complete_basic(_basic(legal_rep_phone="1881234"))
    assert not parsed.errors
    assert parsed.values["legal_rep_phone"] == "1881234"
    assert errors["legal_rep_phone"] == "手机号应为11位数字，当前为7位"


def test_om_basic_needs_other_category_only_when_other_is_chosen():
    data = _basic(inst_category="综合运维类", categories=["地表水自动监测", "其他"], other_category="")
    data.pop("cma_first_date")
    parsed, errors = _complete_basic(data, "om")
    assert errors == {"other_category": "选择了“其他”，请填写其他运维类别"}
    parsed, errors = _complete_basic({**data, "categories": ["地表水自动监测"], "other_category": "扬尘监测"}, "om")
    assert not errors and parsed.values["other_category"] == ""  # dropped with 其他
    assert "cma_first_date" not in parsed.values


def test_future_dates_are_refused():
    _, errors = _complete_basic(_basic(cma_first_date=(TODAY + timedelta(days=1)).isoformat()))
    assert errors["cma_first_date"] == "首次获得资质认定时间不能晚于今天"


def test_site_dialog_checks_everything():
    checked = rules.check_site({"province_code": "130000", "city_code": "110108", "address": "路",
                                "area_m2": "-3"}, has_proof=False)
    assert set(checked.errors) == {"city_code", "address", "area_m2", "proof"}
    checked = rules.check_site({"province_code": "130000", "city_code": "130100", "address": "中山东路1号",
                                "area_m2": "abc"}, has_proof=True)
    assert checked.errors == {"area_m2": "面积“abc”不是数字，请填写平方米数，如 120.5"}
    checked = rules.check_site({"province_code": "130000", "city_code": "130100", "address": "中山东路1号",
                                "area_m2": "1,200.456"}, has_proof=True)
    assert checked.ok and checked.values["area_m2"] == 1200.46


def _capability(**overrides):
    data = {"cma_cert_no": "231112050123", "cma_valid_from": "2023-02-23", "cma_valid_to": "2029-02-22",
            "has_cnas": "无", "has_other_certs": "无"}
    data.update(overrides)
    return data


def _capability_errors(data, files=None, other_certs=0):
    parsed = rules.parse_monitoring_capability(data)
    values = rules.clear_cnas_when_absent(dict(parsed.values))
    files = files if files is not None else {"cma_cert": True, "cma_annex": True}
    return parsed, rules.monitoring_capability_errors(values, files=files, other_certs=other_certs, today=TODAY)


def test_monitoring_capability_complete_and_every_error_at_once():
    parsed, errors = _capability_errors(_capability())
    assert not parsed.errors and not errors
    _, errors = _capability_errors({}, files={})
    assert set(errors) == {"cma_cert_no", "cma_valid_from", "cma_valid_to", "cma_cert", "cma_annex", "has_cnas"}
    assert "合并后上传" in errors["cma_annex"]


def test_the_manuals_cma_number_and_periods_are_checked():
    # Figure 3-6 shows 资质认定证书编号 "2 2"; CMA numbers have 12 digits.
    _, errors = _capability_errors(_capability(cma_cert_no="2 2", cma_valid_to="2023-01-01"))
    assert "12位数字" in errors["cma_cert_no"]
    assert errors["cma_valid_to"] == "资质认定有效期的结束日期应晚于开始日期"
    _, errors = _capability_errors(_capability(cma_valid_from="2019-01-01", cma_valid_to="2025-12-31"))
    assert "已于2025-12-31到期" in errors["cma_valid_to"]


def test_cnas_details_are_required_only_with_yes():
    _, errors = _capability_errors(_capability(has_cnas="有"))
    assert set(errors) == {"cnas_cert_no", "cnas_valid_from", "cnas_valid_to", "cnas_cert"}
    _, errors = _capability_errors(_capability(has_cnas="有", cnas_cert_no="L12", cnas_valid_from="2024-01-01",
                                               cnas_valid_to="2030-01-01"), files={"cma_cert": True,
                                                                                   "cma_annex": True,
                                                                                   "cnas_cert": True})
    assert "CNAS L" in errors["cnas_cert_no"]
    parsed, errors = _capability_errors(_capability(has_cnas="有", cnas_cert_no="cnas l1234",
                                                    cnas_valid_from="2024-01-01", cnas_valid_to="2030-01-01"),
                                        files={"cma_cert": True, "cma_annex": True, "cnas_cert": True})
    assert not errors and parsed.values["cnas_cert_no"] == "CNAS L1234"
    parsed = rules.parse_monitoring_capability(_capability(has_cnas="无", cnas_cert_no="CNAS L1234"))
    assert rules.clear_cnas_when_absent(dict(parsed.values))["cnas_cert_no"] == ""


def test_other_certificates_yes_needs_rows_and_rows_need_yes():
    _, errors = _capability_errors(_capability(has_other_certs="有"), other_certs=0)
    assert "至少填写一条" in errors["has_other_certs"]
    _, errors = _capability_errors(_capability(has_other_certs="无"), other_certs=2)
    assert "已填写2条" in errors["has_other_certs"]


def test_other_certificate_row_of_the_manual_is_refused():
    # Figure 3-6: 证书类型 empty, 证书编号 "1", 开始日期 2026-01-05.
    checked = rules.check_certificate("other", {"cert_type": "", "cert_no": "1", "valid_from": "2026-01-05"},
                                      has_attachment=False, today=date(2026, 1, 10))
    assert checked.errors == {"cert_type": "请填写证书类型"}
    checked = rules.check_certificate("other", {"cert_type": "计量认证", "cert_no": "1", "valid_from": "2026-01-05",
                                                "valid_to": "2025-01-05"}, has_attachment=False,
                                      today=date(2026, 1, 10))
    assert checked.errors == {"valid_to": "有效期的结束日期应晚于开始日期"}


def test_om_capability_rows():
    good = {"capability": "地表水自动监测", "has_cert": "有", "cert_no": "ZL-1", "valid_from": "2025-01-01",
            "valid_to": "2028-01-01", "issuer": "中国环境保护产业协会", "approval_no": "CNCA-R-2019-123"}
    assert rules.check_certificate("om_capability", good, has_attachment=True, today=TODAY).ok
    checked = rules.check_certificate("om_capability", {**good, "cert_no": "", "issuer": "", "approval_no": ""},
                                      has_attachment=False, today=TODAY)
    assert set(checked.errors) == {"cert_no", "issuer", "approval_no", "attachment"}
    checked = rules.check_certificate("om_capability", {"capability": "污染源废气自动监测", "has_cert": "无",
                                                        "cert_no": "ignored"}, has_attachment=False, today=TODAY)
    assert checked.ok and checked.values["cert_no"] == ""
    assert rules.check_certificate("om_capability", {"capability": "其他", "has_cert": "无"},
                                   has_attachment=False, today=TODAY).errors == {
        "capability": "运维服务能力“其他”不是可选值，应为：" + "、".join(rules.enums.OM_CAPABILITIES)}
    rows = [{"capability": "地表水自动监测", "has_cert": False}, {"capability": "地表水自动监测", "has_cert": None}]
    problems = rules.om_capability_errors(rows, today=TODAY)
    assert problems == ["运维服务能力第2条（地表水自动监测）：请选择证书编号有或无；与第1条重复"]
    assert rules.om_capability_errors([]) == ["请至少新增一项运维服务能力"]


def test_management_rules():
    assert rules.management_errors({}, "monitoring", has_manual=False, mgmt_certs=0) == {
        "quality_manual": "请上传质量手册"}
    errors = rules.management_errors({"has_mgmt_certs": True}, "om", has_manual=False, mgmt_certs=0)
    assert errors["quality_manual"] == "请上传质量管理制度手册（盖章版）"
    assert "至少填写一条" in errors["has_mgmt_certs"]
    # Figure 3-16: a 质量管理体系认证 (QMS) row without 证书编号.
    checked = rules.check_certificate("mgmt_system", {"cert_type": "质量管理体系认证(QMS)", "cert_no": ""},
                                      has_attachment=False)
    assert checked.errors == {"cert_no": "请填写证书编号"}


def test_mark_tab_keeps_one_entry_per_tab():
    assert rules.mark_tab(None, "people", True) == ["people"]
    assert rules.mark_tab(["basic", "people"], "people", True) == ["basic", "people"]
    assert rules.mark_tab(["people", "basic"], "people", False) == ["basic"]
    assert rules.mark_tab(["basic"], "equipment", False) == ["basic"]
