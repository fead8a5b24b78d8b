"""The 技术人员 and 设施设备 tabs in Chromium: a person with certificate uploads, the masked
number in the list, a person 在职 elsewhere refused with the way out, a 重复人员信息报备 with
its upload, an O&M person with a training row, and equipment add / edit / filter."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from filing_app.db import session_scope
from filing_app.domain.enums import Role
from filing_app.models import Account, Institution
from filing_app.services import people, security
from filing_app.services.actor import Actor
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username
from tests.services.list_tab_helpers import PDF_BYTES, PNG_BYTES, new_identity_number, person_data


def _institution(name: str, registered_type: str = "monitoring") -> tuple[str, Actor]:
    """An institution with a main account; returns its username and actor."""
    with session_scope() as session:
        institution = Institution(credit_code=new_credit_code(), name=name, registered_type=registered_type,
                                  province_code="110000")
        session.add(institution)
        session.flush()
        account = Account(username=new_username("wiz"), phone=new_phone(), role=Role.INST_MAIN,
                          password_hash=security.hash_password(STRONG_PASSWORD), institution_id=institution.id)
        session.add(account)
        session.flush()
        return account.username, Actor(account.id, account.username, Role.INST_MAIN, institution_id=institution.id)


def _login(app, username: str) -> None:
    app.login(username, STRONG_PASSWORD)
    app.wait_path("/institution")


def _fill_person(page, number: str, name: str, *, monitoring: bool = True) -> None:
    dialog = page.locator("#person-dialog")
    dialog.locator("#person-id_number").fill(number)
    dialog.locator("#person-name").click()  # leaves the number field: 性别 follows from it
    dialog.locator("#person-name").fill(name)
    dialog.locator("#person-education").select_option("本科")
    dialog.locator("#person-degree").select_option("学士")
    dialog.locator("#person-major").fill("环境工程")
    dialog.locator("#person-hire_date").fill("2016-07-01")
    dialog.locator("#person-labor_relation").get_by_label("正式员工").check()
    dialog.locator("#person-title").select_option("中级")
    if monitoring:
        dialog.locator("#person-duties").get_by_label("技术负责人").check()
        dialog.locator("#person-posts").get_by_label("授权签字人").check()
    else:
        dialog.locator("#person-posts").get_by_label("现场运维").check()


def _upload(page, box_id: str, path) -> None:  # noqa: ANN001
    page.locator(f"#{box_id}-box input[type=file]").set_input_files(str(path))


def test_monitoring_people_with_uploads_refusal_and_duplicate_report(app, tmp_path):
    holder_user, holder = _institution("乙方环境检测有限公司")
    username, _ = _institution("甲方环境监测有限公司")
    held = new_identity_number(male=False)
    with session_scope() as session:
        people.add_person(session, holder, "monitoring", person_data(id_number=held, name="李华"))
    mine = new_identity_number(male=True)
    edu, degree, title = (tmp_path / "学历证书.png", tmp_path / "学位证书.pdf", tmp_path / "职称证书.pdf")
    edu.write_bytes(PNG_BYTES)
    degree.write_bytes(PDF_BYTES)
    title.write_bytes(PDF_BYTES)

    _login(app, username)
    page = app.open("/institution/filing/monitoring/people")
    expect(page.locator(".breadcrumb")).to_have_text("当前位置：机构备案>监测类机构备案信息填报")
    expect(page.locator("#people-table")).to_contain_text("监测岗位")
    expect(page.get_by_text("填写说明:机构内从事专业技术活动的人员信息。")).to_be_visible()

    # A complete person with the three certificates.
    page.locator("#person-add").click()
    dialog = page.locator("#person-dialog")
    expect(dialog).to_be_visible()
    _fill_person(page, mine, "王强")
    expect(dialog.locator(".person-gender input")).to_have_value("男")
    _upload(page, "cert-edu_cert", edu)
    expect(dialog).to_contain_text("学历证书.png")
    _upload(page, "cert-degree_cert", degree)
    expect(dialog).to_contain_text("学位证书.pdf")
    _upload(page, "cert-title_cert", title)
    expect(dialog).to_contain_text("职称证书.pdf")
    dialog.locator("#person-submit").click()
    expect(dialog).to_have_count(0)
    row = page.locator(".person-row", has_text="王强")
    expect(row).to_contain_text(mine[:4] + "*****" + mine[-4:])
    expect(row).to_contain_text("授权签字人")
    assert mine not in page.content()

    # A person 在职 at another institution: refused, the holder named, the way out given, nothing lost.
    page.locator("#person-add").click()
    _fill_person(page, held, "李华")
    dialog.locator("#person-save").click()
    message = page.locator("#person-message")
    expect(message).to_contain_text("乙方环境检测有限公司")
    expect(message).to_contain_text("重复人员信息报备")
    expect(dialog.locator(".field-error").first).to_contain_text("其他机构在职备案")
    expect(dialog.locator("#person-name")).to_have_value("李华")
    expect(dialog.locator("#person-major")).to_have_value("环境工程")
    dialog.locator("#person-cancel").click()
    expect(page.locator(".person-row")).to_have_count(1)

    # 重复人员信息报备 with the signed departure statement.
    page.locator("#people-duplicates").click()
    app.wait_path("/institution/filing/monitoring/people/duplicates")
    page.locator("#report-add").click()
    report = page.locator("#report-dialog")
    report.locator("#report-id_number").fill(held)
    report.locator("#report-name").fill("李华")
    report.locator("#report-submit").click()
    expect(report).to_contain_text("请选择原单位离职时间")
    expect(report).to_contain_text("请上传人员签字的离职说明")
    report.locator("#report-leave_date").fill("2025-12-01")
    statement = tmp_path / "离职说明.pdf"
    statement.write_bytes(PDF_BYTES)
    _upload(page, "report-statement", statement)
    expect(report).to_contain_text("离职说明.pdf")
    report.locator("#report-submit").click()
    expect(report).to_have_count(0)
    line = page.locator(".report-row", has_text="李华")
    expect(line).to_contain_text(held[:4] + "*****" + held[-4:])
    expect(line).to_contain_text("2025-12-01")
    expect(line).to_contain_text("待审查")
    expect(line).to_contain_text("女")
    with page.expect_download() as download:
        line.locator(".statement-download").click()
    assert download.value.suggested_filename == "离职说明.pdf"
    assert Path(download.value.path()).read_bytes() == PDF_BYTES
    assert held not in page.content()


def test_om_person_with_a_training_row(app, tmp_path):
    username, _ = _institution("北京运维服务有限公司", registered_type="om")
    number = new_identity_number()
    _login(app, username)
    page = app.open("/institution/filing/om/people")
    expect(page.locator(".breadcrumb")).to_contain_text("运维类机构备案信息填报")
    expect(page.locator("#people-table")).to_contain_text("运维岗位")
    expect(page.locator("#people-table")).not_to_contain_text("职务")
    page.locator("#person-add").click()
    dialog = page.locator("#person-dialog")
    _fill_person(page, number, "赵敏", monitoring=False)
    dialog.locator("#person-has_training").get_by_label("有").check()
    expect(dialog.locator("#training-section")).to_be_visible()
    dialog.locator("#training-add").click()
    expect(dialog).to_contain_text("请选择培训层级")
    dialog.locator("#training-level").select_option("国家")
    dialog.locator("#training-organization").fill("中国环境保护产业协会")
    dialog.locator("#training-content").fill("运维能力-废水")
    dialog.locator("#training-cert-no").fill("ZL001")
    dialog.locator("#training-add").click()
    expect(dialog.locator(".training-row")).to_have_count(1)
    expect(dialog.locator(".training-row")).to_contain_text("中国环境保护产业协会")
    expect(dialog.locator("#training-organization")).to_have_value("")
    expect(dialog.locator("#person-name")).to_have_value("赵敏")

    # 提交 needs the certificates; 保存 stores the draft and keeps the dialog open.
    dialog.locator("#person-submit").click()
    expect(dialog).to_contain_text("请上传学历证书")
    dialog.locator("#person-save").click()
    expect(page.locator(".person-row", has_text="赵敏")).to_have_count(1)
    expect(dialog).to_contain_text("编辑人员信息")
    edu = tmp_path / "学历.png"
    edu.write_bytes(PNG_BYTES)
    _upload(page, "cert-edu_cert", edu)
    expect(dialog).to_contain_text("学历.png")
    dialog.locator("#person-cancel").click()
    expect(dialog).to_have_count(0)

    page.locator(".person-row", has_text="赵敏").locator(".person-edit").click()
    expect(dialog.locator(".training-row")).to_have_count(1)
    expect(dialog.locator("#person-id_number")).to_have_value(number)
    expect(dialog.locator("#person-has_training").get_by_label("有")).to_be_checked()


def test_equipment_add_edit_and_filter(app):
    username, _ = _institution("北京设备测试监测有限公司")
    _login(app, username)
    page = app.open("/institution/filing/monitoring/equipment")
    expect(page.locator("#equipment-table")).to_contain_text("计量管理状态")
    dialog = page.locator("#equipment-dialog")
    for name, number, condition in (("多参数分析仪", "SN-001", "在用"), ("便携式pH计", "SN-002", "在用")):
        page.locator("#equipment-add").click()
        dialog.locator("#equipment-equipment_type").select_option("实验室分析")
        dialog.locator("#equipment-name").fill(name)
        dialog.locator("#equipment-model").fill("M-1")
        dialog.locator("#equipment-ownership").select_option("自有")
        dialog.locator("#equipment-number_type").select_option("出厂编号")
        dialog.locator("#equipment-number").fill(number)
        dialog.locator("#equipment-manufacturer").fill("YSI")
        dialog.locator("#equipment-metrology_status").select_option("检定")
        if name == "便携式pH计":
            dialog.locator("#equipment-submit").click()  # 设备状况 missing: error under it, typed values kept
            expect(dialog).to_contain_text("请选择设备状况")
            expect(dialog.locator("#equipment-name")).to_have_value(name)
        dialog.locator("#equipment-condition").select_option(condition)
        dialog.locator("#equipment-submit").click()
        expect(dialog).to_have_count(0)
    expect(page.locator(".equipment-row")).to_have_count(2)
    expect(page.locator(".pager-total")).to_contain_text("2")

    page.locator(".equipment-row", has_text="便携式pH计").locator(".equipment-edit").click()
    expect(dialog.locator("#equipment-name")).to_have_value("便携式pH计")
    dialog.locator("#equipment-condition").select_option("报废")
    dialog.locator("#equipment-submit").click()
    expect(page.locator(".equipment-row", has_text="便携式pH计")).to_contain_text("报废")

    page.locator("#equipment-filter-condition").select_option("报废")
    page.locator("#equipment-search").click()
    expect(page.locator(".equipment-row")).to_have_count(1)
    # Moving to another tab and back keeps the filter, in the inputs as in the list.
    page.locator("a[data-tab='people']").click()
    app.wait_path("/institution/filing/monitoring/people")
    page.locator("a[data-tab='equipment']").click()
    app.wait_path("/institution/filing/monitoring/equipment")
    expect(page.locator("#equipment-filter-condition")).to_have_value("报废")
    expect(page.locator(".equipment-row")).to_have_count(1)
    page.locator("#equipment-filter-condition").select_option("")
    page.locator("#equipment-filter-name").fill("分析")
    page.locator("#equipment-search").click()
    expect(page.locator(".equipment-row")).to_have_count(1)
    expect(page.locator(".equipment-row")).to_contain_text("多参数分析仪")

    page.locator(".equipment-row").locator(".equipment-delete").click()
    page.locator(".confirm-ok").click()
    expect(page.locator(".equipment-row")).to_have_count(0)
    page.locator("#equipment-filter-name").fill("")
    page.locator("#equipment-search").click()
    expect(page.locator(".equipment-row")).to_have_count(1)
    # 下一步 checks the tab and moves on to 管理能力.
    page.locator("#wizard-next").click()
    app.wait_path("/institution/filing/monitoring/management")


def test_person_dialog_fits_a_phone_and_the_table_scrolls_sideways(app):
    width = 390
    username, _ = _institution("北京手机测试监测有限公司")
    _login(app, username)
    page = app.page
    page.set_viewport_size({"width": width, "height": 844})
    page = app.open("/institution/filing/monitoring/people")
    page.locator("#person-add").click()
    box = page.locator("#person-dialog").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1
    submit = page.locator("#person-submit")
    submit.scroll_into_view_if_needed()
    expect(submit).to_be_in_viewport()
    page.keyboard.press("Escape")
    # The page itself does not scroll sideways: the table's own box does.
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    assert page.locator("#people-table table").bounding_box()["width"] > width
