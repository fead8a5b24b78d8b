"""The filing wizard's tabs 基本信息, 技术能力, 管理能力 and the 备案提交 page, clicked through in Chromium.

技术人员 and 设施设备 are tested in test_wizard_lists.py; where a test here needs them filled, it
inserts them straight into the database.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.models import Equipment, Filing, FilingSubmission, Institution, Person
from filing_app.services import auth, employment, storage
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_identity_number, new_phone, new_username

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TODAY = date.today()


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name, data in (("证明材料.pdf", PDF), ("资质认定证书.pdf", PDF), ("附表.png", PNG), ("质量手册.pdf", PDF),
                       ("承诺书盖章.pdf", PDF), ("运维证书.pdf", PDF), ("制度手册.pdf", PDF),
                       ("伪装.pdf", b"MZ\x90\x00 this is an executable, not a PDF")):
        path = tmp_path / name
        path.write_bytes(data)
        made[name] = path
    return made


def _institution(registered_type: str, name: str) -> tuple[str, int]:
    username = new_username("wz")
    form = auth.RegistrationForm(credit_code=new_credit_code(), name=name, registered_type=registered_type,
                                 province_code="110000", username=username, phone=new_phone(),
                                 password=STRONG_PASSWORD, password_confirm=STRONG_PASSWORD)
    with session_scope() as s:
        account = auth.register_institution(s, form)
        return username, account.institution_id


def _start(app, registered_type: str, name: str) -> tuple[Page, int, str]:
    username, institution_id = _institution(registered_type, name)
    app.login(username, STRONG_PASSWORD)
    app.wait_path("/institution")
    page = app.page
    page.locator(".filing-card", has_text="立即填报").locator(".filing-action").click()
    app.wait_path(f"/institution/filing/{registered_type}/basic")
    expect(page.locator(".breadcrumb")).to_have_text(
        "当前位置：机构备案>" + ("监测类" if registered_type == "monitoring" else "运维类") + "机构备案信息填报")
    return page, institution_id, username


def _upload(page: Page, box: str, path: Path) -> None:
    page.locator(f"#{box}-box input[type=file]").set_input_files(str(path))
    expect(page.locator(f"#{box}-box .upload-file-name")).to_have_text(path.name)


def _fill_basic(page: Page, filing_type: str) -> None:
    if filing_type == "monitoring":
        page.get_by_label("综合监测类").check()
        page.locator("#cma_first_date").fill("2015-06-01")
        page.get_by_label("水(含大气降水)和废水").check()
        page.get_by_label("噪声").check()
    else:
        page.get_by_label("综合运维类").check()
        page.get_by_label("地表水自动监测").check()
    page.get_by_label("是", exact=True).check()
    page.locator("#nature").select_option("私营")
    page.locator("#legal_rep").fill("朱建国")
    page.locator("#legal_rep_phone").fill("18812347808")
    page.locator("#reg_city_code").select_option("110108")
    page.locator("#reg_address").fill("中关村大街11号")


def _add_site(page: Page, files) -> None:
    page.locator("#site-add").click()
    dialog = page.locator("#site-dialog")
    expect(dialog).to_be_visible()
    dialog.locator("#site_province").select_option("130000")
    expect(dialog.locator("#site_city option[value='130100']")).to_have_count(1)
    dialog.locator("#site_city").select_option("130100")
    dialog.locator("#site_address").fill("石家庄市长安区中山东路1号")
    dialog.locator("#site_area").fill("abc")
    dialog.locator("#site-submit").click()
    # Every error of the dialog at once, what was typed kept.
    expect(dialog.locator(".field-error")).to_have_count(2)
    expect(dialog).to_contain_text("面积“abc”不是数字")
    expect(dialog).to_contain_text("请上传分场所证明材料")
    expect(dialog.locator("#site_address")).to_have_value("石家庄市长安区中山东路1号")
    dialog.locator("#site_area").fill("120.5")
    _upload(page, "site-proof", files["证明材料.pdf"])
    dialog.locator("#site-submit").click()
    expect(dialog).to_have_count(0)
    row = page.locator("#site-table .site-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("河北省")
    expect(row).to_contain_text("石家庄市")
    expect(row).to_contain_text("120.5")
    expect(row).to_contain_text("证明材料.pdf")


def _part_b_people_and_equipment(institution_id: int, filing_type: str) -> None:
    """技术人员 and 设施设备 are clicked through in test_wizard_lists.py: here one complete person
    (held by the institution in the one-person register, as the 技术人员 tab does) and one device
    are written straight to the database so the submit check can pass."""
    with session_scope() as s:
        filing = s.exec(select(Filing).where(Filing.institution_id == institution_id,
                                             Filing.filing_type == filing_type)).one()
        certs = [storage.save_upload(s, None, PDF, f"{n}.pdf", "edu_cert", institution_id=institution_id).id
                 for n in ("学历", "学位", "职称")]
        number = new_identity_number(birth="19880101")
        s.add(Person(filing_id=filing.id, institution_id=institution_id, id_type="居民身份证", id_number=number,
                     id_key=number, name="张三", gender="男", education="本科", degree="学士", major="环境监测",
                     hire_date=date(2015, 7, 1), labor_relation="正式员工",
                     duties=["技术负责人"] if filing_type == "monitoring" else [], title="中级",
                     posts=["分析"] if filing_type == "monitoring" else ["现场运维"], status="在职",
                     has_training=False, edu_cert_attachment_id=certs[0], degree_cert_attachment_id=certs[1],
                     title_cert_attachment_id=certs[2]))
        employment.claim(s, institution_id, number, number)
        s.add(Equipment(filing_id=filing.id, equipment_type="实验室分析", name="多参数分析仪", model="proQuattro",
                        number_type="出厂编号", number="SN-001", ownership="自有", manufacturer="YSI",
                        metrology_status="校准", condition="在用"))


@pytest.mark.postgres_pass
def test_monitoring_filing_from_empty_to_submitted(app, files):
    page, institution_id, username = _start(app, "monitoring", "北京端到端清源环境监测有限公司")
    base = "/institution/filing/monitoring"

    # 下一步 on the empty tab: every error under its field, nothing navigates.
    expect(page.locator("#org_name")).to_have_value("北京端到端清源环境监测有限公司")
    page.locator("#legal_rep").fill("朱")
    page.locator("#wizard-next").click()
    expect(page.locator("#wizard-message")).to_contain_text("本页还有")
    expect(page.locator("#basic-form .field-error")).to_have_count(9)
    expect(page.locator("#basic-form")).to_contain_text("法定代表人姓名至少2个字")
    expect(page.locator("#basic-form")).to_contain_text("请至少选择一项监测类别")
    assert page.url.endswith(f"{base}/basic")
    expect(page.locator("#legal_rep")).to_have_value("朱")

    _fill_basic(page, "monitoring")
    page.locator("#legal_rep_phone").fill("188****7808")  # the manual's masked sample is no phone number
    page.locator("#wizard-next").click()
    expect(page.locator("#basic-form")).to_contain_text("请填写完整的11位手机号")
    page.locator("#legal_rep_phone").fill("18812347808")
    _add_site(page, files)
    page.locator("#wizard-next").click()
    app.wait_path(f"{base}/people")

    # The draft is in the database: after logging out and in again it is there, the phone masked.
    page = app.open("/institution")  # the 技术人员 tab is another part's page
    expect(page.locator("#institution-name")).to_have_text("北京端到端清源环境监测有限公司")  # hydrated
    app.logout()
    app.login(username, STRONG_PASSWORD)
    app.wait_path("/institution")
    page = app.open(f"{base}/basic")
    expect(page.locator("#legal_rep_phone")).to_have_value("188****7808")
    expect(page.get_by_label("噪声")).to_be_checked()
    expect(page.locator("#reg_city_code")).to_have_value("110108")
    assert "18812347808" not in page.content()

    # 技术能力
    page.locator(".wizard-tab[data-tab=capability]").click()
    app.wait_path(f"{base}/capability")
    page.locator("#cma_cert_no").fill("2 2")
    page.locator("#wizard-next").click()
    expect(page.locator("#capability-form")).to_contain_text("12位数字")
    expect(page.locator("#capability-form")).to_contain_text("请上传资质认定证书")
    # A file whose content is no PDF/JPG/PNG is refused whatever its name; nothing is attached.
    page.locator("#cma_cert-box input[type=file]").set_input_files(str(files["伪装.pdf"]))
    expect(page.get_by_text("按文件内容识别").first).to_be_visible()
    expect(page.locator("#cma_cert-box .upload-empty")).to_have_text("未上传")
    page.locator("#cma_cert_no").fill("231112050123")
    page.locator("#cma_valid_from").fill((TODAY - timedelta(days=400)).isoformat())
    page.locator("#cma_valid_to").fill((TODAY + timedelta(days=1500)).isoformat())
    _upload(page, "cma_cert", files["资质认定证书.pdf"])
    _upload(page, "cma_annex", files["附表.png"])
    expect(page.locator("#cma_annex-box")).to_contain_text("72 B")
    page.locator("input[name=has_cnas][value=无]").check()
    expect(page.locator("#cnas-details")).to_be_hidden()
    page.locator("input[name=has_other_certs][value=有]").check()
    expect(page.locator("#other-certs")).to_be_visible()
    page.locator("#cert-add").click()
    dialog = page.locator("#cert-dialog")
    dialog.locator("#cert_no").fill("1")
    dialog.locator("#valid_from").fill((TODAY - timedelta(days=10)).isoformat())
    dialog.locator("#cert-submit").click()
    expect(dialog).to_contain_text("请填写证书类型")  # the manual's sample row has no type
    dialog.locator("#cert_type").fill("计量认证")
    dialog.locator("#cert-submit").click()
    expect(dialog).to_have_count(0)
    expect(page.locator("#cert-table-other .cert-row")).to_contain_text("计量认证")
    page.locator("#wizard-next").click()
    app.wait_path(f"{base}/equipment")

    # 管理能力
    page = app.open(f"{base}/management")
    page.locator("#wizard-next").click()
    expect(page.locator("#quality_manual-box .field-error")).to_have_text("请上传质量手册")
    _upload(page, "quality_manual", files["质量手册.pdf"])
    page.locator("#wizard-next").click()
    app.wait_path(f"{base}/submit")

    # 备案提交: the missing people and equipment are listed under their tabs.
    check = page.locator("#submit-check")
    expect(check.locator(".check-group[data-tab=basic]")).to_have_attribute("data-ok", "1")
    expect(check.locator(".check-group[data-tab=capability]")).to_have_attribute("data-ok", "1")
    expect(check.locator(".check-group[data-tab=people]")).to_contain_text("至少需要一名在职技术人员")
    expect(check.locator(".check-group[data-tab=equipment]")).to_contain_text("至少需要填写一台设备")
    expect(check.locator(".check-group[data-tab=commitment]")).to_have_attribute("data-ok", "0")
    expect(page.locator("#confirm-submit")).to_be_disabled()

    _part_b_people_and_equipment(institution_id, "monitoring")  # PART B's tabs, see the helper
    page.locator("#recheck").click()
    expect(check.locator(".check-group[data-tab=people]")).to_have_attribute("data-ok", "1")

    with page.expect_download() as download:
        page.locator("#download-letter").click()
    letter = download.value
    assert letter.suggested_filename == "书面承诺书-北京端到端清源环境监测有限公司.docx"
    assert Path(letter.path()).read_bytes()[:2] == b"PK"
    _upload(page, "commitment", files["承诺书盖章.pdf"])
    expect(check.locator(".check-group[data-tab=commitment]")).to_have_attribute("data-ok", "1")
    page.locator("#confirm-submit").click()
    page.locator(".confirm-ok").click()
    expect(page.locator("#wizard-status")).to_contain_text(re.compile(r"已提交，待审查（提交时间：\d{4}-\d\d-\d\d \d\d:\d\d）"))
    expect(page.locator("#confirm-submit")).to_have_count(0)
    with session_scope(readonly=True) as s:
        submission = s.exec(select(FilingSubmission).where(FilingSubmission.institution_id == institution_id)).one()
        assert (submission.kind, submission.status) == ("initial", "pending")

    # Read-only for the institution until the review decides.
    page = app.open(f"{base}/basic")
    expect(page.locator("#wizard-status")).to_contain_text("已提交，待审查")
    expect(page.locator("#legal_rep")).to_be_disabled()
    expect(page.locator("#wizard-save")).to_be_disabled()
    expect(page.locator("#site-add")).to_have_count(0)
    page = app.open(f"{base}/capability")
    expect(page.locator("#cma_cert-box button")).to_have_count(0)
    # The home's card now opens the status.
    page = app.open("/institution")
    page.locator(".filing-card", has_text="待审查").locator(".filing-action").click()
    app.wait_path(f"{base}/submit")


def test_om_filing_through_basic_capability_and_management(app, files):
    page, institution_id, _ = _start(app, "om", "北京端到端清源运维有限公司")
    base = "/institution/filing/om"
    _fill_basic(page, "om")
    expect(page.locator("#other_category")).to_be_hidden()
    page.get_by_label("其他", exact=True).check()
    expect(page.locator("#other_category")).to_be_visible()
    page.locator("#wizard-next").click()
    expect(page.locator("#basic-form")).to_contain_text("选择了“其他”，请填写其他运维类别")
    page.locator("#other_category").fill("扬尘在线监测")
    page.locator("#wizard-next").click()
    app.wait_path(f"{base}/people")

    page = app.open(f"{base}/capability")
    expect(page.locator("#capability-form")).to_have_count(1)
    page.locator("#wizard-next").click()
    expect(page.locator("#wizard-problems")).to_contain_text("请至少新增一项运维服务能力")
    page.locator("#cert-add").click()
    dialog = page.locator("#cert-dialog")
    dialog.locator("#capability").select_option("地表水自动监测")
    dialog.get_by_label("有", exact=True).check()
    dialog.locator("#cert_no").fill("ZL-2024-001")
    dialog.locator("#valid_from").fill((TODAY - timedelta(days=30)).isoformat())
    dialog.locator("#valid_to").fill((TODAY + timedelta(days=700)).isoformat())
    dialog.locator("#issuer").fill("中国环境保护产业协会")
    dialog.locator("#cert-submit").click()
    expect(dialog).to_contain_text("请填写认证机构批准书批准号")
    expect(dialog).to_contain_text("请上传证书附件")
    dialog.locator("#approval_no").fill("CNCA-R-2019-123")
    _upload(page, "cert-file", files["运维证书.pdf"])
    dialog.locator("#cert-submit").click()
    expect(dialog).to_have_count(0)
    row = page.locator("#cert-table-om_capability .cert-row")
    expect(row).to_contain_text("地表水自动监测")
    expect(row).to_contain_text("运维证书.pdf")
    page.locator("#cert-add").click()
    dialog.locator("#capability").select_option("污染源废气自动监测")
    dialog.get_by_label("无", exact=True).check()
    dialog.locator("#cert-submit").click()
    expect(page.locator("#cert-table-om_capability .cert-row")).to_have_count(2)
    page.locator("#wizard-next").click()
    app.wait_path(f"{base}/equipment")

    page = app.open(f"{base}/management")
    expect(page.locator("#management-form")).to_contain_text("请上传盖章版")
    _upload(page, "quality_manual", files["制度手册.pdf"])
    page.locator("input[name=has_mgmt_certs][value=有]").check()
    page.locator("#cert-add").click()
    dialog = page.locator("#cert-dialog")
    dialog.locator("#cert_type").select_option("质量管理体系认证(QMS)")
    dialog.locator("#cert-submit").click()
    expect(dialog).to_contain_text("请填写证书编号")
    dialog.locator("#cert_no").fill("00124Q30123R0M")
    dialog.locator("#cert-submit").click()
    expect(page.locator("#cert-table-mgmt_system .cert-row")).to_contain_text("00124Q30123R0M")
    page.locator("#wizard-next").click()
    app.wait_path(f"{base}/submit")
    check = page.locator("#submit-check")
    for tab in ("basic", "capability", "management"):
        expect(check.locator(f".check-group[data-tab={tab}]")).to_have_attribute("data-ok", "1")
    with session_scope(readonly=True) as s:
        filing = s.exec(select(Filing).where(Filing.institution_id == institution_id)).one()
        assert filing.other_category == "扬尘在线监测" and filing.has_mgmt_certs is True
        assert s.get(Institution, institution_id).registered_type == "om"


def test_two_pages_saving_one_version_the_second_is_refused_and_keeps_its_input(app):
    page, _, _ = _start(app, "monitoring", "北京端到端并发编辑监测有限公司")
    url = app.base_url + "/institution/filing/monitoring/basic"
    other = page.context.new_page()  # a second tab: its own page state, the same login
    other.goto(url)
    expect(other.locator("#legal_rep")).to_be_visible()

    page.locator("#legal_rep").fill("王主账号")
    page.locator("#wizard-save").click()
    expect(page.get_by_text("已保存")).to_be_visible()

    other.locator("#legal_rep").fill("李子账号")
    other.locator("#wizard-save").click()
    expect(other.locator("#wizard-message")).to_contain_text("数据已被他人修改")
    expect(other.locator("#legal_rep")).to_have_value("李子账号")
    other.locator("#wizard-reload").click()
    expect(other.locator("#legal_rep")).to_have_value("王主账号")
    expect(other.locator("#wizard-message")).to_have_count(0)
    other.locator("#legal_rep").fill("李子账号")
    other.locator("#wizard-save").click()
    expect(other.get_by_text("已保存")).to_be_visible()
    other.close()
