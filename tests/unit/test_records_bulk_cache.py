"""The import's BulkCache and check_people give exactly the results of the uncached validation."""

from __future__ import annotations

import random
from datetime import date, datetime

from filing_app.domain.records import BulkCache, check_equipment, check_people, check_person
from tests.helpers import new_identity_number

CHOICES = {
    "name": ["张三", " 李四 ", "", None, "Ｗａｎｇ", "x" * 60, "\u200b"],
    "id_type": ["", "居民身份证", "身份证", "护照", None],
    "id_number": [new_identity_number(), new_identity_number(male=False), "110108198801011000", 1.30102e17, "",
                  "1101*****1234"],
    "gender": ["", "男", "女", "男性", "未知"],
    "education": ["本科", " 本 科 ", "大学本科", "大学", "", 3.0],
    "degree": ["学士", "无", "学士学位", ""],
    "major": ["环境工程", "", "  ", 12345.0],
    "hire_date": ["2015-07-01", "2015/7/1", date(2016, 1, 2), datetime(2017, 3, 4, 5, 6), 42000.0, "2024-02-30",
                  "", None, "2999-01-01"],
    "labor_relation": ["正式员工", "劳务派遣 ", "临时工"],
    "duties": ["技术负责人、质量负责人", "技术负责人，跳舞", ["内审员", "其他"], ""],
    "title": ["中级", "初级", "教授", ""],
    "posts": ["采样、分析", "采样;;分析", "现场运维", ["授权签字人"], ""],
    "status": ["在职", "在 职", "离职", "转非技术岗", "退休"],
    "leave_date": ["", "2020-01-01", None, "2010-01-01"],
    "has_training": ["有", "无", "是", "", True, "maybe"],
}


def test_cached_and_uncached_person_checks_agree_on_messy_rows():
    rng = random.Random(4)
    cache = BulkCache()
    for _ in range(600):
        row = {key: rng.choice(values) for key, values in CHOICES.items()}
        for filing_type in ("monitoring", "om"):
            plain = check_person(row, filing_type)
            cached = check_person(row, filing_type, cache=cache)
            assert cached.values == plain.values and cached.errors == plain.errors, row


def test_cached_lists_are_not_shared_between_rows():
    cache = BulkCache()
    row = {"posts": "采样、分析"}
    first = check_person(row, "monitoring", cache=cache).values["posts"]
    first.append("改动")
    assert check_person(row, "monitoring", cache=cache).values["posts"] == ["采样", "分析"]


def test_cached_equipment_checks_agree():
    cache = BulkCache()
    rows = [{"equipment_type": t, "name": n, "number": num, "condition": c}
            for t in ("实验室分析", "飞机", "") for n in ("多参数分析仪", "") for num in ("A1", 20240001.0)
            for c in ("在用", "在 用", "坏了")]
    for row in rows * 2:
        assert check_equipment(row, "om", cache=cache) == check_equipment(row, "om")


def test_people_checked_column_by_column_agree_with_check_person():
    rng = random.Random(7)
    for filing_type in ("monitoring", "om"):
        for absent in ([], ["gender", "has_training"], ["id_number", "education"]):
            rows = [{key: rng.choice(values) for key, values in CHOICES.items() if key not in absent}
                    for _ in range(400)]
            columns = {key: [row[key] for row in rows] for key in CHOICES if key not in absent}
            together = check_people(columns, len(rows), filing_type, today=date(2025, 12, 24))
            assert len(together) == len(rows)
            for row, checked in zip(rows, together):
                alone = check_person(row, filing_type, today=date(2025, 12, 24))
                assert (checked.values, checked.errors) == (alone.values, alone.errors), row


def test_people_checked_together_do_not_share_lists():
    together = check_people({"posts": ["采样、分析", "采样、分析"]}, 2, "monitoring")
    together[0].values["posts"].append("改动")
    assert together[1].values["posts"] == ["采样", "分析"]
