"""``eduplan import scores`` and ``eduplan assess value-added`` as a user runs them (a fresh SQLite store)."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_eduplan

# The hand case of tests/core/test_value_added.py: three schools of 清城区, priors 40/50/60 from 2022.
CURRENT = {
    "4418029901": [51, 61, 68],
    "4418029902": [44, 53, 65],
    "4418029903": [61, 72, 83],
}
PRIORS = [40, 50, 60]
LAMBDA = 250 / 252
OTHER_COUNTY_SCHOOL = "4418039901"  # 清新区: not in a 清城区 run

OPEN_SCHOOLS = """
from eduplan import store
store.setup()
from eduplan.store.registry import do_open_school
common = {"school_type": "初级中学", "sponsor": "公办", "urban_rural": "城区"}
for code, region in [("4418029901", "441802"), ("4418029902", "441802"), ("4418029903", "441802"),
                     ("4418039901", "441803")]:
    do_open_school(code, 2019, name="测试中学" + code[-2:], region_id=region, **common)
"""


def score_file(path: Path) -> Path:
    lines = ["学籍号,学校标识码,学年,年级,科目,成绩,考试名称,满分"]
    for s, (school, scores) in enumerate(CURRENT.items()):
        for i, (score, prior) in enumerate(zip(scores, PRIORS, strict=True)):
            sid = f"G4400002010010100{s}{i}"
            lines.append(f"{sid},{school},2022,6,数学,{prior},六年级期末,100")
            lines.append(f"{sid},{school},2023,七年级,数学,{score},七年级期末,100")
    lines.append(f"G44000020100101009,{OTHER_COUNTY_SCHOOL},2022,6,数学,90,六年级期末,100")
    lines.append(f"G44000020100101009,{OTHER_COUNTY_SCHOOL},2023,7,数学,99,七年级期末,100")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path, str]:
    """A fresh store with four schools, and the score file imported once: (environment, var folder, stdout)."""
    var = tmp_path_factory.mktemp("va-var")
    env = {
        "EDUPLAN_VAR": str(var),
        "EDUPLAN_DATABASE_URL": f"sqlite:///{var / 'eduplan.sqlite3'}",
        "EDUPLAN_PSEUDONYM_KEY": "cli-test-key-0123456789",
    }
    assert run_eduplan("init", env=env).returncode == 0
    opened = subprocess.run([sys.executable, "-c", OPEN_SCHOOLS], env={**os.environ, **env}, check=False)
    assert opened.returncode == 0
    imported = run_eduplan("import", "scores", str(score_file(var / "scores.csv")), env=env)
    assert imported.returncode == 0, imported.stderr
    return env, var, imported.stdout


def assess(env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return run_eduplan("assess", "value-added", "--year", "2023", "--subject", "数学", *options, env=env)


def test_import_summary(store: tuple[dict[str, str], Path, str]) -> None:
    assert store[2].splitlines()[0] == (
        "已导入 scores.csv：20 行成绩，10 名学生，4 所学校，学年 2022、2023；替换旧成绩 0 行；缺考（成绩空白）0 行"
    )


def test_assess_gives_the_hand_values_for_the_county_only(store: tuple[dict[str, str], Path, str]) -> None:
    result = assess(store[0], "--region", "441802", "--grade", "初一", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["exam"], data["prior_exam"], data["grade"]) == ("七年级期末", "六年级期末", "7")
    assert [s["school_code"] for s in data["schools"]] == list(CURRENT)  # not the 清新区 school
    assert [s["name"] for s in data["schools"]] == ["测试中学01", "测试中学02", "测试中学03"]
    assert [s["effect"] for s in data["schools"]] == pytest.approx([-2 * LAMBDA, -8 * LAMBDA, 10 * LAMBDA], rel=1e-9)
    assert data["tau2"] == pytest.approx(250 / 3, rel=1e-9)
    assert math.isclose(data["coefficients"]["prior"], 1.0, rel_tol=1e-9)


def test_the_text_table_lists_schools_best_first(store: tuple[dict[str, str], Path, str]) -> None:
    result = assess(store[0], "--region", "441802", "--grade", "7")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "清城区 2023 学年 7 年级数学增值评价（本次：七年级期末；前测：六年级期末）"
    assert lines[-3] == "4418029903  测试中学03  3  0  +9.92  0.81  [+8.33, +11.51]  显著高于平均"
    assert lines[-1].startswith("4418029902  测试中学02  3  0  -7.94  0.81")


def test_a_bad_file_stores_nothing(store: tuple[dict[str, str], Path, str], tmp_path: Path) -> None:
    env, var, _ = store
    before = os.readlink(var / "scores" / "current")
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "学籍号,学校标识码,学年,年级,科目,成绩,考试名称\nG1,4418029999,2023,7,数学,80,期末\n", encoding="utf-8"
    )
    result = run_eduplan("import", "scores", str(bad), env=env)
    assert result.returncode == 3
    assert result.stderr.strip() == (
        "错误 / error: bad.csv:成绩!B2: 学校标识码不在该学年的学校名录中；"
        "应为 该学年名录中的学校（先导入或核对学校名录），实际为 4418029999（2023 学年）"
    )
    assert os.readlink(var / "scores" / "current") == before


def test_a_county_with_one_school_is_too_few(store: tuple[dict[str, str], Path, str]) -> None:
    result = assess(store[0], "--region", "441803", "--grade", "7")
    assert result.returncode == 3
    assert result.stderr.strip() == "错误 / error: 只有 1 所学校有可用成绩，至少需要 3 所学校才能估计学校间方差 τ²"


def test_an_unreadable_grade_is_a_usage_error(store: tuple[dict[str, str], Path, str]) -> None:
    result = assess(store[0], "--region", "441802", "--grade", "初四")
    assert result.returncode == 2
    assert result.stderr.strip() == "错误 / error: 年级 '初四' 无法识别：应为 1–12，或 七年级、初一、高二"


READ_RUN = """
from eduplan import store
store.setup()
import json
from eduplan.store.models import AnalysisRun
run = AnalysisRun.objects.filter(kind="value_added", region_id="441802").first()
print(json.dumps([run.year, run.parameters, len(run.result["schools"])], ensure_ascii=False))
"""


def test_each_run_is_stored_with_its_parameters(store: tuple[dict[str, str], Path, str]) -> None:
    assert assess(store[0], "--region", "441802", "--grade", "7", "--json").returncode == 0
    read = subprocess.run(
        [sys.executable, "-c", READ_RUN], env={**os.environ, **store[0]}, capture_output=True, text=True, check=False
    )
    assert read.returncode == 0, read.stderr
    assert json.loads(read.stdout) == [
        2023,
        {"grade": "7", "subject": "数学", "exam": "七年级期末", "prior_exam": "六年级期末", "scores_snapshot": "1"},
        3,
    ]


@pytest.mark.spark
def test_the_engine_setting_runs_the_same_fit_on_spark(store: tuple[dict[str, str], Path, str]) -> None:
    on_duckdb = assess(store[0], "--region", "441802", "--grade", "7", "--json")
    on_spark = assess({**store[0], "EDUPLAN_ENGINE": "spark"}, "--region", "441802", "--grade", "7", "--json")
    assert on_spark.returncode == 0, on_spark.stderr
    duckdb_effects = [s["effect"] for s in json.loads(on_duckdb.stdout)["schools"]]
    spark_effects = [s["effect"] for s in json.loads(on_spark.stdout)["schools"]]
    assert spark_effects == pytest.approx(duckdb_effects, rel=1e-9)
    assert spark_effects == pytest.approx([-2 * LAMBDA, -8 * LAMBDA, 10 * LAMBDA], rel=1e-9)


COUNT_AUDIT_AND_RUNS = """
from eduplan import store
store.setup()
from eduplan.store.models import AnalysisRun, AuditEntry
print(AuditEntry.objects.filter(action="scores.import").count(), AnalysisRun.objects.filter(region_id="441803").count())
"""
HEADER = "学籍号,学校标识码,学年,年级,科目,成绩,考试名称,满分"


def _counts(env: dict[str, str]) -> str:
    done = subprocess.run(
        [sys.executable, "-c", COUNT_AUDIT_AND_RUNS], env={**os.environ, **env}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["G1,4418029901,2023,7,数学,80,七年级期末,100", "G1,4418029901,2023,7,数学,81,七年级期末,100"],
            "错误 / error: bad.csv:成绩!A3: 同一学生、学年、考试、科目的成绩重复；应为 每人每科每次考试一行，"
            "实际为 G1（与第 2 行重复）",
        ),
        (
            ["G1,4418029901,2023,7,数学,101,七年级期末,100"],
            "错误 / error: bad.csv:成绩!F2: 成绩超出本次考试的分数范围；应为 0–100，实际为 101",
        ),
        (  # the school opened in 2019
            ["G1,4418029901,2018,7,数学,80,七年级期末,100"],
            "错误 / error: bad.csv:成绩!B2: 学校标识码不在该学年的学校名录中；"
            "应为 该学年名录中的学校（先导入或核对学校名录），实际为 4418029901（2018 学年）",
        ),
    ],
    ids=["duplicate", "out-of-range", "unknown-school-that-year"],
)
def test_each_bad_file_is_a_located_message_and_stores_nothing(
    store: tuple[dict[str, str], Path, str], tmp_path: Path, rows: list[str], message: str
) -> None:
    env, var, _ = store
    before = (os.readlink(var / "scores" / "current"), sorted(os.listdir(var / "scores" / "snapshots")), _counts(env))
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    result = run_eduplan("import", "scores", str(bad), env=env)
    assert (result.returncode, result.stderr.strip()) == (3, message)
    after = (os.readlink(var / "scores" / "current"), sorted(os.listdir(var / "scores" / "snapshots")), _counts(env))
    assert after == before


def test_too_few_schools_keeps_no_run(store: tuple[dict[str, str], Path, str]) -> None:
    before = _counts(store[0])
    assert assess(store[0], "--region", "441803", "--grade", "7").returncode == 3
    assert _counts(store[0]) == before and before.endswith(" 0")
