"""Builders for the wizard's service tests: institutions with accounts, valid tab forms, files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session

from filing_app.domain.clock import today_beijing
from filing_app.domain.enums import Role
from filing_app.models import Account, Equipment, Institution, Person
from filing_app.services import filings
from filing_app.services.actor import Actor
from tests.helpers import new_credit_code, new_identity_number, new_phone, new_username

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass
class Org:
    institution: Institution
    main: Actor
    sub: Actor


def _actor(session: Session, role: str, institution_id: int | None = None, province_code: str | None = None) -> Actor:
    account = Account(username=new_username(), phone=new_phone(), password_hash="x", role=role,
                      institution_id=institution_id, province_code=province_code)
    session.add(account)
    session.flush()
    return Actor(account_id=account.id, username=account.username, role=role, institution_id=institution_id,
                 province_code=province_code)


def make_org(session: Session, registered_type: str = "monitoring", province: str = "110000",
             name: str = "北京清源环境监测有限公司") -> Org:
    inst = Institution(credit_code=new_credit_code(), name=name, registered_type=registered_type,
                       province_code=province)
    session.add(inst)
    session.flush()
    org = Org(inst, _actor(session, Role.INST_MAIN, inst.id), _actor(session, Role.INST_SUB, inst.id))
    session.commit()
    return org


def make_reviewer(session: Session, province: str = "110000") -> Actor:
    actor = _actor(session, Role.REVIEWER, province_code=province)
    session.commit()
    return actor


def basic_form(filing_type: str = "monitoring", **overrides) -> dict:
    form = {
        "inst_category": "综合监测类" if filing_type == "monitoring" else "综合运维类",
        "org_name": "北京清源环境监测有限公司",
        "independent_legal_person": "是",
        "cma_first_date": "2015-06-01",
        "nature": "私营",
        "categories": ["水(含大气降水)和废水", "噪声"] if filing_type == "monitoring" else ["地表水自动监测"],
        "other_category": "",
        "legal_rep": "朱建国",
        "legal_rep_phone": "18812347808",
        "reg_city_code": "110108",
        "reg_address": "中关村大街11号",
    }
    if filing_type != "monitoring":
        form.pop("cma_first_date")
    form.update(overrides)
    return form


def site_form(**overrides) -> dict:
    form = {"province_code": "130000", "city_code": "130100", "address": "石家庄市长安区中山东路1号",
            "area_m2": "120.5"}
    form.update(overrides)
    return form


def capability_form(**overrides) -> dict:
    today = today_beijing()
    form = {
        "cma_cert_no": "231112050123",
        "cma_valid_from": (today - timedelta(days=400)).isoformat(),
        "cma_valid_to": (today + timedelta(days=1500)).isoformat(),
        "has_cnas": "无",
        "cnas_cert_no": "",
        "cnas_valid_from": "",
        "cnas_valid_to": "",
        "has_other_certs": "无",
    }
    form.update(overrides)
    return form


def om_row_form(**overrides) -> dict:
    today = today_beijing()
    form = {"capability": "地表水自动监测", "has_cert": "有", "cert_no": "ZL-2024-001",
            "valid_from": (today - timedelta(days=30)).isoformat(),
            "valid_to": (today + timedelta(days=700)).isoformat(), "issuer": "中国环境保护产业协会",
            "approval_no": "CNCA-R-2019-123"}
    form.update(overrides)
    return form


def add_people_and_equipment(session: Session, org: Org, filing_id: int, filing_type: str = "monitoring") -> None:
    """PART B's tabs, inserted directly: one complete 在职 person with certificates (held by the
    institution in the one-person register, as people.add_person does), one device."""
    from filing_app.services import employment, storage

    files = [storage.save_upload(session, org.main, PDF, f"{n}.pdf", "edu_cert", institution_id=org.institution.id)
             for n in ("学历证书", "学位证书", "职称证书")]
    number = new_identity_number(birth="19880101")
    session.add(Person(
        filing_id=filing_id, institution_id=org.institution.id, id_type="居民身份证", id_number=number,
        id_key=number, name="张三", gender="男", education="本科", degree="学士", major="环境监测",
        hire_date=date(2015, 7, 1), labor_relation="正式员工",
        duties=["技术负责人"] if filing_type == "monitoring" else [], title="中级",
        posts=["分析"] if filing_type == "monitoring" else ["现场运维"], status="在职", has_training=False,
        edu_cert_attachment_id=files[0].id, degree_cert_attachment_id=files[1].id, title_cert_attachment_id=files[2].id,
    ))
    employment.claim(session, org.institution.id, number, number)
    session.add(Equipment(filing_id=filing_id, equipment_type="实验室分析", name="多参数分析仪", model="proQuattro",
                          number_type="出厂编号", number="SN-001", ownership="自有", manufacturer="YSI",
                          metrology_status="校准", condition="在用"))
    session.commit()


def fill_monitoring(session: Session, org: Org) -> int:
    """A complete monitoring filing through the services (without people, equipment, commitment)."""
    actor = org.main
    s = filings.open_filing(session, actor, "monitoring")
    v = filings.save_basic(session, actor, "monitoring", basic_form(), version=s.version, validate=True).version
    proof = filings.upload_row_file(session, actor, "monitoring", "site_proof", PDF, "证明.pdf")
    v = filings.save_site(session, actor, "monitoring", site_form(), version=v, proof_attachment_id=proof.id).version
    v = filings.save_capability(session, actor, "monitoring", capability_form(), version=v, validate=False).version
    for slot in ("cma_cert", "cma_annex"):
        v = filings.attach_file(session, actor, "monitoring", slot, PDF, f"{slot}.pdf", version=v).version
    v = filings.attach_file(session, actor, "monitoring", "quality_manual", PNG, "质量手册.png", version=v).version
    session.commit()
    return v
