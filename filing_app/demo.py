"""Demo data for `make run`: loaded once (idempotent), with printed logins.

Every credit code and identity number here is built with valid check characters
(the manual's own samples are invalid and are never used).
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from filing_app.db import session_scope
from filing_app.domain.clock import utcnow
from filing_app.domain.enums import FilingType, Role
from filing_app.domain.validators import complete_credit_code
from filing_app.models import Account, Institution, Notice
from filing_app.services import security

DEMO_PASSWORD_INSTITUTION = "Demo@2026"
DEMO_PASSWORD_REVIEWER = "Review@2026"
DEMO_PASSWORD_ADMIN = "Admin@2026"

DEMO_LOGINS = (
    ("机构主账号（北京市，监测机构，未填报）", "demo_jiance", DEMO_PASSWORD_INSTITUTION),
    ("机构主账号（北京市，监测机构，待审查）", "demo_lantian", DEMO_PASSWORD_INSTITUTION),
    ("机构主账号（北京市，运维机构）", "demo_chengyuan", DEMO_PASSWORD_INSTITUTION),
    ("省级审查员（北京市）", "bj_reviewer", DEMO_PASSWORD_REVIEWER),
    ("国家管理员", "admin", DEMO_PASSWORD_ADMIN),
)

DEMO_NOTICES = (
    ("national", "public", "关于做好生态环境监测技术服务机构备案工作的通知",
     "根据《生态环境监测条例》第二十八条，从事生态环境监测、运维的技术服务机构应当向注册地所在省级生态环境主管部门备案。"
     "请各机构通过本系统如实填报基本信息、技术人员、技术能力、设施设备和管理能力，并上传书面承诺。"),
    ("national", "public", "生态环境监测技术服务机构备案管理系统上线试运行公告",
     "系统自即日起试运行。使用中遇到问题，可通过“备案工作建议”功能反馈。"),
    ("110000", "public", "北京市生态环境局关于开展技术服务机构备案的通知",
     "注册地在北京市的监测机构、运维机构，请于规定时间内完成备案。"),
    ("national", "institutions", "备案填报常见问题解答（机构版）",
     "1. 技术人员身份证号请按18位填写；2. 多个分场所的能力附表请合并后上传；3. 人员由技术岗转为非技术岗请勾选“转非技术人员”。"),
)


def _account(session: Session, username: str, password: str, role: str, **fields) -> Account:
    account = session.exec(select(Account).where(Account.username == username)).first()
    if account is None:
        account = Account(username=username, password_hash=security.hash_password(password), role=role, **fields)
        session.add(account)
        session.flush()
    return account


def seed_demo() -> None:
    """Create the demo accounts, institution and notices unless they exist."""
    with session_scope() as session:
        _account(session, "admin", DEMO_PASSWORD_ADMIN, Role.ADMIN, display_name="国家管理员", phone="13800000001")
        _account(session, "bj_reviewer", DEMO_PASSWORD_REVIEWER, Role.REVIEWER, display_name="北京市审查员",
                 phone="13800000002", province_code="110000")
        code = complete_credit_code("91110108MA01QY7K")
        institution = session.exec(select(Institution).where(Institution.credit_code == code)).first()
        if institution is None:
            institution = Institution(credit_code=code, name="北京清源环境监测有限公司",
                                      registered_type=FilingType.MONITORING, province_code="110000",
                                      city_code="110108", address="中关村大街11号")
            session.add(institution)
            session.flush()
        _account(session, "demo_jiance", DEMO_PASSWORD_INSTITUTION, Role.INST_MAIN, display_name=institution.name,
                 phone="13800000003", institution_id=institution.id)
        if session.exec(select(Notice.id).limit(1)).first() is None:
            now = utcnow()
            for days, (scope, audience, title, body) in enumerate(DEMO_NOTICES):
                session.add(Notice(scope=scope, audience=audience, title=title, body=body, status="published",
                                   published_at=now - timedelta(days=days * 3)))
        _extend(session)


def _extend(session: Session) -> None:
    """Demo data of later features (filings in review, published institutions) hooks in here."""
    from filing_app import demo_filings

    demo_filings.seed(session)


def print_logins() -> None:
    print()
    print("演示账号（仅用于本地演示环境）：")
    for role, username, password in DEMO_LOGINS:
        print(f"  {role:<24} 用户名 {username:<14} 密码 {password}")
    print()
