"""Frozen snapshots of a whole filing, and the public projection of one.

A snapshot is plain JSON (dates as ISO strings) taken at submission. Reviewers read the
submitted snapshot; the registry reads the public projection of the approved one, so
an edit in progress or a pending change never leaks.

Shape:
    {"version": 1, "filing_type", "institution": {...}, "filing": {Filing fields},
     "branch_sites": [...], "people": [{..., "trainings": [...]}], "equipment": [...],
     "certificates": [...], "attachments": {id: {"name", "size", "content_type"}}}
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from filing_app.domain import regions
from filing_app.domain.enums import FilingType
from filing_app.models import Attachment, BranchSite, Certificate, Equipment, Filing, Institution, Person, Training

SNAPSHOT_VERSION = 1

# Working-copy bookkeeping that is not part of what was filed.
_FILING_INTERNAL = {
    "version", "change_in_progress", "completed_tabs", "return_reason", "created_at", "updated_at", "updated_by",
    "first_submitted_at", "submitted_at", "published_at", "cancelled_at", "status",
}
_ROW_INTERNAL = {"created_at", "updated_at", "filing_id", "institution_id"}


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _row(model: Any, drop: set[str]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in model.model_dump().items() if k not in drop}


def _attachment_ids(filing: dict, rows: list[dict]) -> set[int]:
    ids = {v for k, v in filing.items() if k.endswith("attachment_id") and v}
    for row in rows:
        ids.update(v for k, v in row.items() if k.endswith("attachment_id") and v)
    return ids


def build_snapshot(session: Session, filing: Filing) -> dict[str, Any]:
    institution = session.get(Institution, filing.institution_id)
    sites = session.exec(select(BranchSite).where(BranchSite.filing_id == filing.id).order_by(BranchSite.id)).all()
    people = session.exec(select(Person).where(Person.filing_id == filing.id).order_by(Person.id)).all()
    trainings: dict[int, list[dict]] = {}
    if people:
        for t in session.exec(
            select(Training).join(Person, Person.id == Training.person_id).where(Person.filing_id == filing.id)
            .order_by(Training.id)
        ):
            trainings.setdefault(t.person_id, []).append(_row(t, {"person_id"}))
    equipment = session.exec(select(Equipment).where(Equipment.filing_id == filing.id).order_by(Equipment.id)).all()
    certificates = session.exec(
        select(Certificate).where(Certificate.filing_id == filing.id).order_by(Certificate.id)
    ).all()

    filing_data = _row(filing, _FILING_INTERNAL)
    site_rows = [_row(s, _ROW_INTERNAL) for s in sites]
    person_rows = [{**_row(p, _ROW_INTERNAL), "trainings": trainings.get(p.id, [])} for p in people]
    equipment_rows = [_row(e, _ROW_INTERNAL) for e in equipment]
    cert_rows = [_row(c, _ROW_INTERNAL) for c in certificates]
    ids = _attachment_ids(filing_data, site_rows + person_rows + cert_rows)
    attachments = {}
    if ids:
        for a in session.exec(select(Attachment).where(Attachment.id.in_(ids))):
            attachments[str(a.id)] = {"name": a.original_name, "size": a.size, "content_type": a.content_type}
    return {
        "version": SNAPSHOT_VERSION,
        "filing_type": filing.filing_type,
        "institution": {
            "id": institution.id,
            "credit_code": institution.credit_code,
            "name": institution.name,
            "province_code": institution.province_code,
        },
        "filing": filing_data,
        "branch_sites": site_rows,
        "people": person_rows,
        "equipment": equipment_rows,
        "certificates": cert_rows,
        "attachments": attachments,
    }


def public_projection(snapshot: dict[str, Any]) -> dict[str, Any]:
    """What the regulation makes public: basic information and business scope, no personal data.

    Returns the searchable columns of PublishedFiling plus its `public` dict:
    {"org_name", "credit_code", "province_code", "city_code", "reg_address", "inst_category",
     "qualification_attachment_ids", "commitment_attachment_id", "public": {...}}.
    """
    f = snapshot["filing"]
    inst = snapshot["institution"]
    filing_type = snapshot["filing_type"]
    province = f.get("reg_province_code") or inst["province_code"]
    address = regions.full_address(province, f.get("reg_city_code"), f.get("reg_address") or "")
    certs = snapshot.get("certificates", [])
    public: dict[str, Any] = {
        "org_name": f.get("org_name") or inst["name"],
        "credit_code": inst["credit_code"],
        "filing_type": filing_type,
        "inst_category": f.get("inst_category", ""),
        "nature": f.get("nature", ""),
        "independent_legal_person": f.get("independent_legal_person"),
        "legal_rep": f.get("legal_rep", ""),
        "reg_address": address,
        "province_code": province,
        "city_code": f.get("reg_city_code", ""),
        "categories": list(f.get("categories") or []),
        "other_category": f.get("other_category", ""),
        "branch_sites": [
            {"province_code": s["province_code"], "city_code": s["city_code"], "address": s["address"]}
            for s in snapshot.get("branch_sites", [])
        ],
        "people_count": sum(1 for p in snapshot.get("people", []) if p.get("status") == "在职"),
        "equipment_count": len(snapshot.get("equipment", [])),
    }
    if filing_type == FilingType.MONITORING:
        public.update(
            cma_cert_no=f.get("cma_cert_no", ""),
            cma_valid_from=f.get("cma_valid_from"),
            cma_valid_to=f.get("cma_valid_to"),
            has_cnas=f.get("has_cnas"),
            cnas_cert_no=f.get("cnas_cert_no", "") if f.get("has_cnas") else "",
            cnas_valid_to=f.get("cnas_valid_to") if f.get("has_cnas") else None,
            other_certs=[
                {k: c.get(k) for k in ("cert_type", "cert_no", "valid_from", "valid_to")}
                for c in certs if c["kind"] == "other"
            ],
        )
        qualification = [i for i in (f.get("cma_cert_attachment_id"), f.get("cma_annex_attachment_id")) if i]
    else:
        capability_rows = [c for c in certs if c["kind"] == "om_capability"]
        public.update(
            om_capabilities=[
                {k: c.get(k) for k in ("capability", "has_cert", "cert_no", "valid_to", "issuer")}
                for c in capability_rows
            ],
            mgmt_certs=[{k: c.get(k) for k in ("cert_type", "cert_no")} for c in certs if c["kind"] == "mgmt_system"],
        )
        qualification = [c["attachment_id"] for c in capability_rows if c.get("has_cert") and c.get("attachment_id")]
    return {
        "org_name": public["org_name"],
        "credit_code": inst["credit_code"],
        "province_code": province,
        "city_code": f.get("reg_city_code", ""),
        "reg_address": address,
        "inst_category": public["inst_category"],
        "qualification_attachment_ids": qualification,
        "commitment_attachment_id": f.get("commitment_attachment_id"),
        "public": public,
    }
