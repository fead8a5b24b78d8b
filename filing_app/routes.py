"""Route constants and URL builders (one place, so links never drift)."""

from __future__ import annotations

from urllib.parse import quote

from filing_app.domain.enums import Role

HOME = "/"
PROVINCE_PORTAL = "/p/[province]"
NOTICES = "/notices"
NOTICE_DETAIL = "/notices/[notice_id]"
REGISTRY = "/registry"
PROVINCE_REGISTRY = "/p/[province]/registry"
REGISTRY_DETAIL = "/registry/[published_id]"
MANAGE_NOTICES = "/manage/notices"
MANAGE_NOTICE_EDIT = "/manage/notices/[notice_id]"
LOGIN = "/login"
REGISTER = "/register"
INSTITUTION_HOME = "/institution"
FILING_WIZARD = "/institution/filing/[filing_type]"
# One route per wizard tab (components/wizard.WIZARD_TABS) and the 备案提交 page.
FILING_BASIC = "/institution/filing/[filing_type]/basic"
FILING_CAPABILITY = "/institution/filing/[filing_type]/capability"
FILING_MANAGEMENT = "/institution/filing/[filing_type]/management"
FILING_SUBMIT = "/institution/filing/[filing_type]/submit"
FILING_PEOPLE = "/institution/filing/[filing_type]/people"
FILING_PEOPLE_DUPLICATES = "/institution/filing/[filing_type]/people/duplicates"
FILING_EQUIPMENT = "/institution/filing/[filing_type]/equipment"
ACCOUNT = "/account"
SUB_ACCOUNTS = "/account/sub-accounts"
INSTITUTION_FEEDBACK = "/institution/feedback"
MANAGE_FEEDBACK = "/manage/feedback"
REVIEW_HOME = "/review"
REVIEW_QUEUE = "/review/queue"
REVIEW_FILING = "/review/filing/[submission_id]"
REVIEW_REPORT = "/review/report/[report_id]"
ADMIN_HOME = "/admin"
MANAGE_STAFF = "/manage/reviewers"
INSTITUTION_HISTORY = "/institution/history"
DEV_SMS = "/dev/sms"


def portal_home(province_code: str = "") -> str:
    return f"/p/{province_code}" if province_code else HOME


def registry_home(province_code: str = "") -> str:
    """The registry of a province portal, or the national one."""
    return f"/p/{province_code}/registry" if province_code else REGISTRY


def registry_detail(published_id: int | str) -> str:
    return f"/registry/{published_id}"


def manage_notice(notice_id: int | str) -> str:
    """The notice editor; "new" creates one."""
    return f"/manage/notices/{notice_id}"


def notice_detail(notice_id: int | str) -> str:
    return f"/notices/{notice_id}"


def filing_wizard(filing_type: str) -> str:
    return f"/institution/filing/{filing_type}"


def review_queue(kind: str = "") -> str:
    return f"{REVIEW_QUEUE}?kind={kind}" if kind else REVIEW_QUEUE


def review_filing(submission_id: int | str) -> str:
    return f"/review/filing/{submission_id}"


def review_report(report_id: int | str) -> str:
    return f"/review/report/{report_id}"


def filing_tab(filing_type: str, tab: str) -> str:
    """/institution/filing/<type>/<tab> (tab e.g. people, equipment, people/duplicates)."""
    return f"/institution/filing/{filing_type}/{tab}"


def safe_next(path: str | None) -> str:
    """Only same-site paths may be a post-login destination (no open redirects). Control
    characters are refused too: browsers drop tabs and newlines from a URL, so a slash, a tab
    and /evil.com would become //evil.com, another site."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return ""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in path):
        return ""
    if path.startswith((LOGIN, REGISTER)):
        return ""
    return path


def login_url(next_path: str | None = None) -> str:
    nxt = safe_next(next_path)
    return f"{LOGIN}?next={quote(nxt, safe='/')}" if nxt else LOGIN


def home_for(role: str) -> str:
    if role in (Role.INST_MAIN, Role.INST_SUB):
        return INSTITUTION_HOME
    if role == Role.REVIEWER:
        return REVIEW_HOME
    if role == Role.ADMIN:
        return ADMIN_HOME
    return HOME
