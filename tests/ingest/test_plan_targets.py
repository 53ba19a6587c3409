"""Sentence targets: one per stage for listed stages and values, ranges, years, conditions left out."""

from __future__ import annotations

import pytest

from eduplan.ingest.plans.sentences import Sentence
from eduplan.ingest.plans.targets import read_targets


def targets(text: str, section: str = "") -> list[tuple[str, float | None, str, int | None, str | None, str]]:
    return [
        (t.name, t.target_value, t.unit, t.target_year, t.stage, t.comparator)
        for t in read_targets(Sentence(text=text, line=1, section=section), "plan.txt")
    ]


def test_listed_stages_and_values_give_one_target_per_stage() -> None:
    # 001 line 215
    text = "力争全市小学、初中、高中阶段专任教师高一级学历比例分别达到75%、94%、14%。"
    assert targets(text) == [
        ("专任教师高一级学历比例", 75.0, "%", None, "小学", "≥"),
        ("专任教师高一级学历比例", 94.0, "%", None, "初中", "≥"),
        ("专任教师高一级学历比例", 14.0, "%", None, "高中", "≥"),
    ]


def test_values_joined_by_he_are_listed_too() -> None:
    # 004 line 213
    text = "到2025年，小学、初中专任教师本科以上学历教师比例分别达93%和98%以上。"
    assert targets(text) == [
        ("专任教师本科以上学历教师比例", 93.0, "%", 2025, "小学", "≥"),
        ("专任教师本科以上学历教师比例", 98.0, "%", 2025, "初中", "≥"),
    ]


def test_a_count_takes_the_year_stated_before_it() -> None:
    text = "到2022年创建30所市级劳动教育特色学校，到2025年创建50所市级劳动教育特色学校。"
    assert targets(text) == [
        ("市级劳动教育特色学校", 30.0, "所", 2022, None, "≥"),
        ("市级劳动教育特色学校", 50.0, "所", 2025, None, "≥"),
    ]


def test_a_range_keeps_its_lower_bound_and_says_so() -> None:
    (item,) = read_targets(Sentence("创建3-5所具有全省影响力的卓越高中。", 1, ""), "plan.txt")
    assert (item.name, item.target_value, item.stage) == ("卓越高中", 3.0, "高中")
    assert item.reasons == ["目标为区间 3–5，取下限", "句中未写明目标年份"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市累计增加公办幼儿园学位0.99万个以上。", [("公办幼儿园学位", 9900.0, "个", None, "学前", "≥")]),
        ("缺额率合计控制在20%以下。", [("缺额率合计", 20.0, "%", None, None, "≤")]),
    ],
)
def test_units_and_comparators(text: str, expected: list[tuple[object, ...]]) -> None:
    assert targets(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "外来务工人员随迁子女占比超过 30% 的学校，小学班额 50 人。",  # a condition, then a class size
        "新建学校规模原则上幼儿园不低于 9 个教学班。",  # a planning norm
    ],
)
def test_conditions_and_norms_are_not_targets(text: str) -> None:
    assert targets(text) == []


def test_results_already_reached_are_not_targets() -> None:
    assert targets("全区先后创建市级文明校园 100 所。", section="一、发展背景 / (一) 发展的基础与条件") == []


def test_keeping_a_share_names_the_share_not_the_verb() -> None:
    # 000 line 403: the measure is 公办幼儿园在园幼儿占比, as in the indicator table (line 298)
    text = "逐年减少公办幼儿园购买学位数量,保持公办幼儿园在园幼儿占比达50%以上;"
    assert targets(text) == [("公办幼儿园在园幼儿占比", 50.0, "%", None, "学前", "≥")]
