"""备案变更 through the page states, as a browser calls them: the home's 备案变更 opens the
published filing's working copy, the 备案提交 page's 提交变更 sends key fields for review and
publishes the rest, and a hostile home action changes nothing."""

from __future__ import annotations

import reflex as rx
from sqlmodel import select

import filing_app.filing_app  # noqa: F401  (registers every page state)
from filing_app.db import session_scope
from filing_app.models import Filing, Institution, PublishedFiling
from filing_app.services import auth, review
from filing_app.state.base import AppState
from filing_app.state.institution_home import InstitutionHomeState
from filing_app.state.wizard_submit import SubmitPageState
from tests import review_data as rd
from tests.helpers import STRONG_PASSWORD
from tests.services.conftest import db, migrated  # noqa: F401  (fixtures)

OLD_NAME = "北京状态变更前监测有限公司"


def _approved() -> tuple[str, int]:
    """A published monitoring filing; the login token of its main account and the filing id."""
    with session_scope() as s:
        institution = rd.make_institution(s, name=OLD_NAME)
        main = rd.make_account(s, "inst_main", institution=institution)
        filing, submission = rd.submitted_filing(s, institution)
        review.decide_submission(s, rd.reviewer(s), submission.id, approve=True)
        username, filing_id = main.username, filing.id
    with session_scope() as s:
        return auth.login_with_password(s, username, STRONG_PASSWORD).token, filing_id


def _state(token: str, cls, path: str):  # noqa: ANN001, ANN202
    root = rx.State(_reflex_internal_init=True)
    route = path.replace("/monitoring/", "/[filing_type]/")
    root._update_router_vars({"pathname": route, "asPath": path, "query": {}, "headers": {"host": "test"},
                              "token": "client", "sid": "sid", "ip": "127.0.0.1"}, {})
    root.get_substate(AppState.get_full_name().split(".")).session_token = token
    return root.get_substate(cls.get_full_name().split("."))


def _filing(filing_id: int) -> Filing:
    with session_scope(readonly=True) as s:
        return s.get(Filing, filing_id)


def test_home_change_opens_the_working_copy_and_submit_change_sends_the_name_for_review(db):  # noqa: F811
    token, filing_id = _approved()
    home = _state(token, InstitutionHomeState, "/institution")
    assert InstitutionHomeState.act.fn(home, "monitoring", "no-such-action") is None
    assert not _filing(filing_id).change_in_progress
    redirect = InstitutionHomeState.act.fn(home, "monitoring", "change")
    assert "/institution/filing/monitoring/basic" in str(redirect)
    assert _filing(filing_id).change_in_progress

    page = _state(token, SubmitPageState, "/institution/filing/monitoring/submit")
    SubmitPageState.load.fn(page)
    assert page.change_in_progress and not page.read_only and page.ready

    # Nothing edited yet: refused with the service's message, nothing published.
    SubmitPageState.submit_change.fn(page)
    assert "没有任何变化" in page.message and page.change_result == ""

    with session_scope() as s:
        filing = s.get(Filing, filing_id)
        filing.org_name = "北京状态变更后监测有限公司"
        filing.version += 1
        s.add(filing)
    SubmitPageState.submit_change.fn(page)  # the page's version is now stale
    assert "刚刚被他人修改" in page.message and _filing(filing_id).status == "approved"
    SubmitPageState.submit_change.fn(page)  # the reload took the new version
    assert "机构名称的变更已提交省级生态环境部门审查" in page.change_result and page.message == ""
    assert page.filing_status == "change_pending" and page.read_only
    with session_scope(readonly=True) as s:
        assert s.exec(select(PublishedFiling.org_name).where(PublishedFiling.filing_id == filing_id)).one() == OLD_NAME


def test_home_leads_to_the_registry_of_the_institutions_own_province(db):  # noqa: F811
    token, _ = _approved()
    home = _state(token, InstitutionHomeState, "/institution")
    InstitutionHomeState.load.fn(home)
    with session_scope(readonly=True) as s:
        code = s.get(Institution, s.exec(select(Filing)).first().institution_id).province_code
    assert code and home.registry_href == f"/p/{code}/registry"
