"""Quality writes: monitoring imports are versioned and audited, a bad file stores nothing; marks and cut scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.errors import IngestError, UsageError
from eduplan.store.models import AuditEntry, BenchmarkSchool, CutScore, MonitoringFigure, MonitoringImport
from eduplan.store.quality import (
    check_monitoring,
    county_comparisons,
    do_import_monitoring,
    do_mark_benchmarks,
    do_set_cut_scores,
)
from tests.conftest import World
from tests.ingest.test_quality_monitoring import GOOD, write


@pytest.mark.django_db
def test_each_import_is_a_new_current_version_audited(world: World, tmp_path: Path) -> None:
    first = do_import_monitoring(world.county, check_monitoring(write(tmp_path, GOOD), world.county), "监测.xlsx")
    changed = [[*GOOD[0][:6], 501.0, 84.0, 13.0, 503.0, 85.0]]
    second = do_import_monitoring(world.county, check_monitoring(write(tmp_path, changed), world.county), "更正.xlsx")
    assert (first.number, second.number) == (1, 2)
    assert list(MonitoringImport.objects.order_by("number").values_list("is_current", flat=True)) == [False, True]
    assert MonitoringFigure.objects.filter(imported=first).count() == 2  # the earlier version is kept
    comparisons = [c.as_dict() for c in county_comparisons(world.county, 2023, "8", "数学")]
    assert [(c["measure"], c["county"], c["province"], c["province_gap"]) for c in comparisons] == [
        ("平均分", 501.0, 503.0, -2.0),
        ("达标率", 84.0, 85.0, -1.0),
        ("优秀率", 13.0, None, None),
    ]
    entries = AuditEntry.objects.filter(action="quality.monitoring_import").order_by("id")
    assert [e.summary for e in entries] == [
        "已导入 监测.xlsx：2 行监测结果（第 1 版）",
        "已导入 更正.xlsx：1 行监测结果（第 2 版）",
    ]


@pytest.mark.django_db
def test_a_malformed_file_stores_nothing(world: World, tmp_path: Path) -> None:
    bad = [GOOD[0], [*GOOD[1][:6], -3, None, None, None, None]]
    with pytest.raises(IngestError, match="G3"):
        check_monitoring(write(tmp_path, bad), world.county)
    assert (
        MonitoringImport.objects.count(),
        MonitoringFigure.objects.count(),
        AuditEntry.objects.filter(action="quality.monitoring_import").count(),
    ) == (0, 0, 0)


@pytest.mark.django_db
def test_benchmark_marks_replace_the_years_marks(world: World) -> None:
    do_mark_benchmarks(world.county, 2023, [world.open_school, world.moved_school])
    do_mark_benchmarks(world.county, 2023, [world.open_school])
    assert list(BenchmarkSchool.objects.values_list("school_code", flat=True)) == [world.open_school]
    entry = AuditEntry.objects.filter(action="quality.benchmarks").order_by("id").last()
    assert entry is not None and (entry.before, entry.after) == (
        [world.open_school, world.moved_school],
        [world.open_school],
    )
    with pytest.raises(UsageError, match="4418020003 不是 清城区 2023 学年名录中的学校"):
        do_mark_benchmarks(world.county, 2023, [world.closed_school])  # closed in 2022


@pytest.mark.django_db
def test_cut_scores_are_kept_per_grade_and_subject(world: World) -> None:
    do_set_cut_scores(world.county, 2023, "初二", "数学", 72, 102)
    do_set_cut_scores(world.county, 2023, "8", "数学", 70, 100)
    assert list(CutScore.objects.values_list("grade", "pass_score", "excellent_score")) == [("8", 70.0, 100.0)]
    with pytest.raises(UsageError, match="合格线 90 与优秀线 80"):
        do_set_cut_scores(world.county, 2023, "8", "数学", 90, 80)


@pytest.mark.django_db
def test_plan_indicators_bind_to_the_quality_figures(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hand-made county of tests/core/quality_county.py in the store: benchmark (84 + 74) / 2 = 79; of the two
    rural schools assessed R1 (17.72%) fails and R2 (7.59%) passes, R3 (3 pupils) is suppressed; county 合格 20/23,
    优秀 3/23. Its 2022 row (one pupil) gives no figure, so no 2022 actual."""
    from eduplan.ingest.scores import read_scores
    from eduplan.store.models import IndicatorActual, Plan, PlanIndicator
    from eduplan.store.plans import do_bind_metric, do_compute_actuals
    from eduplan.store.registry import do_open_school
    from eduplan.store.score_files import staged_scores
    from tests.core import quality_county as hc

    codes = {s: f"44180200{10 + i}" for i, s in enumerate(hc.SCORES)}
    kinds = dict(zip(hc.schools()["school_code"], hc.schools()["urban_rural"], strict=True))
    for school, code in codes.items():
        common = {"school_type": "小学", "sponsor": "公办", "urban_rural": kinds[school]}
        do_open_school(code, 2019, name=f"学校{school}", region_id=world.town_fengcheng, **common)
    lines = ["学籍号,学校标识码,学年,年级,科目,成绩,考试名称,满分"]
    for row in hc.scores().itertuples():
        score = "" if row.score is None or row.score != row.score else f"{row.score:g}"
        lines.append(f"{row.student},{codes[row.school_code]},{row.school_year},8,{row.subject},{score},期末,100")
    (tmp_path / "scores.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    root = tmp_path / "scores"
    root.mkdir()
    with staged_scores(read_scores(tmp_path / "scores.csv"), "scores.csv", root, var_dir=tmp_path) as staged:
        staged.publish()
    monkeypatch.setattr("eduplan.store.score_files.default_root", lambda: root)
    do_mark_benchmarks(world.county, 2023, [codes["U1"], codes["U2"]])

    plan = Plan.objects.create(title="清城区教育发展规划", region_id=world.county, period_start=2021, period_end=2027)
    bound = {
        "农村学校学业水平与城区优质学校差异率低于15%的比例": ("quality_gap_passed_share:8:数学", 50.0),
        "最大差异率": ("quality_gap_max:8:数学", 14 / 79 * 100),
        "八年级数学合格率": ("quality_pass_rate:初二:数学", 20 / 23 * 100),
        "八年级数学优秀率": ("quality_excellent_rate:8:数学", 3 / 23 * 100),
    }
    for name, (key, _) in bound.items():
        do_bind_metric(PlanIndicator.objects.create(plan=plan, name=name, unit="%").pk, key)
    assert do_compute_actuals(plan.pk) == 4
    actuals = {(a.indicator.name, a.year): a.value for a in IndicatorActual.objects.select_related("indicator")}
    assert actuals == pytest.approx({(name, 2023): value for name, (_, value) in bound.items()})
    assert IndicatorActual.objects.get(indicator__name="最大差异率").note == "2023学年 8 年级数学成绩"
    with pytest.raises(UsageError, match="年级“十三”无法识别"):
        do_bind_metric(PlanIndicator.objects.get(name="最大差异率").pk, "quality_gap_max:十三:数学")
    with pytest.raises(UsageError, match="quality_pass_rate:8:数学"):
        do_bind_metric(PlanIndicator.objects.get(name="最大差异率").pk, "quality_median:8:数学")
