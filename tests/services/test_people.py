"""技术人员 through the service: validation, masking, the one-person-one-institution rule
(also under concurrency), trainings, certificates, permissions and audit."""

from __future__ import annotations

import dataclasses
import json
import threading

import pytest
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.domain.validators import mask_id_number
from filing_app.models import ActiveEmployment, AuditLog, Filing, Person, Training
from filing_app.services import employment, people
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError, StaleVersion, ValidationFailed
from tests.services.list_tab_helpers import (
    PDF_BYTES,
    PNG_BYTES,
    make_institution,
    make_reviewer,
    new_identity_number,
    person_data,
)


def _filing(session, institution, filing_type="monitoring", status="draft", **fields) -> Filing:
    filing = Filing(institution_id=institution.id, filing_type=filing_type, status=status, **fields)
    session.add(filing)
    session.flush()
    return filing


# ------------------------------------------------------------------ validation


def test_every_error_is_reported_at_once_and_the_manuals_sample_number_is_refused(session):
    _, actor = make_institution(session)
    with pytest.raises(ValidationFailed) as refused:
        people.add_person(session, actor, "monitoring", {
            "id_number": "130102198801011111", "name": "", "education": "大学", "posts": [], "status": "离职",
            "hire_date": "2015-02-30",
        })
    e = refused.value.field_errors
    assert "校验码错误" in e["id_number"]
    assert e["name"] == "请填写姓名"
    assert "“大学”不是可选值" in e["education"]
    assert e["posts"] == "请选择监测岗位"
    assert e["duties"] == "请选择职务"
    assert e["leave_date"] == "人员状态为离职时，请填写离职时间"
    assert "不是有效日期" in e["hire_date"]
    assert e["degree"] == "请选择学位" and e["labor_relation"] == "请选择劳动关系"
    assert session.exec(select(Person)).all() == []


def test_gender_follows_from_the_identity_number_whatever_the_form_says(session):
    _, actor = make_institution(session)
    number = new_identity_number(male=False)
    saved = people.add_person(session, actor, "monitoring", person_data(id_number=number, gender="男"))
    assert session.get(Person, saved.id).gender == "女"
    assert people.gender_of("居民身份证", number) == "女"
    assert people.gender_of("居民身份证", "130102198801011111") == ""


def test_leaving_needs_a_leave_date_and_only_leavers_have_one(session):
    _, actor = make_institution(session)
    saved = people.add_person(session, actor, "monitoring", person_data())
    with pytest.raises(ValidationFailed) as refused:
        people.update_person(session, actor, saved.id, person_data(id_number=session.get(Person, saved.id).id_number,
                                                                   status="离职"))
    assert refused.value.field_errors == {"leave_date": "人员状态为离职时，请填写离职时间"}


# ------------------------------------------------------------------ list and masking


def test_lists_show_masked_numbers_only(session):
    _, actor = make_institution(session)
    numbers = [new_identity_number(birth=f"1990010{i}") for i in range(1, 4)]
    for i, number in enumerate(numbers):
        people.add_person(session, actor, "monitoring", person_data(id_number=number, name=f"人员{i}"))
    page = people.list_people(session, actor, "monitoring")
    assert page.total == 3 and [r.seq for r in page.rows] == [1, 2, 3]
    dumped = json.dumps([dataclasses.asdict(r) for r in page.rows], ensure_ascii=False)
    for number in numbers:
        assert number not in dumped
        assert mask_id_number(number) in dumped
    assert page.rows[0].id_masked == numbers[0][:4] + "*****" + numbers[0][-4:]
    assert page.rows[0].duties == "技术负责人" and page.rows[0].posts == "授权签字人，分析"


def test_filters_and_paging_happen_in_the_query(session):
    _, actor = make_institution(session)
    for i in range(23):
        status = "离职" if i % 5 == 0 else "在职"
        extra = {"leave_date": "2024-01-01"} if status == "离职" else {}
        people.add_person(session, actor, "monitoring",
                          person_data(name=("王" if i % 2 else "李") + f"工{i:02d}", status=status, **extra))
    first = people.list_people(session, actor, "monitoring")
    assert first.total == 23 and len(first.rows) == 10 and first.page == 1
    last = people.list_people(session, actor, "monitoring", page=3)
    assert len(last.rows) == 3 and last.rows[0].seq == 21
    beyond = people.list_people(session, actor, "monitoring", page=99)
    assert beyond.page == 3 and len(beyond.rows) == 3
    assert people.list_people(session, actor, "monitoring", page="abc").page == 1
    wang = people.list_people(session, actor, "monitoring", name=" 王 ")
    assert wang.total == 11 and all("王" in r.name for r in wang.rows)
    left = people.list_people(session, actor, "monitoring", status="离职")
    assert left.total == 5 and {r.status for r in left.rows} == {"离职"}
    both = people.list_people(session, actor, "monitoring", name="李", status="离职")
    assert both.total == 3  # i = 0, 10, 20 are 李 and 离职; 5 and 15 are 王
    assert people.list_people(session, actor, "monitoring", name="%").total == 0
    assert people.list_people(session, actor, "om").total == 0  # no O&M filing yet


