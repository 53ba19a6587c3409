from __future__ import annotations

from openpyxl import load_workbook

from eduplan.contract import SHEETS
from tests.conftest import run_eduplan


def test_the_demo_export_has_the_contract_sheets_and_headers(demo_env, tmp_path):
    out = tmp_path / "c.xlsx"
    result = run_eduplan("export", "census", "--year", "2020", "--out", str(out), env=demo_env)
    assert result.returncode == 0, result.stderr
    book = load_workbook(out, read_only=True)
    assert book.sheetnames == [s.name for s in SHEETS]
    for sheet in SHEETS:
        header = next(book[sheet.name].iter_rows(min_row=1, max_row=1, values_only=True))
        assert list(header) == [c.label for c in sheet.columns]
    assert book["学校"].max_row > 1000  # a province's worth of schools, not a toy


def test_the_same_seed_gives_a_byte_identical_export(demo_env, tmp_path):
    first = tmp_path / "first.xlsx"
    assert run_eduplan("export", "census", "--year", "2020", "--out", str(first), env=demo_env).returncode == 0
    other_var = tmp_path / "var2"
    other = {"EDUPLAN_VAR": str(other_var), "EDUPLAN_DATABASE_URL": f"sqlite:///{other_var / 'eduplan.sqlite3'}"}
    built = run_eduplan("demo", "--no-serve", env=other)
    assert built.returncode == 0, built.stderr
    second = tmp_path / "second.xlsx"
    assert run_eduplan("export", "census", "--year", "2020", "--out", str(second), env=other).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def test_a_second_demo_run_reuses_the_store(demo_env):
    result = run_eduplan("demo", "--no-serve", env=demo_env)
    assert result.returncode == 0, result.stderr
    assert "演示数据已存在，直接使用" in result.stdout
    assert "demo-clerk" in result.stdout
