"""The wizard's page states driven without a browser: the actor comes from the login session,
hostile arguments are refused, a stale save keeps its input, and the serialized state of a
whole wizard session stays small."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import reflex as rx
from reflex_base.utils.form import FormData
from sqlmodel import select

import filing_app.filing_app  # noqa: F401  (registers every page state)
from filing_app.db import session_scope
from filing_app.models import BranchSite, Filing
from filing_app.services import auth, filings
from filing_app.state.base import AppState
from filing_app.state.wizard import WizardPageState, route_filing_type
from filing_app.state.wizard_basic import BasicTabState
from filing_app.state.wizard_capability import CapabilityTabState
from filing_app.state.wizard_management import ManagementTabState
from filing_app.state.wizard_submit import SubmitPageState
from tests.helpers import STRONG_PASSWORD, new_credit_code, new_phone, new_username
from tests.services.conftest import db, migrated  # noqa: F401  (fixtures)
from tests.services.filing_fixtures import PDF, basic_form, fill_monitoring, make_org, site_form

WIZARD_STATE_LIMIT = 64 * 1024


def _login(registered_type: str = "monitoring", name: str = "北京状态测试环境监测有限公司") -> tuple[str, int]:
    username = new_username("st")
    form = auth.RegistrationForm(credit_code=new_credit_code(), name=name, registered_type=registered_type,
                                 province_code="110000", username=username, phone=new_phone(),
                                 password=STRONG_PASSWORD, password_confirm=STRONG_PASSWORD)
    with session_scope() as s:
        account = auth.register_institution(s, form)
        institution_id = account.institution_id
    with session_scope() as s:
        token = auth.login_with_password(s, username, STRONG_PASSWORD).token
    return token, institution_id


def _root(token: str, path: str) -> rx.State:
    root = rx.State(_reflex_internal_init=True)
    _go(root, path)
    root.get_substate(AppState.get_full_name().split(".")).session_token = token
    return root


def _go(root: rx.State, path: str) -> None:
    route = path.replace("/monitoring/", "/[filing_type]/").replace("/om/", "/[filing_type]/")
    root._update_router_vars({"pathname": route, "asPath": path, "query": {}, "headers": {"host": "test"},
                              "token": "client", "sid": "sid", "ip": "127.0.0.1"}, {})


def _sub(root: rx.State, cls):  # noqa: ANN001, ANN202
    return root.get_substate(cls.get_full_name().split("."))


def _load(root: rx.State, cls, path: str):  # noqa: ANN001, ANN202
    _go(root, path)
    state = _sub(root, cls)
    cls.load.fn(state)
    return state


def _filing(institution_id: int, filing_type: str = "monitoring") -> Filing:
    with session_scope(readonly=True) as s:
        return s.exec(select(Filing).where(Filing.institution_id == institution_id,
                                           Filing.filing_type == filing_type)).one()


def _open(token: str) -> None:
    with session_scope() as s:
        actor, _ = auth.lookup_session(s, token)
        filings.open_filing(s, actor, "monitoring")


def test_route_type():
    assert route_filing_type("/institution/filing/om/capability") == "om"
    assert route_filing_type("/institution/filing/other/basic") == ""
    assert route_filing_type("/institution") == ""


def test_basic_tab_loads_saves_and_keeps_input_after_a_stale_version(db):  # noqa: F811
    token, institution_id = _login()
    _open(token)
    root = _root(token, "/institution/filing/monitoring/basic")
    state = _load(root, BasicTabState, "/institution/filing/monitoring/basic")
    assert state.loaded_tab == "basic" and not state.read_only and state.crumb == "机构备案>监测类机构备案信息填报"
    assert state.org_name == "北京状态测试环境监测有限公司" and state.city_options[0] == ["110101", "东城区"]

    form = basic_form()
    items = [("_action", "save")] + [(k, v) for k, v in form.items() if k != "categories"]
    items += [("categories", c) for c in form["categories"]]
    BasicTabState.submit_form.fn(state, FormData(items))
    filing = _filing(institution_id)
    assert filing.categories == ["水(含大气降水)和废水", "噪声"] and filing.legal_rep_phone == "18812347808"
    assert state.version == filing.version

    # Another page saved meanwhile: this one's save is refused, nothing it sent is stored.
    with session_scope() as s:
        actor, _ = auth.lookup_session(s, token)
        filings.save_basic(s, actor, "monitoring", basic_form(legal_rep="另一页"), version=filing.version,
                           validate=False)
    BasicTabState.submit_form.fn(state, FormData(items + [("legal_rep", "本页")]))
    assert state.stale and "数据已被他人修改" in state.message
    assert _filing(institution_id).legal_rep == "另一页"

    reloaded = _load(root, BasicTabState, "/institution/filing/monitoring/basic")
    assert reloaded.phone_masked == "188****7808" and reloaded.legal_rep == "另一页" and not reloaded.stale


def test_handlers_with_another_filings_ids_or_hostile_values_change_nothing(db):  # noqa: F811
    with session_scope() as s:
        victim = make_org(s)
        fill_monitoring(s, victim)
        victim_site = s.exec(select(BranchSite)).one()
    token, institution_id = _login(name="北京攻击者环境监测有限公司")
    _open(token)
    root = _root(token, "/institution/filing/monitoring/basic")
    state = _load(root, BasicTabState, "/institution/filing/monitoring/basic")

    BasicTabState.delete_site.fn(state, victim_site.id)
    BasicTabState.open_site.fn(state, victim_site.id)  # not on this page: opens an empty dialog
    assert state.site_editing == 0 and state.site_address == ""
    with session_scope(readonly=True) as s:
        assert s.get(BranchSite, victim_site.id).address == victim_site.address

    download = WizardPageState.download.fn(_sub(root, WizardPageState), _filing(victim.institution.id)
                                           .cma_cert_attachment_id)
    assert "无权下载" in str(download)

    capability = _load(root, CapabilityTabState, "/institution/filing/monitoring/capability")
    upload = rx.UploadFile(file=io.BytesIO(PDF), path=Path("证书.pdf"), size=len(PDF))
    result = asyncio.run(CapabilityTabState.upload_slot.fn(capability, [upload], "../../commitment"))
    assert "上传项目不存在" in str(result)
    upload = rx.UploadFile(file=io.BytesIO(PDF), path=Path("证书.pdf"), size=len(PDF))
    asyncio.run(CapabilityTabState.upload_slot.fn(capability, [upload], "cma_cert"))
    assert capability.file_names["cma_cert"] == "证书.pdf"
    assert _filing(institution_id).cma_cert_attachment_id and not _filing(institution_id).commitment_attachment_id

    # A logged-out browser gets nothing.
    root.get_substate(AppState.get_full_name().split(".")).session_token = "forged"
    before = _filing(institution_id).version
    BasicTabState.submit_form.fn(state, FormData([("_action", "save"), ("legal_rep", "x")]))
    assert _filing(institution_id).version == before


def _serialized_size(root: rx.State) -> tuple[int, int]:
    """Bytes of every state of the session, and of the wizard's own states."""
    total = wizard = 0
    stack = [root]
    while stack:
        state = stack.pop()
        size = len(state._serialize())
        total += size
        if isinstance(state, WizardPageState):
            wizard += size
        stack.extend(state.substates.values())
    return total, wizard


