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
