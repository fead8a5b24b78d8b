"""The demo data gives a newcomer a registry with both types in several provinces, once."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from filing_app import demo_registry
from filing_app.models import Attachment, PublishedFiling
from filing_app.services import registry, storage
from filing_app.services.registry import RegistryQuery


def test_demo_registry_is_idempotent_and_covers_types_and_provinces(session):
    demo_registry.seed(session)
    session.commit()
    demo_registry.seed(session)
    session.commit()
    rows = session.exec(select(PublishedFiling)).all()
    assert len(rows) == len(demo_registry.DEMO)
    assert {r.filing_type for r in rows} == {"monitoring", "om"}
    assert len({r.province_code for r in rows}) >= 8
    expected_files = sum(3 if d.filing_type == "monitoring" else 2 for d in demo_registry.DEMO)
    assert session.exec(select(func.count()).select_from(Attachment)).one() == expected_files  # not stored twice
    for row in rows:
        for doc in range(len(row.qualification_attachment_ids)):
            registry.public_document_link(session, None, row.id, doc)
        attachment = session.get(Attachment, row.commitment_attachment_id)
        assert storage.read_bytes(attachment).startswith(b"%PDF-")
    both = registry.search(session, None, RegistryQuery(filing_type="om", name="华澄"))
    assert both.total == 1
