"""``eduplan assess balanced|basic|preschool|staffing|class-size`` and ``assess record`` on the demo store, as a user
runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

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


# The workbook of each assessment: its sheets after the cover (说明), as the report modules name them.
SHEETS = {
    "basic": ["说明", "差异系数", "学校指标", "人工填报项目", "不参评学校"],
    "preschool": ["说明", "主要指标", "人工填报项目", "幼儿园"],
    "class-size": ["说明", "班额", "问题学校", "学校明细"],
}


@pytest.mark.parametrize("kind", sorted(SHEETS))
def test_every_assessment_writes_its_workbook(demo_env: dict[str, str], tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.xlsx"
    result = assess_json(demo_env, kind, "--out", str(out))
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames == SHEETS[kind]
    cover = {row[0]: row[1] for row in book["说明"].iter_rows(values_only=True) if row and row[0]}
    assert cover["行政区域"] == "清城区（441802）"
    assert cover["运行记录"] == f"评估记录 #{result['run_id']}"
    assert cover["数据版本"] == f"2023学年普查 第{result['census_version']}版"


def test_staffing_answers_with_json_and_a_workbook(demo_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "编制.xlsx"
    result = assess_json(demo_env, "staffing", "--out", str(out))
    assert (result["region_code"], result["year"], result["standard_id"]) == (QINGCHENG, 2023, "staffing_2014")
    assert out.read_bytes()[:2] == b"PK"


def test_a_workbook_path_must_end_in_xlsx(demo_env: dict[str, str]) -> None:
    for kind in ("class-size", "staffing"):
        done = run_eduplan("assess", kind, "--region", QINGCHENG, "--year", "2023", "--out", "a.pdf", env=demo_env)
        assert done.returncode == 2 and "--out 应为 .xlsx 文件，实际为 a.pdf" in done.stderr


READ_RUNS = """
from eduplan import store
store.setup()
import json
from eduplan.store.models import AnalysisRun
runs = {}
kinds = ("balanced", "basic", "preschool", "staffing", "class-size")  # (a value-added run has no census version)
for run in AnalysisRun.objects.filter(region_id="441802", year=2023, kind__in=kinds).order_by("id"):
    runs[run.kind] = [run.standard_id, run.standard_version, run.census_version.number, run.result["census_version"]]
print(json.dumps(runs, ensure_ascii=False))
"""


def test_every_run_is_stored_with_the_standard_and_census_versions(demo_env: dict[str, str]) -> None:
    for kind in ("balanced", "basic", "preschool", "staffing", "class-size"):
        assess_json(demo_env, kind)
    read = subprocess.run(
        [sys.executable, "-c", READ_RUNS], env={**os.environ, **demo_env}, capture_output=True, text=True, check=False
    )
    assert read.returncode == 0, read.stderr
    runs = json.loads(read.stdout)
    assert {kind: runs[kind][:2] for kind in ("balanced", "basic", "preschool", "staffing", "class-size")} == {
        "balanced": ["quality_balance_2017", "1"],
        "basic": ["basic_balance_2012", "1"],
        "preschool": ["preschool_2020", "1"],
        "staffing": ["staffing_2014", "2014"],
        "class-size": ["class_size", "1"],
    }
    assert all(version == in_result >= 1 for _, _, version, in_result in runs.values())


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
