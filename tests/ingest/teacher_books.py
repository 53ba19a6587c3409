"""Small roster workbooks for the ingest, store and web tests (built from the template, so headers stay in step)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eduplan.ingest.teachers import ROSTER, SHEETS, TRAINING, TRANSFERS, id_check_character, write_template

KEY = b"test-pseudonym-key-0123456789"


def id_number(born: str, sequence: int, region: str = "441802") -> str:
    """A valid 身份证号: ``born`` as YYYYMMDD, ``sequence`` 0–999 (odd = 男, even = 女)."""
    first17 = f"{region}{born}{sequence:03d}"
    return first17 + id_check_character(first17)


ROSTER_DEFAULTS: dict[str, Any] = {
    "任教学段": "小学",
    "到校学年": 2015,
    "岗位类别": "专业技术岗",
    "最高学历": "本科",
    "第一学历": "专科",
    "职称": "二级",
    "岗位等级": "专技十二级",
    "编制类型": "在编",
    "任教学科": "语文",
    "骨干级别": "",
    "骨干认定年份": "",
    "班主任": "否",
    "教师资格": "小学教师资格",
}


def workbook(
    path: Path,
    roster: list[dict[str, Any]],
    transfers: list[dict[str, Any]] = (),  # type: ignore[assignment]
    training: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> Path:
    """A roster workbook: each roster dict holds at least 身份证号 and 学校标识码 (the rest defaults)."""
    from openpyxl import load_workbook

    write_template(path)
    book = load_workbook(path)
    for name, rows, defaults in (
        (ROSTER, roster, ROSTER_DEFAULTS),
        (TRANSFERS, transfers, {}),
        (TRAINING, training, {}),
    ):
        labels = [c.label for c in SHEETS[name]]
        for row in rows:
            values = defaults | row
            book[name].append([values.get(label, "") for label in labels])
    book.save(path)
    return path
