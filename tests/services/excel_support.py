"""Builders for the Excel tests: institutions and actors, workbooks made in memory, DB snapshots."""

from __future__ import annotations

import io
import itertools
import random
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from sqlmodel import Session, select

from filing_app.domain.enums import Role
from filing_app.models import ActiveEmployment, AuditLog, Equipment, Filing, Institution, Person
from filing_app.services.actor import Actor
from filing_app.services.excel import templates
from filing_app.services.excel.schema import layout
from tests.helpers import new_credit_code, new_phone, new_username


@dataclass(frozen=True)
class Org:
    institution: Institution
    main: Actor
    sub: Actor


def make_org(session: Session, name: str = "北京测试环境监测有限公司", registered_type: str = "monitoring") -> Org:
    from filing_app.models import Account

    institution = Institution(credit_code=new_credit_code(), name=name, registered_type=registered_type,
                              province_code="110000")
    session.add(institution)
    session.flush()
    actors = []
    for role in (Role.INST_MAIN, Role.INST_SUB):
        account = Account(username=new_username("x"), phone=new_phone(), password_hash="-", role=role,
                          institution_id=institution.id)
        session.add(account)
        session.flush()
        actors.append(Actor(account_id=account.id, username=account.username, role=role,
                            institution_id=institution.id))
    session.commit()
    return Org(institution, actors[0], actors[1])


_serial = itertools.count(random.randrange(10_000))


def next_id() -> str:
    """A valid identity number of a man born 1970-1990, different at every call in a run."""
    from datetime import date, timedelta

    from filing_app.domain.validators import complete_identity_number

    n = next(_serial)
    born = date(1970, 1, 1) + timedelta(days=n // 50 % 7000)
    return complete_identity_number(f"110108{born.strftime('%Y%m%d')}{n % 50:02d}1")


def person(**overrides: Any) -> dict[str, Any]:
    """One valid person, keyed by field key (monitoring columns)."""
    values = {
        "name": "张三", "id_type": "", "id_number": next_id(), "gender": "",
        "education": "本科", "degree": "学士", "major": "环境工程", "hire_date": "2015-07-01",
        "labor_relation": "正式员工", "duties": "技术负责人、质量负责人", "title": "中级", "posts": "采样、分析",
        "status": "在职", "leave_date": "", "has_training": "无",
    }
    values.update(overrides)
    return values


def unique_ids(n: int, region: str = "110108") -> list[str]:
    """n different valid identity numbers (births spread over the days of 1960-2000)."""
    from datetime import date, timedelta

    from filing_app.domain.validators import complete_identity_number

    start = date(1960, 1, 1)
    return [complete_identity_number(f"{region}{(start + timedelta(days=i // 10)).strftime('%Y%m%d')}{i % 10:02d}1")
            for i in range(n)]


def device(**overrides: Any) -> dict[str, Any]:
    values = {
        "equipment_type": "实验室分析", "name": "多参数分析仪", "model": "proQuattro", "number_type": "出厂编号",
        "number": "SN-0001", "ownership": "自有", "manufacturer": "YSI", "metrology_status": "校准",
        "condition": "在用",
    }
    values.update(overrides)
    return values


def workbook(kind: str, filing_type: str, rows: list[dict[str, Any]], *, edit=None) -> bytes:  # noqa: ANN001
    """The system's template with rows appended (by field key), as a user would fill it."""
    wb = load_workbook(io.BytesIO(templates.template_bytes(kind, filing_type)))
    lay = layout(kind, filing_type)
    ws = wb[lay.sheet]
    for row in rows:
        ws.append([row.get(c.key) for c in lay.columns])
    if edit is not None:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def people_file(rows: list[dict[str, Any]], filing_type: str = "monitoring", **kw: Any) -> bytes:
    if filing_type == "om":
        rows = [{k: v for k, v in r.items() if k != "duties"} | ({"posts": "现场运维"} if "posts" not in r else {})
                for r in rows]
    return workbook("people", filing_type, rows, **kw)


def snapshot(session: Session) -> tuple:
    """Everything an import may change, to assert that a refused one changed nothing."""
    session.expire_all()
    people = [p.model_dump() for p in session.exec(select(Person).order_by(Person.id))]
    claims = [(a.id_key, a.institution_id) for a in session.exec(select(ActiveEmployment).order_by(ActiveEmployment.id))]
    equipment = [e.model_dump() for e in session.exec(select(Equipment).order_by(Equipment.id))]
    filings = [f.model_dump() for f in session.exec(select(Filing).order_by(Filing.id))]
    return people, claims, equipment, filings


def last_audit(session: Session, action: str) -> AuditLog:
    session.expire_all()
    return session.exec(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id.desc())).first()


def cell_errors(result) -> list[tuple[int, str, str]]:  # noqa: ANN001
    return [(e.row, e.column, e.message) for e in result.errors]
