"""Filings (one per institution and type), their parts, submissions and publications."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from filing_app.models._base import fk, json_field, text_field, utcnow


class Filing(SQLModel, table=True):
    """The working copy of one filing, edited through the five-tab wizard.

    Lists (people, equipment, sites, certificates) live in their own tables. What the
    public and the reviewers see comes from frozen snapshots (FilingSubmission,
    PublishedFiling), never from this working copy.
    """

    __tablename__ = "filing"
    __table_args__ = (sa.UniqueConstraint("institution_id", "filing_type", name="uq_filing_institution_type"),)

    id: int | None = Field(default=None, primary_key=True)
    institution_id: int = fk("institution.id")
    filing_type: str = Field(max_length=16)  # domain.enums.FilingType
    status: str = Field(default="draft", max_length=16, index=True)  # domain.enums.FilingStatus
    # Optimistic lock: every save must name the version it was based on.
    version: int = Field(default=1)
    # True while a published filing is being changed (备案变更) and not yet submitted.
    change_in_progress: bool = Field(default=False)

    # 基本信息
    inst_category: str = Field(default="", max_length=32)  # 机构类别
    org_name: str = Field(default="", max_length=200)  # 组织名称
    independent_legal_person: bool | None = Field(default=None)  # 是否独立法人
    cma_first_date: date | None = Field(default=None)  # 首次获得资质认定时间 (monitoring only)
    nature: str = Field(default="", max_length=32)  # 机构性质
    categories: list[str] = json_field()  # 监测类别 / 运维类别
    other_category: str = Field(default="", max_length=200)  # 其他运维类别 (when 其他 is chosen)
    legal_rep: str = Field(default="", max_length=50)  # 法定代表人
    legal_rep_phone: str = Field(default="", max_length=11)  # 法定代表人联系方式(手机)
    reg_province_code: str = Field(default="", max_length=6)
    reg_city_code: str = Field(default="", max_length=6)
    reg_address: str = Field(default="", max_length=300)

    # 技术能力 (monitoring)
    cma_cert_no: str = Field(default="", max_length=64)
    cma_valid_from: date | None = Field(default=None)
    cma_valid_to: date | None = Field(default=None)
    cma_cert_attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    cma_annex_attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    has_cnas: bool | None = Field(default=None)
    cnas_cert_no: str = Field(default="", max_length=64)
    cnas_valid_from: date | None = Field(default=None)
    cnas_valid_to: date | None = Field(default=None)
    cnas_attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    has_other_certs: bool | None = Field(default=None)

    # 管理能力: 质量手册 (monitoring) / 质量管理制度手册 (om)
    quality_manual_attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    has_mgmt_certs: bool | None = Field(default=None)  # 管理体系认证 (om)

    # 书面承诺 (条例 Art. 28): the signed and stamped commitment letter
    commitment_attachment_id: int | None = fk("attachment.id", nullable=True, index=False)

    # Which tabs passed validation with 下一步 (keys: basic, people, capability, equipment, management).
    completed_tabs: list[str] = json_field()

    return_reason: str = text_field()
    first_submitted_at: datetime | None = Field(default=None)
    submitted_at: datetime | None = Field(default=None)
    published_at: datetime | None = Field(default=None)  # 备案公开时间 (first publication)
    cancelled_at: datetime | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: int | None = Field(default=None)


class BranchSite(SQLModel, table=True):
    """分场所: another site of the institution."""

    __tablename__ = "branch_site"

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = fk("filing.id", ondelete="CASCADE")
    province_code: str = Field(max_length=6)
    city_code: str = Field(max_length=6)
    address: str = Field(max_length=300)
    area_m2: float | None = Field(default=None)
    proof_attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    created_at: datetime = Field(default_factory=utcnow)


class Certificate(SQLModel, table=True):
    """Certificate-like rows of a filing, told apart by kind.

    - other:        其他认证认可资质 (monitoring): cert_type, cert_no, valid_from/to; no upload
    - om_capability: 运维服务能力 (om): capability, has_cert; when has_cert: cert_no, valid_from/to,
                     issuer, approval_no, attachment
    - mgmt_system:  管理体系认证 (om): cert_type (QMS/EMS/OHSMS/其他), cert_no, optional attachment
    """

    __tablename__ = "certificate"
    __table_args__ = (sa.Index("ix_certificate_filing_kind", "filing_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = fk("filing.id", ondelete="CASCADE", index=False)
    kind: str = Field(max_length=16)
    cert_type: str = Field(default="", max_length=64)
    capability: str = Field(default="", max_length=64)
    has_cert: bool | None = Field(default=None)
    cert_no: str = Field(default="", max_length=64)
    valid_from: date | None = Field(default=None)
    valid_to: date | None = Field(default=None)
    issuer: str = Field(default="", max_length=200)
    approval_no: str = Field(default="", max_length=64)
    attachment_id: int | None = fk("attachment.id", nullable=True, index=False)
    created_at: datetime = Field(default_factory=utcnow)


class FilingSubmission(SQLModel, table=True):
    """One submission for review, with the frozen snapshot of the whole filing.

    kind: initial (首次备案), add_type (新增备案类型), change (备案变更 with key fields),
          minor_change (备案变更 without key fields: published at once, no review)
    status: pending (审查中 once opened_at is set) -> approved | returned; a superseded pending one is
            never left behind.
    """

    __tablename__ = "filing_submission"
    __table_args__ = (
        sa.Index("ix_submission_queue", "province_code", "status", "submitted_at"),
        sa.Index("ix_submission_filing", "filing_id", "submitted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = fk("filing.id", index=False)
    institution_id: int = fk("institution.id")
    province_code: str = Field(max_length=6)
    filing_type: str = Field(max_length=16)
    kind: str = Field(max_length=16)
    status: str = Field(default="pending", max_length=16)
    snapshot: dict[str, Any] = json_field(default_factory=dict)
    # For changes: the field-level differences against the published version.
    changes: list[dict[str, Any]] = json_field()
    submitted_at: datetime = Field(default_factory=utcnow)
    submitted_by: int | None = fk("account.id", nullable=True, index=False)
    # The first time a reviewer opened it (审查中 for the institution and the other reviewers).
    opened_at: datetime | None = Field(default=None)
    opened_by: int | None = fk("account.id", nullable=True, index=False)
    decided_at: datetime | None = Field(default=None)
    decided_by: int | None = fk("account.id", nullable=True, index=False)
    decision_reason: str = text_field()
    # Optimistic lock for two reviewers deciding at once.
    version: int = Field(default=1)


class PublishedFiling(SQLModel, table=True):
    """The public registry row of a filing: its last approved snapshot.

    Searchable columns are copied out of the snapshot so the registry is a plain
    indexed query; `public` holds what the detail page shows (no personal data).
    """

    __tablename__ = "published_filing"
    # The registry's orders end with id so that PostgreSQL, too, pages from the index alone.
    __table_args__ = (
        sa.Index("ix_published_type_province_date", "filing_type", "province_code", "published_at", "id"),
        sa.Index("ix_published_type_city", "filing_type", "city_code", "published_at", "id"),
        sa.Index("ix_published_type_date", "filing_type", "published_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    filing_id: int = fk("filing.id", index=False)
    institution_id: int = fk("institution.id")
    submission_id: int | None = fk("filing_submission.id", nullable=True, index=False)
    filing_type: str = Field(max_length=16)
    province_code: str = Field(max_length=6)
    city_code: str = Field(default="", max_length=6)
    org_name: str = Field(max_length=200)
    credit_code: str = Field(max_length=18, index=True)
    reg_address: str = Field(default="", max_length=400)
    inst_category: str = Field(default="", max_length=32)
    published_at: datetime  # 备案公开时间
    updated_at: datetime = Field(default_factory=utcnow)
    # Public documents: 资质能力 (certificate and annex) and 承诺书.
    qualification_attachment_ids: list[int] = json_field()
    commitment_attachment_id: int | None = Field(default=None)
    public: dict[str, Any] = json_field(default_factory=dict)

    __table_args__ = __table_args__ + (sa.UniqueConstraint("filing_id", name="uq_published_filing"),)
