"""Publication: the public registry row of a filing, made from an approved snapshot.

The registry reads published_filing and its name index only. One invariant keeps it
honest: the row of a filing always holds the public projection of the filing's latest
approved submission (kinds initial, add_type, change, minor_change), so
`current_submission` is also "the published version" a change is compared with.

Every write goes through services/registry.py (`upsert_published`, `remove_published`),
the one writer of published rows, so the name index and its character counts follow
every approval, immediate minor change, key change and cancellation.

备案公开时间 (published_at) is the time the filing first became public, and a change
does not move it: the public reads it as "on file since". A filing that is cancelled
leaves the registry; if it is filed again and approved, its new life starts a new
备案公开时间. The time of the latest publication is kept in updated_at.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from filing_app.domain.review import ReviewStatus
from filing_app.models import Filing, FilingSubmission, PublishedFiling
from filing_app.services import registry, snapshots


def publish(session: Session, filing: Filing, submission: FilingSubmission, published_at: datetime) -> PublishedFiling:
    """Insert or replace the registry row of `filing` from `submission`'s snapshot (already
    approved), with its name index."""
    projection = snapshots.public_projection(submission.snapshot)
    existing = session.exec(select(PublishedFiling).where(PublishedFiling.filing_id == filing.id)).first()
    first_public = existing.published_at if existing is not None else published_at
    row = registry.upsert_published(
        session,
        filing_id=filing.id,
        institution_id=filing.institution_id,
        submission_id=submission.id,
        filing_type=filing.filing_type,
        province_code=projection["province_code"],
        city_code=projection["city_code"],
        org_name=projection["org_name"],
        credit_code=projection["credit_code"],
        reg_address=projection["reg_address"],
        inst_category=projection["inst_category"],
        published_at=first_public,
        qualification_attachment_ids=projection["qualification_attachment_ids"],
        commitment_attachment_id=projection["commitment_attachment_id"],
        public=projection["public"],
    )
    row.updated_at = published_at
    session.add(row)
    filing.published_at = first_public
    session.add(filing)
    session.flush()
    return row


def unpublish(session: Session, filing: Filing) -> bool:
    """Take the filing out of the registry with its name index; True when it was there."""
    return registry.remove_published(session, filing.id)


def current_submission(session: Session, filing_id: int, before_id: int | None = None) -> FilingSubmission | None:
    """The latest approved submission of a filing (optionally: approved before submission `before_id`)."""
    query = select(FilingSubmission).where(
        FilingSubmission.filing_id == filing_id, FilingSubmission.status == ReviewStatus.APPROVED
    )
    if before_id is not None:
        query = query.where(FilingSubmission.id < before_id)
    return session.exec(query.order_by(FilingSubmission.id.desc()).limit(1)).first()
