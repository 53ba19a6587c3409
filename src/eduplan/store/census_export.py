"""Export a stored census year in the contract's format."""

from __future__ import annotations

from pathlib import Path

from eduplan.contract import SHEETS
from eduplan.ingest.census_export import write_census_csv_folder, write_census_xlsx
from eduplan.store.census import get_version, sheet_frame


def do_export_census(year: int, out: Path, version: int | None = None) -> Path:
    stored = get_version(year, version)
    tables = {sheet.name: sheet_frame(stored, sheet) for sheet in SHEETS}
    if out.suffix.lower() == ".xlsx":
        return write_census_xlsx(tables, out)
    return write_census_csv_folder(tables, out)
