"""Demo data of the review: a complete monitoring filing of a Beijing institution waiting in
bj_reviewer's queue, and a duplicate-person report about one of its people.

`build_filing` writes a complete working copy (every tab, small generated PDFs stored through
storage.save_upload); `submit` submits it through the wizard's own 确认提交
(services/filings.submit), so the snapshot in the queue is exactly what the UI would have
made. The service and browser tests of the review build their data with them too.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from filing_app.demo_registry import minimal_pdf
from filing_app.domain.clock import today_beijing, utcnow
from filing_app.domain.enums import FilingStatus, FilingType, Role
from filing_app.domain.review import REPORT_PENDING
from filing_app.domain.validators import complete_credit_code, complete_identity_number
from filing_app.models import (
    Account,
    BranchSite,
    Certificate,
    DuplicatePersonReport,
    Equipment,
    Filing,
    FilingSubmission,
    Institution,
    Person,
    Training,
)
from filing_app.services import employment, filings, security, storage
from filing_app.services.actor import Actor

DEMO_PASSWORD = "Demo@2026"
LANTIAN_CODE = complete_credit_code("91110105MA01RB3T")
CHENGYUAN_CODE = complete_credit_code("91110106MA02CY8W")


def _pdf(session: Session, institution: Institution, name: str, purpose: str) -> int:
    attachment = storage.save_upload(session, None, minimal_pdf(purpose), name, purpose,
                                     institution_id=institution.id)
    return attachment.id


_EQUIPMENT = (
    ("实验室分析", "气相色谱仪", "GC-2030", "岛津"),
    ("实验室分析", "原子吸收分光光度计", "AA-7000", "岛津"),
    ("现场采样", "大气采样器", "崂应2020", "青岛崂应"),
    ("现场监测", "多功能声级计", "AWA6228+", "杭州爱华"),
    ("实验室分析", "紫外可见分光光度计", "UV-1800", "岛津"),
    ("样品前处理", "微波消解仪", "MARS6", "CEM"),
    ("现场采样", "烟尘烟气测试仪", "3012H", "青岛崂应"),
    ("实验室分析", "离子色谱仪", "ICS-1100", "赛默飞"),
)
_PEOPLE_NAMES = ("陈立", "王芳", "李明", "赵静", "刘洋", "孙悦", "周强", "吴婷", "郑凯", "冯雪", "何军", "许琳",
                 "邓超", "曹颖", "彭涛", "韩梅")


def build_filing(
    session: Session,
    institution: Institution,
    filing_type: str = FilingType.MONITORING,
    *,
    people: list[tuple[str, str]] | None = None,
    equipment_count: int = 3,
    org_name: str | None = None,
    legal_rep: str = "陈明",
) -> Filing:
    """A complete working copy (five tabs filled, every required file uploaded) of `filing_type`;
    its 在职 people are claimed in the one-person register. `people` is [(name, id_number)]."""
    monitoring = filing_type == FilingType.MONITORING
    cert = _pdf(session, institution, "资质证书.pdf", "cma_cert" if monitoring else "om_cert")
    annex = _pdf(session, institution, "资质认定证书附表.pdf", "cma_annex")
    manual = _pdf(session, institution, "质量手册.pdf" if monitoring else "质量管理制度手册.pdf", "quality_manual")
    commitment = _pdf(session, institution, "书面承诺.pdf", "commitment")
    diploma = _pdf(session, institution, "学历证书.pdf", "edu_cert")
    degree = _pdf(session, institution, "学位证书.pdf", "degree_cert")
    title = _pdf(session, institution, "职称证书.pdf", "title_cert")
    proof = _pdf(session, institution, "场所证明.pdf", "site_proof")
    filing = Filing(
        institution_id=institution.id,
        filing_type=filing_type,
        status=FilingStatus.DRAFT,
        inst_category="综合监测类" if monitoring else "综合运维类",
        org_name=org_name or institution.name,
        independent_legal_person=True,
        cma_first_date=date(2019, 6, 18) if monitoring else None,
        nature="私营",
        categories=["水(含大气降水)和废水", "环境空气和废气", "噪声"] if monitoring
        else ["污染源废气自动监测", "地表水自动监测"],
        legal_rep=legal_rep,
        legal_rep_phone="13911112222",
        reg_province_code=institution.province_code,
        reg_city_code=institution.city_code or "",
        reg_address=institution.address or "科技园路1号",
        quality_manual_attachment_id=manual,
        commitment_attachment_id=commitment,
        completed_tabs=["basic", "people", "capability", "equipment", "management"],
    )
    if monitoring:
        filing.cma_cert_no = "191112050123"
        filing.cma_valid_from = date(2023, 6, 18)
        filing.cma_valid_to = date(2029, 6, 17)
        filing.cma_cert_attachment_id = cert
        filing.cma_annex_attachment_id = annex
        filing.has_cnas = False
        filing.has_other_certs = True
    else:
        filing.has_mgmt_certs = True
    session.add(filing)
    session.flush()
    session.add(BranchSite(filing_id=filing.id, province_code=institution.province_code,
                           city_code=institution.city_code or "", address="实验楼二层", area_m2=320.0,
                           proof_attachment_id=proof))
    if monitoring:
        session.add(Certificate(filing_id=filing.id, kind="other", cert_type="计量认证", cert_no="JL-2024-018",
                                valid_from=date(2024, 1, 1), valid_to=date(2028, 12, 31)))
    else:
        session.add(Certificate(filing_id=filing.id, kind="om_capability", capability="污染源废气自动监测",
                                has_cert=True, cert_no="YW-2024-001", valid_from=date(2024, 3, 1),
                                valid_to=date(2027, 2, 28), issuer="中国环境保护产业协会", approval_no="CNCA-R-2002-001",
                                attachment_id=cert))
        session.add(Certificate(filing_id=filing.id, kind="mgmt_system", cert_type="质量管理体系认证(QMS)",
                                cert_no="QMS-8899"))
    for n, (name, number) in enumerate(people or [], start=1):
        person = Person(
            filing_id=filing.id,
            institution_id=institution.id,
            id_type="居民身份证",
            id_number=number,
            id_key=number,
            name=name,
            gender="男" if int(number[16]) % 2 else "女",
            education="本科",
            degree="学士",
            major="环境工程",
            hire_date=date(2018, 7, 1) + timedelta(days=30 * n),
            labor_relation="正式员工",
            duties=(["技术负责人"] if n == 1 else ["其他"]) if monitoring else [],
            title="中级" if n % 2 else "初级及以下",
            posts=["采样", "分析"] if monitoring else ["现场运维"],
            edu_cert_attachment_id=diploma,
            degree_cert_attachment_id=degree,
            title_cert_attachment_id=title,
            status="在职",
            has_training=not monitoring,
        )
        session.add(person)
        session.flush()
        if not monitoring:
            session.add(Training(person_id=person.id, level="国家", organization="中国环境保护产业协会",
                                 content="运维能力-废气", cert_no=f"ZL{n:03d}"))
        employment.claim(session, institution.id, number, number)
    for n in range(equipment_count):
        kind, name, model, maker = _EQUIPMENT[n % len(_EQUIPMENT)]
        session.add(Equipment(filing_id=filing.id, equipment_type=kind, name=name, model=model,
                              number_type="出厂编号", number=f"SN{institution.id:04d}{n + 1:04d}", ownership="自有",
                              manufacturer=maker, metrology_status="检定", condition="在用"))
    session.flush()
    return filing


def submit(session: Session, filing: Filing, actor: Actor, *,
           submitted_at: datetime | None = None) -> FilingSubmission:
    """确认提交 through the wizard's service (its whole-filing check, snapshot, audit), by
    `actor`, an account of the filing's institution. `submitted_at` backdates the submission
    (demo and tests of waiting days); the filing's submission times follow."""
    filings.submit(session, actor, filing.filing_type, version=filing.version)
    submission = session.exec(select(FilingSubmission).where(FilingSubmission.filing_id == filing.id)
                              .order_by(FilingSubmission.id.desc()).limit(1)).one()
    if submitted_at is not None:
        submission.submitted_at = submitted_at
        filing.submitted_at = submitted_at
        if filing.first_submitted_at is None or filing.first_submitted_at > submitted_at:
            filing.first_submitted_at = submitted_at
        session.add_all([submission, filing])
        session.flush()
    return submission


