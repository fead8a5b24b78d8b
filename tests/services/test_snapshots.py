"""Snapshots freeze the whole filing; the public projection carries no personal data."""

from __future__ import annotations

from datetime import date

from filing_app.models import Certificate, Equipment, Filing, Institution, Person, Training
from filing_app.services.snapshots import build_snapshot, public_projection
from tests.helpers import new_credit_code, new_identity_number


def test_snapshot_and_public_projection(session):
    inst = Institution(credit_code=new_credit_code(), name="北京样例运维有限公司", registered_type="om",
                       province_code="110000")
    session.add(inst)
    session.flush()
    filing = Filing(institution_id=inst.id, filing_type="om", org_name="北京样例运维有限公司",
                    inst_category="综合运维类", categories=["地表水自动监测"], legal_rep="王五",
                    legal_rep_phone="13912345678", reg_province_code="110000", reg_city_code="110108",
                    reg_address="中关村大街11号")
    session.add(filing)
    session.flush()
    person_id = new_identity_number()
    person = Person(filing_id=filing.id, institution_id=inst.id, id_type="居民身份证", id_number=person_id,
                    id_key=person_id, name="李四", hire_date=date(2020, 1, 2), posts=["现场运维"])
    session.add(person)
    session.flush()
    session.add(Training(person_id=person.id, level="国家", organization="协会", content="废水"))
    session.add(Equipment(filing_id=filing.id, equipment_type="自动监测", name="COD在线分析仪"))
    session.add(Certificate(filing_id=filing.id, kind="om_capability", capability="地表水自动监测", has_cert=True,
                            cert_no="ZL-1", attachment_id=None))
    session.commit()

    snap = build_snapshot(session, filing)
    assert snap["people"][0]["hire_date"] == "2020-01-02"
    assert snap["people"][0]["trainings"][0]["organization"] == "协会"
    assert snap["equipment"][0]["name"] == "COD在线分析仪"

    projection = public_projection(snap)
    assert projection["reg_address"] == "北京市海淀区中关村大街11号"
    assert projection["public"]["om_capabilities"][0]["cert_no"] == "ZL-1"
    assert projection["public"]["people_count"] == 1
    text = repr(projection)
    assert person_id not in text and "13912345678" not in text and "李四" not in text
