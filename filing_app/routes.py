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
ACCOUNT = "/account"
REVIEW_HOME = "/review"
ADMIN_HOME = "/admin"
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


def safe_next(path: str | None) -> str:
    """Only same-site paths may be a post-login destination (no open redirects)."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
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
