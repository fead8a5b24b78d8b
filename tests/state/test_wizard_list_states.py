"""The 技术人员 / 设施设备 states called as a hostile browser would call them: the actor always
comes from the session cookie, full identity numbers reach the browser only in the owner's
edit dialog, and a refused save keeps the dialog's input and says why."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
import reflex as rx
from reflex_base.utils.form import FormData
from sqlmodel import select

from filing_app.db import session_scope
from filing_app.models import Account, Equipment, Person
from filing_app.services import auth, equipment, people
from filing_app.state.wizard_equipment import EquipmentTabState
from filing_app.state.wizard_people import PeopleTabState
from tests.services.conftest import db, migrated  # noqa: F401 (fixtures)
from tests.services.list_tab_helpers import PNG_BYTES, equipment_data, make_institution, new_identity_number, person_data


def _logged_in(state_cls, actor, filing_type: str = "monitoring"):  # noqa: ANN001, ANN202
    with session_scope() as s:
        token = auth._open_session(s, s.get(Account, actor.account_id), "", "")
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(state_cls.get_full_name().split("."))
    state.session_token = token
    state.wizard_type = filing_type
    state.read_only = False
    return state


@pytest.fixture()
def two_institutions(db):  # noqa: ANN001, F811
    with session_scope() as s:
        _, owner = make_institution(s, "甲机构")
        _, other = make_institution(s, "乙机构")
    return owner, other


def test_rows_are_masked_and_the_full_number_leaves_with_the_dialog(two_institutions):
    owner, _ = two_institutions
    number = new_identity_number()
    with session_scope() as s:
        saved = people.add_person(s, owner, "monitoring", person_data(id_number=number, name="张伟"))
    state = _logged_in(PeopleTabState, owner)
    PeopleTabState.go_page.fn(state, 1)
    assert [r.id_masked for r in state.rows] == [number[:4] + "*****" + number[-4:]]
    assert number not in repr(state.rows)
    PeopleTabState.open_edit.fn(state, saved.id)
    assert state.form["id_number"] == number and state.dialog_open
    PeopleTabState.close_dialog.fn(state)
    assert state.form["id_number"] == "" and not state.dialog_open


def test_another_institutions_ids_get_nothing(two_institutions):
    owner, other = two_institutions
    with session_scope() as s:
        person = people.add_person(s, owner, "monitoring", person_data())
        item = equipment.add_equipment(s, owner, "monitoring", equipment_data())
    intruder = _logged_in(PeopleTabState, other)
    PeopleTabState.open_edit.fn(intruder, person.id)
    assert not intruder.dialog_open and intruder.form["id_number"] == ""
    PeopleTabState.delete_person.fn(intruder, person.id)
    intruder_equipment = _logged_in(EquipmentTabState, other)
    EquipmentTabState.delete_equipment.fn(intruder_equipment, item.id)
    EquipmentTabState.open_edit.fn(intruder_equipment, item.id)
    assert intruder_equipment.form["name"] == ""
    with session_scope(readonly=True) as s:
        assert s.get(Person, person.id) is not None and s.get(Equipment, item.id) is not None

    anonymous = _logged_in(PeopleTabState, owner)
    anonymous.session_token = "forged"
    PeopleTabState.delete_person.fn(anonymous, person.id)
    with session_scope(readonly=True) as s:
        assert s.get(Person, person.id) is not None


def test_a_refused_save_says_why_and_an_upload_is_kept_for_the_save(two_institutions):
    owner, other = two_institutions
    number = new_identity_number()
    with session_scope() as s:
        people.add_person(s, other, "monitoring", person_data(id_number=number))
    state = _logged_in(PeopleTabState, owner)
    PeopleTabState.open_add.fn(state)
    upload = rx.UploadFile(file=io.BytesIO(PNG_BYTES), path=Path("学历证书.png"))
    asyncio.run(PeopleTabState.upload_cert.fn(state, [upload], "edu_cert"))
    asyncio.run(PeopleTabState.upload_cert.fn(state, [upload], "../../etc/passwd"))  # unknown slot: ignored
    assert list(state.cert_names) == ["edu_cert"] and "学历证书.png" in state.cert_names["edu_cert"]

    data = person_data(id_number=number, name="李华")
    form = FormData([(k, v) for k, v in data.items() if not isinstance(v, list)]
                    + [("duties", d) for d in data["duties"]] + [("posts", p) for p in data["posts"]])
    PeopleTabState.set_mode.fn(state, "save")
    PeopleTabState.submit_person.fn(state, form)
    assert "乙机构" in state.message and "重复人员信息报备" in state.message
    assert "其他机构在职备案" in state.errors["id_number"] and state.dialog_open

    mine = person_data(name="王强")
    form = FormData([(k, v) for k, v in mine.items() if not isinstance(v, list)]
                    + [("duties", d) for d in mine["duties"]] + [("posts", p) for p in mine["posts"]])
    PeopleTabState.set_mode.fn(state, "submit")
    PeopleTabState.submit_person.fn(state, form)
    assert state.errors == {"degree_cert": "请上传学位证书", "title_cert": "请上传职称证书"}
    PeopleTabState.set_mode.fn(state, "save")
    PeopleTabState.submit_person.fn(state, form)
    assert state.errors == {} and state.editing_id and state.dialog_open  # 保存 keeps the dialog open
    with session_scope(readonly=True) as s:
        stored = s.exec(select(Person).where(Person.name == "王强")).one()
        assert stored.edu_cert_attachment_id is not None
