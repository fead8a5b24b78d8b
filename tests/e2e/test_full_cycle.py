"""Issue 5's whole cycle in Chromium, through the real UI.

An institution registers in 河北省 and fills a monitoring filing through the wizard (its one
person and one device are added through the services in set-up; 基本信息, the uploads of
技术能力 and 管理能力, the commitment letter and 确认提交 are clicked). The 河北 reviewer
returns it with a reason, the institution reads the reason behind the exclamation icon,
fixes and resubmits, the reviewer approves: the institution is in 河北省's registry (by part
of its name and by credit code) and not in 北京市's. Then 备案变更 of 机构名称: the registry
keeps the old name until the reviewer, who sees old → new field by field, approves; then the
new one. Last, 备案注销 takes it out of the registry.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.demo_review import actor_of
from filing_app.models import Account, FilingSubmission, Institution
from filing_app.services import equipment, filings, people
from tests import review_data as rd
from tests.e2e.test_registry_flow import _search
from tests.e2e.test_review_flow import _fresh, _queue_row
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username

OLD_NAME = "河北全流程旧名监测有限公司"
NEW_NAME = "河北全流程新名监测有限公司"
REASON = "法定代表人联系方式有误，请核实后更正"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BASE = "/institution/filing/monitoring"


def _register(app, username: str, code: str) -> None:  # noqa: ANN001
    page = app.open("/register")
    page.locator("#credit_code").fill(code)
    page.locator("#name").fill(OLD_NAME)
    page.get_by_label("监测机构").check()
    page.locator("#province_code").select_option("130000")
    page.locator("#username").fill(username)
    page.locator("#phone").fill(new_phone())
    page.locator("#password").fill(STRONG_PASSWORD)
    page.locator("#password_confirm").fill(STRONG_PASSWORD)
    page.locator("#register-submit").click()
    app.wait_path("/institution")


def _people_and_equipment(username: str) -> None:
    """Set-up through the services: the filing's one person (with certificates) and one device."""
    with session_scope() as s:
        actor = actor_of(s.exec(select(Account).where(Account.username == username)).one())
        filings.open_filing(s, actor, "monitoring")
        certificates = {slot: people.save_certificate(s, actor, "monitoring", slot, PDF, f"{slot}.pdf").attachment_id
                        for slot in ("edu_cert", "degree_cert", "title_cert")}
        name, number = rd.people(1, "130102")[0]
        people.add_person(s, actor, "monitoring", {
            "id_type": "居民身份证", "id_number": number, "name": name, "education": "本科", "degree": "学士",
            "major": "环境监测", "hire_date": "2016-07-01", "labor_relation": "正式员工", "title": "中级",
            "status": "在职", "has_training": "无", "duties": ["技术负责人"], "posts": ["授权签字人", "分析"],
        }, certificates=certificates, complete=True)
        equipment.add_equipment(s, actor, "monitoring", {
            "equipment_type": "实验室分析", "name": "气相色谱仪", "model": "GC-2030", "number_type": "出厂编号",
            "number": "SN-HB-001", "ownership": "自有", "manufacturer": "岛津", "metrology_status": "检定",
            "condition": "在用"})


def _upload(page: Page, box: str, path: Path) -> None:
    page.locator(f"#{box}-box input[type=file]").set_input_files(str(path))
    expect(page.locator(f"#{box}-box .upload-file-name")).to_have_text(path.name)