# ------------------------------------------------------------------ one person, one institution


def test_a_person_held_elsewhere_is_refused_with_the_holder_named_and_the_way_out(session):
    a, actor_a = make_institution(session, "甲环境监测有限公司")
    _, actor_b = make_institution(session, "乙环境监测有限公司")
    number = new_identity_number()
    people.add_person(session, actor_a, "monitoring", person_data(id_number=number))
    session.commit()
    with pytest.raises(employment.HeldElsewhere) as refused:
        people.add_person(session, actor_b, "monitoring", person_data(id_number=number))
    message = refused.value.message
    assert "甲环境监测有限公司" in message and "重复人员信息报备" in message and "离职" in message
    assert number not in message and mask_id_number(number) in message
    # The refusal is on record (audit.refuse committed it), with the masked number only.
    row = session.exec(select(AuditLog).where(AuditLog.action == "person_add", AuditLog.result == "refused")).one()
    assert row.institution_id == actor_b.institution_id and row.detail["id_number"] == mask_id_number(number)


def test_the_same_institution_may_list_a_person_in_both_filings(session):
    a, actor = make_institution(session, registered_type="monitoring")
    _filing(session, a, "monitoring", status="approved", change_in_progress=True)
    _filing(session, a, "om")
    number = new_identity_number()
    people.add_person(session, actor, "monitoring", person_data(id_number=number))
    people.add_person(session, actor, "om", person_data("om", id_number=number))
    assert len(session.exec(select(Person).where(Person.id_key == number)).all()) == 2
    assert len(session.exec(select(ActiveEmployment)).all()) == 1


def test_after_leaving_the_first_institution_the_second_may_add_the_person(session):
    _, actor_a = make_institution(session, "甲机构")
    _, actor_b = make_institution(session, "乙机构")
    number = new_identity_number()
    saved = people.add_person(session, actor_a, "monitoring", person_data(id_number=number))
    detail = people.get_person(session, actor_a, saved.id)
    people.update_person(session, actor_a, saved.id, {**detail.values, "status": "离职", "leave_date": "2025-06-30"},
                         stamp=detail.stamp)
    assert employment.holder_of(session, number) is None
    people.add_person(session, actor_b, "monitoring", person_data(id_number=number))
    assert employment.holder_of(session, number) == actor_b.institution_id
    # Back to 在职 at the first institution is now refused.
    detail = people.get_person(session, actor_a, saved.id)
    with pytest.raises(employment.HeldElsewhere):
        people.update_person(session, actor_a, saved.id, {**detail.values, "status": "在职", "leave_date": ""})


def test_non_technical_status_releases_and_delete_releases(session):
    _, actor_a = make_institution(session, "甲机构")
    _, actor_b = make_institution(session, "乙机构")
    one, two = new_identity_number(birth="19800101"), new_identity_number(birth="19810101")
    first = people.add_person(session, actor_a, "monitoring", person_data(id_number=one))
    second = people.add_person(session, actor_a, "monitoring", person_data(id_number=two))
    detail = people.get_person(session, actor_a, first.id)
    people.update_person(session, actor_a, first.id, {**detail.values, "status": "转非技术人员"})
    assert employment.holder_of(session, one) is None
    people.delete_person(session, actor_a, second.id)
    assert employment.holder_of(session, two) is None
    people.add_person(session, actor_b, "monitoring", person_data(id_number=two))
    deleted = session.exec(select(AuditLog).where(AuditLog.action == "person_delete")).one()
    assert deleted.detail["id_number"] == mask_id_number(two)


def test_deleting_from_one_filing_keeps_the_person_held_by_the_other(session):
    a, actor = make_institution(session)
    _filing(session, a, "monitoring", status="approved", change_in_progress=True)
    _filing(session, a, "om")
    _, other = make_institution(session, "乙机构")
    number = new_identity_number()
    people.add_person(session, actor, "monitoring", person_data(id_number=number))
    in_om = people.add_person(session, actor, "om", person_data("om", id_number=number))
    people.delete_person(session, actor, in_om.id)
    with pytest.raises(employment.HeldElsewhere):
        people.add_person(session, other, "monitoring", person_data(id_number=number))