def actor_of(account: Account) -> Actor:
    """The Actor a login session of `account` gives."""
    return Actor(account_id=account.id, username=account.username, role=account.role,
                 institution_id=account.institution_id, province_code=account.province_code)


def demo_people(region: str, birth_year: int, count: int, names: tuple[str, ...] = _PEOPLE_NAMES) -> list[tuple[str, str]]:
    people = []
    for n in range(count):
        body = f"{region}{birth_year + n % 10}{(n % 12) + 1:02d}{(n % 27) + 1:02d}{n % 100:02d}{(n * 7) % 10}"
        people.append((names[n % len(names)], complete_identity_number(body)))
    return people


def seed(session: Session) -> None:
    """Once: 北京蓝天环境检测技术有限公司's monitoring filing (12 people, 15 pieces of equipment)
    submitted three days ago, and a duplicate-person report by 北京澄源环境科技有限公司."""
    if session.exec(select(Institution.id).where(Institution.credit_code == LANTIAN_CODE)).first():
        return
    lantian = Institution(credit_code=LANTIAN_CODE, name="北京蓝天环境检测技术有限公司",
                          registered_type=FilingType.MONITORING, province_code="110000", city_code="110105",
                          address="酒仙桥路10号")
    chengyuan = Institution(credit_code=CHENGYUAN_CODE, name="北京澄源环境科技有限公司", registered_type=FilingType.OM,
                            province_code="110000", city_code="110106", address="丰台科技园汉威国际广场")
    session.add_all([lantian, chengyuan])
    session.flush()
    accounts = {}
    for username, phone, institution in (("demo_lantian", "13800000004", lantian),
                                         ("demo_chengyuan", "13800000005", chengyuan)):
        account = session.exec(select(Account).where(Account.username == username)).first()
        if account is None:
            account = Account(username=username, phone=phone, display_name=institution.name,
                              password_hash=security.hash_password(DEMO_PASSWORD), role=Role.INST_MAIN,
                              institution_id=institution.id)
            session.add(account)
            session.flush()
        accounts[username] = account
    people = demo_people("110105", 1985, 12)
    filing = build_filing(session, lantian, FilingType.MONITORING, people=people, equipment_count=15)
    submit(session, filing, actor_of(accounts["demo_lantian"]), submitted_at=utcnow() - timedelta(days=3))

    om = Filing(institution_id=chengyuan.id, filing_type=FilingType.OM, org_name=chengyuan.name,
                reg_province_code="110000", reg_city_code="110106")
    session.add(om)
    session.flush()
    name, number = people[-1]
    statement = _pdf(session, chengyuan, "离职说明（本人签字）.pdf", "departure_statement")
    session.add(DuplicatePersonReport(
        institution_id=chengyuan.id, filing_id=om.id, province_code="110000", id_number=number, id_key=number,
        name=name, gender="男" if int(number[16]) % 2 else "女", previous_leave_date=today_beijing() - timedelta(days=20),
        statement_attachment_id=statement, holder_institution_id=lantian.id, status=REPORT_PENDING,
        created_at=utcnow() - timedelta(days=1)))
    session.flush()
