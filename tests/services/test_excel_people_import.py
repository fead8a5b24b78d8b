"""Importing 技术人员: every bad row reported by row, column and reason; all or nothing;
updates by identity number; the one-person-one-institution rule across institutions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from filing_app.domain.validators import complete_identity_number, mask_id_number
from filing_app.models import Filing, Person
from filing_app.services import employment
from filing_app.services.errors import PermissionDenied, ServiceError
from filing_app.services.excel import importer, people_import
from filing_app.services.excel.common import MASKED_MESSAGE
from filing_app.services.excel.safety import Limits
from tests.helpers import new_identity_number
from tests.services.excel_support import (
    cell_errors,
    last_audit,
    make_org,
    people_file,
    person,
    next_id,
    snapshot,
    unique_ids,
)


@pytest.fixture()
def org(session):  # noqa: ANN001
    return make_org(session, "北京甲环境监测有限公司")


def run(session, actor, data: bytes, filing_type: str = "monitoring"):  # noqa: ANN001, ANN201
    result = importer.run_import(session, actor, "people", filing_type, data)
    session.commit()
    return result


def refused_rows(session, org, rows, filing_type: str = "monitoring") -> list[tuple[int, str, str]]:  # noqa: ANN001
    before = snapshot(session)
    result = run(session, org.main, people_file(rows, filing_type), filing_type)
    assert not result.ok
    assert result.message.endswith("本次导入未写入任何数据；请按下表改正后重新导入")
    assert snapshot(session) == before
    audit = last_audit(session, "excel_import")
    assert audit.result == "fail" and audit.detail["errors"] == len(result.errors)
    assert audit.detail["rows"] == len(rows) and audit.detail["added"] == 0
    return cell_errors(result)


def people_of(session, org) -> dict[str, Person]:  # noqa: ANN001
    session.expire_all()
    return {p.id_key: p for p in session.exec(select(Person).where(Person.institution_id == org.institution.id))}


def holder(session, key: str) -> int | None:  # noqa: ANN001
    session.expire_all()
    return employment.holder_of(session, key)


# ---------------------------------------------------------------- good files


def test_a_filled_template_goes_in_with_cleaned_values_and_claims(session, org):
    a, b = person(name="张三"), person(name="李四", id_number=new_identity_number(male=False), gender="女",
                                        hire_date=datetime(2020, 7, 1), duties="质量负责人", posts="分析")
    result = run(session, org.main, people_file([a, b]))
    assert result.ok and result.message == "导入成功：共2行，新增2条，更新0条"
    people = people_of(session, org)
    p = people[a["id_number"]]
    assert (p.name, p.gender, p.education, p.hire_date, p.duties, p.posts, p.status, p.has_training) == (
        "张三", "男", "本科", date(2015, 7, 1), ["技术负责人", "质量负责人"], ["采样", "分析"], "在职", False)
    assert people[b["id_number"]].hire_date == date(2020, 7, 1)
    assert holder(session, a["id_number"]) == org.institution.id
    filing = session.exec(select(Filing).where(Filing.institution_id == org.institution.id)).one()
    # Started for the import as 立即填报 starts it.
    assert (filing.filing_type, filing.status, filing.org_name, filing.reg_province_code) == (
        "monitoring", "draft", "北京甲环境监测有限公司", "110000")
    audit = last_audit(session, "excel_import")
    assert audit.result == "ok" and audit.object_id == filing.id
    assert {k: audit.detail[k] for k in ("rows", "added", "updated", "errors", "created_filing")} == {
        "rows": 2, "added": 2, "updated": 0, "errors": 0, "created_filing": True}


def test_messy_but_meaningful_cells_are_accepted(session, org):
    number = next_id()
    wide = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))  # typed with a Chinese IME
    row = person(education="　本科　", title=" 中级", status="在 职", duties="技术负责人，质量负责人",
                 posts="采样 、 分析", hire_date="２０２４／７／１", labor_relation="正式员工 ", degree="学士学位",
                 id_type="身份证", has_training="", id_number=f" {wide} ", major="环境\n工程")
    other = person(hire_date="2024/7/1", has_training="有")
    result = run(session, org.main, people_file([row, other]))
    assert result.ok, cell_errors(result)
    p = people_of(session, org)[number]
    assert (p.education, p.title, p.status, p.duties, p.posts, p.hire_date, p.degree, p.id_type, p.major) == (
        "本科", "中级", "在职", ["技术负责人", "质量负责人"], ["采样", "分析"], date(2024, 7, 1), "学士", "居民身份证",
        "环境 工程")
    q = people_of(session, org)[other["id_number"]]
    assert (q.hire_date, q.has_training) == (date(2024, 7, 1), True)


def test_an_om_file_has_om_posts(session):
    org = make_org(session, "北京运维有限公司", registered_type="om")
    row = person(posts="现场运维、质量管理", has_training="有")
    result = run(session, org.main, people_file([row], "om"), "om")
    assert result.ok, cell_errors(result)
    p = people_of(session, org)[row["id_number"]]
    assert p.posts == ["现场运维", "质量管理"] and p.duties == [] and p.has_training is True


# ---------------------------------------------------------------- bad rows: exact row, column, message


def test_required_cells(session, org):
    errors = refused_rows(session, org, [person(name="", education=None, hire_date="", posts="")])
    assert errors == [
        (2, "姓名", "请填写姓名"),
        (2, "学历", "请选择学历"),
        (2, "入职时间", "请填写入职时间"),
        (2, "监测岗位", "请选择监测岗位"),
    ]


def test_values_outside_the_enumerations(session, org):
    errors = refused_rows(session, org, [person(education="大学"), person(posts="采样、跳舞", status="退休")])
    assert errors == [
        (2, "学历", "学历“大学”不是可选值，应为：研究生、本科、大专、中专、高中及以下"),
        (3, "监测岗位", "监测岗位中“跳舞”不是可选值，应从以下选择：授权签字人、技术管理、质量管理、采样、分析、现场监测、报告编制、质量监督、其他"),
        (3, "人员状态", "人员状态“退休”不是可选值，应为：在职、离职、转非技术人员"),
    ]


def test_dates(session, org):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    errors = refused_rows(session, org, [
        person(hire_date="2024-02-30"), person(hire_date=tomorrow), person(status="离职"),
        person(status="离职", leave_date="2010-01-01"),
    ])
    assert errors == [
        (2, "入职时间", "入职时间“2024-02-30”不是有效日期，请写成 2024-07-01 的形式"),
        (3, "入职时间", "入职时间不能晚于今天"),
        (4, "离职时间", "人员状态为离职时，请填写离职时间"),
        (5, "离职时间", "离职时间不能早于入职时间"),
    ]


def test_identity_numbers_check_character_and_excel_damage(session, org):
    valid = new_identity_number(birth="19880101")
    wrong_check = valid[:17] + ("0" if valid[17] != "0" else "1")
    first17 = "11010819880101" + "100"
    lost_digits = first17 + "0"
    assert complete_identity_number(first17)[-1] != "0"
    errors = refused_rows(session, org, [
        person(id_number=wrong_check),
        person(id_number=1.30102e17),  # what Excel shows as 1.30102E+17
        person(id_number=lost_digits),  # 110108198801011000 after Excel kept 15 digits
        person(id_number=110108198801011234),  # typed into a number cell
        person(id_number="1101*****1234"),  # a masked export
        person(id_number=valid, gender="女"),
    ])
    hint = "请将该列单元格格式设为“文本”后重新录入完整号码"
    assert errors == [
        (2, "证件号码", "居民身份证号码校验码错误（第18位与前17位不符），请逐位核对号码"),
        (3, "证件号码", f"证件号码被Excel转换成了数字（显示为1.30102E+17），末尾数字已丢失，{hint}"),
        (4, "证件号码", f"居民身份证号码校验码错误；末尾为000，可能是Excel把号码当成数字而丢失了末尾几位，{hint}"),
        (5, "证件号码", f"证件号码被Excel转换成了数字（显示为1.10108E+17），末尾数字已丢失，{hint}"),
        (6, "证件号码", MASKED_MESSAGE.format(shown="1101*****1234")),
        (7, "性别", "性别“女”与证件号码不符（证件号码显示为男）"),
    ]


def test_duplicates_inside_the_file(session, org):
    same = new_identity_number()
    errors = refused_rows(session, org, [person(id_number=same), person(), person(id_number=same.lower())])
    assert errors == [(4, "证件号码", "与第2行的证件号码相同；同一人员在文件中只能出现一次，请删除重复的行")]


def test_every_error_of_every_row_is_reported_and_nothing_is_written(session, org):
    rows = [person() for _ in range(5)]
    rows[1]["education"] = "大学"
    rows[3]["name"] = ""
    rows[3]["title"] = "教授"
    errors = refused_rows(session, org, rows)
    assert [(r, c) for r, c, _ in errors] == [(3, "学历"), (5, "姓名"), (5, "职称")]
    assert session.exec(select(Filing)).all() == []  # not even the draft


def test_person_working_at_another_institution_is_refused_with_the_way_out(session, org):
    other = make_org(session, "北京乙检测技术有限公司")
    held = new_identity_number()
    employment.claim(session, other.institution.id, held, held)
    session.commit()
    errors = refused_rows(session, org, [person(), person(id_number=held)])
    assert errors == [(3, "证件号码",
                       f"证件号码为{mask_id_number(held)}的人员目前在“北京乙检测技术有限公司”在职备案，同一人员不能同时在多家机构备案。"
                       + employment.HOW_TO_RESOLVE)]
    # Filing the same person as 离职 (their past with us) is not a claim.
    result = run(session, org.main, people_file([person(id_number=held, status="离职", leave_date="2020-01-01")]))
    assert result.ok, cell_errors(result)
    assert holder(session, held) == other.institution.id


# ---------------------------------------------------------------- updates, releases, claims


def test_rows_already_in_the_filing_update_those_people_and_nobody_is_deleted(session, org):
    a, b = person(name="张三"), person(name="李四")
    assert run(session, org.main, people_file([a, b])).ok
    ids = {k: p.id for k, p in people_of(session, org).items()}
    c = person(name="王五")
    result = run(session, org.sub, people_file([dict(a, title="副高", name="张三丰"), c]))
    assert result.ok and result.message == "导入成功：共2行，新增1条，更新1条"
    people = people_of(session, org)
    assert len(people) == 3 and people[b["id_number"]].name == "李四"
    assert (people[a["id_number"]].id, people[a["id_number"]].title, people[a["id_number"]].name) == (
        ids[a["id_number"]], "副高", "张三丰")
    again = run(session, org.main, people_file([dict(a, title="副高", name="张三丰"), c]))
    assert again.message == "导入成功：共2行，新增0条，更新0条，2条与已有信息相同"


def test_leaving_releases_the_person_unless_the_other_filing_still_lists_them(session, org):
    a, b = person(), person()
    assert run(session, org.main, people_file([a, b])).ok
    # b is also 在职 in the institution's O&M filing.
    om = Filing(institution_id=org.institution.id, filing_type="om", status="draft")
    session.add(om)
    session.flush()
    session.add(Person(filing_id=om.id, institution_id=org.institution.id, id_type="居民身份证", id_number=b["id_number"],
                       id_key=b["id_number"], name="李四", status="在职"))
    session.commit()
    result = run(session, org.main, people_file([
        dict(a, status="离职", leave_date="2024-01-01"), dict(b, status="转非技术人员")]))
    assert result.ok and result.message == "导入成功：共2行，新增0条，更新2条（其中2人由在职改为离职或转非技术人员）"
    assert holder(session, a["id_number"]) is None
    assert holder(session, b["id_number"]) == org.institution.id
    # Back to 在职: claimed again.
    assert run(session, org.main, people_file([dict(a, status="在职")])).ok
    assert holder(session, a["id_number"]) == org.institution.id


def test_a_claim_lost_to_another_institution_between_check_and_write_fails_the_whole_import(session, org, monkeypatch):
    other = make_org(session, "北京丙监测有限公司")
    contested = new_identity_number()
    employment.claim(session, other.institution.id, contested, contested)
    session.commit()
    before = snapshot(session)
    # As if the other institution filed the person after our check had looked.
    monkeypatch.setattr(people_import, "holders_of", lambda _s, _keys: {})
    result = run(session, org.main, people_file([person(), person(id_number=contested)]))
    assert not result.ok and not result.errors
    assert result.message.startswith("导入时，文件中有人员刚刚被其他机构备案为在职")
    assert snapshot(session) == before
    audit = last_audit(session, "excel_import")
    assert audit.result == "fail" and audit.detail["concurrent"] is True


# ---------------------------------------------------------------- who may import into what


def test_only_the_institutions_own_accounts_and_only_editable_filings(session, org):
    from filing_app.services.actor import Actor

    reviewer = Actor(account_id=999, username="r", role="reviewer", province_code="110000")
    with pytest.raises(PermissionDenied):
        importer.run_import(session, reviewer, "people", "monitoring", people_file([person()]))
    filing = Filing(institution_id=org.institution.id, filing_type="monitoring", status="submitted")
    session.add(filing)
    session.commit()
    with pytest.raises(ServiceError, match="备案已提交，待审查，审查结束前不能修改"):
        importer.run_import(session, org.main, "people", "monitoring", people_file([person()]))
    assert last_audit(session, "excel_import").result == "denied"
    filing.status = "approved"
    session.add(filing)
    session.commit()
    with pytest.raises(ServiceError, match="备案已通过审查，如需修改请在首页点击“备案变更”"):
        importer.run_import(session, org.main, "people", "monitoring", people_file([person()]))
    filing.change_in_progress = True
    session.add(filing)
    session.commit()
    assert run(session, org.sub, people_file([person()])).ok


def test_the_other_filing_type_waits_for_the_first_to_be_published(session, org):
    before = snapshot(session)
    with pytest.raises(ServiceError, match="请先完成监测机构备案并通过审查，再新增运维机构备案"):
        importer.check_may_import(session, org.main, "om")
    with pytest.raises(ServiceError, match="请先完成监测机构备案并通过审查，再新增运维机构备案"):
        importer.run_import(session, org.main, "people", "om", people_file([person()], "om"))
    assert last_audit(session, "excel_import").result == "denied"
    assert snapshot(session) == before  # the trial opening left no draft
    session.add(Filing(institution_id=org.institution.id, filing_type="monitoring", status="approved",
                       org_name="北京甲环境监测有限公司（已备案）", legal_rep="王五"))
    session.commit()
    # Published: the O&M filing opens as 新增运维机构备案 opens it, with the published basic information.
    importer.check_may_import(session, org.main, "om")
    assert session.exec(select(Filing).where(Filing.filing_type == "om")).all() == []
    bad = run(session, org.main, people_file([person(education="大学", posts="现场运维")], "om"), "om")
    assert not bad.ok and session.exec(select(Filing).where(Filing.filing_type == "om")).all() == []
    result = run(session, org.main, people_file([person(posts="现场运维")], "om"), "om")
    assert result.ok, cell_errors(result)
    om = session.exec(select(Filing).where(Filing.filing_type == "om")).one()
    assert (om.status, om.org_name, om.legal_rep) == ("draft", "北京甲环境监测有限公司（已备案）", "王五")
    assert last_audit(session, "create_filing").object_id == om.id


def test_big_files_report_progress(session, org):
    seen: list[tuple[float, str]] = []
    rows = [person(id_number=n) for n in unique_ids(1200)]
    result = importer.run_import(session, org.main, "people", "monitoring", people_file(rows),
                                 progress=lambda f, s: seen.append((f, s)),
                                 limits=Limits(max_bytes=10 * 1024 * 1024, max_rows=2000))
    assert result.ok and result.added == 1200
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert ("正在校验第1000行，共1200行" in [s for _, s in seen])
