"""Importing 设施设备: row errors, duplicates, updates by 编号类型 + 设备编号, all or nothing."""

from __future__ import annotations

import pytest
from sqlmodel import select

from filing_app.models import Equipment, Filing
from filing_app.services.excel import importer
from tests.services.excel_support import cell_errors, device, last_audit, make_org, snapshot, workbook


@pytest.fixture()
def org(session):  # noqa: ANN001
    return make_org(session)


def run(session, org, rows, edit=None):  # noqa: ANN001, ANN201
    result = importer.run_import(session, org.main, "equipment", "monitoring",
                                 workbook("equipment", "monitoring", rows, edit=edit))
    session.commit()
    return result


def devices(session) -> list[Equipment]:  # noqa: ANN001
    session.expire_all()
    return session.exec(select(Equipment).order_by(Equipment.id)).all()


def test_devices_go_in_and_numbers_stay_text(session, org):
    rows = [device(number="000123"), device(name="便携式pH计", number=20240001, equipment_type=" 现场采样 ",
                                            condition="在 用")]
    result = run(session, org, rows)
    assert result.ok and result.message == "导入成功：共2行，新增2条，更新0条"
    got = [(d.name, d.number, d.equipment_type, d.condition) for d in devices(session)]
    assert got == [("多参数分析仪", "000123", "实验室分析", "在用"), ("便携式pH计", "20240001", "现场采样", "在用")]
    assert last_audit(session, "excel_import").detail["added"] == 2


def test_bad_rows_are_all_reported_and_nothing_is_written(session, org):
    before = snapshot(session)
    result = run(session, org, [
        device(equipment_type="飞机", name=""),
        device(number="SN-9"),
        device(number="sn-9 ", condition="坏了"),
        device(number=1.23456789012345e17, number_type="内部编号"),
    ])
    assert not result.ok
    assert cell_errors(result) == [
        (2, "设备类型", "设备类型“飞机”不是可选值，应为：实验室分析、现场采样、现场监测、样品前处理、自动监测、校准、其他"),
        (2, "设备名称", "请填写设备名称"),
        (4, "设备编号", "与第3行的编号类型和设备编号相同；同一台设备在文件中只能出现一次，请删除重复的行"),
        (4, "设备状况", "设备状况“坏了”不是可选值，应为：在用、停用、维修、报废"),
        (5, "设备编号", "设备编号被Excel转换成了数字（显示为1.23457E+17），末尾数字已丢失；请将该列单元格格式设为“文本”后重新录入完整内容"),
    ]
    assert snapshot(session) == before


def test_a_known_device_is_updated_others_are_added_none_deleted(session, org):
    assert run(session, org, [device(number="A1"), device(number="A2")]).ok
    first = devices(session)
    result = run(session, org, [device(number="a1", condition="报废"), device(number="A3")])
    assert result.message == "导入成功：共2行，新增1条，更新1条"
    now = devices(session)
    assert [(d.id, d.number, d.condition) for d in now] == [
        (first[0].id, "a1", "报废"), (first[1].id, "A2", "在用"), (now[2].id, "A3", "在用")]


def test_two_existing_devices_with_one_number_cannot_be_told_apart(session, org):
    filing = Filing(institution_id=org.institution.id, filing_type="monitoring")
    session.add(filing)
    session.flush()
    for _ in range(2):
        session.add(Equipment(filing_id=filing.id, **device(number="DUP")))
    session.commit()
    result = run(session, org, [device(number="DUP")])
    assert cell_errors(result) == [(2, "设备编号", "本备案中已有2台设备的编号类型和设备编号都是“DUP”，无法确定更新哪一台；"
                                                "请先在设施设备页修改重复的设备编号")]
