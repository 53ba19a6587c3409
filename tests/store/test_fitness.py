"""A fitness upload is one write: the school's new current version, its Parquet rows and the audit entry."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pandas as pd
import pytest

from eduplan.errors import UsageError
from eduplan.ingest.fitness import read_fitness
from eduplan.store import fitness as sf
from eduplan.store.models import AuditEntry, FitnessUpload
from tests.conftest import World

HEADER = "学籍号,姓名,年级,班级,性别,身高,体重,肺活量,50米跑,坐位体前屈,一分钟跳绳,一分钟仰卧起坐,左眼裸眼视力,右眼裸眼视力,测试状态"
# 三年级男 (height 100 cm → BMI = weight): all 100-point values = 100.0 优秀; the 50-point values (BMI 17 正常,
# 肺活量 1140 = 66) = 59.9 不及格 (tests/core/test_fitness.py); a 免测 student.
BEST = "100,17,2300,9.1,16.3,126,48"
WEAK = "100,17,1140,11.7,-1.6,31,14"
ROWS = [f"G{i},学生{i},3,1班,男,{BEST},5.0,5.0," for i in range(5)] + [
    f"G5,学生5,3,1班,男,{WEAK},4.8,5.0,",
    "G6,学生6,3,1班,男,,,,,,,,,,免测",
]


@pytest.fixture(autouse=True)
def fixed_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDUPLAN_PSEUDONYM_KEY", "store-test-key-0123456789")


def upload(tmp_path: Path, rows: list[str], school: str, year: int = 2023) -> sf.UploadSummary:
    path = tmp_path / f"{school}-{len(rows)}.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    checked = read_fitness(path, school_code=school)
    return sf.do_import_fitness(checked, year=year, school_code=school, file=path.name, root=tmp_path / "fitness")


def test_uploads_are_versioned_pseudonymised_and_audited(world: World, tmp_path: Path) -> None:
    first = upload(tmp_path, ROWS[:3], world.open_school)
    second = upload(tmp_path, ROWS, world.open_school)
    assert (first.number, second.number, second.students, second.exempt, second.replaced) == (1, 2, 7, 1, 3)
    current = FitnessUpload.objects.get(is_current=True)
    assert (current.number, current.data_file) == (2, f"2023/{world.open_school}-2.parquet")
    stored = pd.read_parquet(tmp_path / "fitness" / current.data_file)
    assert not stored["student"].isin([f"G{i}" for i in range(7)]).any()
    assert stored["student"].str.len().eq(32).all() and "姓名" not in stored.columns
    entry = AuditEntry.objects.filter(action="fitness.import").order_by("id").last()
    assert entry is not None and entry.summary == (
        f"已导入 {world.open_school}-7.csv：学校 {world.open_school} 2023 学年体测成绩第 2 版，7 名学生，"
        "其中免测/缓测 1 名，替换第 1 版（3 名学生）"
    )
    sf.do_restore_fitness(FitnessUpload.objects.get(number=1).pk)
    assert FitnessUpload.objects.get(is_current=True).number == 1


def test_when_the_audit_entry_fails_nothing_is_stored(world: World, tmp_path: Path) -> None:
    upload(tmp_path, ROWS[:3], world.open_school)
    with mock.patch("eduplan.store.audit.record", side_effect=RuntimeError("disk full")), pytest.raises(RuntimeError):
        upload(tmp_path, ROWS, world.open_school)
    assert list(FitnessUpload.objects.values_list("number", "is_current")) == [(1, True)]
    assert sorted(p.name for p in (tmp_path / "fitness" / "2023").iterdir()) == [f"{world.open_school}-1.parquet"]


def test_the_county_assessment(world: World, tmp_path: Path) -> None:
    upload(tmp_path, ROWS, world.open_school)
    upload(tmp_path, ROWS[:3], world.new_school)
    result = sf.assess_fitness(world.county, 2023, root=tmp_path / "fitness")
    county = result["county"]
    # 9 scored: 8 at 100.0 (优秀), 1 at 59.9; the 免测 student is counted apart
    assert (county["students"], county["exempt"], county["scored"]) == (10, 1, 9)
    assert county["pass_rate"] == pytest.approx(800 / 9) and county["excellent_rate"] == pytest.approx(800 / 9)
    # vision: 9 screened, one below 5.0
    assert county["myopia_rate"] == pytest.approx(100 / 9)
    schools = {s["school_code"]: s for s in result["schools"]}
    assert schools[world.open_school]["name"] == "城南小学" and schools[world.open_school]["scored"] == 6
    assert schools[world.new_school]["suppressed"] is True and schools[world.new_school]["pass_rate"] is None
    assert {t["town_code"] for t in result["towns"]} == {world.town_fengcheng, world.town_dongcheng}
    assert result["previous"] is None and "教体艺〔2014〕5号" in result["standard"]["citation"]
    with pytest.raises(UsageError, match="清城区（441802）2022 学年没有体测成绩：先运行 eduplan import fitness"):
        sf.assess_fitness(world.county, 2022, root=tmp_path / "fitness")


def test_plan_indicators_bind_to_fitness_rates_and_track(world: World, tmp_path: Path) -> None:
    from eduplan.store.models import IndicatorActual, Plan, PlanIndicator
    from eduplan.store.plans import do_bind_metric, do_compute_actuals, suggested_metrics

    plan = Plan.objects.create(title="清城区教育发展规划", region_id=world.county, period_start=2021, period_end=2025)
    passing = PlanIndicator.objects.create(plan=plan, name="中小学生体质健康标准合格率(%)", unit="%")
    good = PlanIndicator.objects.create(plan=plan, name="小学学生体质健康优良率（%）", unit="%")
    PlanIndicator.objects.create(plan=plan, name="中小学生心理健康合格率(%)", unit="%")
    assert suggested_metrics(plan) == {passing.pk: "fitness_pass_rate", good.pk: "fitness_primary_good_rate"}
    for indicator_id, key in suggested_metrics(plan).items():
        do_bind_metric(indicator_id, key)
    upload(tmp_path, ROWS, world.open_school, year=2020)
    with mock.patch.object(sf, "default_root", return_value=tmp_path / "fitness"):
        assert do_compute_actuals(plan.pk, years=[2020]) == 2
    actuals = dict(IndicatorActual.objects.values_list("indicator__name", "value"))
    # 6 scored students, 5 at 100.0: 合格率 = 优良率 = 83.3333
    assert actuals == {"中小学生体质健康标准合格率(%)": 83.3333, "小学学生体质健康优良率（%）": 83.3333}
