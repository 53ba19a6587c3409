"""The requirements census data cannot compute, as recorded by a user, and how they join a verdict."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from eduplan.standards.base import ManualItem, Standard, compare

ItemStatus = Literal["met", "not_met", "pending"]
STATUS_LABELS: dict[str, str] = {"met": "达到", "not_met": "未达到", "pending": "待记录"}


@dataclass(frozen=True)
class ItemRecord:
    """What a user recorded for one item: a status, or a value the item's threshold decides, and evidence."""

    status: ItemStatus | None = None
    value: float | None = None
    evidence: str = ""


@dataclass(frozen=True)
class CensusCheck:
    """What the census says about an item it can partly check (a hint beside the recorded status, not a verdict)."""

    met: bool
    detail: str
    schools: list[str]  # the schools that fail it

    def as_dict(self) -> dict[str, object]:
        return {"met": self.met, "detail": self.detail, "schools": self.schools}


@dataclass(frozen=True)
class ItemResult:
    item: ManualItem
    status: ItemStatus
    value: float | None
    evidence: str
    census_check: CensusCheck | None = None
    threshold: float | None = None  # the item's threshold in the assessed year

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.item.key,
            "dimension": self.item.dimension,
            "name": self.item.name,
            "veto": self.item.veto,
            "threshold": self.threshold,
            "status": self.status,
            "status_label": STATUS_LABELS[self.status],
            "value": self.value,
            "evidence": self.evidence,
            "source_status": self.item.status,
            "census_check": self.census_check.as_dict() if self.census_check else None,
        }


def judge_item(
    item: ManualItem, record: ItemRecord | None, check: CensusCheck | None = None, year: int | None = None
) -> ItemResult:
    """A recorded value is judged against the item's threshold in ``year``; otherwise the recorded status stands."""
    threshold = item.threshold_in(year)
    if record is None:
        return ItemResult(item, "pending", None, "", check, threshold)
    status: ItemStatus
    if record.value is not None and threshold is not None and item.comparator is not None:
        status = "met" if compare(record.value, threshold, item.comparator) else "not_met"
    else:
        status = record.status or "pending"
    return ItemResult(item, status, record.value, record.evidence, check, threshold)


def judge_items(
    standard: Standard,
    records: Mapping[str, ItemRecord] | None,
    checks: Mapping[str, CensusCheck] | None = None,
    year: int | None = None,
) -> list[ItemResult]:
    records, checks = records or {}, checks or {}
    return [judge_item(item, records.get(item.key), checks.get(item.key), year) for item in standard.manual_items]


def overall_verdict(computed_passed: bool, items: list[ItemResult]) -> bool | None:
    """False if anything fails; None (待定) if the computed part passes but items are still pending."""
    if not computed_passed or any(i.status == "not_met" for i in items):
        return False
    if any(i.status == "pending" for i in items):
        return None
    return True


def verdict_label(passed: bool | None) -> str:
    return {True: "通过", False: "未通过", None: "待定（尚有未记录的项目）"}[passed]


def result_header(
    region: str, year: int, standard: Standard, passed: bool | None, items: list[ItemResult]
) -> dict[str, object]:
    """The keys every assessment result starts with: what was assessed, under which standard version, the verdict,
    the hand-recorded items and the standard's UNCONFIRMED values."""
    return {
        "region": region,
        "year": year,
        "standard": standard.id,
        "standard_version": standard.version,
        "standard_title": f"{standard.title}（{standard.document_number}）",
        "passed": passed,
        "verdict": verdict_label(passed),
        "items": [i.as_dict() for i in items],
        "unconfirmed": standard.unconfirmed(),
    }
