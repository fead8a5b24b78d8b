"""重复人员信息报备: who may report whom, and what the list shows."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from filing_app.domain.validators import mask_id_number
from filing_app.models import AuditLog, DuplicatePersonReport
from filing_app.services import duplicates, people
from filing_app.services.errors import PermissionDenied, ServiceError, ValidationFailed
from tests.services.list_tab_helpers import (
    PDF_BYTES,
    make_institution,
    make_reviewer,
    new_identity_number,
    person_data,
)


def _held_by_other(session, province="110000"):
    holder, holder_actor = make_institution(session, "原单位环境监测有限公司")
    reporter, actor = make_institution(session, "新单位环境监测有限公司", province=province)
    number = new_identity_number(male=False)
    people.add_person(session, holder_actor, "monitoring", person_data(id_number=number, name="李华"))
    return holder, reporter, actor, number


def test_a_report_is_filed_for_the_reporters_province_and_listed_masked(session):
    holder, reporter, actor, number = _held_by_other(session, province="510000")
    statement = duplicates.save_statement(session, actor, PDF_BYTES, "离职说明.pdf")
    row = duplicates.create_report(session, actor, {"id_number": number, "name": "李华", "leave_date": "2025-12-01"},
                                   statement.attachment_id, filing_type="monitoring")
    report = session.get(DuplicatePersonReport, row.id)
    assert (report.status, report.province_code, report.holder_institution_id) == ("pending", "510000", holder.id)
    assert report.gender == "女" and report.institution_id == reporter.id
    listed = duplicates.list_reports(session, actor)
    assert listed.total == 1
    line = listed.rows[0]
    assert (line.name, line.gender, line.id_masked, line.leave_date, line.status_label) == (
        "李华", "女", mask_id_number(number), "2025-12-01", "待审查")
    assert line.statement_attachment_id == statement.attachment_id
    assert number not in json.dumps(line.__dict__, ensure_ascii=False)
    audit_row = session.exec(select(AuditLog).where(AuditLog.action == "duplicate_report_create")).one()
    assert audit_row.detail["id_number"] == mask_id_number(number) and audit_row.province_code == "510000"

    with pytest.raises(ServiceError, match="请勿重复提交"):
        duplicates.create_report(session, actor, {"id_number": number, "name": "李华", "leave_date": "2025-12-01"},
                                 statement.attachment_id)


def test_every_missing_field_at_once_and_the_manuals_number_is_refused(session):
    _, _, actor, _ = _held_by_other(session)
    with pytest.raises(ValidationFailed) as refused:
        duplicates.create_report(session, actor, {"id_number": "130102198801011111", "name": "", "leave_date": ""}, None)
    e = refused.value.field_errors
    assert "校验码错误" in e["id_number"] and e["name"] == "请填写人员姓名"
    assert e["leave_date"] == "请选择原单位离职时间" and e["statement"] == "请上传人员签字的离职说明"
    with pytest.raises(ValidationFailed) as refused:
        duplicates.create_report(session, actor, {"id_number": "", "name": "李华", "leave_date": "2999-01-01"}, 424242)
    e = refused.value.field_errors
    assert e == {"id_number": "请填写人员身份证号", "leave_date": "原单位离职时间不能晚于今天",
                 "statement": "附件无效，请重新上传"}


def test_nobody_holding_the_person_means_no_report_is_needed(session):
    _, actor = make_institution(session)
    statement = duplicates.save_statement(session, actor, PDF_BYTES, "离职说明.pdf")
    free = new_identity_number()
    with pytest.raises(ServiceError, match="可直接在“技术人员”中新增"):
        duplicates.create_report(session, actor, {"id_number": free, "name": "王五", "leave_date": "2025-01-01"},
                                 statement.attachment_id)
    own = new_identity_number()
    people.add_person(session, actor, "monitoring", person_data(id_number=own))
    with pytest.raises(ServiceError, match="已在本机构在职备案"):
        duplicates.create_report(session, actor, {"id_number": own, "name": "张伟", "leave_date": "2025-01-01"},
                                 statement.attachment_id)
    assert session.exec(select(DuplicatePersonReport)).all() == []


def test_list_filter_decisions_and_permissions(session):
    _, _, actor, number = _held_by_other(session)
    statement = duplicates.save_statement(session, actor, PDF_BYTES, "离职说明.pdf")
    duplicates.create_report(session, actor, {"id_number": number, "name": "李华", "leave_date": "2025-12-01"},
                             statement.attachment_id)
    report = session.exec(select(DuplicatePersonReport)).one()
    report.status, report.decision_reason = "rejected", "离职说明未签字"
    session.add(report)
    session.flush()
    row = duplicates.list_reports(session, actor, name="华").rows[0]
    assert (row.status_label, row.reason) == ("已驳回", "离职说明未签字")
    assert duplicates.list_reports(session, actor, name="王").total == 0
    # A rejected report does not block a new one.
    duplicates.create_report(session, actor, {"id_number": number, "name": "李华", "leave_date": "2025-12-01"},
                             statement.attachment_id)
    _, stranger = make_institution(session, "第三家机构")
    assert duplicates.list_reports(session, stranger).total == 0
    with pytest.raises(ValidationFailed):  # another institution's statement cannot be reused
        duplicates.create_report(session, stranger, {"id_number": number, "name": "李华", "leave_date": "2025-12-01"},
                                 statement.attachment_id)
    for who in (make_reviewer(session), None):
        with pytest.raises(PermissionDenied):
            duplicates.list_reports(session, who)
        with pytest.raises(PermissionDenied):
            duplicates.create_report(session, who, {}, None)
