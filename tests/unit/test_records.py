"""Validation of people and equipment records (dialogs and spreadsheet rows)."""

from __future__ import annotations

from datetime import date

from filing_app.domain.records import check_equipment, check_person, check_training
from tests.helpers import new_identity_number

MALE_ID = new_identity_number(birth="19880101", male=True)


def _person(**overrides):
    data = {
        "name": "张三", "id_number": MALE_ID, "education": "本科", "degree": "学士", "major": "环境监测",
        "hire_date": "2015/7/1", "labor_relation": "正式员工", "duties": "技术负责人、质量负责人",
        "title": "中级", "posts": ["授权签字人", "分析"], "status": "在职",
    }
    data.update(overrides)
    return data


def test_a_complete_person_is_cleaned():
    checked = check_person(_person(), "monitoring")
    assert checked.ok, checked.errors
    v = checked.values
    assert v["id_type"] == "居民身份证" and v["id_key"] == MALE_ID
    assert v["gender"] == "男"
    assert v["hire_date"] == date(2015, 7, 1)
    assert v["duties"] == ["技术负责人", "质量负责人"]
    assert v["has_training"] is False


def test_every_error_at_once_with_field_and_reason():
    checked = check_person(
        {"name": "", "id_number": "130102198801011111", "education": "大学", "posts": "采样，跳舞",
         "status": "离职", "hire_date": "2015-02-30"},
        "monitoring",
    )
    e = checked.errors
    assert e["name"] == "请填写姓名"
    assert "校验" in e["id_number"]
    assert "“大学”不是可选值" in e["education"]
    assert "“跳舞”不是可选值" in e["posts"] and e["posts"].startswith("监测岗位")
    assert e["leave_date"] == "人员状态为离职时，请填写离职时间"
    assert "不是有效日期" in e["hire_date"]
    assert e["duties"] == "请选择职务"


def test_om_people_have_no_duties_and_om_posts():
    checked = check_person(_person(duties=None, posts="现场运维、质量管理"), "om")
    assert checked.ok, checked.errors
    assert "duties" not in checked.values
    bad = check_person(_person(duties=None, posts="授权签字人"), "om")
    assert bad.errors["posts"].startswith("运维岗位")


def test_gender_must_match_the_number_and_full_width_input_is_accepted():
    assert "与证件号码不符" in check_person(_person(gender="女"), "monitoring").errors["gender"]
    checked = check_person(_person(status="在　职 ", education="本科 ", title="初级"), "monitoring")
    assert checked.ok and checked.values["status"] == "在职" and checked.values["title"] == "初级及以下"


def test_leave_dates():
    assert check_person(_person(status="离职", leave_date="2024-01-01"), "monitoring").ok
    errors = check_person(_person(status="离职", leave_date="2010-01-01"), "monitoring").errors
    assert errors["leave_date"] == "离职时间不能早于入职时间"
    assert check_person(_person(leave_date="2024-01-01"), "monitoring").errors["leave_date"] == "只有离职人员填写离职时间"


def test_equipment_and_training():
    ok = check_equipment({"equipment_type": "实验室分析", "name": "多参数分析仪", "model": "proQuattro",
                          "number_type": "出厂编号", "number": "A001", "ownership": "自有", "manufacturer": "YSI",
                          "metrology_status": "校准", "condition": "在用"}, "monitoring")
    assert ok.ok, ok.errors
    bad = check_equipment({"equipment_type": "飞机", "name": ""}, "monitoring")
    assert "“飞机”不是可选值" in bad.errors["equipment_type"] and bad.errors["name"] == "请填写设备名称"
    assert check_training({"level": "国家", "organization": "中国环境保护产业协会", "content": "废水运维"}).ok
    assert "level" in check_training({"level": "县级", "organization": "x", "content": "y"}).errors
