"""The Reflex app: page registration only."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.api import files_api
from filing_app.components.theme import GLOBAL_STYLE
from filing_app.pages.account import account_page
from filing_app.pages.auth import login_page, register_page
from filing_app.pages.dev import sms_outbox_page
from filing_app.pages.institution_home import institution_home_page
from filing_app.pages.notice_admin import notice_admin_page, notice_edit_page
from filing_app.pages.portal import home_page, notice_detail_page, notices_page
from filing_app.pages.registry import registry_detail_page, registry_page
from filing_app.pages.staff import admin_home_page, review_home_page
from filing_app.state.account import AccountState
from filing_app.state.base import AppState
from filing_app.state.dev import DevOutboxState
from filing_app.state.institution_home import InstitutionHomeState
from filing_app.state.login import LoginState
from filing_app.state.notice_admin import NoticeAdminState, NoticeEditState
from filing_app.state.portal import NoticeDetailState, PortalState
from filing_app.state.register import RegisterState
from filing_app.state.registry import RegistryDetailState, RegistryState
from filing_app.state.staff import StaffHomeState

TITLE = "国家生态环境监测技术服务机构管理系统"

app = rx.App(
    style=GLOBAL_STYLE,
    api_transformer=files_api,
    head_components=[rx.el.meta(name="viewport", content="width=device-width, initial-scale=1")],
    stylesheets=["/app.css"],
)

app.add_page(home_page, route=routes.HOME, title=TITLE, on_load=PortalState.load_home)
app.add_page(home_page, route=routes.PROVINCE_PORTAL, title=TITLE, on_load=PortalState.load_home)
app.add_page(notices_page, route=routes.NOTICES, title="通知公告 - " + TITLE, on_load=PortalState.load_notices)
app.add_page(notice_detail_page, route=routes.NOTICE_DETAIL, title="通知公告 - " + TITLE,
             on_load=NoticeDetailState.load)
app.add_page(login_page, route=routes.LOGIN, title="登录 - " + TITLE, on_load=LoginState.load)
app.add_page(register_page, route=routes.REGISTER, title="注册 - " + TITLE, on_load=RegisterState.load)
app.add_page(institution_home_page, route=routes.INSTITUTION_HOME, title="机构备案 - " + TITLE,
             on_load=InstitutionHomeState.load)
app.add_page(account_page, route=routes.ACCOUNT, title="账号管理 - " + TITLE, on_load=AccountState.load)
app.add_page(review_home_page, route=routes.REVIEW_HOME, title="审查工作台 - " + TITLE,
             on_load=StaffHomeState.load_reviewer)
app.add_page(admin_home_page, route=routes.ADMIN_HOME, title="管理工作台 - " + TITLE,
             on_load=StaffHomeState.load_admin)
app.add_page(registry_page, route=routes.REGISTRY, title="备案信息查询 - " + TITLE, on_load=RegistryState.load)
app.add_page(registry_page, route=routes.PROVINCE_REGISTRY, title="备案信息查询 - " + TITLE,
             on_load=RegistryState.load)
app.add_page(registry_detail_page, route=routes.REGISTRY_DETAIL, title="备案信息 - " + TITLE,
             on_load=RegistryDetailState.load)
app.add_page(notice_admin_page, route=routes.MANAGE_NOTICES, title="通知公告管理 - " + TITLE,
             on_load=NoticeAdminState.load)
app.add_page(notice_edit_page, route=routes.MANAGE_NOTICE_EDIT, title="编辑公告 - " + TITLE,
             on_load=NoticeEditState.load)
app.add_page(sms_outbox_page, route=routes.DEV_SMS, title="短信发件箱 - " + TITLE, on_load=DevOutboxState.load)

__all__ = ["AppState", "app"]
