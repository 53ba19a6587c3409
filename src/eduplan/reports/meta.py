"""What every report prints about where its numbers come from: region, year, data version, standard, date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eduplan.standards.base import Standard


@dataclass(frozen=True)
class ReportMeta:
    region_code: str
    region_name: str
    year: int
    data_version: str  # e.g. "2023学年普查 第2版（2024-03-01 导入）"
    issuer: str = ""  # the signing body; default "<region>教育局"
    generated_on: date = field(default_factory=date.today)
    run: str = ""  # the stored run the numbers come from, if any (e.g. "评估记录 #12")

    @property
    def signer(self) -> str:
        return self.issuer or f"{self.region_name}教育局"


def school_year(year: int) -> str:
    """2023 → 2023—2024学年 (a school year is named by the calendar year it starts in)."""
    return f"{year}—{year + 1}学年"


def chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def cover_facts(meta: ReportMeta, *extra: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    facts = [
        ("行政区域", f"{meta.region_name}（{meta.region_code}）"),
        ("学年", f"{school_year(meta.year)}（统计时点 {meta.year}年9月1日）"),
        ("数据版本", meta.data_version),
        *extra,
    ]
    if meta.run:
        facts.append(("运行记录", meta.run))
    facts.append(("生成日期", chinese_date(meta.generated_on)))
    return tuple(facts)


def standard_line(standard: Standard) -> str:
    return f"《{standard.title}》（{standard.document_number}，标准版本 {standard.version}）"


def standard_notes(standard: Standard, result: Mapping[str, Any]) -> list[str]:
    """The standard's own notes and its UNCONFIRMED numbers, as the result carries them, for the method notes."""
    notes = [f"评估依据：{standard_line(standard)}。", *standard.notes]
    if str(result.get("standard_version", standard.version)) != standard.version:
        notes.append(
            f"注意：本结果按标准版本 {result.get('standard_version')} 计算，当前系统中的标准版本为 {standard.version}。"
        )
    unconfirmed = result.get("unconfirmed", standard.unconfirmed())
    notes.extend(str(line) for line in unconfirmed)
    return notes
