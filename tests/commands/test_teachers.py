"""``eduplan import|assess|template|versions|restore teachers`` in process, on the hand-built county."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eduplan.cli import main
from eduplan.store.models import AuditEntry, RosterVersion
from tests.conftest import World
from tests.store.test_teachers import _year_2022, _year_2023


@pytest.fixture(autouse=True)
def opened(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eduplan.store.open_store", lambda: None)  # the test database is open already
    monkeypatch.setenv("EDUPLAN_PSEUDONYM_KEY", "store-test-key-0123456789")


@pytest.mark.django_db
def test_import_and_assess_teachers(world: World, tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["import", "teachers", str(_year_2022(tmp_path)), "--year", "2022"])
    assert first.exit_code == 0, first.output
    assert first.output == "2022学年 教师名册 第1版：教师 5 名（沿用其他学校 0 名），交流调动 0 条，培训记录 1 条\n"
    runner.invoke(main, ["import", "teachers", str(_year_2023(tmp_path)), "--year", "2023"])
    out = runner.invoke(main, ["assess", "teachers", "--region", "441802", "--year", "2023", "--json"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    assert payload["rotation"]["share"] == 25.0 and "due" not in payload["rotation"]
    text = runner.invoke(main, ["assess", "teachers", "--region", "441802", "--year", "2023"]).output
    assert "交流轮岗：符合条件 4 人，交流 1 人（25.0%，应不低于 10%）" in text
    out_xlsx = tmp_path / "report.xlsx"
    written = runner.invoke(
        main, ["report", "teachers", "--region", "441802", "--year", "2023", "--out", str(out_xlsx)]
    )
    assert written.exit_code == 0, written.output
    assert out_xlsx.read_bytes()[:2] == b"PK"
    bad_format = runner.invoke(main, ["report", "teachers", "--region", "441802", "--year", "2023", "--out", "r.doc"])
    assert bad_format.exit_code == 2 and "格式应为 pdf 或 xlsx" in bad_format.output
    restored = runner.invoke(main, ["restore", "teachers", "--year", "2023", "--version", "1"])
    assert restored.exit_code == 0 and AuditEntry.objects.filter(action="teachers.restore").count() == 1
    assert "＊ 2023学年 第1版" in runner.invoke(main, ["versions", "teachers"]).output


@pytest.mark.django_db
def test_a_bad_roster_exits_3_and_stores_nothing(world: World, tmp_path: Path) -> None:
    from tests.ingest.teacher_books import workbook

    bad = workbook(tmp_path / "bad.xlsx", [{"身份证号": "123", "学校标识码": "4418020001"}])
    result = CliRunner().invoke(main, ["import", "teachers", str(bad), "--year", "2023"])
    assert result.exit_code == 3
    assert "bad.xlsx:教师名册!A2: 身份证号无效" in result.output and "Traceback" not in result.output
    assert RosterVersion.objects.count() == 0
    template = CliRunner().invoke(main, ["template", "teachers", str(tmp_path / "t.xlsx")])
    assert template.exit_code == 0 and (tmp_path / "t.xlsx").exists()


@pytest.mark.django_db
def test_the_bureau_records_its_title_ratios(world: World, tmp_path: Path) -> None:
    from eduplan.store.models import TitleRatio

    runner = CliRunner()
    runner.invoke(main, ["import", "teachers", str(_year_2023(tmp_path)), "--year", "2023"])
    bad = runner.invoke(main, ["assess", "title-ratios", "441802", "--set", "小学=15/40", "--set", "初中=80/30"])
    assert bad.exit_code == 2 and "初中高级与中级岗位比例之和超过 100%：80 + 30" in bad.output
    assert TitleRatio.objects.count() == 0  # the good 小学 pair is not stored either
    assert runner.invoke(main, ["assess", "title-ratios", "441802"]).output.startswith("441802 没有登记岗位设置比例")
    args = ["assess", "title-ratios", "441802", "--set", "小学=15/40", "--document", "清城人社〔2024〕1号"]
    out = runner.invoke(main, args)
    assert out.exit_code == 0 and out.output == "小学：高级 15%，中级 40%  清城人社〔2024〕1号\n"
    entry = AuditEntry.objects.get(action="teachers.title_ratios")
    assert entry.before is None and entry.after["小学"]["senior_share"] == 15.0
    # The five 小学 teachers are all 二级: 0% 高级, 0% 中级, both within the ratios.
    payload = json.loads(
        runner.invoke(main, ["assess", "teachers", "--region", "441802", "--year", "2023", "--json"]).output
    )
    (primary,) = payload["titles"]
    assert (primary["own_senior"], primary["own_mid"], primary["senior_within"], primary["mid_within"]) == (
        15,
        40,
        True,
        True,
    )
