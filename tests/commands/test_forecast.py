"""``eduplan forecast seats|backtest`` and ``eduplan assess staffing`` on the demo store, as a user runs them."""

from __future__ import annotations

import json
import math
from pathlib import Path

from tests.conftest import run_eduplan

QINGCHENG = "441802"


def test_seat_forecast_shows_a_town_with_a_primary_gap_and_when_it_opens(demo_env: dict[str, str]) -> None:
    done = run_eduplan(
        "forecast", "seats", "--region", QINGCHENG, "--from", "2024", "--to", "2030", "--json", env=demo_env
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert (result["base_year"], result["to_year"]) == (2023, 2030)
    primary = [g for g in result["town_gaps"] if g["stage"] == "小学"]
    assert primary, "the demo's central towns outgrow their primary seats"
    for gap in primary:
        assert gap["town_code"].startswith(QINGCHENG) and gap["town"]
        assert 2023 <= gap["gap_opens"] <= 2030
        assert gap["status"] in ("仍有缺口", "缺口由规划项目补足")
        if gap["status"] == "仍有缺口":
            assert gap["shortfall"] > 0 and gap["uncovered_years"]
    # the demo's Qingcheng plan places some of its projects in towns with a gap (e.g. 洲心街中心小学, 2024)
    assert any(g["projects"] for g in result["town_gaps"])
    # senior high schools enrol county-wide: no town has a 高中 row, the county has one
    assert not [g for g in result["town_gaps"] if g["stage"] == "高中"]
    assert [(a["level"], a["area_code"]) for a in result["areas"] if a["stage"] == "高中"] == [("county", QINGCHENG)]
    senior = next(g for g in result["county_gaps"] if g["stage"] == "高中")
    assert (senior["county_code"], senior["county"]) == (QINGCHENG, "清城区")
    row = next(a for a in result["areas"] if a["level"] == "county" and a["stage"] == "高中")
    assert senior["largest_gap_if_nothing_changes"] == max(y["gap_if_nothing_changes"] for y in row["years"])
    assert result["unmatched_projects"] or result["built_before_base"]
    # each town row holds the year-by-year arithmetic: capacity = base + projects, gap = demand − capacity
    row = next(
        a
        for a in result["areas"]
        if a["level"] == "town" and a["area_code"] == primary[0]["town_code"] and a["stage"] == "小学"
    )
    for y in row["years"]:
        assert abs(y["capacity"] - y["base_capacity"] - y["project_seats"]) <= 1
        assert abs(y["seat_gap"] - max(0, y["demand"] - y["capacity"])) <= 1


def test_seat_forecast_text_names_the_towns(demo_env: dict[str, str]) -> None:
    done = run_eduplan("forecast", "seats", "--region", QINGCHENG, "--from", "2024", "--to", "2026", env=demo_env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("学位预测：基年 2023，预测 2024–2026 学年\n清城区 学前：")
    assert "出现学位缺口的镇街学段：" in done.stdout


def test_backtest_reports_mape_per_county_and_stage(demo_env: dict[str, str]) -> None:
    done = run_eduplan("forecast", "backtest", "--region", QINGCHENG, "--origin", "2021", "--json", env=demo_env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["years"] == [2022, 2023]
    rows = {(r["area_code"], r["stage"]): r for r in result["rows"]}
    assert {(QINGCHENG, s) for s in ("学前", "小学", "初中", "高中")} <= rows.keys()
    for r in rows.values():
        errors = [abs(p - o) / o * 100 for o, p in zip(r["observed"], r["projected"], strict=True)]
        assert math.isclose(r["mape"], sum(errors) / len(errors), abs_tol=0.01)
        assert r["mape"] < 25  # a working projection, not noise


def test_staffing_on_the_demo_follows_the_norms(demo_env: dict[str, str]) -> None:
    done = run_eduplan("assess", "staffing", "--region", QINGCHENG, "--year", "2023", "--json", env=demo_env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    totals = {t["stage"]: t for t in result["totals"] if t["area_code"] == QINGCHENG}
    per_post = {"学前": 7, "小学": 19, "初中": 13.5, "高中": 12.5}
    for stage, t in totals.items():
        if stage != "合计":
            assert abs(t["required_posts"] - t["students"] / per_post[stage]) <= 1
            assert abs(t["post_gap"] - (t["required_posts"] - t["authorized_posts"])) <= 1


def test_scenario_with_an_unknown_key_stops_before_any_work(demo_env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "情景.toml"
    bad.write_text("births_trend = -3\nthree_child = 5\n", encoding="utf-8")
    done = run_eduplan(
        "forecast",
        "seats",
        "--region",
        QINGCHENG,
        "--from",
        "2024",
        "--to",
        "2030",
        "--scenario",
        str(bad),
        env=demo_env,
    )
    assert done.returncode == 3
    assert done.stdout == ""
    assert done.stderr.startswith("错误 / error: 情景.toml: 未知的键 three_child；可用的键：name、births_trend")


def test_scenario_lowers_births_and_the_forecast_follows(demo_env: dict[str, str], tmp_path: Path) -> None:
    low = tmp_path / "low.json"
    low.write_text('{"births_trend": -20}', encoding="utf-8")
    args = ("forecast", "seats", "--region", QINGCHENG, "--from", "2024", "--to", "2030", "--json")
    plain = json.loads(run_eduplan(*args, env=demo_env).stdout)
    lowered = json.loads(run_eduplan(*args, "--scenario", str(low), env=demo_env).stdout)

    def preschool_2030(result: dict[str, object]) -> int:
        rows = result["areas"]  # type: ignore[assignment]
        row = next(a for a in rows if a["level"] == "county" and a["stage"] == "学前")  # type: ignore[index]
        return int(row["years"][-1]["demand"])  # type: ignore[index]

    assert lowered["scenario"]["births_trend"] == -20
    assert preschool_2030(lowered) < preschool_2030(plain)


def test_horizon_beyond_fifteen_years_is_a_usage_error(demo_env: dict[str, str]) -> None:
    done = run_eduplan("forecast", "seats", "--region", QINGCHENG, "--from", "2024", "--to", "2040", env=demo_env)
    assert done.returncode == 2
    assert "最多预测 15 年" in done.stderr


def test_staffing_projects_posts_and_subject_teachers_from_the_enrolment_projection(demo_env: dict[str, str]) -> None:
    done = run_eduplan(
        "assess", "staffing", "--region", QINGCHENG, "--year", "2023", "--to", "2025", "--json", env=demo_env
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    per_post = {"学前": 7, "小学": 19, "初中": 13.5, "高中": 12.5}
    projected = {(p["stage"], p["year"]): p for p in result["projected"]}
    assert set(projected) == {(s, y) for s in per_post for y in (2024, 2025)}
    for (stage, _year), p in projected.items():
        assert abs(p["required_posts"] - p["students"] / per_post[stage]) <= 1
    subjects = {(p["stage"], p["year"]): p for p in result["projected_subjects"]}
    assert set(subjects) == {(s, y) for s in ("小学", "初中") for y in (2024, 2025)}
    base = {s["stage"]: s for s in result["subjects"] if s["subject"] == "体育艺术合计"}
    for (stage, _year), p in subjects.items():
        # per school ⌈0.009·P⌉: at least 0.9 per 100 pupils in all, at most one more per reporting school
        assert 0.009 * p["students"] - 1 <= p["needed"] <= 0.009 * p["students"] + base[stage]["schools_reported"] + 1
        assert p["teachers"] == base[stage]["teachers"]
        assert p["gap"] >= max(0, p["needed"] - p["teachers"]) - 1


def test_a_town_is_refused_with_its_county_named(demo_env: dict[str, str]) -> None:
    done = run_eduplan("forecast", "seats", "--region", "441802002", "--from", "2024", "--to", "2026", env=demo_env)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "--region 441802002（东城街道）是镇街：预测按县（区）进行，请用所属县（区）441802" in done.stderr
