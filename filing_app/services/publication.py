"""Publication: the public registry row of a filing, made from an approved snapshot.

The registry reads published_filing only. One invariant keeps it honest: the row of a
filing always holds the public projection of the filing's latest approved submission
(kinds initial, add_type, change, minor_change), so `current_submission` is also "the
published version" a change is compared with.

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
from filing_app.services import snapshots

_COLUMNS = ("org_name", "credit_code", "province_code", "city_code", "reg_address", "inst_category",
            "qualification_attachment_ids", "commitment_attachment_id", "public")


def publish(session: Session, filing: Filing, submission: FilingSubmission, published_at: datetime) -> PublishedFiling:
    """Upsert the registry row of `filing` from `submission`'s snapshot (already approved)."""
    projection = snapshots.public_projection(submission.snapshot)
    row = session.exec(select(PublishedFiling).where(PublishedFiling.filing_id == filing.id)).first()
    if row is None:
        row = PublishedFiling(
            filing_id=filing.id,
            institution_id=filing.institution_id,
            filing_type=filing.filing_type,
            published_at=published_at,
            org_name=projection["org_name"],
            credit_code=projection["credit_code"],
        )
        filing.published_at = published_at
    elif filing.published_at is None:
        filing.published_at = row.published_at
    for column in _COLUMNS:
        setattr(row, column, projection[column])
    row.submission_id = submission.id
    row.updated_at = published_at
    session.add(row)
    session.add(filing)
    session.flush()
    return row


def unpublish(session: Session, filing: Filing) -> bool:
    """Take the filing out of the registry; True when it was there."""
    row = session.exec(select(PublishedFiling).where(PublishedFiling.filing_id == filing.id)).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def current_submission(session: Session, filing_id: int, before_id: int | None = None) -> FilingSubmission | None:
    """The latest approved submission of a filing (optionally: approved before submission `before_id`)."""
    query = select(FilingSubmission).where(
        FilingSubmission.filing_id == filing_id, FilingSubmission.status == ReviewStatus.APPROVED
    )
    if before_id is not None:
        query = query.where(FilingSubmission.id < before_id)
    return session.exec(query.order_by(FilingSubmission.id.desc()).limit(1)).first()