def test_a_person_already_in_the_filing_is_not_added_twice(session):
    _, actor = make_institution(session)
    number = new_identity_number()
    people.add_person(session, actor, "monitoring", person_data(id_number=number, name="张伟"))
    with pytest.raises(ValidationFailed) as refused:
        people.add_person(session, actor, "monitoring", person_data(id_number=number, name="张伟", status="离职",
                                                                    leave_date="2024-01-01"))
    assert "编辑" in refused.value.field_errors["id_number"] and "张伟" in refused.value.field_errors["id_number"]


def test_two_institutions_adding_the_same_person_at_once_end_with_one_success(db):
    with session_scope() as s:
        actors = [make_institution(s, f"并发机构{i}")[1] for i in range(2)]
    number = new_identity_number()
    barrier = threading.Barrier(len(actors))
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(actor) -> None:  # noqa: ANN001
        barrier.wait()
        try:
            with session_scope() as s:
                people.add_person(s, actor, "monitoring", person_data(id_number=number))
            outcome = "added"
        except employment.HeldElsewhere as refused:
            outcome = "refused:" + ("并发机构" if "并发机构" in refused.message else "?")
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["added", "refused:并发机构"]
    with session_scope() as s:
        assert len(s.exec(select(Person).where(Person.id_key == number)).all()) == 1
        assert len(s.exec(select(ActiveEmployment).where(ActiveEmployment.id_key == number)).all()) == 1


# ------------------------------------------------------------------ trainings and certificates


def test_om_trainings_are_stored_with_the_person_and_cleared_by_wu(session):
    a, actor = make_institution(session, registered_type="om")
    rows = [{"level": "国家", "organization": "中国环境保护产业协会", "content": "运维能力-废水", "cert_no": "ZL001"},
            {"level": "省级", "organization": "北京市环境保护产业协会", "content": "运维能力-废气", "cert_no": ""}]
    saved = people.add_person(session, actor, "om", person_data("om", has_training="有"), trainings=rows)
    detail = people.get_person(session, actor, saved.id)
    assert detail.values["has_training"] == "有"
    assert [(t.level, t.content) for t in detail.trainings] == [("国家", "运维能力-废水"), ("省级", "运维能力-废气")]

    with pytest.raises(ValidationFailed) as refused:
        people.update_person(session, actor, saved.id, detail.values,
                             trainings=[{"level": "乡镇", "organization": "", "content": "x"}])
    assert "第1条" in refused.value.field_errors["trainings"] and "请填写培训机构" in refused.value.field_errors["trainings"]

    with pytest.raises(ValidationFailed) as refused:
        people.update_person(session, actor, saved.id, detail.values, trainings=[], complete=True)
    assert "至少填写一条培训记录" in refused.value.field_errors["trainings"]

    people.update_person(session, actor, saved.id, {**detail.values, "has_training": "无"}, trainings=rows)
    assert session.exec(select(Training).where(Training.person_id == saved.id)).all() == []


def test_certificates_are_uploaded_checked_and_required_on_submit(session, tmp_path):
    _, actor = make_institution(session)
    _, other = make_institution(session, "乙机构")
    edu = people.save_certificate(session, actor, "monitoring", "edu_cert", PNG_BYTES, "学历证书.png")
    assert edu.name == "学历证书.png" and edu.size_text.endswith("B")
    with pytest.raises(ServiceError) as refused:
        people.save_certificate(session, actor, "monitoring", "title_cert", b"just text", "职称.pdf")
    assert "PDF、JPG、PNG" in refused.value.message

    with pytest.raises(ValidationFailed) as refused:
        people.add_person(session, actor, "monitoring", person_data(), certificates={"edu_cert": edu.attachment_id},
                          complete=True)
    assert refused.value.field_errors == {"degree_cert": "请上传学位证书", "title_cert": "请上传职称证书"}

    foreign = people.save_certificate(session, other, "monitoring", "degree_cert", PDF_BYTES, "学位.pdf")
    with pytest.raises(ValidationFailed) as refused:
        people.add_person(session, actor, "monitoring", person_data(),
                          certificates={"edu_cert": edu.attachment_id, "degree_cert": foreign.attachment_id})
    assert refused.value.field_errors == {"degree_cert": "附件无效，请重新上传"}

    degree = people.save_certificate(session, actor, "monitoring", "degree_cert", PDF_BYTES, "学位.pdf")
    title = people.save_certificate(session, actor, "monitoring", "title_cert", PDF_BYTES, "职称.pdf")
    saved = people.add_person(
        session, actor, "monitoring", person_data(),
        certificates={"edu_cert": edu.attachment_id, "degree_cert": degree.attachment_id,
                      "title_cert": title.attachment_id},
        complete=True)
    detail = people.get_person(session, actor, saved.id)
    assert {k: v.name for k, v in detail.certificates.items()} == {
        "edu_cert": "学历证书.png", "degree_cert": "学位.pdf", "title_cert": "职称.pdf"}
    # Wrong slot: an 学历证书 upload cannot stand in for a 职称证书.
    with pytest.raises(ValidationFailed):
        people.update_person(session, actor, saved.id, detail.values, certificates={"title_cert": edu.attachment_id})
    # Replacing one certificate keeps the others and is on record.
    new_title = people.save_certificate(session, actor, "monitoring", "title_cert", PNG_BYTES, "新职称.png")
    people.update_person(session, actor, saved.id, detail.values, certificates={"title_cert": new_title.attachment_id})
    person = session.get(Person, saved.id)
    assert (person.edu_cert_attachment_id, person.title_cert_attachment_id) == (edu.attachment_id,
                                                                                new_title.attachment_id)
    edit = session.exec(select(AuditLog).where(AuditLog.action == "person_edit")).one()
    assert edit.detail["changed"] == ["职称证书"]


