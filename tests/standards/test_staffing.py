from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.standards import staffing

DOCS = Path(__file__).resolve().parents[2] / "docs" / "staffing.md"


@pytest.mark.parametrize(("stage", "students_per_post"), [("小学", 19.0), ("初中", 13.5), ("高中", 12.5)])
def test_unified_2014_ratios_are_the_city_ratios_of_2001(stage: str, students_per_post: float) -> None:
    assert staffing.students_per_post(stage) == students_per_post
    assert staffing.students_per_post(stage, "城区", version="2001") == students_per_post


@pytest.mark.parametrize(
    ("stage", "urban_rural", "students_per_post"),
    [
        ("小学", "镇区", 21.0),
        ("小学", "乡村", 23.0),
        ("初中", "镇区", 16.0),
        ("初中", "乡村", 18.0),
        ("高中", "镇区", 13.0),
        ("高中", "乡村", 13.5),
    ],
)
def test_2001_standard_is_looser_outside_cities(stage: str, urban_rural: str, students_per_post: float) -> None:
    assert staffing.students_per_post(stage, urban_rural, version="2001") == students_per_post


def test_junior_school_of_1350_students_needs_100_posts() -> None:
    # standards.md §3.1: "初中 1350 students → 1350/13.5 = 100 posts"
    assert 1350 / staffing.students_per_post("初中") == 100


def test_unconfirmed_items_are_flagged() -> None:
    lines = staffing.STAFFING_2014.unconfirmed()
    assert any("取整" in line for line in lines)
    assert any("职员" in line for line in lines)
    assert not any("教职工与学生比" in line for line in lines)  # 1:19 / 1:13.5 / 1:12.5 have status S


def test_every_rule_is_documented() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [f"{s.id}.{r.key}" for s in staffing.ALL_STANDARDS for r in s.rules if f"`{s.id}.{r.key}`" not in text]
    assert missing == []


def test_psych_rule_carries_its_citation() -> None:
    d = staffing.PSYCH_TEACHERS.rule("full_time_per_school").as_dict()
    assert d["values"] == {"*": 1.0}
    assert d["sources"] == ["S29"]
    assert d["status"] == "S"
