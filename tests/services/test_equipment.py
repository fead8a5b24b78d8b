"""设施设备 through the service: add/edit/delete, filters, paging edges, permissions, audit."""

from __future__ import annotations

import pytest
from sqlmodel import select

from filing_app.models import AuditLog, Equipment, Filing
from filing_app.services import equipment
from filing_app.services.errors import NotFound, PermissionDenied, ServiceError, StaleVersion, ValidationFailed
from tests.services.list_tab_helpers import equipment_data, make_institution, make_reviewer


def test_add_edit_delete_with_audit(session):
    _, actor = make_institution(session)
    saved = equipment.add_equipment(session, actor, "monitoring", equipment_data())
    detail = equipment.get_equipment(session, actor, saved.id)
    assert detail.values["name"] == "多参数分析仪" and detail.values["condition"] == "在用"
    equipment.update_equipment(session, actor, saved.id, {**detail.values, "condition": "维修", "number": "SN-9"},
                               stamp=detail.stamp)
    item = session.get(Equipment, saved.id)
    assert (item.condition, item.number) == ("维修", "SN-9")
    with pytest.raises(StaleVersion):
        equipment.update_equipment(session, actor, saved.id, detail.values, stamp=detail.stamp)
    equipment.delete_equipment(session, actor, saved.id)
    assert session.get(Equipment, saved.id) is None
    actions = [r.action for r in session.exec(select(AuditLog).where(AuditLog.action.like("equipment_%")))]
    assert actions == ["equipment_add", "equipment_edit", "equipment_delete"]
    edit = session.exec(select(AuditLog).where(AuditLog.action == "equipment_edit")).one()
    assert edit.detail["changed"] == ["设备编号", "设备状况"]


def test_every_error_at_once_in_chinese(session):
    _, actor = make_institution(session, registered_type="om")
    with pytest.raises(ValidationFailed) as refused:
        equipment.add_equipment(session, actor, "om", {"equipment_type": "飞机", "name": "", "condition": "坏了",
                                                       "model": "x" * 101})
    e = refused.value.field_errors
    assert set(e) == {"equipment_type", "name", "model", "number_type", "number", "ownership", "manufacturer",
                      "metrology_status", "condition"}
    assert "“飞机”不是可选值" in e["equipment_type"] and e["name"] == "请填写设备名称"
    assert e["model"] == "型号/规格不能超过100个字" and e["ownership"] == "请选择设备产权"
    assert session.exec(select(Equipment)).all() == []


def test_filters_and_paging_edges(session):
    _, actor = make_institution(session)
    assert equipment.list_equipment(session, actor, "monitoring").total == 0  # no filing yet: empty, nothing made
    assert session.exec(select(Filing)).all() == []
    for i in range(10):
        equipment.add_equipment(session, actor, "monitoring", equipment_data(
            name=("pH计" if i % 3 == 0 else "气相色谱仪") + f"-{i}", condition="报废" if i == 9 else "在用",
            number=f"SN-{i}"))
    page = equipment.list_equipment(session, actor, "monitoring")
    assert page.total == 10 and len(page.rows) == 10 and page.page == 1 and page.rows[-1].seq == 10
    assert equipment.list_equipment(session, actor, "monitoring", page=2).page == 1  # exactly one full page
    equipment.add_equipment(session, actor, "monitoring", equipment_data(name="100%纯水机"))
    second = equipment.list_equipment(session, actor, "monitoring", page=2)
    assert second.page == 2 and [r.name for r in second.rows] == ["100%纯水机"] and second.rows[0].seq == 11
    assert equipment.list_equipment(session, actor, "monitoring", page=0).page == 1
    assert equipment.list_equipment(session, actor, "monitoring", page=-3).page == 1
    assert equipment.list_equipment(session, actor, "monitoring", page_size=10_000).page_size == 50
    assert equipment.list_equipment(session, actor, "monitoring", name="pH").total == 4
    assert equipment.list_equipment(session, actor, "monitoring", name="%").total == 1  # literal, not a wildcard
    assert equipment.list_equipment(session, actor, "monitoring", name="_").total == 0
    scrapped = equipment.list_equipment(session, actor, "monitoring", condition="报废")
    assert [r.name for r in scrapped.rows] == ["pH计-9"]
    assert equipment.list_equipment(session, actor, "monitoring", name="色谱", condition="报废").total == 0
    assert equipment.list_equipment(session, actor, "monitoring", condition="不存在").total == 11  # ignored


def test_other_institutions_reviewers_and_anonymous_are_refused(session):
    _, owner = make_institution(session, "甲机构")
    _, intruder = make_institution(session, "乙机构")
    saved = equipment.add_equipment(session, owner, "monitoring", equipment_data())
    session.commit()
    for call in (
        lambda: equipment.get_equipment(session, intruder, saved.id),
        lambda: equipment.update_equipment(session, intruder, saved.id, equipment_data()),
        lambda: equipment.delete_equipment(session, intruder, saved.id),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert len(session.exec(select(AuditLog).where(AuditLog.result == "denied")).all()) == 3
    assert equipment.list_equipment(session, intruder, "monitoring").total == 0
    for who in (make_reviewer(session), None):
        with pytest.raises(PermissionDenied):
            equipment.list_equipment(session, who, "monitoring")
        with pytest.raises(PermissionDenied):
            equipment.add_equipment(session, who, "monitoring", equipment_data())
        with pytest.raises(PermissionDenied):
            equipment.delete_equipment(session, who, saved.id)
    with pytest.raises(NotFound):
        equipment.get_equipment(session, owner, "not-a-number")
    with pytest.raises(NotFound):
        equipment.list_equipment(session, owner, "radio")


def test_read_only_filing_refuses_changes(session):
    _, actor = make_institution(session)
    saved = equipment.add_equipment(session, actor, "monitoring", equipment_data())
    filing = session.exec(select(Filing)).one()
    filing.status = "change_pending"
    session.add(filing)
    session.flush()
    with pytest.raises(ServiceError, match="变更审查中"):
        equipment.update_equipment(session, actor, saved.id, equipment_data())
    with pytest.raises(ServiceError):
        equipment.add_equipment(session, actor, "monitoring", equipment_data())
    assert equipment.list_equipment(session, actor, "monitoring").total == 1  # still readable
