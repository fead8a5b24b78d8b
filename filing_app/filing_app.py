"""The Reflex app: page registration only."""

from __future__ import annotations

import reflex as rx

from filing_app import routes
from filing_app.api import files_api, limit_upload_body
from filing_app.components.theme import GLOBAL_STYLE
from filing_app.pages.account import account_page, sub_accounts_page
from filing_app.pages.auth import login_page, register_page
from filing_app.pages.dev import sms_outbox_page
from filing_app.pages.feedback import institution_feedback_page, staff_feedback_page
from filing_app.pages.history import history_page
from filing_app.pages.institution_home import institution_home_page
from filing_app.pages.manage import manage_staff_page
from filing_app.pages.notice_admin import notice_admin_page, notice_edit_page
from filing_app.pages.portal import home_page, notice_detail_page, notices_page
from filing_app.pages.registry import registry_detail_page, registry_page
from filing_app.pages.review import filing_review_page, queue_page, report_review_page
from filing_app.pages.staff import admin_home_page, review_home_page
from filing_app.pages.wizard_basic import wizard_basic_page
from filing_app.pages.wizard_capability import wizard_capability_page
from filing_app.pages.wizard_equipment import equipment_tab_page
from filing_app.pages.wizard_excel import equipment_excel_actions, people_excel_actions
from filing_app.pages.wizard_management import wizard_management_page
from filing_app.pages.wizard_parts import loading
from filing_app.pages.wizard_people import duplicates_page, people_tab_page
from filing_app.pages.wizard_submit import wizard_submit_page
from filing_app.state.account import AccountState
from filing_app.state.account import AccountState, SubAccountsState
from filing_app.state.base import AppState
from filing_app.state.dev import DevOutboxState
from filing_app.state.feedback import InstitutionFeedbackState, StaffFeedbackState
from filing_app.state.history import InstitutionHistoryState
from filing_app.state.institution_home import InstitutionHomeState
from filing_app.state.login import LoginState
from filing_app.state.manage import ManageStaffState
from filing_app.state.notice_admin import NoticeAdminState, NoticeEditState
from filing_app.state.portal import NoticeDetailState, PortalState
from filing_app.state.register import RegisterState
from filing_app.state.registry import RegistryDetailState, RegistryState
from filing_app.state.review import ReviewFilingState, ReviewQueueState, ReviewReportState
from filing_app.state.staff import StaffHomeState
from filing_app.state.wizard import FilingEntryState
from filing_app.state.wizard_basic import BasicTabState
from filing_app.state.wizard_capability import CapabilityTabState
from filing_app.state.wizard_equipment import EquipmentTabState
from filing_app.state.wizard_management import ManagementTabState
from filing_app.state.wizard_people import DuplicatesState, PeopleTabState
from filing_app.state.wizard_submit import SubmitPageState

TITLE = "国家生态环境监测技术服务机构管理系统"

app = rx.App(
    style=GLOBAL_STYLE,
    api_transformer=[files_api, limit_upload_body],
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
app.add_page(sub_accounts_page, route=routes.SUB_ACCOUNTS, title="子账号管理 - " + TITLE,
             on_load=SubAccountsState.load)
app.add_page(institution_feedback_page, route=routes.INSTITUTION_FEEDBACK, title="备案工作建议 - " + TITLE,
             on_load=InstitutionFeedbackState.load)
app.add_page(staff_feedback_page, route=routes.MANAGE_FEEDBACK, title="备案工作建议 - " + TITLE,
             on_load=StaffFeedbackState.load)
app.add_page(review_home_page, route=routes.REVIEW_HOME, title="审查工作台 - " + TITLE,
             on_load=StaffHomeState.load_reviewer)
app.add_page(admin_home_page, route=routes.ADMIN_HOME, title="管理工作台 - " + TITLE,
             on_load=StaffHomeState.load_admin)
WIZARD_TITLE = "备案信息填报 - " + TITLE
app.add_page(loading, route=routes.FILING_WIZARD, title=WIZARD_TITLE, on_load=FilingEntryState.load)
app.add_page(wizard_basic_page, route=routes.FILING_BASIC, title=WIZARD_TITLE, on_load=BasicTabState.load)
app.add_page(wizard_capability_page, route=routes.FILING_CAPABILITY, title=WIZARD_TITLE,
             on_load=CapabilityTabState.load)
app.add_page(wizard_management_page, route=routes.FILING_MANAGEMENT, title=WIZARD_TITLE,
             on_load=ManagementTabState.load)
app.add_page(wizard_submit_page, route=routes.FILING_SUBMIT, title="备案提交 - " + TITLE, on_load=SubmitPageState.load)
app.add_page(queue_page, route=routes.REVIEW_QUEUE, title="审查列表 - " + TITLE, on_load=ReviewQueueState.load)
app.add_page(filing_review_page, route=routes.REVIEW_FILING, title="备案审查 - " + TITLE, on_load=ReviewFilingState.load)
app.add_page(report_review_page, route=routes.REVIEW_REPORT, title="重复人员信息报备审查 - " + TITLE,
             on_load=ReviewReportState.load)
app.add_page(manage_staff_page, route=routes.MANAGE_STAFF, title="审查员账号管理 - " + TITLE,
             on_load=ManageStaffState.load)
app.add_page(history_page, route=routes.INSTITUTION_HISTORY, title="备案记录 - " + TITLE,
             on_load=InstitutionHistoryState.load)
# The filing wizard's list tabs (技术人员, 设施设备) and 重复人员信息报备.
app.add_page(lambda: people_tab_page(**people_excel_actions()), route=routes.FILING_PEOPLE, title="技术人员 - " + TITLE,
             on_load=PeopleTabState.load)
app.add_page(duplicates_page, route=routes.FILING_PEOPLE_DUPLICATES, title="重复人员信息报备 - " + TITLE,
             on_load=DuplicatesState.load)
app.add_page(lambda: equipment_tab_page(**equipment_excel_actions()), route=routes.FILING_EQUIPMENT,
             title="设施设备 - " + TITLE,
             on_load=EquipmentTabState.load)
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
