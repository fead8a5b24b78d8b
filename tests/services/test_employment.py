"""The one-person-one-institution register under concurrency, on the real database."""

from __future__ import annotations

import threading

from sqlmodel import select

from filing_app.db import session_scope
from filing_app.models import ActiveEmployment, Institution
from filing_app.services import employment
from tests.helpers import new_credit_code, new_identity_number


def _institutions(session, n: int) -> list[int]:
    rows = [Institution(credit_code=new_credit_code(), name=f"机构{i}", registered_type="monitoring",
                        province_code="110000") for i in range(n)]
    session.add_all(rows)
    session.commit()
    return [r.id for r in rows]


def test_same_institution_may_claim_twice_another_is_refused_with_the_way_out(session):
    a, b = _institutions(session, 2)
    person = new_identity_number()
    employment.claim(session, a, person, person)
    employment.claim(session, a, person, person)  # its other filing
    session.commit()
    try:
        employment.claim(session, b, person, person)
        raise AssertionError("a second institution must be refused")
    except employment.HeldElsewhere as refused:
        assert refused.holder_name == "机构0"
        assert "重复人员信息报备" in refused.message and person not in refused.message


def test_eight_institutions_claiming_one_person_at_once_end_with_one_holder(db):
    with session_scope() as s:
        ids = _institutions(s, 8)
    person = new_identity_number()
    barrier = threading.Barrier(len(ids))
    results: list[str] = []
    lock = threading.Lock()

    def attempt(institution_id: int) -> None:
        barrier.wait()
        try:
            with session_scope() as s:
                employment.claim(s, institution_id, person, person)
            outcome = "won"
        except employment.HeldElsewhere:
            outcome = "refused"
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["refused"] * 7 + ["won"]
    with session_scope() as s:
        assert len(s.exec(select(ActiveEmployment).where(ActiveEmployment.id_key == person)).all()) == 1
