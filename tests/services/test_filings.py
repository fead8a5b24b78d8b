"""The wizard's services (基本信息, 技术能力, 管理能力, uploads, 备案提交) on the real database."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from xml.etree import ElementTree

import pytest
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.models import AuditLog, BranchSite, Filing, FilingSubmission
from filing_app.services import files, filings, storage
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError, StaleVersion, ValidationFailed
from tests.services.filing_fixtures import (
    PDF,
    PNG,
    add_people_and_equipment,
    basic_form,
    capability_form,
    fill_monitoring,
    make_org,
    make_reviewer,
    om_row_form,
    site_form,
)

M = "monitoring"


def _filing(session, org, filing_type=M) -> Filing:
    session.flush()
    session.expire_all()
    return session.exec(select(Filing).where(Filing.institution_id == org.institution.id,
                                             Filing.filing_type == filing_type)).one()


def _audits(session, action):
    return session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)).all()


# ------------------------------------------------------------------ opening a filing


def test_open_registered_type_creates_one_draft_with_the_institutions_defaults(session):
    org = make_org(session)
    first = filings.open_filing(session, org.main, M)
    again = filings.open_filing(session, org.sub, M)
    session.commit()
    assert first.id == again.id and first.status == "draft" and first.editable
    filing = _filing(session, org)
    assert filing.org_name == org.institution.name and filing.reg_province_code == "110000"
    assert [a.detail["filing_type"] for a in _audits(session, "create_filing")] == [M]


def test_the_other_type_waits_for_the_registered_type_to_be_approved_then_reuses_basic_info(session):
    org = make_org(session)
    with pytest.raises(ServiceError, match="请先完成监测机构备案并通过审查"):
        filings.open_filing(session, org.main, "om")
    fill_monitoring(session, org)
    filing = _filing(session, org)
    filing.status = "approved"
    session.add(filing)
    session.commit()

    summary = filings.open_filing(session, org.main, "om")
    session.commit()
    om = _filing(session, org, "om")
    assert summary.status == "draft" and om.id != filing.id
    for name in ("org_name", "independent_legal_person", "nature", "legal_rep", "legal_rep_phone",
                 "reg_city_code", "reg_address"):
        assert getattr(om, name) == getattr(filing, name), name
    assert om.inst_category == "" and om.categories == [] and om.cma_cert_no == ""
    sites = session.exec(select(BranchSite).where(BranchSite.filing_id == om.id)).all()
    assert [(s.address, s.proof_attachment_id is not None) for s in sites] == [("石家庄市长安区中山东路1号", True)]
    basic = filings.load_basic(session, org.main, "om")
    assert basic.legal_rep_phone_masked == "188****7808"


def test_unknown_type_and_no_filing_yet(session):
    org = make_org(session)
    with pytest.raises(NotFound):
        filings.open_filing(session, org.main, "other")
    with pytest.raises(NotFound, match="立即填报"):
        filings.load_basic(session, org.main, M)


# ------------------------------------------------------------------ 基本信息


def test_next_reports_every_error_of_an_empty_tab_and_still_stores_it(session):
    org = make_org(session)
    v = filings.open_filing(session, org.main, M).version
    result = filings.save_basic(session, org.main, M, {"org_name": "北京清源环境监测技术有限公司"}, version=v,
                                validate=True)
    session.commit()
    assert not result.complete and result.version == v + 1
    assert set(result.errors) == {"inst_category", "independent_legal_person", "cma_first_date", "nature",
                                  "categories", "legal_rep", "legal_rep_phone", "reg_city_code", "reg_address"}
    filing = _filing(session, org)
    assert filing.org_name == "北京清源环境监测技术有限公司" and "basic" not in filing.completed_tabs


def test_type_errors_refuse_the_save_and_list_every_other_error_too(session):
    org = make_org(session)
    v = filings.open_filing(session, org.main, M).version
    session.commit()
    with pytest.raises(ValidationFailed) as refused:
        filings.save_basic(session, org.main, M, basic_form(cma_first_date="2025-13-01", legal_rep="朱",
                                                            legal_rep_phone="188****7808"),
                           version=v, validate=True)
    session.rollback()
    errors = refused.value.field_errors
    assert set(errors) == {"cma_first_date", "legal_rep", "legal_rep_phone"}
    assert _filing(session, org).version == v and _filing(session, org).legal_rep == ""  # nothing stored


def test_save_without_validation_keeps_a_half_filled_tab_for_the_next_login(db):
    with session_scope() as s:
        org = make_org(s)
        v = filings.open_filing(s, org.main, M).version
        result = filings.save_basic(s, org.main, M, {"org_name": "北京清源环境监测有限公司", "nature": "私营",
                                                     "categories": ["噪声"], "legal_rep_phone": "1881234"},
                                    version=v, validate=False)
        assert result.errors == {} and result.version == v + 1
    # Another session, another account of the institution (a sub-account on another device).
    with session_scope(readonly=True) as s:
        tab = filings.load_basic(s, org.sub, M)
    assert (tab.org_name, tab.nature, tab.categories) == ("北京清源环境监测有限公司", "私营", ["噪声"])
    assert tab.legal_rep_phone_masked == "1****4"
    assert "1881234" not in repr(tab)  # a partial phone is masked too


def test_complete_basic_tab_and_the_masked_phone(session):
    org = make_org(session)
    v = filings.open_filing(session, org.main, M).version
    result = filings.save_basic(session, org.main, M, basic_form(), version=v, validate=True)
    assert result.complete and "basic" in _filing(session, org).completed_tabs
    tab = filings.load_basic(session, org.main, M)
    assert tab.legal_rep_phone_masked == "188****7808"
    assert "18812347808" not in repr(tab)
    # The masked value sent back unchanged keeps the number (a save changing nothing keeps the
    # version, so it makes nobody else's form stale); a new number replaces it.
    v = filings.save_basic(session, org.main, M, basic_form(legal_rep_phone="188****7808"), version=result.version,
                           validate=True).version
    assert _filing(session, org).legal_rep_phone == "18812347808" and v == result.version
    filings.save_basic(session, org.main, M, basic_form(legal_rep_phone="13912345678"), version=v, validate=True)
    assert _filing(session, org).legal_rep_phone == "13912345678"
    audits = _audits(session, "save_tab")
    assert [(a.detail["tab"], a.detail["version"], a.detail["complete"], a.detail["changed"]) for a in audits][1:] == [
        ("basic", 2, True, []), ("basic", 3, True, ["legal_rep_phone"])]


def test_a_city_outside_the_institutions_province_is_refused(session):
    org = make_org(session)
    v = filings.open_filing(session, org.main, M).version
    with pytest.raises(ValidationFailed) as refused:
        filings.save_basic(session, org.main, M, basic_form(reg_city_code="130100"), version=v, validate=False)
    assert refused.value.field_errors == {"reg_city_code": "所选城市不属于北京市"}


def test_sites_add_edit_delete_with_proof_and_paging(session):
    org = make_org(session)
    v = filings.open_filing(session, org.main, M).version
    with pytest.raises(ValidationFailed) as refused:
        filings.save_site(session, org.main, M, site_form(city_code="110108"), version=v)
    assert set(refused.value.field_errors) == {"city_code", "proof"}
    proof = filings.upload_row_file(session, org.main, M, "site_proof", PNG, "房产证明.png")
    for i in range(12):
        v = filings.save_site(session, org.main, M, site_form(address=f"中山东路{i + 1}号"), version=v,
                              proof_attachment_id=proof.id).version
    page2 = filings.list_sites(session, org.main, M, page=2)
    assert page2.total == 12 and page2.page_count == 2 and [r.seq for r in page2.rows] == [11, 12]
    row = page2.rows[0]
    assert (row.province_name, row.city_name, row.area, row.proof_name) == ("河北省", "石家庄市", "120.5", "房产证明.png")
    # Editing keeps the proof when no new file is given.
    v = filings.save_site(session, org.main, M, site_form(address="中山西路9号", area_m2="80"), version=v,
                          site_id=row.id).version
    edited = session.get(BranchSite, row.id)
    assert (edited.address, edited.area_m2, edited.proof_attachment_id) == ("中山西路9号", 80.0, proof.id)
    v = filings.delete_site(session, org.main, M, row.id, version=v).version
    assert filings.list_sites(session, org.main, M).total == 11
    assert [a.detail["tab"] for a in _audits(session, "delete_site")] == ["basic"]


# ------------------------------------------------------------------ version check


def test_two_people_on_one_version_the_second_save_is_refused_and_nothing_is_overwritten(db):
    with session_scope() as s:
        org = make_org(s)
        v = filings.open_filing(s, org.main, M).version
    # Both forms were loaded at version v.
    with session_scope() as s:
        filings.save_basic(s, org.main, M, basic_form(legal_rep="主账号"), version=v, validate=False)
    with pytest.raises(StaleVersion) as refused, session_scope() as s:
        filings.save_basic(s, org.sub, M, basic_form(legal_rep="子账号"), version=v, validate=False)
    assert "您填写的内容仍保留在表单中" in refused.value.message
    with session_scope(readonly=True) as s:
        filing = _filing(s, org)
        assert filing.legal_rep == "主账号" and filing.version == v + 1
        stale = [a for a in _audits(s, "save_tab") if a.result == "fail"]
        assert [(a.actor_id, a.detail["reason"]) for a in stale] == [(org.sub.account_id, "stale")]
    # A save with nothing to write still names its version; rows and uploads are guarded the same way.
    with pytest.raises(StaleVersion), session_scope() as s:
        filings.save_management(s, org.sub, M, {}, version=v, validate=False)
    with pytest.raises(StaleVersion), session_scope() as s:
        filings.attach_file(s, org.sub, M, "cma_cert", PDF, "证书.pdf", version=v)
    with pytest.raises(StaleVersion), session_scope() as s:
        proof = filings.upload_row_file(s, org.sub, M, "site_proof", PDF, "证明.pdf")
        filings.save_site(s, org.sub, M, site_form(), version=v, proof_attachment_id=proof.id)


def test_concurrent_saves_on_one_version_end_with_exactly_one_winner(db):
    import threading

    with session_scope() as s:
        org = make_org(s)
        v = filings.open_filing(s, org.main, M).version
    barrier = threading.Barrier(6)
    outcomes: dict[str, str] = {}

    def attempt(name: str) -> None:
        barrier.wait()
        try:
            with session_scope() as s:
                filings.save_basic(s, org.sub, M, basic_form(legal_rep=name), version=v, validate=False)
            outcomes[name] = "saved"
        except StaleVersion:
            outcomes[name] = "stale"

    threads = [threading.Thread(target=attempt, args=(f"编辑者{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [name for name, outcome in outcomes.items() if outcome == "saved"]
    assert len(outcomes) == 6 and len(winners) == 1
    with session_scope(readonly=True) as s:
        filing = _filing(s, org)
        assert (filing.legal_rep, filing.version) == (winners[0], v + 1)


def test_a_garbage_version_is_stale(session):
    org = make_org(session)
    filings.open_filing(session, org.main, M)
    with pytest.raises(StaleVersion):
        filings.save_basic(session, org.main, M, basic_form(), version="x", validate=False)


# ------------------------------------------------------------------ 技术能力 and 管理能力


def test_monitoring_capability_with_uploads_and_other_certificates(session):
    org = make_org(session)
    v = filings.open_filing(session, org.main, M).version
    result = filings.save_capability(session, org.main, M, {}, version=v, validate=True)
    assert set(result.errors) == {"cma_cert_no", "cma_valid_from", "cma_valid_to", "cma_cert", "cma_annex",
                                  "has_cnas"}
    v = result.version
    v = filings.attach_file(session, org.main, M, "cma_cert", PDF, "资质认定证书.pdf", version=v).version
    annex = filings.attach_file(session, org.main, M, "cma_annex", PNG, "附表.png", version=v)
    v = annex.version
    assert (annex.file.name, annex.file.size_text) == ("附表.png", "72 B")
    result = filings.save_capability(session, org.main, M, capability_form(has_other_certs="有"), version=v,
                                     validate=True)
    assert set(result.errors) == {"has_other_certs"}
    v = filings.save_certificate(session, org.main, M, "other", {"cert_type": "计量认证", "cert_no": "JL-1",
                                                                 "valid_from": "2024-01-05"}, version=result.version).version
    result = filings.save_capability(session, org.main, M, capability_form(has_other_certs="有"), version=v,
                                     validate=True)
    assert result.complete, result
    tab = filings.load_capability(session, org.main, M)
    assert (tab.cma_cert_no, tab.cma_cert.name, tab.has_other_certs) == ("231112050123", "资质认定证书.pdf", "有")
    rows = filings.list_certificates(session, org.main, M, "other").rows
    assert [(r.seq, r.cert_type, r.valid_from, r.valid_to) for r in rows] == [(1, "计量认证", "2024-01-05", "")]
    with pytest.raises(NotFound):  # O&M rows do not exist on a monitoring filing
        filings.list_certificates(session, org.main, M, "om_capability")


def test_every_upload_and_replacement_is_in_the_audit_log(session):
    org = make_org(session)
    v = filings.open_filing(session, org.main, M).version
    first = filings.attach_file(session, org.main, M, "cma_cert", PDF, "资质认定证书.pdf", version=v)
    second = filings.attach_file(session, org.sub, M, "cma_cert", PNG, "资质认定证书（新）.png", version=first.version)
    proof = filings.upload_row_file(session, org.main, M, "site_proof", PDF, "房产证明.pdf")
    session.commit()
    uploads = _audits(session, "upload")
    assert [(u.object_id, u.actor_id, u.institution_id, u.detail["name"], u.detail["size"]) for u in uploads] == [
        (first.file.id, org.main.account_id, org.institution.id, "资质认定证书.pdf", len(PDF)),
        (second.file.id, org.sub.account_id, org.institution.id, "资质认定证书（新）.png", len(PNG)),
        (proof.id, org.main.account_id, org.institution.id, "房产证明.pdf", len(PDF)),
    ]
    attached = _audits(session, "attach_file")
    assert [(a.detail["slot"], a.detail["attachment_id"], a.detail["replaced"]) for a in attached] == [
        ("cma_cert", first.file.id, None), ("cma_cert", second.file.id, first.file.id)]


def test_replacing_an_upload_keeps_the_old_one_when_the_new_file_is_refused(session, monkeypatch):
    org = make_org(session)
    v = filings.open_filing(session, org.main, M).version
    v = filings.attach_file(session, org.main, M, "cma_cert", PDF, "证书.pdf", version=v).version
    session.commit()
    with pytest.raises(ServiceError, match="按文件内容识别"):
        filings.attach_file(session, org.main, M, "cma_cert", b"MZ\x90\x00 not a pdf", "病毒.pdf", version=v)
    session.rollback()
    real = storage.get_settings()
    monkeypatch.setattr(storage, "get_settings", lambda: replace(real, max_upload_bytes=32))
    with pytest.raises(ServiceError, match="超过上限"):
        filings.attach_file(session, org.main, M, "cma_cert", PDF, "大文件.pdf", version=v)
    session.rollback()
    assert filings.load_capability(session, org.main, M).cma_cert.name == "证书.pdf"
    assert _filing(session, org).version == v


def test_om_capability_rows_and_management(session):
    org = make_org(session, registered_type="om", name="北京清源运维有限公司")
    v = filings.open_filing(session, org.main, "om").version
    result = filings.save_capability(session, org.main, "om", {}, version=v, validate=True)
    assert result.problems == ["请至少新增一项运维服务能力"] and result.version == v
    with pytest.raises(ValidationFailed) as refused:
        filings.save_certificate(session, org.main, "om", "om_capability", om_row_form(), version=v)
    assert refused.value.field_errors == {"attachment": "请上传证书附件"}
    cert_file = filings.upload_row_file(session, org.main, "om", "om_cert", PDF, "运维证书.pdf")
    v = filings.save_certificate(session, org.main, "om", "om_capability", om_row_form(), version=v,
                                 attachment_id=cert_file.id).version
    v = filings.save_certificate(session, org.main, "om", "om_capability",
                                 {"capability": "污染源废气自动监测", "has_cert": "无"}, version=v).version
    with pytest.raises(ValidationFailed) as refused:
        filings.save_certificate(session, org.main, "om", "om_capability",
                                 {"capability": "污染源废气自动监测", "has_cert": "无"}, version=v)
    assert "已经添加" in refused.value.field_errors["capability"]
    result = filings.save_capability(session, org.main, "om", {}, version=v, validate=True)
    assert result.complete and "capability" in _filing(session, org, "om").completed_tabs
    rows = filings.list_certificates(session, org.main, "om", "om_capability").rows
    assert [(r.capability, r.has_cert, r.attachment_name) for r in rows] == [
        ("地表水自动监测", "有", "运维证书.pdf"), ("污染源废气自动监测", "无", "")]

    v = result.version
    result = filings.save_management(session, org.main, "om", {"has_mgmt_certs": "有"}, version=v, validate=True)
    assert set(result.errors) == {"quality_manual", "has_mgmt_certs"}
    v = filings.attach_file(session, org.main, "om", "quality_manual", PDF, "质量管理制度手册（盖章版）.pdf",
                            version=result.version).version
    with pytest.raises(ValidationFailed):
        filings.save_certificate(session, org.main, "om", "mgmt_system",
                                 {"cert_type": "质量管理体系认证(QMS)", "cert_no": ""}, version=v)
    with pytest.raises(ValidationFailed):  # the list's own label is required, not an alias
        filings.save_certificate(session, org.main, "om", "mgmt_system", {"cert_type": "QMS", "cert_no": "1"},
                                 version=v)
    v = filings.save_certificate(session, org.main, "om", "mgmt_system",
                                 {"cert_type": "质量管理体系认证(QMS)", "cert_no": "00123Q45678R0M"}, version=v).version
    result = filings.save_management(session, org.main, "om", {"has_mgmt_certs": "有"}, version=v, validate=True)
    assert result.complete
    tab = filings.load_management(session, org.main, "om")
    assert (tab.quality_manual.name, tab.has_mgmt_certs) == ("质量管理制度手册（盖章版）.pdf", "有")


# ------------------------------------------------------------------ permissions


def test_other_institutions_reviewers_and_anonymous_are_refused(session):
    org = make_org(session)
    other = make_org(session, name="北京另一家环境监测有限公司")
    reviewer = make_reviewer(session)
    fill_monitoring(session, org)
    for actor in (reviewer, None):
        with pytest.raises(PermissionDenied):
            filings.load_basic(session, actor, M)
        with pytest.raises(PermissionDenied):
            filings.save_basic(session, actor, M, basic_form(), version=1, validate=False)
        with pytest.raises(PermissionDenied):
            filings.submit(session, actor, M, version=1)
    # Another institution only ever reaches its own filing (here: none yet).
    with pytest.raises(NotFound):
        filings.load_basic(session, other.main, M)


def test_handlers_called_with_another_filings_row_ids_are_refused_and_audited(db):
    with session_scope() as s:
        org = make_org(s)
        other = make_org(s, name="北京另一家环境监测有限公司")
        fill_monitoring(s, org)
        victim_site = s.exec(select(BranchSite)).one().id
        v_other = filings.open_filing(s, other.main, M).version
        victim_file = _filing(s, org).cma_cert_attachment_id
    for call in (
        lambda s: filings.delete_site(s, other.main, M, victim_site, version=v_other),
        lambda s: filings.save_site(s, other.main, M, site_form(), version=v_other, site_id=victim_site),
    ):
        with pytest.raises(NotFound), session_scope() as s:
            call(s)
    # Someone else's attachment cannot be attached to a row.
    with pytest.raises(PermissionDenied), session_scope() as s:
        filings.save_site(s, other.main, M, site_form(), version=v_other, proof_attachment_id=victim_file)
    with session_scope(readonly=True) as s:
        assert s.exec(select(BranchSite).where(BranchSite.id == victim_site)).one().address
        denied = s.exec(select(AuditLog).where(AuditLog.result == "denied")).all()
        assert len(denied) == 2 and all(a.actor_id == other.main.account_id for a in denied)
        attachment = s.get(storage.Attachment, victim_file)
        assert files.can_download(s, org.main, attachment) and files.can_download(s, org.sub, attachment)
        assert files.can_download(s, make_reviewer(s, "110000"), attachment)
        assert not files.can_download(s, other.main, attachment)
        assert not files.can_download(s, make_reviewer(s, "310000"), attachment)


# ------------------------------------------------------------------ 备案提交


def test_submit_lists_every_problem_by_tab_then_submits_with_a_snapshot(session):
    org = make_org(session)
    v = fill_monitoring(session, org)
    check = filings.submission_check(session, org.main, M)
    problems = {g.tab: g.problems for g in check.groups}
    assert problems["basic"] == [] and problems["capability"] == [] and problems["management"] == []
    assert problems["people"] == ["技术人员：至少需要一名在职技术人员"]
    assert problems["equipment"] == ["设施设备：至少需要填写一台设备"]
    assert problems["commitment"] and not check.ready
    with pytest.raises(ServiceError, match="还有3项"):
        filings.submit(session, org.main, M, version=v)

    add_people_and_equipment(session, org, check.summary.id)
    name, letter = filings.commitment_letter(session, org.main, M)
    assert name.endswith(".docx") and letter.startswith(b"PK")
    v = filings.attach_file(session, org.main, M, "commitment", PDF, "承诺书（盖章）.pdf", version=v).version
    assert filings.submission_check(session, org.main, M).ready
    summary = filings.submit(session, org.main, M, version=v)
    session.commit()
    assert summary.status == "submitted" and not summary.editable
    assert summary.status_note.startswith("已提交，待审查（提交时间：")
    filing = _filing(session, org)
    assert filing.submitted_at and filing.first_submitted_at and filing.version == v + 1
    submission = session.exec(select(FilingSubmission)).one()
    assert (submission.kind, submission.province_code, submission.status) == ("initial", "110000", "pending")
    assert submission.snapshot["filing"]["cma_cert_no"] == "231112050123"
    assert len(submission.snapshot["people"]) == 1 and len(submission.snapshot["branch_sites"]) == 1
    audit = _audits(session, "submit")[-1]
    assert (audit.detail["tab"], audit.detail["version"], audit.detail["kind"]) == ("submit", v + 1, "initial")

    # Read-only until the review decides: saves, rows, uploads and a second submit are refused.
    v = filing.version
    for call in (
        lambda: filings.save_basic(session, org.main, M, basic_form(), version=v, validate=False),
        lambda: filings.save_site(session, org.main, M, site_form(), version=v),
        lambda: filings.attach_file(session, org.main, M, "cma_cert", PDF, "x.pdf", version=v),
        lambda: filings.upload_row_file(session, org.main, M, "site_proof", PDF, "x.pdf"),
        lambda: filings.save_management(session, org.main, M, {}, version=v, validate=False),
        lambda: filings.submit(session, org.main, M, version=v),
    ):
        with pytest.raises(ServiceError, match="备案已提交，待审查"):
            call()


def _submitted(session, org):
    v = fill_monitoring(session, org)
    add_people_and_equipment(session, org, _filing(session, org).id)
    v = filings.attach_file(session, org.main, M, "commitment", PDF, "承诺书.pdf", version=v).version
    filings.submit(session, org.main, M, version=v)
    session.commit()
    return _filing(session, org)


def test_state_machine_of_submit(session):
    org = make_org(session)
    filing = _submitted(session, org)
    filing.status = "returned"
    filing.return_reason = "请补充分场所证明材料"
    session.add(filing)
    session.commit()
    summary = filings.filing_summary(session, org.main, M)
    assert summary.editable and summary.return_reason == "请补充分场所证明材料"
    v = filings.save_basic(session, org.main, M, basic_form(), version=filing.version, validate=True).version
    assert filings.submit(session, org.main, M, version=v).status == "submitted"
    assert len(session.exec(select(FilingSubmission)).all()) == 2

    for status, message in (("approved", "备案变更"), ("cancelled", "重新备案")):
        filing = _filing(session, org)
        filing.status = status
        session.add(filing)
        session.commit()
        with pytest.raises(ServiceError, match=message):
            filings.submit(session, org.main, M, version=filing.version)


def test_change_in_progress_makes_an_approved_filing_editable(session):
    org = make_org(session)
    filing = _submitted(session, org)
    filing.status = "approved"
    session.add(filing)
    session.commit()
    with pytest.raises(ServiceError, match="备案变更"):
        filings.save_basic(session, org.main, M, basic_form(), version=filing.version, validate=False)
    summary = filings.start_change(session, org.sub, M)
    assert summary.editable and summary.change_in_progress and summary.status == "approved"
    v = filings.save_basic(session, org.main, M, basic_form(legal_rep="李四"), version=summary.version,
                           validate=True).version
    assert _filing(session, org).legal_rep == "李四" and v == summary.version + 1
    assert [a.detail["version"] for a in _audits(session, "start_change")] == [summary.version]
    with pytest.raises(ServiceError):  # the change's submission is the review feature's
        filings.submit(session, org.main, M, version=v)


def test_refile_after_cancellation_and_add_type_submission_kind(session):
    org = make_org(session)
    filing = _submitted(session, org)
    filing.status = "approved"
    session.add(filing)
    session.commit()
    v = filings.open_filing(session, org.main, "om").version
    om_filing = _filing(session, org, "om")
    v = filings.save_basic(session, org.main, "om", basic_form("om"), version=v, validate=True).version
    cert = filings.upload_row_file(session, org.main, "om", "om_cert", PDF, "证书.pdf")
    v = filings.save_certificate(session, org.main, "om", "om_capability", om_row_form(), version=v,
                                 attachment_id=cert.id).version
    v = filings.attach_file(session, org.main, "om", "quality_manual", PDF, "手册.pdf", version=v).version
    v = filings.attach_file(session, org.main, "om", "commitment", PDF, "承诺书.pdf", version=v).version
    add_people_and_equipment(session, org, om_filing.id, "om")
    filings.submit(session, org.main, "om", version=v)
    session.commit()
    kinds = [s.kind for s in session.exec(select(FilingSubmission).order_by(FilingSubmission.id))]
    assert kinds == ["initial", "add_type"]

    filing = _filing(session, org)
    filing.status = "cancelled"
    session.add(filing)
    session.commit()
    assert filings.filing_summary(session, org.main, M).status_note == "备案已注销"
    summary = filings.refile(session, org.main, M)
    assert summary.status == "draft" and summary.editable
    assert _filing(session, org).commitment_attachment_id is None
    with pytest.raises(ServiceError, match="只有已注销"):
        filings.refile(session, org.main, M)


def test_commitment_letter_is_a_word_document_with_the_institutions_name_and_code(session):
    org = make_org(session)
    filings.open_filing(session, org.main, M)
    name, data = filings.commitment_letter(session, org.main, M)
    assert name == f"书面承诺书-{org.institution.name}.docx"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist()[0] == "[Content_Types].xml"
        assert {"_rels/.rels", "word/document.xml", "word/styles.xml"} <= set(zf.namelist())
        root = ElementTree.fromstring(zf.read("word/document.xml"))  # well-formed XML
        for part in ("[Content_Types].xml", "_rels/.rels", "word/styles.xml", "docProps/core.xml",
                     "word/_rels/document.xml.rels"):
            ElementTree.fromstring(zf.read(part))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    text = "".join(t.text or "" for t in root.iter(ns + "t"))
    assert org.institution.name in text and org.institution.credit_code in text
    assert "真实、完整、准确" in text and "法律责任" in text and "法定代表人（签字）" in text
