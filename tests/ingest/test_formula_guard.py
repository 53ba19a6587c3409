"""Exported workbooks and CSV files never carry a cell that a spreadsheet takes for a formula (OWASP CSV
injection), and an exported census re-imports to the same values."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from eduplan.ingest.census_export import write_census_csv_folder, write_census_xlsx
from eduplan.ingest.census_validate import validate_census
from eduplan.ingest.formula_guard import neutralise, restore
from eduplan.reports.document import Column, Document, Section, Table
from eduplan.reports.xlsx import render_xlsx

from .census_corpus import write_base
from .test_census_validate import KNOWN

HOSTILE = [
    '=HYPERLINK("http://evil.example/","点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_trigger_gets_an_apostrophe_and_comes_back(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["城南小学", "'引号开头", "a=b", "", "1-2"])
def test_other_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text and restore(text) == text


def _formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_the_census_export_neutralises_names_and_reimports_them(tmp_path: Path) -> None:
    tables = validate_census(write_base(tmp_path), known_regions=KNOWN).tables
    names = tables["学校"]["name"].tolist()
    hostile = HOSTILE[: len(names)]
    tables["学校"]["name"] = hostile + names[len(hostile) :]
    book = openpyxl.load_workbook(write_census_xlsx(tables, tmp_path / "out.xlsx"))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not any(_formula_like(v) for v in cells)
    assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)
    assert "'" + HOSTILE[0] in cells
    folder = write_census_csv_folder(tables, tmp_path / "csv")
    with (folder / "学校.csv").open(encoding="utf-8", newline="") as f:
        fields = [v for row in csv.reader(f) for v in row]
    assert not any(_formula_like(v) for v in fields) and "'" + HOSTILE[0] in fields
    again = validate_census(tmp_path / "out.xlsx", known_regions=KNOWN).tables["学校"]["name"].tolist()
    # Tabs and carriage returns at the ends of a name are trimmed by the reader as any surrounding space.
    assert again == [t.strip() for t in hostile] + names[len(hostile) :]


def test_a_report_workbook_neutralises_every_text_cell(tmp_path: Path) -> None:
    table = Table(
        title="学校",
        sheet="学校",
        columns=(Column("name", "学校名称"), Column("n", "在校生", kind="int")),
        rows=[{"name": t, "n": -5} for t in HOSTILE],
    )
    doc = Document(
        title="=1+1",
        subtitle="@x",
        issuer="-清城区教育局",
        cover=(("范围", "+全部"),),
        verdict=None,
        sections=(Section("学校", (table,)),),
        notes=("=HYPERLINK(1)",),
    )
    path = tmp_path / "report.xlsx"
    path.write_bytes(render_xlsx(doc))
    book = openpyxl.load_workbook(path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not any(_formula_like(c.value) for c in cells) and all(c.data_type != "f" for c in cells)
    assert "'" + HOSTILE[0] in [c.value for c in cells]
    assert -5 in [c.value for c in cells]  # numbers stay numbers, negative ones too
