"""下一步 on the 技术人员 and 设施设备 tabs, and the draft filing they create."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.models import Filing
from filing_app.services import equipment, filing_access, filings, people, tab_checks
from filing_app.services.errors import PermissionDenied
from tests.services.list_tab_helpers import (
    PDF_BYTES,
    equipment_data,
    make_institution,
    person_data,
)


def test_people_tab_lists_every_problem_then_passes(session):
    _, actor = make_institution(session, registered_type="om")
    assert filings.check_list_tab(session, actor, "om", "people") == ["技术人员：至少需要一名在职技术人员"]
    saved = people.add_person(session, actor, "om", person_data("om", name="赵六", has_training="有"), trainings=[])
    problems = filings.check_list_tab(session, actor, "om", "people")
    assert len(problems) == 1
    assert problems[0].startswith("技术人员第1条（赵六）：")
    assert "缺少学历证书" in problems[0] and "缺少学位证书" in problems[0] and "缺少职称证书" in problems[0]
    assert "请至少填写一条培训记录" in problems[0]
    filing = session.exec(select(Filing)).one()
    assert "people" not in filing.completed_tabs

    certs = {slot: people.save_certificate(session, actor, "om", slot, PDF_BYTES, f"{slot}.pdf").attachment_id
             for slot in ("edu_cert", "degree_cert", "title_cert")}
    detail = people.get_person(session, actor, saved.id)
    people.update_person(session, actor, saved.id, detail.values, certificates=certs, complete=True, trainings=[
        {"level": "国家", "organization": "中国环境保护产业协会", "content": "运维能力-废水"}])
    assert filings.check_list_tab(session, actor, "om", "people") == []
    assert session.exec(select(Filing)).one().completed_tabs == ["people"]


def test_equipment_tab_check_and_its_use_by_the_submit_page(session):
    _, actor = make_institution(session)
    assert filings.check_list_tab(session, actor, "monitoring", "equipment") == ["设施设备：至少需要填写一台设备"]
    equipment.add_equipment(session, actor, "monitoring", equipment_data())
    assert filings.check_list_tab(session, actor, "monitoring", "equipment") == []
    filing = session.exec(select(Filing)).one()
    assert tab_checks.equipment_tab_errors(session, filing) == []
    assert filing.completed_tabs == ["equipment"]


def test_a_read_only_filing_is_checked_but_not_written(session):
    institution, actor = make_institution(session)
    filing = Filing(institution_id=institution.id, filing_type="monitoring", status="submitted")
    session.add(filing)
    session.flush()
    assert filings.check_list_tab(session, actor, "monitoring", "equipment") == ["设施设备：至少需要填写一台设备"]
    info = filings.filing_summary(session, actor, "monitoring")
    assert (info.editable, info.status_label) == (False, "待审查") and "不能修改" in info.read_only_reason


def test_the_other_type_is_startable_once_the_first_is_published(session):
    institution, actor = make_institution(session, registered_type="monitoring")
    assert filing_access.may_start(session, actor, "om") is False
    with pytest.raises(PermissionDenied):
        filing_access.editable_filing(session, actor, "om")
    session.add(Filing(institution_id=institution.id, filing_type="monitoring", status="approved"))
    session.flush()
    assert filing_access.editable_filing(session, actor, "om").status == "draft"


def test_two_first_writes_at_once_create_one_draft_filing(db):
    with session_scope() as s:
        _, actor = make_institution(s)
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def attempt() -> None:
        barrier.wait()
        try:
            with session_scope() as s:
                equipment.add_equipment(s, actor, "monitoring", equipment_data())
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with session_scope() as s:
        filings = s.exec(select(Filing)).all()
        assert len(filings) == 1
        assert equipment.list_equipment(s, actor, "monitoring").total == 2
