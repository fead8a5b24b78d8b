"""Technical staff, their trainings, the one-person-one-institution register and
duplicate-person reports."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from filing_app.models._base import fk, json_field, text_field, utcnow


class Person(SQLModel, table=True):
    """技术人员 of one filing. The full identity number stays in the database."""

    __tablename__ = "person"
    __table_args__ = (
        sa.UniqueConstraint("filing_id", "id_key", name="uq_person_filing_identity"),
        sa.Index("ix_person_filing_status", "filing_id", "status"),
        sa.Index("ix_person_filing_name", "filing_id", "name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = fk("filing.id", ondelete="CASCADE", index=False)
    institution_id: int = fk("institution.id")
    id_type: str = Field(max_length=16)  # 证件类型
    id_number: str = Field(max_length=18)  # 证件号码 (full; masked everywhere it is shown)
    id_key: str = Field(max_length=32, index=True)  # normalised identity key
    name: str = Field(max_length=50)
    gender: str = Field(default="", max_length=2)
    education: str = Field(default="", max_length=16)  # 学历
    degree: str = Field(default="", max_length=16)  # 学位
    major: str = Field(default="", max_length=100)  # 所学专业
    hire_date: date | None = Field(default=None)  # 入职时间
    labor_relation: str = Field(default="", max_length=16)  # 劳动关系
    duties: list[str] = json_field()  # 职务 (monitoring)
    title: str = Field(default="", max_length=16)  # 职称
    posts: list[str] = json_field()  # 监测岗位 / 运维岗位
    edu_cert_attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    degree_cert_attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    title_cert_attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    status: str = Field(default="在职", max_length=16)  # 人员状态
    leave_date: date | None = Field(default=None)  # 离职时间
    has_training: bool | None = Field(default=None)  # 人员能力(外部培训)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Training(SQLModel, table=True):
    """外部培训 of an O&M person."""

    __tablename__ = "training"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = fk("person.id", ondelete="CASCADE")
    level: str = Field(max_length=16)  # 培训层级
    organization: str = Field(max_length=200)  # 培训机构
    content: str = Field(max_length=300)  # 培训内容
    cert_no: str = Field(default="", max_length=64)  # 培训证书编号


class ActiveEmployment(SQLModel, table=True):
    """Who holds a person: one row per identity that is 在职 somewhere.

    The unique id_key makes "one person, one institution" a database rule, so two
    institutions adding the same person at the same instant cannot both succeed. The
    same institution may list the person in both of its filings (one row here).
    """

    __tablename__ = "active_employment"

    id: int | None = Field(default=None, primary_key=True)
    id_key: str = Field(max_length=32, sa_column_kwargs={"unique": True})
    institution_id: int = fk("institution.id")
    since: datetime = Field(default_factory=utcnow)


class DuplicatePersonReport(SQLModel, table=True):
    """重复人员信息报备: a new institution reports a person its previous one did not release."""

    __tablename__ = "duplicate_person_report"
    __table_args__ = (sa.Index("ix_dup_report_queue", "province_code", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    institution_id: int = fk("institution.id")  # the reporting (new) institution
    filing_id: int | None = fk("filing.id", nullable=True, index=False)
    province_code: str = Field(max_length=6)  # reviewed by the reporter's province
    id_type: str = Field(default="居民身份证", max_length=16)
    id_number: str = Field(max_length=18)
    id_key: str = Field(max_length=32, index=True)
    name: str = Field(default="", max_length=50)
    gender: str = Field(default="", max_length=2)
    previous_leave_date: date  # 原单位离职时间
    statement_attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    holder_institution_id: int | None = fk("institution.id", nullable=True, index=False)
    status: str = Field(default="pending", max_length=16)  # pending / accepted / rejected
    created_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None)
    decided_at: datetime | None = Field(default=None)
    decided_by: int | None = Field(default=None)
    decision_reason: str = text_field()
    version: int = Field(default=1)