def test_a_whole_wizard_session_stays_under_64_kb(db, capsys):  # noqa: F811
    token, institution_id = _login()
    _open(token)
    with session_scope() as s:
        actor, _ = auth.lookup_session(s, token)
        v = filings.save_basic(s, actor, "monitoring", basic_form(), version=1, validate=False).version
        proof = filings.upload_row_file(s, actor, "monitoring", "site_proof", PDF, "证明" * 40 + ".pdf")
        for i in range(40):
            v = filings.save_site(s, actor, "monitoring", site_form(address="长安区中山东路" + "甲" * 200 + str(i)),
                                  version=v, proof_attachment_id=proof.id).version
            v = filings.save_certificate(s, actor, "monitoring", "other",
                                         {"cert_type": "计量认证" * 10, "cert_no": f"JL-{i:060d}",
                                          "valid_from": "2024-01-01"}, version=v).version
    root = _root(token, "/institution/filing/monitoring/basic")
    for cls, tab in ((BasicTabState, "basic"), (CapabilityTabState, "capability"),
                     (ManagementTabState, "management"), (SubmitPageState, "submit")):
        state = _load(root, cls, f"/institution/filing/monitoring/{tab}")
        assert state.loaded_tab == tab
    assert len(_sub(root, BasicTabState).site_rows) == 10  # one page, not the 40 rows
    total, wizard = _serialized_size(root)
    with capsys.disabled():
        print(f"\nwizard session state: {total} bytes in all states, {wizard} bytes in the wizard's states "
              f"(40 sites and 40 certificates with long texts)")
    assert total < WIZARD_STATE_LIMIT


def test_refile_from_the_home_names_the_people_filed_elsewhere_meanwhile(db):  # noqa: F811
    from filing_app.models import Person
    from filing_app.services import cancellation, employment, review
    from filing_app.state.institution_home import InstitutionHomeState
    from tests import review_data as rd

    with session_scope() as s:
        inst = rd.make_institution(s, name="北京重新备案测试监测有限公司")
        filing, submission = rd.submitted_filing(s, inst, person_count=2)
        review.decide_submission(s, rd.reviewer(s), submission.id, approve=True)
        main = rd.make_account(s, "inst_main", institution=inst)
        username = main.username
        first = s.exec(select(Person).where(Person.filing_id == filing.id).order_by(Person.id)).first()
        cancellation.cancel_filing(s, rd.actor_of(main), "monitoring", True)
        employment.claim(s, rd.make_institution(s).id, first.id_key, first.id_key)
        name = first.name
    with session_scope() as s:
        token = auth.login_with_password(s, username, STRONG_PASSWORD).token
    root = _root(token, "/institution")
    home = _sub(root, InstitutionHomeState)
    answer = str(InstitutionHomeState.act.fn(home, "monitoring", "refile"))
    assert f"1名技术人员（{name}）目前在其他机构在职备案" in answer and "/institution/filing/monitoring/basic" in answer
    assert _filing(inst.id).status == "draft"
