"""The Reflex app: page registration only."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.api import files_api
from filing_app.components.theme import GLOBAL_STYLE
from filing_app.pages.account import account_page
from filing_app.pages.auth import login_page, register_page
from filing_app.pages.dev import sms_outbox_page
from filing_app.pages.history import history_page
from filing_app.pages.institution_home import institution_home_page
from filing_app.pages.manage import manage_staff_page
from filing_app.pages.portal import home_page, notice_detail_page, notices_page
from filing_app.pages.review import filing_review_page, queue_page, report_review_page
from filing_app.pages.staff import admin_home_page, review_home_page
from filing_app.state.account import AccountState
from filing_app.state.base import AppState
from filing_app.state.dev import DevOutboxState
from filing_app.state.history import InstitutionHistoryState
from filing_app.state.institution_home import InstitutionHomeState
from filing_app.state.login import LoginState
from filing_app.state.manage import ManageStaffState
from filing_app.state.portal import NoticeDetailState, PortalState
from filing_app.state.register import RegisterState
from filing_app.state.review import ReviewFilingState, ReviewQueueState, ReviewReportState
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
app.add_page(queue_page, route=routes.REVIEW_QUEUE, title="审查列表 - " + TITLE, on_load=ReviewQueueState.load)
app.add_page(filing_review_page, route=routes.REVIEW_FILING, title="备案审查 - " + TITLE, on_load=ReviewFilingState.load)
app.add_page(report_review_page, route=routes.REVIEW_REPORT, title="重复人员信息报备审查 - " + TITLE,
             on_load=ReviewReportState.load)
app.add_page(manage_staff_page, route=routes.MANAGE_STAFF, title="审查员账号管理 - " + TITLE,
             on_load=ManageStaffState.load)
app.add_page(history_page, route=routes.INSTITUTION_HISTORY, title="备案记录 - " + TITLE,
             on_load=InstitutionHistoryState.load)
app.add_page(sms_outbox_page, route=routes.DEV_SMS, title="短信发件箱 - " + TITLE, on_load=DevOutboxState.load)

__all__ = ["AppState", "app"]
