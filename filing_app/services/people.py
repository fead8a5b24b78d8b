"""技术人员 of a filing (§3.1.1.2, §3.1.2.2): the paged list, the person dialog, trainings,
certificates, and the one-person-one-institution rule.

Identity numbers are masked in every list row and audit detail; the full number goes
out only in `get_person`, the edit dialog of the institution that filed the person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from filing_app.domain import enums
from filing_app.domain.clock import utcnow
from filing_app.domain.enums import FilingType
from filing_app.domain.records import (
    CERTIFICATE_KEYS,
    PERSON_CERTIFICATES,
    PERSON_FIELDS,
    check_person,
    check_training,
    missing_certificates,
)
from filing_app.domain.validators import check_identity, mask_id_number
from filing_app.models import ActiveEmployment, Attachment, Filing, Person, Training
from filing_app.services import audit, employment, storage
from filing_app.services.actor import Actor
from filing_app.services.errors import NotFound, StaleVersion, ValidationFailed
from filing_app.services.filing_access import (
    PAGE_SIZE,
    choice_filter,
    editable_filing,
    filing_row,
    find_filing,
    list_page,
    name_filter,
    require_editable,
    stamp_of,
)
from filing_app.services.tab_checks import HELD_ELSEWHERE, NOT_HELD, holder_problem

MAX_TRAININGS = 50
MULTI_JOIN = "，"
# The list's short flag of a 在职 person this institution does not hold (tab_checks.holder_problem).
FLAGS = {HELD_ELSEWHERE: "其他机构在职", NOT_HELD: "在职未确认"}

_SLOT_COLUMNS = {slot.key: slot.column for slot in PERSON_CERTIFICATES}
_FIELD_LABELS = {spec.key: spec.label for spec in PERSON_FIELDS}
_CERT_LABELS = {slot.key: slot.label for slot in PERSON_CERTIFICATES}


# ------------------------------------------------------------------ DTOs


@dataclass(frozen=True)
class PersonRow:
    """One line of the 技术人员 table (identity number masked)."""

    id: int
    seq: int
    name: str
    gender: str
    id_masked: str
    education: str
    duties: str
    posts: str
    title: str
    status: str
    # "" or why the person is not 在职 here in the one-person register (after 重新备案:
    # 在职 at another institution); the row is flagged and 下一步 / 备案提交 list it.
    flag: str = ""


_ROW_KEYS = ("name", "gender", "id_number", "education", "duties", "posts", "title", "status")


def person_row(row_id: int, seq: int, values: Mapping[str, Any]) -> PersonRow:
    """A table row from a person's values (a database row or a submission snapshot's record):
    the identity number masked, multiple choices joined."""
    return PersonRow(id=int(row_id), seq=seq, name=values.get("name") or "", gender=values.get("gender") or "",
                     id_masked=mask_id_number(values.get("id_number") or ""),
                     education=values.get("education") or "", duties=MULTI_JOIN.join(values.get("duties") or []),
                     posts=MULTI_JOIN.join(values.get("posts") or []), title=values.get("title") or "",
                     status=values.get("status") or "")


@dataclass(frozen=True)
class PersonPage:
    rows: list[PersonRow]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class TrainingRow:
    level: str
    organization: str
    content: str
    cert_no: str


@dataclass(frozen=True)
class CertificateFile:
    slot: str
    attachment_id: int
    name: str
    size_text: str


@dataclass(frozen=True)
class PersonDetail:
    """What the edit dialog of the owning institution shows (full identity number)."""

    id: int
    stamp: str
    filing_type: str
    values: dict[str, Any]  # form values as strings / lists of strings
    certificates: dict[str, CertificateFile]
    trainings: list[TrainingRow] = field(default_factory=list)


@dataclass(frozen=True)
class PersonSaved:
    id: int
    stamp: str
    name: str
    id_masked: str


# ------------------------------------------------------------------ helpers


def _owned_person(session: Session, actor: Actor, person_id: Any, action: str) -> tuple[Person, Filing]:
    return filing_row(session, actor, Person, person_id, action, object_type="person",
                      missing="人员不存在或已被删除", denied="无权查看或修改其他机构的人员信息")


def _check_certificates(session: Session, actor: Actor, certificates: Mapping[str, Any]) -> dict[str, int | None]:
    """Attachment ids named for certificate slots must be this institution's uploads for that slot."""
    cleaned: dict[str, int | None] = {}
    errors: dict[str, str] = {}
    for slot, value in certificates.items():
        if slot not in _SLOT_COLUMNS:
            continue
        if value in (None, "", 0):
            cleaned[slot] = None
            continue
        try:
            attachment = session.get(Attachment, int(value))
        except (TypeError, ValueError):
            attachment = None
        if attachment is None or attachment.institution_id != actor.institution_id or attachment.purpose != slot:
            errors[slot] = "附件无效，请重新上传"
            continue
        cleaned[slot] = attachment.id
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _check_trainings(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    if len(rows) > MAX_TRAININGS:
        raise ValidationFailed({"trainings": f"培训记录最多{MAX_TRAININGS}条"})
    cleaned, problems = [], []
    for index, row in enumerate(rows, start=1):
        checked = check_training(row)
        if checked.errors:
            problems.append(f"第{index}条：{'；'.join(checked.errors.values())}")
        cleaned.append(checked.values)
    if problems:
        raise ValidationFailed({"trainings": "培训记录" + "，".join(problems)})
    return cleaned


def _validate(
    session: Session,
    actor: Actor,
    filing: Filing,
    data: Mapping[str, Any],
    certificates: Mapping[str, Any] | None,
    current: dict[str, int | None],
    trainings: Sequence[Mapping[str, Any]] | None,
    complete: bool,
) -> tuple[dict[str, Any], dict[str, int | None], list[dict[str, Any]] | None]:
    """Every error at once: fields, trainings, and with `complete` (the dialog's 提交) the
    certificates the record needs and, for O&M people with 外部培训 有, a training."""
    form = {k: v for k, v in data.items() if k != "gender"}  # the gender follows from the number
    checked = check_person(form, filing.filing_type)
    errors = dict(checked.errors)
    certs = dict(current)
    try:
        if certificates is not None:
            certs.update(_check_certificates(session, actor, certificates))
    except ValidationFailed as exc:
        errors.update(exc.field_errors)
    values = checked.values
    if complete and "status" not in errors:
        present = {slot for slot, value in certs.items() if value}
        for slot, message in missing_certificates(values.get("status", ""), values.get("degree", ""),
                                                  values.get("title", ""), present).items():
            errors.setdefault(slot, message)
    cleaned_trainings: list[dict[str, Any]] | None = []  # 外部培训 无: no trainings
    if values.get("has_training"):
        cleaned_trainings = None  # not given: keep what is stored
        if trainings is not None:
            try:
                cleaned_trainings = _check_trainings(trainings)
            except ValidationFailed as exc:
                errors.update(exc.field_errors)
            if complete and filing.filing_type == FilingType.OM and not trainings:
                errors.setdefault("trainings", "人员能力(外部培训)为“有”，请至少填写一条培训记录")
    if errors:
        raise ValidationFailed(errors)
    return values, certs, cleaned_trainings


def _same_filing_person(session: Session, filing_id: int, id_key: str, exclude_id: int | None = None) -> Person | None:
    query = select(Person).where(Person.filing_id == filing_id, Person.id_key == id_key)
    if exclude_id is not None:
        query = query.where(Person.id != exclude_id)
    return session.exec(query.limit(1)).first()


def _already_listed(id_number: str, name: str) -> ValidationFailed:
    return ValidationFailed(
        {"id_number": f"该人员已在本备案的技术人员名单中（{name}，{mask_id_number(id_number)}），"
                      "请在列表中找到该人员后点击“编辑”修改"},
        "该人员已在技术人员名单中，不能重复新增",
    )


def _claim_or_refuse(session: Session, actor: Actor, action: str, values: dict[str, Any],
                     object_id: int | None) -> None:
    try:
        employment.claim(session, actor.institution_id, values["id_key"], values["id_number"])
    except employment.HeldElsewhere as exc:
        audit.record(session, actor, action, object_type="person", object_id=object_id, result="refused",
                     detail={"id_number": mask_id_number(values["id_number"]), "reason": "held_elsewhere"})
        audit.refuse(session, exc)


def _apply(person: Person, values: dict[str, Any], certs: dict[str, int | None]) -> None:
    for key in ("name", "id_type", "id_number", "id_key", "gender", "education", "degree", "major", "hire_date",
                "labor_relation", "title", "posts", "status", "leave_date", "has_training"):
        setattr(person, key, values.get(key))
    person.duties = values.get("duties", []) if "duties" in values else []
    person.gender = values.get("gender") or ""
    for slot, column in _SLOT_COLUMNS.items():
        setattr(person, column, certs.get(slot))
    person.updated_at = utcnow()


def _replace_trainings(session: Session, person_id: int, rows: list[dict[str, Any]]) -> None:
    for old in session.exec(select(Training).where(Training.person_id == person_id)).all():
        session.delete(old)
    for row in rows:
        session.add(Training(person_id=person_id, level=row["level"], organization=row["organization"],
                             content=row["content"], cert_no=row.get("cert_no") or ""))


def _summary(person: Person) -> dict[str, Any]:
    return {"name": person.name, "id_number": mask_id_number(person.id_number), "status": person.status}


# ------------------------------------------------------------------ list


def list_people(
    session: Session,
    actor: Actor,
    filing_type: str,
    *,
    name: str = "",
    status: str = "",
    page: Any = 1,
    page_size: Any = PAGE_SIZE,
) -> PersonPage:
    """One page of the filing's people, filtered by 姓名 (contains) and 人员状态, in SQL."""
    filing = find_filing(session, actor, filing_type)
    if filing is None:
        return PersonPage([], 0, 1, PAGE_SIZE)
    conditions = [Person.filing_id == filing.id, *name_filter(Person.name, name, 50),
                  *choice_filter(Person.status, "person_statuses", status)]
    columns = (Person.id, *(getattr(Person, key) for key in _ROW_KEYS), ActiveEmployment.institution_id)
    result, total, bounds = list_page(session, Person, conditions, columns, page, page_size,
                                      outerjoin=(ActiveEmployment, ActiveEmployment.id_key == Person.id_key))
    rows = []
    for i, r in enumerate(result, start=1):
        values = dict(zip(_ROW_KEYS, r[1:-1], strict=True))
        row = person_row(r[0], bounds.offset + i, values)
        flag = FLAGS.get(holder_problem(filing, values["status"], r[-1]), "")
        rows.append(dataclasses.replace(row, flag=flag) if flag else row)
    return PersonPage(rows, total, bounds.page, bounds.size)


# ------------------------------------------------------------------ one person


def get_person(session: Session, actor: Actor, person_id: Any) -> PersonDetail:
    person, filing = _owned_person(session, actor, person_id, "person_view")
    certificates: dict[str, CertificateFile] = {}
    ids = {slot: getattr(person, column) for slot, column in _SLOT_COLUMNS.items() if getattr(person, column)}
    if ids:
        found = {a.id: a for a in session.exec(select(Attachment).where(Attachment.id.in_(list(ids.values()))))}
        for slot, attachment_id in ids.items():
            attachment = found.get(attachment_id)
            if attachment is not None:
                certificates[slot] = CertificateFile(slot, attachment.id, attachment.original_name,
                                                     storage.human_size(attachment.size))
    trainings = [
        TrainingRow(t.level, t.organization, t.content, t.cert_no)
        for t in session.exec(select(Training).where(Training.person_id == person.id).order_by(Training.id))
    ]
    values = {
        "id_type": person.id_type,
        "id_number": person.id_number,
        "name": person.name,
        "gender": person.gender,
        "education": person.education,
        "degree": person.degree,
        "major": person.major,
        "hire_date": _iso(person.hire_date),
        "labor_relation": person.labor_relation,
        "duties": list(person.duties or []),
        "title": person.title,
        "posts": list(person.posts or []),
        "status": person.status,
        "leave_date": _iso(person.leave_date),
        "has_training": "有" if person.has_training else "无",
    }
    return PersonDetail(person.id, stamp_of(person.updated_at), filing.filing_type, values,
                        certificates, trainings)


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def gender_of(id_type: str, id_number: str) -> str:
    """性别 as the dialog shows it once the number is typed ("" while the number is not valid)."""
    result = check_identity(id_type or enums.ID_TYPE_RESIDENT, id_number)
    return (result.gender or "") if result.ok else ""


def add_person(
    session: Session,
    actor: Actor,
    filing_type: str,
    data: Mapping[str, Any],
    *,
    certificates: Mapping[str, Any] | None = None,
    trainings: Sequence[Mapping[str, Any]] | None = None,
    complete: bool = False,
) -> PersonSaved:
    """新增 a person. A person 在职 at another institution is refused (HeldElsewhere, audited);
    a person already in this filing is refused with the advice to edit them instead."""
    filing = editable_filing(session, actor, filing_type)
    values, certs, cleaned_trainings = _validate(
        session, actor, filing, data, certificates, {}, trainings, complete)
    existing = _same_filing_person(session, filing.id, values["id_key"])
    if existing is not None:
        raise _already_listed(values["id_number"], existing.name)
    if values["status"] == enums.PERSON_STATUS_ACTIVE:
        _claim_or_refuse(session, actor, "person_add", values, None)
    person = Person(filing_id=filing.id, institution_id=actor.institution_id)
    _apply(person, values, certs)
    person.created_at = person.updated_at
    try:
        with session.begin_nested():
            session.add(person)
            session.flush()
    except IntegrityError:
        # The same person added to this filing at the same instant (two tabs).
        raise _already_listed(values["id_number"], values["name"]) from None
    if cleaned_trainings:
        _replace_trainings(session, person.id, cleaned_trainings)
    audit.record(session, actor, "person_add", object_type="person", object_id=person.id,
                 detail={"filing_type": filing.filing_type, **_summary(person),
                         "trainings": len(cleaned_trainings or [])})
    session.flush()
    return PersonSaved(person.id, stamp_of(person.updated_at), person.name, mask_id_number(person.id_number))


def update_person(
    session: Session,
    actor: Actor,
    person_id: Any,
    data: Mapping[str, Any],
    *,
    certificates: Mapping[str, Any] | None = None,
    trainings: Sequence[Mapping[str, Any]] | None = None,
    stamp: str | None = None,
    complete: bool = False,
) -> PersonSaved:
    """编辑 a person. Status changes claim or release the person (在职 -> 离职 needs 离职时间);
    `stamp` (from get_person) refuses a save over someone else's newer one."""
    person, filing = _owned_person(session, actor, person_id, "person_edit")
    require_editable(filing)
    if stamp is not None and stamp != stamp_of(person.updated_at):
        raise StaleVersion("该人员信息已被他人修改，请关闭对话框重新打开后再编辑，您填写的内容仍保留在表单中")
    current = {slot: getattr(person, column) for slot, column in _SLOT_COLUMNS.items()}
    values, certs, cleaned_trainings = _validate(
        session, actor, filing, data, certificates, current, trainings, complete)
    if values["id_key"] != person.id_key:
        existing = _same_filing_person(session, filing.id, values["id_key"], exclude_id=person.id)
        if existing is not None:
            raise _already_listed(values["id_number"], existing.name)
    was_active, old_key = person.status == enums.PERSON_STATUS_ACTIVE, person.id_key
    now_active = values["status"] == enums.PERSON_STATUS_ACTIVE
    # Also a person still 在职 here but not held (flagged after 重新备案): saving claims them again.
    if now_active and (not was_active or values["id_key"] != old_key
                       or employment.holder_of(session, old_key) != actor.institution_id):
        _claim_or_refuse(session, actor, "person_edit", values, person.id)
    before = {k: getattr(person, k) for k in ("name", "id_number", "status", "leave_date", "education", "degree",
                                              "major", "hire_date", "labor_relation", "duties", "title", "posts",
                                              "has_training")}
    _apply(person, values, certs)
    session.add(person)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise _already_listed(values["id_number"], values["name"]) from None
    if cleaned_trainings is not None:
        _replace_trainings(session, person.id, cleaned_trainings)
    if was_active and (not now_active or values["id_key"] != old_key):
        employment.release_if_unused(session, actor.institution_id, old_key)
    changed = [_FIELD_LABELS.get(k, k) for k, v in before.items() if getattr(person, k) != v]
    changed += [_CERT_LABELS[slot] for slot in CERTIFICATE_KEYS if current.get(slot) != certs.get(slot)]
    detail = {"filing_type": filing.filing_type, **_summary(person), "changed": changed}
    if before["status"] != person.status:
        detail["status_from"] = before["status"]
    audit.record(session, actor, "person_edit", object_type="person", object_id=person.id, detail=detail)
    session.flush()
    return PersonSaved(person.id, stamp_of(person.updated_at), person.name, mask_id_number(person.id_number))


def delete_person(session: Session, actor: Actor, person_id: Any) -> None:
    """删除 a person from the filing; the institution lets them go unless its other filing lists them 在职."""
    person, filing = _owned_person(session, actor, person_id, "person_delete")
    require_editable(filing)
    summary, key = _summary(person), person.id_key
    for training in session.exec(select(Training).where(Training.person_id == person.id)).all():
        session.delete(training)
    session.delete(person)
    session.flush()
    employment.release_if_unused(session, actor.institution_id, key)
    audit.record(session, actor, "person_delete", object_type="person", object_id=person.id,
                 detail={"filing_type": filing.filing_type, **summary})


# ------------------------------------------------------------------ certificates


def save_certificate(session: Session, actor: Actor, filing_type: str, slot: str, data: bytes,
                     original_name: str) -> CertificateFile:
    """Store an uploaded 学历证书/学位证书/职称证书 (PDF, JPG, PNG by content) for a person dialog;
    the dialog's save links it to the person."""
    if slot not in _SLOT_COLUMNS:
        raise NotFound("附件类型不存在")
    editable_filing(session, actor, filing_type)
    attachment = storage.save_upload(session, actor, data, original_name, slot, institution_id=actor.institution_id)
    return CertificateFile(slot, attachment.id, attachment.original_name, storage.human_size(attachment.size))


__all__ = [
    "CertificateFile",
    "PersonDetail",
    "PersonPage",
    "PersonRow",
    "PersonSaved",
    "TrainingRow",
    "add_person",
    "delete_person",
    "gender_of",
    "get_person",
    "person_row",
    "list_people",
    "save_certificate",
    "stamp_of",
    "update_person",
]
