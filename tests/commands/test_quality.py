"""``eduplan import monitoring`` in process: a bad workbook is exit status 3 with the located message and stores
nothing; a good one is stored as a version and printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eduplan.cli import main
from eduplan.store.models import MonitoringFigure, MonitoringImport
from tests.conftest import World
from tests.ingest.test_quality_monitoring import GOOD, write


@pytest.fixture(autouse=True)
def _store_is_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eduplan.store.open_store", lambda: None)  # the test database is already open


@pytest.mark.django_db
def test_a_bad_workbook_is_exit_3_and_stores_nothing(world: World, tmp_path: Path) -> None:
    bad = write(tmp_path, [[*GOOD[0][:6], "高", None, None, None, None]])
    result = CliRunner().invoke(main, ["import", "monitoring", str(bad), "--region", world.county])
    assert result.exit_code == 3
    assert result.stderr.strip() == "错误 / error: 监测.xlsx:监测结果!G2: “平均分”无法识别；应为 数字，实际为 高"
    assert MonitoringImport.objects.count() == 0 and MonitoringFigure.objects.count() == 0


@pytest.mark.django_db
def test_a_good_workbook_is_stored_as_a_version(world: World, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["import", "monitoring", str(write(tmp_path, GOOD)), "--region", world.county])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "已导入 监测.xlsx：2 行监测结果（第 1 版）"
    assert MonitoringFigure.objects.filter(imported__is_current=True).count() == 2