def _fill_wizard(app, page: Page, tmp_path: Path) -> None:  # noqa: ANN001
    """基本信息, 技术能力, 管理能力 and 备案提交, as the filing clerk clicks them."""
    files = {}
    for name in ("资质认定证书.pdf", "证书附表.pdf", "质量手册.pdf", "承诺书盖章.pdf"):
        files[name] = tmp_path / name
        files[name].write_bytes(PDF)

    expect(page.locator("#org_name")).to_have_value(OLD_NAME)
    page.get_by_label("综合监测类").check()
    page.locator("#cma_first_date").fill("2016-05-20")
    page.get_by_label("环境空气和废气").check()
    page.get_by_label("噪声").check()
    page.get_by_label("是", exact=True).check()
    page.locator("#nature").select_option("私营")
    page.locator("#legal_rep").fill("王建华")
    page.locator("#legal_rep_phone").fill("13912345678")
    page.locator("#reg_city_code").select_option("130100")
    page.locator("#reg_address").fill("长安区中山东路1号")
    page.locator("#wizard-next").click()
    app.wait_path(f"{BASE}/people")

    page = app.open(f"{BASE}/capability")
    page.locator("#cma_cert_no").fill("231312050123")
    page.locator("#cma_valid_from").fill("2024-01-01")
    page.locator("#cma_valid_to").fill("2029-12-31")
    _upload(page, "cma_cert", files["资质认定证书.pdf"])
    _upload(page, "cma_annex", files["证书附表.pdf"])
    page.locator("input[name=has_cnas][value=无]").check()
    page.locator("input[name=has_other_certs][value=无]").check()
    page.locator("#wizard-next").click()
    app.wait_path(f"{BASE}/equipment")

    page = app.open(f"{BASE}/management")
    _upload(page, "quality_manual", files["质量手册.pdf"])
    page.locator("#wizard-next").click()
    app.wait_path(f"{BASE}/submit")

    check = page.locator("#submit-check")
    for tab in ("basic", "people", "capability", "equipment", "management"):
        expect(check.locator(f".check-group[data-tab={tab}]")).to_have_attribute("data-ok", "1")
    with page.expect_download() as letter:
        page.locator("#download-letter").click()
    assert letter.value.suggested_filename == f"书面承诺书-{OLD_NAME}.docx"
    _upload(page, "commitment", files["承诺书盖章.pdf"])
    page.locator("#confirm-submit").click()
    page.locator(".confirm-ok").click()
    expect(page.locator("#wizard-status")).to_contain_text("已提交，待审查")


def _registry(public, province: str, *, name: str = "", code: str = "") -> list[str]:  # noqa: ANN001
    """The names a visitor finds in a province's registry."""
    page = public.page
    if not page.url.endswith(f"/p/{province}/registry"):
        public.open(f"/p/{province}/registry")
        expect(page.locator("#registry-heading")).to_contain_text("河北省" if province == "130000" else "北京市")
    _search(page, name=name, code=code)
    return page.locator("#registry-table .registry-row .registry-name").all_inner_texts()


def _decide(page: Page, approve: bool, reason: str = "") -> None:
    if approve:
        page.locator("#review-approve").click()
        page.locator(".confirm-ok").click()
        expect(page.locator("#decision-box")).to_contain_text("已通过")
    else:
        page.locator("#review-return").click()
        page.locator("#return-reason").fill(reason)
        page.locator("#return-submit").click()
        expect(page.locator("#decision-box")).to_contain_text("已退回")


def _open_item(reviewer, code: str, kind_label: str) -> None:  # noqa: ANN001
    """Open the institution's waiting item from the queue. The row is found by its link: a page
    state kept from an earlier visit (Redis) may show the previous item's row for a moment."""
    with session_scope(readonly=True) as s:
        institution = s.exec(select(Institution).where(Institution.credit_code == code)).one()
        item = s.exec(select(FilingSubmission.id).where(FilingSubmission.institution_id == institution.id,
                                                        FilingSubmission.status == "pending")).one()
    page = reviewer.open("/review/queue")
    row = _queue_row(page, OLD_NAME).filter(has=page.locator(f".queue-open[href='/review/filing/{item}']"))
    expect(row).to_contain_text(kind_label)
    row.locator(".queue-open").click()
    reviewer.wait_path(f"/review/filing/{item}")
    expect(page.locator("#review-kind")).to_have_text(kind_label)


