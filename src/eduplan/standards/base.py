"""The record types every national standard is written in.

A standard is plain data: its indicators (what core computes per school or county, with the threshold per
学段), its rules (the other numbers: CV limits, the 6-of-7 rule, apportionment weights) and the items a user
records by hand. Every number carries the spec's status letter and its source ids, so a report can say which
values are UNCONFIRMED.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Comparator = Literal[">=", "<=", ">", "<"]
Status = Literal["P", "S", "1", "U"]

ALL_STAGES = "*"  # key of a value that holds for every 学段

# 以上/以下/不超过 include the bound, 超过/不满 exclude it (民法典 第一千二百五十九条, S50).
COMPARATOR_WORDS: dict[str, str] = {
    ">=": "不低于",
    "<=": "不高于",
    ">": "高于",
    "<": "低于",
}


# The same comparators as plan documents and pages write them (plan targets are stored with these signs).
SIGN_OF: dict[Comparator, str] = {">=": "≥", "<=": "≤", ">": ">", "<": "<"}
COMPARATOR_OF_SIGN: dict[str, Comparator] = {sign: comparator for comparator, sign in SIGN_OF.items()}


def compare(value: float, threshold: float, comparator: Comparator) -> bool:
    """Whether ``value`` satisfies ``threshold`` under ``comparator``, at full precision (no rounding)."""
    if comparator == ">=":
        return value >= threshold
    if comparator == "<=":
        return value <= threshold
    if comparator == ">":
        return value > threshold
    return value < threshold


def _stage_value(values: Mapping[str, float], stage: str, what: str) -> float:
    if stage in values:
        return values[stage]
    if ALL_STAGES in values:
        return values[ALL_STAGES]
    raise KeyError(f"{what} has no value for 学段 {stage!r}")


@dataclass(frozen=True)
class Indicator:
    """A measure computed from the census: ``value = scale × Σ numerator / denominator``."""

    key: str
    name: str  # Chinese, as the standard words it
    unit: str
    thresholds: Mapping[str, float]  # 学段 → threshold; empty when the indicator is for information only
    comparator: Comparator
    formula: str
    status: Status
    sources: tuple[str, ...]
    numerator: tuple[str, ...] = ()  # census keys summed into the numerator
    denominator: str = "students"
    scale: float = 1.0  # 100 for "per 100 students", 10000 for a 万元 census value against a 元 threshold
    addition_unit: str = ""  # unit of one addition to the numerator, for the gap to pass
    addition_step: float = 1.0  # smallest addition: 1 person, 1 room, 1 ㎡, 0.01 万元
    notes: str = ""

    def threshold(self, stage: str) -> float:
        return _stage_value(self.thresholds, stage, self.key)

    def passes(self, value: float, stage: str) -> bool:
        return compare(value, self.threshold(stage), self.comparator)

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "name": self.name,
            "unit": self.unit,
            "thresholds": dict(self.thresholds),
            "comparator": self.comparator,
            "formula": self.formula,
            "status": self.status,
            "sources": list(self.sources),
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Rule:
    """Any other number of a standard (a CV limit, the 6-of-7 rule, a weight), per 学段 or for all (``*``)."""

    key: str
    name: str
    values: Mapping[str, float]
    status: Status
    sources: tuple[str, ...]
    comparator: Comparator | None = None
    unit: str = ""
    notes: str = ""

    def value(self, stage: str = ALL_STAGES) -> float:
        return _stage_value(self.values, stage, self.key)

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "name": self.name,
            "values": dict(self.values),
            "comparator": self.comparator,
            "unit": self.unit,
            "status": self.status,
            "sources": list(self.sources),
            "notes": self.notes,
        }


@dataclass(frozen=True)
class ManualItem:
    """A requirement census data cannot compute: a user records a status, a value and evidence."""

    key: str
    dimension: str  # e.g. 政府保障程度
    name: str  # the requirement as worded
    status: Status
    sources: tuple[str, ...]
    threshold: float | None = None
    comparator: Comparator | None = None
    unit: str = ""
    veto: bool = False  # 一票否决
    notes: str = ""
    # A threshold that changes over time: (first school year, threshold) pairs in order; ``threshold`` holds before.
    dated_thresholds: tuple[tuple[int, float], ...] = ()

    def threshold_in(self, year: int | None) -> float | None:
        """The threshold that holds in school ``year`` (the undated ``threshold`` when no year is given)."""
        value = self.threshold
        for start, dated in self.dated_thresholds:
            if year is not None and year >= start:
                value = dated
        return value

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "dimension": self.dimension,
            "name": self.name,
            "threshold": self.threshold,
            "dated_thresholds": [list(pair) for pair in self.dated_thresholds],
            "comparator": self.comparator,
            "unit": self.unit,
            "veto": self.veto,
            "status": self.status,
            "sources": list(self.sources),
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Standard:
    id: str
    version: str
    title: str
    document_number: str
    issued: str  # ISO date of issue
    indicators: tuple[Indicator, ...]
    rules: tuple[Rule, ...] = ()
    manual_items: tuple[ManualItem, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())
    excluded_school_types: tuple[str, ...] = ()  # 办学类型 left out of the assessment

    def indicator(self, key: str) -> Indicator:
        for ind in self.indicators:
            if ind.key == key:
                return ind
        raise KeyError(f"{self.id} has no indicator {key!r}")

    def rule(self, key: str) -> Rule:
        for r in self.rules:
            if r.key == key:
                return r
        raise KeyError(f"{self.id} has no rule {key!r}")

    @property
    def indicator_keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.indicators)

    def unconfirmed(self) -> list[str]:
        """One Chinese line per UNCONFIRMED number or item, for every report that uses this standard."""
        records: list[Indicator | Rule | ManualItem] = [
            *self.indicators,
            *self.rules,
            *self.manual_items,
        ]
        lines = []
        for rec in records:
            if rec.status == "U":
                note = f"：{rec.notes}" if rec.notes else ""
                lines.append(f"未经证实（UNCONFIRMED）{rec.name}{note}")
        return lines

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "document_number": self.document_number,
            "issued": self.issued,
            "indicators": [i.as_dict() for i in self.indicators],
            "rules": [r.as_dict() for r in self.rules],
            "manual_items": [m.as_dict() for m in self.manual_items],
            "excluded_school_types": list(self.excluded_school_types),
            "notes": list(self.notes),
            "unconfirmed": self.unconfirmed(),
            "sources": list(self.sources),
        }
