"""``eduplan supervision overdue|term`` and ``eduplan report supervision`` in process, on the term of
tests/reports/test_supervision.py (城南小学's 严重 finding, deadline 2023-11-30, never answered)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eduplan.cli import main
from eduplan.store.supervision import term_figures
from tests.reports.pdftools import compact, pdf_text
from tests.reports.test_supervision import TODAY, term  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _store_is_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eduplan.store.open_store", lambda: None)  # the test database is already open


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_overdue_lists_the_late_one_without_the_responsible_person(term: Any) -> None:  # noqa: F811
    result = run("supervision", "overdue", "--region", "441802", "--on", "2024-01-10")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "清城区 截至 2024-01-10 逾期整改 1 项",
        "  凤城街道 城南小学 清城督整〔2023〕1号 严重 期限 2023-11-30 逾期 41 天",
    ]
    assert "张校长" not in result.stdout
    # the day before the deadline passed, nothing is late
    early = run("supervision", "overdue", "--region", "441802", "--on", "2023-11-30", "--json")
    assert json.loads(early.stdout) == {"region": "441802", "today": "2023-11-30", "overdue": []}


def test_term_json_is_the_figures_and_the_report_prints_them(term: Any, tmp_path: Path) -> None:  # noqa: F811
    result = run("supervision", "term", "--region", "441802", "--year", "2023", "--on", "2024-01-10", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures == json.loads(json.dumps(term_figures(term, TODAY)))
    text = run("supervision", "term", "--region", "441802", "--year", "2023", "--on", "2024-01-10").stdout
    assert "校校到：1/3 所学校（33.3%），进校督导 3 次" in text and "逾期 1" in text
    out = tmp_path / "督导报告.pdf"
    done = run("report", "supervision", "--region", "441802", "--year", "2023", "--on", "2024-01-10", "--out", str(out))
    assert done.exit_code == 0, done.output
    body = compact(pdf_text(out.read_bytes()))
    assert "已达次数的学校1" in body and "逾期1" in body and "清城督整〔2023〕1号严重2023-11-3041" in body


def test_bad_input_is_a_message_and_an_exit_status(term: Any, tmp_path: Path) -> None:  # noqa: F811
    unknown = run("supervision", "overdue", "--region", "999999")
    assert unknown.exit_code == 3 and "区划代码 999999 不在区划表中" in unknown.stderr
    no_plan = run("supervision", "term", "--region", "441802", "--year", "2020")
    assert no_plan.exit_code == 2 and no_plan.stderr.strip() == "错误 / error: 清城区2020学年没有督导计划"
    bad_format = run("report", "supervision", "--region", "441802", "--year", "2023", "--out", str(tmp_path / "x.doc"))
    assert bad_format.exit_code == 2 and "格式 'doc' 不对" in bad_format.stderr
    assert not (tmp_path / "x.doc").exists()
