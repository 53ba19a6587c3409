"""``eduplan assess balanced|basic|preschool|class-size`` and ``assess record`` on the demo store, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_eduplan

QINGCHENG = "441802"
KEYS = {
    "teachers_above_required_per100",
    "backbone_teachers_per100",
    "pe_art_teachers_per100",
    "teaching_aux_area_per_student",
    "sports_area_per_student",
    "equipment_value_per_student",
    "multimedia_rooms_per100",
}


def assess_json(demo_env: dict[str, str], kind: str, *extra: str) -> dict:  # type: ignore[type-arg]
    done = run_eduplan("assess", kind, "--region", QINGCHENG, "--year", "2023", "--json", *extra, env=demo_env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_balanced_gives_failing_schools_with_their_gaps(demo_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "优质均衡.xlsx"
    result = assess_json(demo_env, "balanced", "--out", str(out))
    assert (result["region"], result["year"], result["standard"]) == (QINGCHENG, 2023, "quality_balance_2017")
    assert result["passed"] is False and isinstance(result["run_id"], int) and result["census_version"] >= 1
    for stage in ("小学", "初中"):
        st = result["stages"][stage]
        assert set(st["cv"]) == KEYS == set(st["cv_passed"])
        assert st["cv_threshold"] == {"小学": 0.5, "初中": 0.45}[stage]
        failing = [s for s in st["schools"] if not s["passed"]]
        assert failing, f"the demo has failing {stage} schools"
        for s in failing:
            assert s["gap"] and all(a["amount"] > 0 for a in s["gap"])
            assert set(s["values"]) == KEYS and 0 <= s["met"] <= 7
    assert out.read_bytes()[:2] == b"PK"


def test_other_assessments_answer_on_the_demo(demo_env: dict[str, str]) -> None:
    assert assess_json(demo_env, "basic")["standard"] == "basic_balance_2012"
    preschool = assess_json(demo_env, "preschool")
    assert set(preschool["indicators"]) >= {"gross_enrolment_rate", "inclusive_coverage", "public_share"}
    sizes = assess_json(demo_env, "class-size")
    assert {"小学", "初中"} <= set(sizes["stages"])


def test_a_recorded_item_shows_in_the_next_run(demo_env: dict[str, str]) -> None:
    done = run_eduplan(
        "assess", "record", "--standard", "quality_balance_2017", "--item", "recognition", "--region", QINGCHENG,
        "--year", "2023", "--status", "达标", "--value", "91.5", "--evidence", "2023年11月问卷", env=demo_env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    item = next(i for i in assess_json(demo_env, "balanced")["items"] if i["key"] == "recognition")
    assert (item["status"], item["value"], item["evidence"]) == ("met", 91.5, "2023年11月问卷")


def test_a_town_code_is_a_usage_error(demo_env: dict[str, str]) -> None:
    done = run_eduplan("assess", "balanced", "--region", "441802001", "--year", "2023", env=demo_env)
    assert done.returncode == 2
    assert "评估以县（市、区）为单位" in done.stderr
