"""Attainment, cut-score rates and 差异率 on the hand-made county of ``quality_county``."""

from __future__ import annotations

import ibis
import pytest

from eduplan.core.quality import Comparison, Cuts, assess_quality
from eduplan.errors import NotFound, UsageError

from . import quality_county as hc


def _run(**kwargs: object) -> dict[str, object]:
    result = assess_quality(
        ibis.memtable(hc.scores()), hc.schools(), region_code=hc.COUNTY, year=2023, grade="8", subject="数学", **kwargs
    )
    return result.as_dict()


def _school(d: dict[str, object], code: str) -> dict[str, object]:
    return next(s for s in d["schools"] if s["school_code"] == code)  # type: ignore[attr-defined]


def test_school_means_and_rates_by_the_default_cut_scores() -> None:
    d = _run()
    assert (d["pass_cut"], d["excellent_cut"], d["full_mark"]) == (60.0, 85.0, 100.0)
    u1 = _school(d, "U1")
    assert (u1["students"], u1["mean"], u1["pass_rate"], u1["excellent_rate"]) == (5, 84.0, 100.0, 60.0)
    r1 = _school(d, "R1")
    assert (r1["students"], r1["absent"], r1["mean"], r1["pass_rate"]) == (5, 1, 65.0, 80.0)


def test_gap_rate_against_the_mean_of_the_benchmark_schools() -> None:
    d = _run()
    assert d["benchmark_mean"] == 79.0
    assert d["benchmark_schools"] == ["U1", "U2"]
    r1, r2 = _school(d, "R1"), _school(d, "R2")
    assert r1["gap_rate"] == pytest.approx(14 / 79 * 100) and r1["gap_passed"] is False
    assert r2["gap_rate"] == pytest.approx(6 / 79 * 100) and r2["gap_passed"] is True
    assert _school(d, "U1")["gap_rate"] is None  # a benchmark school is not compared with itself
    assert (d["rural_schools_assessed"], d["rural_schools_passed"]) == (2, 1)
    assert [s["school_code"] for s in d["schools"]] == ["R1", "R2", "R3", "U1", "U2"]  # widest gap first


def test_a_school_with_fewer_than_five_pupils_is_suppressed() -> None:
    r3 = _school(_run(), "R3")
    assert (r3["suppressed"], r3["mean"], r3["pass_rate"], r3["gap_rate"]) == (True, None, None, None)


def test_county_and_town_figures_are_over_pupils() -> None:
    d = _run()
    county = d["county"]
    assert (county["students"], county["absent"]) == (23, 1)  # type: ignore[index]
    assert county["mean"] == pytest.approx(1630 / 23)  # type: ignore[index]
    assert county["pass_rate"] == pytest.approx(20 / 23 * 100)  # type: ignore[index]
    assert county["excellent_rate"] == pytest.approx(3 / 23 * 100)  # type: ignore[index]
    town = next(t for t in d["towns"] if t["code"] == "441802101")  # type: ignore[attr-defined]
    assert (town["students"], town["mean"], town["pass_rate"]) == (8, 59.375, 62.5)


def test_distribution_in_bands_of_ten_percent() -> None:
    d = _run()
    assert [b["students"] for b in d["distribution"]] == [0, 0, 0, 0, 1, 2, 4, 11, 3, 2]  # type: ignore[attr-defined]


def test_the_bureaus_cut_scores_replace_the_defaults() -> None:
    r1 = _school(_run(cuts=Cuts(pass_score=70, excellent_score=75)), "R1")
    assert (r1["pass_rate"], r1["excellent_rate"]) == (40.0, 20.0)
    with pytest.raises(UsageError, match="合格线 90 与优秀线 80"):
        _run(cuts=Cuts(pass_score=90, excellent_score=80))


def test_value_added_is_shown_beside_attainment_not_recomputed() -> None:
    d = _run(value_added={"R1": {"effect": 2.5, "flag_label": "显著高于平均"}})
    r1 = _school(d, "R1")
    assert (r1["value_added"], r1["value_added_flag"], r1["gap_passed"]) == (2.5, "显著高于平均", False)


def test_county_against_the_province() -> None:
    d = _run(comparisons=[Comparison("平均分", 70.0, 72.5, 71.0), Comparison("达标率", 88.0, 86.0)])
    mean, rate = d["comparisons"]  # type: ignore[misc]
    assert (mean["province_gap"], mean["reached_province"]) == (-2.5, False)
    assert (rate["province_gap"], rate["reached_province"]) == (2.0, True)


def test_no_benchmark_school_is_a_warning_not_a_number() -> None:
    schools = hc.schools().assign(benchmark=False)
    d = assess_quality(
        ibis.memtable(hc.scores()), schools, region_code=hc.COUNTY, year=2023, grade="8", subject="数学"
    ).as_dict()
    assert d["benchmark_mean"] is None and _school(d, "R1")["gap_rate"] is None
    assert d["warnings"] == ["教育局尚未认定城区优质学校（或其无本次考试成绩），无法计算差异率"]


def test_an_unknown_exam_names_the_ones_there_are() -> None:
    with pytest.raises(NotFound, match="已有：期末"):
        _run(exam="期中")
