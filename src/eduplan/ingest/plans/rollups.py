"""Summary tables (建设意向统计表): what the plan says its projects add up to, per category and 层次."""

from __future__ import annotations

from eduplan.contract import STAGE_JUNIOR, STAGE_PRESCHOOL, STAGE_PRIMARY
from eduplan.ingest.plans.model import Rollup, Source
from eduplan.ingest.plans.projects import category_of
from eduplan.ingest.plans.tables import Table
from eduplan.ingest.plans.values import investment_wan, parse_value, squash

_SUBTOTAL = ("小计",)
_TOTAL = ("合计", "总计")


def _column_key(label: str) -> str | None:
    text = squash(label)
    if "类别" in text:
        return "category"
    if "层次" in text or "学段" in text:
        return "stage"
    if text.endswith("数") and ("学校" in text or "幼儿园" in text or "项目" in text):
        return "count"
    if "学位" in text:
        if "小学" in text:
            return f"seats:{STAGE_PRIMARY}"
        if "初中" in text:
            return f"seats:{STAGE_JUNIOR}"
        if "小计" in text or "合计" in text:
            return "total_seats"
        return "seats"
    if "投" in text or "资金" in text:
        return "investment"
    return None


def is_rollup_table(table: Table) -> bool:
    keys = {_column_key(cell) for cell in table.rows[0].cells}
    return "category" in keys and "count" in keys


def _number(cell: str) -> float | None:
    value = parse_value(cell)
    return value.value if value.is_value else None


def read_rollups(table: Table, name: str, file: str) -> list[Rollup]:
    columns = {index: key for index, cell in enumerate(table.rows[0].cells) if (key := _column_key(cell))}
    kindergarten = "幼儿园" in name
    rollups: list[Rollup] = []
    category: str | None = None
    for row in table.rows[1:]:
        cells = {key: row.cell(index) for index, key in columns.items()}
        label = squash(cells.get("category", ""))
        total = label.startswith(_TOTAL)
        if label and not total:
            category = category_of(label) or label
        stage = squash(cells.get("stage", "")) or None
        subtotal = stage in _SUBTOTAL
        seats = {
            key.split(":", 1)[1]: value
            for key, cell in cells.items()
            if key.startswith("seats:") and (value := _number(cell)) is not None
        }
        if "seats" in cells and (value := _number(cells["seats"])) is not None:
            seats[STAGE_PRESCHOOL if kindergarten else "合计"] = value
        stated_total = _number(cells.get("total_seats", ""))
        rollups.append(
            Rollup(
                table=name,
                category=None if total else category,
                stage=None if (subtotal or total) else stage,
                count=_number(cells.get("count", "")),
                seats=seats,
                total_seats=stated_total if stated_total is not None else (sum(seats.values()) if seats else None),
                investment=investment_wan(cells.get("investment", "")),
                source=Source(file=file, line=row.line, text=row.text.replace("\t", " | ")),
            )
        )
    return rollups
