"""Builders for the 技术人员 / 设施设备 / 重复人员 service tests (plain functions)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

from filing_app.domain.enums import Role
from filing_app.models import Account, Institution
from filing_app.services.actor import Actor
from filing_app.domain.validators import complete_identity_number
from tests.helpers import new_credit_code, new_phone, new_username

_serial = itertools.count(1)

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n%test\n" + b"0" * 64


def make_institution(session: Session, name: str = "北京测试环境监测有限公司", *, registered_type: str = "monitoring",
                     province: str = "110000", role: str = Role.INST_MAIN) -> tuple[Institution, Actor]:
    institution = Institution(credit_code=new_credit_code(), name=name, registered_type=registered_type,
                              province_code=province)
    session.add(institution)
    session.flush()
    actor = add_account(session, institution, role=role)
    return institution, actor


def add_account(session: Session, institution: Institution, *, role: str = Role.INST_SUB) -> Actor:
    account = Account(username=new_username(), phone=new_phone(), password_hash="x", role=role,
                      institution_id=institution.id)
    session.add(account)
    session.flush()
    return Actor(account.id, account.username, role, institution_id=institution.id)


def make_reviewer(session: Session, province: str = "110000") -> Actor:
    account = Account(username=new_username("rev"), phone=new_phone(), password_hash="x", role=Role.REVIEWER,
                      province_code=province)
    session.add(account)
    session.flush()
    return Actor(account.id, account.username, Role.REVIEWER, province_code=province)


def new_identity_number(region: str = "110108", birth: str | None = None, male: bool = True) -> str:
    """A valid identity number never handed out before in this test run (distinct birth dates)."""
    n = next(_serial)
    born = birth or (date(1970, 1, 1) + timedelta(days=n)).strftime("%Y%m%d")
    seq = f"{n % 100:02d}"
    return complete_identity_number(f"{region}{born}{seq}{'13579'[n % 5] if male else '02468'[n % 5]}")


def person_data(filing_type: str = "monitoring", **overrides) -> dict:
    data = {
        "id_type": "居民身份证",
        "id_number": new_identity_number(),
        "name": "张伟",
        "education": "本科",
        "degree": "学士",
        "major": "环境监测",
        "hire_date": "2015-07-01",
        "labor_relation": "正式员工",
        "title": "中级",
        "status": "在职",
        "has_training": "无",
    }
    if filing_type == "monitoring":
        data.update(duties=["技术负责人"], posts=["授权签字人", "分析"])
    else:
        data.update(posts=["现场运维"])
    data.update(overrides)
    return data


def equipment_data(**overrides) -> dict:
    data = {
        "equipment_type": "实验室分析",
        "name": "多参数分析仪",
        "model": "proQuattro",
        "number_type": "出厂编号",
        "number": "SN-0001",
        "ownership": "自有",
        "manufacturer": "YSI",
        "metrology_status": "检定",
        "condition": "在用",
    }
    data.update(overrides)
    return data


def write_file(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


__all__ = ["PDF_BYTES", "PNG_BYTES", "add_account", "equipment_data", "make_institution", "make_reviewer",
           "new_identity_number", "person_data", "write_file"]
