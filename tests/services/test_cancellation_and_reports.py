"""备案注销 (§3.4) and duplicate-person reports: people are released, institutions are told."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.domain.enums import FilingStatus
from filing_app.models import (
    ActiveEmployment,
    AuditLog,
    DuplicatePersonReport,
    Filing,
    InstitutionMessage,
    Person,
    PublishedFiling,
)
from filing_app.services import cancellation, changes, employment, filings, institutions, people, review, review_view, tab_checks
from filing_app.services.errors import PermissionDenied, ServiceError, StaleVersion, ValidationFailed
from tests import review_data as rd


def _approve(session, inst, filing_type="monitoring", kind="initial", **kw):
    filing, submission = rd.submitted_filing(session, inst, filing_type, kind=kind, **kw)
    session.commit()
    review.decide_submission(session, rd.reviewer(session, inst.province_code), submission.id, approve=True)
    session.commit()
    session.refresh(filing)
    return filing


def _ids(session, filing) -> list[str]:
    return list(session.exec(select(Person.id_key).where(Person.filing_id == filing.id)).all())


class TestCancellation:
    def test_cancel_leaves_the_registry_and_releases_the_people(self, session):
        inst = rd.make_institution(session)
        filing = _approve(session, inst)
        main = rd.institution_main(session, inst)
        session.commit()
        people = _ids(session, filing)
        assert all(employment.holder_of(session, k) == inst.id for k in people)

        message = cancellation.cancel_filing(session, main, "monitoring", True, filing.version)
        session.commit()
        assert "已注销" in message and "3名技术人员" in message
        session.refresh(filing)
        assert filing.status == FilingStatus.CANCELLED and filing.cancelled_at is not None
        assert session.exec(select(PublishedFiling)).first() is None
        assert all(employment.holder_of(session, k) is None for k in people)
        home = institutions.home(session, main)
        assert home.cards[0].status_label == "已注销" and [a.code for a in home.cards[0].actions] == ["refile"]
        assert home.messages[0].title == "监测机构备案已注销"
        assert session.exec(select(AuditLog).where(AuditLog.action == "filing_cancel")).one().detail["released"] == 3

        other = rd.make_institution(session)
        employment.claim(session, other.id, people[0], people[0])  # another institution may now file them
        session.commit()
        assert employment.holder_of(session, people[0]) == other.id

    def test_refile_claims_the_people_again_and_flags_those_filed_elsewhere_meanwhile(self, session):
        inst = rd.make_institution(session)
        filing = _approve(session, inst)
        main = rd.institution_main(session, inst)
        session.commit()
        keys = list(session.exec(select(Person.id_key).where(Person.filing_id == filing.id).order_by(Person.id)))
        cancellation.cancel_filing(session, main, "monitoring", True, filing.version)
        other = rd.make_institution(session, name="乙方环境检测有限公司")
        employment.claim(session, other.id, keys[1], keys[1])  # filed by another institution meanwhile
        session.commit()

        summary = filings.refile(session, main, "monitoring")
        session.commit()
        taken = session.exec(select(Person).where(Person.filing_id == filing.id, Person.id_key == keys[1])).one()
        assert summary.status == FilingStatus.DRAFT and summary.editable
        assert [employment.holder_of(session, k) for k in keys] == [inst.id, other.id, inst.id]
        assert summary.notice.startswith(f"1名技术人员（{taken.name}）目前在其他机构在职备案")
        audit = session.exec(select(AuditLog).where(AuditLog.action == "refile")).one()
        assert audit.detail["reclaimed"] == 2 and audit.detail["held_elsewhere"] == [keys[1][:4] + "*****" + keys[1][-4:]]

        # The person stays in the list, flagged, and keeps the filing from submission.
        rows = people.list_people(session, main, "monitoring").rows
        assert len(rows) == 3 and [r.flag for r in rows] == ["", "其他机构在职", ""]
        line = f"技术人员第2条（{taken.name}）：该人员目前在其他机构在职备案，请办理离职备案或重复人员信息报备"
        assert tab_checks.people_tab_errors(session, filing) == [line]
        assert filings.check_list_tab(session, main, "monitoring", "people") == [line]
        people_group = next(g for g in filings.submission_check(session, main, "monitoring").groups if g.tab == "people")
        assert people_group.problems == [line]
        with pytest.raises(ServiceError, match="还有"):
            filings.submit(session, main, "monitoring", version=summary.version)
        # Saving the person 在职 is refused while the other institution holds them.
        detail = people.get_person(session, main, taken.id)
        with pytest.raises(employment.HeldElsewhere, match="乙方环境检测有限公司"):
            people.update_person(session, main, taken.id, detail.values, stamp=detail.stamp)
        session.rollback()

        # The other institution files the departure: the person is free, not yet ours.
        employment.release_if_unused(session, other.id, keys[1])
        session.commit()
        assert [r.flag for r in people.list_people(session, main, "monitoring").rows] == ["", "在职未确认", ""]
        assert tab_checks.people_tab_errors(session, filing) == [
            f"技术人员第2条（{taken.name}）：该人员的在职备案尚未确认，请点击“编辑”后保存该人员信息"]
        # Saving the person claims them again; the tab is complete.
        detail = people.get_person(session, main, taken.id)
        people.update_person(session, main, taken.id, detail.values, stamp=detail.stamp)
        session.commit()
        assert employment.holder_of(session, keys[1]) == inst.id
        assert tab_checks.people_tab_errors(session, filing) == []
        assert [r.flag for r in people.list_people(session, main, "monitoring").rows] == ["", "", ""]

    def test_people_in_the_other_live_filing_stay_held(self, session):
        inst = rd.make_institution(session)
        monitoring = _approve(session, inst)
        shared = _ids(session, monitoring)[0]
        om = rd.submitted_filing(session, inst, "om", kind="add_type")[0]
        om_person = session.exec(select(Person).where(Person.filing_id == om.id)).first()
        om_person.id_key = om_person.id_number = shared  # the same person in both filings
        session.add(om_person)
        main = rd.institution_main(session, inst)
        session.commit()
        cancellation.cancel_filing(session, main, "monitoring", True)
        session.commit()
        assert employment.holder_of(session, shared) == inst.id

    def test_refusals(self, session):
        inst = rd.make_institution(session)
        filing, _ = rd.submitted_filing(session, inst)
        main, sub = rd.institution_main(session, inst), rd.institution_sub(session, inst)
        session.commit()
        with pytest.raises(PermissionDenied, match="仅主账号"):
            cancellation.cancel_filing(session, sub, "monitoring", True)
        with session_scope(readonly=True) as s:  # the refusal is on record
            assert s.exec(select(AuditLog).where(AuditLog.action == "filing_cancel")).one().result == "denied"
        with pytest.raises(ServiceError, match="只有已备案的备案可以注销（当前状态：待审查）"):
            cancellation.cancel_filing(session, main, "monitoring", True)
        with pytest.raises(ServiceError, match="请在确认框中确认"):
            cancellation.cancel_filing(session, main, "monitoring", False)
        for actor in (rd.reviewer(session), rd.admin(session), None):
            with pytest.raises(PermissionDenied):
                cancellation.cancel_filing(session, actor, "monitoring", True)
        session.rollback()
        assert session.get(Filing, filing.id).status == FilingStatus.SUBMITTED

    def test_not_while_a_change_is_pending(self, session):
        inst = rd.make_institution(session)
        filing = _approve(session, inst)
        main = rd.institution_main(session, inst)
        filing.change_in_progress = True
        filing.legal_rep = "赵六"
        session.add(filing)
        session.commit()
        changes.submit_change(session, main, "monitoring")
        session.commit()
        with pytest.raises(ServiceError, match="备案变更正在审查中，暂不能注销"):
            cancellation.cancel_filing(session, main, "monitoring", True)
        with pytest.raises(StaleVersion):
            cancellation.cancel_filing(session, main, "monitoring", True, expected_version=1)
        assert session.exec(select(PublishedFiling)).first() is not None


class TestDuplicateReports:
    def _scenario(self, session, reporter_province="110000"):
        holder = rd.make_institution(session, "310000", "上海原单位监测有限公司")
        filing, _ = rd.submitted_filing(session, holder)
        person = session.exec(select(Person).where(Person.filing_id == filing.id)).first()
        reporter = rd.make_institution(session, reporter_province, "北京新单位运维有限公司", registered_type="om")
        statement = rd.make_account(session, "inst_main", institution=reporter)
        from filing_app.demo_registry import minimal_pdf
        from filing_app.services import storage

        attachment = storage.save_upload(session, None, minimal_pdf("statement"), "离职说明.pdf", "departure_statement",
                                         institution_id=reporter.id)
        report = DuplicatePersonReport(institution_id=reporter.id, province_code=reporter_province,
                                       id_number=person.id_number, id_key=person.id_key, name=person.name,
                                       gender=person.gender, previous_leave_date=date(2025, 11, 30),
                                       statement_attachment_id=attachment.id, holder_institution_id=holder.id,
                                       created_by=statement.id)
        session.add(report)
        session.commit()
        return holder, reporter, person, report

    def test_accept_releases_the_person_and_tells_both_institutions(self, session):
        holder, reporter, person, report = self._scenario(session)
        bj = rd.reviewer(session)
        session.commit()
        view = review_view.report_view(session, bj, report.id)
        assert view.holder_name == "上海原单位监测有限公司" and view.holder_status == "该人员目前仍在原单位在职备案"
        assert view.id_masked == person.id_number[:4] + "*****" + person.id_number[-4:]
        assert view.leave_date == "2025-11-30" and view.statement_name == "离职说明.pdf"
        assert review_view.report_attachment_link(session, bj, report.id).startswith("/files/")

        result = review.decide_report(session, bj, report.id, accept=True, expected_version=view.version)
        session.commit()
        assert "已从原单位解除在职备案" in result.message
        session.refresh(person)
        assert person.status == "离职" and person.leave_date == date(2025, 11, 30)
        assert session.exec(select(ActiveEmployment).where(ActiveEmployment.id_key == person.id_key)).first() is None
        told = session.exec(select(InstitutionMessage).where(InstitutionMessage.institution_id == holder.id)).one()
        assert "北京新单位运维有限公司" in told.body and person.id_number not in told.body
        holder_home = institutions.home(session, rd.institution_main(session, holder))
        assert holder_home.messages[0].title == "人员离职已由省级生态环境部门确认"
        assert session.exec(select(InstitutionMessage).where(
            InstitutionMessage.institution_id == reporter.id)).one().title == "重复人员信息报备审查通过"
        employment.claim(session, reporter.id, person.id_key, person.id_number)
        assert employment.holder_of(session, person.id_key) == reporter.id
        with pytest.raises(StaleVersion, match="已通过"):
            review.decide_report(session, bj, report.id, accept=False, reason="重复")

    def test_reject_needs_a_reason_and_keeps_the_person_held(self, session):
        holder, reporter, person, report = self._scenario(session)
        bj = rd.reviewer(session)
        session.commit()
        with pytest.raises(ValidationFailed):
            review.decide_report(session, bj, report.id, accept=False, reason="")
        session.rollback()
        review.decide_report(session, bj, report.id, accept=False, reason="离职说明未经本人签字")
        session.commit()
        assert employment.holder_of(session, person.id_key) == holder.id
        assert session.get(DuplicatePersonReport, report.id).status == "rejected"
        assert "离职说明未经本人签字" in session.exec(select(InstitutionMessage).where(
            InstitutionMessage.institution_id == reporter.id)).one().body
        history = review.institution_history(session, rd.institution_main(session, reporter)).rows[0]
        assert (history.kind_label, history.status_label) == ("重复人员信息报备", "已退回")

    def test_decided_by_the_reporters_province_only(self, session):
        holder, reporter, person, report = self._scenario(session)
        shanghai = rd.reviewer(session, "310000")  # the holder's province, not the reporter's
        session.commit()
        with pytest.raises(PermissionDenied):
            review.decide_report(session, shanghai, report.id, accept=True)
        with pytest.raises(PermissionDenied):
            review_view.report_attachment_link(session, shanghai, report.id)
        assert employment.holder_of(session, person.id_key) == holder.id