@pytest.mark.postgres_pass
def test_register_file_return_resubmit_approve_publish_change_and_cancel(app, tmp_path):
    institution, page = app, app.page
    username, code = new_username("hb"), new_credit_code("130100")
    _register(institution, username, code)
    _people_and_equipment(username)
    with session_scope() as s:
        reviewer_name = rd.make_account(s, "reviewer", province="130000", name="河北审查员乙").username

    # The institution fills its filing through the wizard and submits it.
    page = institution.open("/institution")
    page.locator(".filing-card[data-type='monitoring'] [data-action='fill']").click()
    institution.wait_path(f"{BASE}/basic")
    _fill_wizard(institution, page, tmp_path)

    # The 河北 reviewer (another browser) returns it with a reason.
    reviewer, review_page = _fresh(app)
    reviewer.login(reviewer_name, STRONG_PASSWORD)
    reviewer.wait_path("/review")
    _open_item(reviewer, code, "首次备案")
    expect(review_page.locator("#review-org-name")).to_have_text(OLD_NAME)
    # The institution's home shows that a reviewer has taken it up.
    page = institution.open("/institution")
    card = page.locator(".filing-card[data-type='monitoring']")
    expect(card.locator(".status-badge")).to_have_text("审查中")
    expect(card.locator(".progress-step[data-state='current']")).to_have_text("审查中")
    _decide(review_page, False, REASON)

    # The institution reads the reason behind the exclamation icon, fixes the phone, resubmits.
    page = institution.open("/institution")
    card = page.locator(".filing-card[data-type='monitoring']")
    expect(card).to_contain_text("已退回")
    card.locator(".return-reason-icon").hover()
    expect(page.get_by_role("tooltip")).to_contain_text(REASON)
    card.locator("[data-action='fill']").click()
    institution.wait_path(f"{BASE}/basic")
    expect(page.locator("#wizard-return-reason")).to_contain_text(REASON)
    page.locator("#legal_rep_phone").fill("13987654321")
    page.locator("#wizard-next").click()
    institution.wait_path(f"{BASE}/people")
    page = institution.open(f"{BASE}/submit")
    page.locator("#confirm-submit").click()
    page.locator(".confirm-ok").click()
    expect(page.locator("#wizard-status")).to_contain_text("已提交，待审查")

    # The reviewer sees what was fixed and approves.
    _open_item(reviewer, code, "首次备案")
    expect(review_page.locator("#compare-card")).to_contain_text("与上次退回的版本对比")
    expect(review_page.locator("#change-table")).to_contain_text("139****4321")
    _decide(review_page, True)

    # In 河北省's registry by part of its name and by credit code; not in 北京市's.
    public, public_page = _fresh(app)
    assert _registry(public, "130000", name="全流程旧名") == [OLD_NAME]
    assert _registry(public, "130000", code=code) == [OLD_NAME]
    assert _registry(public, "110000", name="全流程旧名") == []
    expect(public_page.locator(".pager-total")).to_have_text("共 0 条")

    # 备案变更 of 机构名称: sent for review, the public keeps the old name meanwhile.
    page = institution.open("/institution")
    card = page.locator(".filing-card[data-type='monitoring']")
    expect(card).to_contain_text("已备案")
    card.locator("[data-action='change']").click()
    institution.wait_path(f"{BASE}/basic")
    expect(page.locator("#org_name")).to_be_editable()
    page.locator("#org_name").fill(NEW_NAME)
    page.locator("#wizard-next").click()
    institution.wait_path(f"{BASE}/people")
    page = institution.open(f"{BASE}/submit")
    expect(page.locator("#confirm-submit")).to_have_count(0)
    page.locator("#submit-change").click()
    page.locator(".confirm-ok").click()
    expect(page.locator("#change-result")).to_contain_text("机构名称的变更已提交省级生态环境部门审查")
    expect(page.locator("#change-pending")).to_contain_text("变更审查中")
    expect(page.locator("#submit-change")).to_have_count(0)
    page = institution.open(f"{BASE}/basic")
    expect(page.locator("#org_name")).to_be_disabled()

    assert _registry(public, "130000", name="全流程") == [OLD_NAME]
    assert _registry(public, "130000", name="全流程新名") == []

    # The reviewer compares field by field (old -> new) and approves: the new name is public.
    _open_item(reviewer, code, "备案变更")
    change = review_page.locator("#change-table tr.change-row", has_text="机构名称")
    expect(change).to_contain_text(OLD_NAME)
    expect(change).to_contain_text(NEW_NAME)
    expect(change).to_contain_text("需审查")
    _decide(review_page, True)
    assert _registry(public, "130000", name="全流程") == [NEW_NAME]
    assert _registry(public, "130000", name="全流程旧名") == []
    assert _registry(public, "130000", code=code) == [NEW_NAME]

    # 备案注销 (main account, after the confirmation): gone from the registry.
    page = institution.open("/institution")
    card = page.locator(".filing-card[data-type='monitoring']")
    expect(card).to_contain_text("已备案")
    card.locator("[data-action='cancel']").click()
    page.locator(".confirm-ok").click()
    expect(card).to_contain_text("已注销")
    assert _registry(public, "130000", code=code) == []
