"""Writing census tables as the contract's workbook (xlsx) or folder of CSV files.

The workbook has one sheet per contract sheet, in contract order, the Chinese labels as the
header row, blank cells for NULL, and fixed document properties, so the same data always
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from eduplan.contract import SHEETS, Sheet
from eduplan.ingest.formula_guard import neutralise

# Document properties are pinned so an export is byte-for-byte reproducible.
_FIXED_CREATED = dt.datetime(2000, 1, 1)


def _cell(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return value
    return value


def write_census_xlsx(tables: dict[str, pd.DataFrame], out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False, "strings_to_formulas": False})
    workbook.set_properties({"title": "学校基础数据", "author": "eduplan", "created": _FIXED_CREATED})
    header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = workbook.add_format({"num_format": "@"})
    for sheet in SHEETS:
        frame = tables.get(sheet.name, pd.DataFrame(columns=list(sheet.keys)))
        _write_sheet(workbook, sheet, frame, header, text)
    workbook.close()
    return out


def _write_sheet(workbook: Any, sheet: Sheet, frame: pd.DataFrame, header: Any, text: Any) -> None:
    ws = workbook.add_worksheet(sheet.name)
    ws.freeze_panes(1, 0)
    for col, column in enumerate(sheet.columns):
        ws.write_string(0, col, column.label, header)
        ws.set_column(col, col, max(10, len(column.label) * 2 + 2), text if column.type in ("code", "text") else None)
    present = [c for c in sheet.columns if c.key in frame.columns]
    index = {c.key: i for i, c in enumerate(sheet.columns)}
    for r, record in enumerate(frame[[c.key for c in present]].itertuples(index=False), start=1):
        for column, raw in zip(present, record, strict=True):
            value = _cell(raw)
            if value is None or value == "":
                continue
            c = index[column.key]
            if column.type in ("code", "text", "enum", "bool") or isinstance(value, str):
                ws.write_string(r, c, neutralise(str(value)))
            else:
                ws.write_number(r, c, value)


def write_census_csv_folder(tables: dict[str, pd.DataFrame], out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for sheet in SHEETS:
        frame = tables.get(sheet.name, pd.DataFrame(columns=list(sheet.keys)))
        labelled = frame[[c.key for c in sheet.columns if c.key in frame.columns]].copy()
        for c in sheet.columns:
            if c.type == "bool" and c.key in labelled:
                labelled[c.key] = labelled[c.key].map({True: "是", False: "否"})
        for key in labelled.columns:
            if labelled[key].dtype == object:
                labelled[key] = labelled[key].map(lambda v: neutralise(v) if isinstance(v, str) else v)
        labelled.columns = [sheet.column(k).label for k in labelled.columns]
        labelled.to_csv(out / f"{sheet.name}.csv", index=False, encoding="utf-8", lineterminator="\n")
    return out