# ------------------------------------------------------------------ permissions, versions, statuses


def test_another_institutions_person_cannot_be_read_edited_or_deleted(session):
    _, owner = make_institution(session, "甲机构")
    _, intruder = make_institution(session, "乙机构")
    saved = people.add_person(session, owner, "monitoring", person_data())
    session.commit()
    for call in (
        lambda: people.get_person(session, intruder, saved.id),
        lambda: people.update_person(session, intruder, saved.id, person_data()),
        lambda: people.delete_person(session, intruder, saved.id),
    ):
        with pytest.raises(PermissionDenied):
            call()
    denied = session.exec(select(AuditLog).where(AuditLog.result == "denied")).all()
    assert {d.action for d in denied} == {"person_view", "person_edit", "person_delete"}
    assert session.get(Person, saved.id) is not None
    with pytest.raises(NotFound):
        people.delete_person(session, owner, 999999)


def test_reviewers_and_anonymous_visitors_are_refused(session):
    _, actor = make_institution(session)
    saved = people.add_person(session, actor, "monitoring", person_data())
    reviewer = make_reviewer(session)
    for who in (reviewer, None):
        with pytest.raises(PermissionDenied):
            people.list_people(session, who, "monitoring")
        with pytest.raises(PermissionDenied):
            people.add_person(session, who, "monitoring", person_data())
        with pytest.raises(PermissionDenied):
            people.update_person(session, who, saved.id, person_data())
        with pytest.raises(PermissionDenied):
            people.delete_person(session, who, saved.id)


def test_a_save_over_a_newer_version_is_refused(session):
    _, actor = make_institution(session)
    saved = people.add_person(session, actor, "monitoring", person_data())
    detail = people.get_person(session, actor, saved.id)
    people.update_person(session, actor, saved.id, {**detail.values, "major": "环境工程"}, stamp=detail.stamp)
    with pytest.raises(StaleVersion):
        people.update_person(session, actor, saved.id, {**detail.values, "major": "化学"}, stamp=detail.stamp)
    assert session.get(Person, saved.id).major == "环境工程"


def test_a_submitted_filing_is_read_only(session):
    a, actor = make_institution(session)
    saved = people.add_person(session, actor, "monitoring", person_data())
    filing = session.exec(select(Filing)).one()
    filing.status = "submitted"
    session.add(filing)
    session.flush()
    with pytest.raises(ServiceError, match="待审查"):
        people.add_person(session, actor, "monitoring", person_data())
    with pytest.raises(ServiceError, match="不能修改"):
        people.delete_person(session, actor, saved.id)
    filing.status = "approved"
    session.add(filing)
    session.flush()
    with pytest.raises(ServiceError, match="备案变更"):
        people.update_person(session, actor, saved.id, person_data())


def test_the_other_type_cannot_be_started_before_the_first_is_published(session):
    _, actor = make_institution(session, registered_type="monitoring")
    with pytest.raises(PermissionDenied, match="运维机构"):
        people.add_person(session, actor, "om", person_data("om"))


def test_audit_rows_never_hold_a_full_identity_number(session):
    _, actor = make_institution(session)
    number = new_identity_number()
    saved = people.add_person(session, actor, "monitoring", person_data(id_number=number))
    detail = people.get_person(session, actor, saved.id)
    people.update_person(session, actor, saved.id, {**detail.values, "title": "副高"})
    people.delete_person(session, actor, saved.id)
    rows = session.exec(select(AuditLog).where(AuditLog.action.like("person_%"))).all()
    assert [r.action for r in rows] == ["person_add", "person_edit", "person_delete"]
    assert all(number not in json.dumps(r.detail, ensure_ascii=False) for r in rows)
    assert rows[1].detail["changed"] == ["职称"]
