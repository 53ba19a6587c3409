"""Supervision figures of a term, from plain rows (the store hands them over; no Django here).

- 校校到 coverage: a school is covered when it had at least ``required`` visits (of any kind: 挂牌督导, 专项督导,
  回头看) dated within the term; coverage = covered schools / schools of the plan.
- Findings: rectifications issued in the term, counted by checklist item (free-form findings under "其他") and by
  severity.
- Time to close: days from the 整改通知书 (``issued_on``) to the 复查 that closed it, over closed rectifications.
- Overdue on day ``today``: a rectification still with the school (待整改 or 退回重改) whose deadline is before
  ``today``. One already reported and waiting for its 复查 is not overdue: the school has answered.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from eduplan.standards.supervision import SEVERITIES, item_text

WITH_SCHOOL = ("open", "returned")
FREE_FINDING = "其他（自由记录）"


@dataclass(frozen=True)
class VisitRow:
    school_code: str
    date: date
    kind: str


@dataclass(frozen=True)
class RectificationRow:
    number: str
    school_code: str
    school_name: str
    town_code: str
    town_name: str
    item_key: str
    severity: str
    issued_on: date
    deadline: date
    state: str
    closed_on: date | None


@dataclass(frozen=True)
class ActionRow:
    school_code: str
    school_name: str
    kind: str
    date: date
    who: str
    document: str


@dataclass(frozen=True)
class Coverage:
    schools: int
    covered: int
    required: int
    share: float | None  # None for a plan without schools
    not_covered: tuple[str, ...]


def coverage(schools: Sequence[str], visits: Sequence[VisitRow], required: int) -> Coverage:
    counts = Counter(v.school_code for v in visits)
    missing = tuple(sorted(s for s in set(schools) if counts[s] < required))
    total = len(set(schools))
    covered = total - len(missing)
    return Coverage(total, covered, required, covered / total if total else None, missing)


def is_overdue(row: RectificationRow, today: date) -> bool:
    return row.state in WITH_SCHOOL and row.deadline < today


def overdue(rows: Sequence[RectificationRow], today: date) -> list[RectificationRow]:
    """Overdue rectifications ordered by town, school and deadline."""
    return sorted((r for r in rows if is_overdue(r, today)), key=lambda r: (r.town_code, r.school_code, r.deadline))


def findings_by_item(rows: Sequence[RectificationRow]) -> list[dict[str, Any]]:
    """Per checklist item: how many findings of each severity, most frequent item first."""
    table: dict[str, Counter[str]] = {}
    for r in rows:
        table.setdefault(item_text(r.item_key) if r.item_key else FREE_FINDING, Counter())[r.severity] += 1
    out = [{"item": k, **{s: c[s] for s in SEVERITIES}, "total": sum(c.values())} for k, c in table.items()]
    return sorted(out, key=lambda d: (-int(d["total"]), str(d["item"])))


def days_to_close(rows: Sequence[RectificationRow]) -> dict[str, float | int | None]:
    days = [(r.closed_on - r.issued_on).days for r in rows if r.state == "closed" and r.closed_on is not None]
    return {
        "closed": len(days),
        "median_days": statistics.median(days) if days else None,
        "mean_days": round(statistics.fmean(days), 1) if days else None,
        "max_days": max(days) if days else None,
    }


def state_counts(rows: Sequence[RectificationRow], today: date) -> dict[str, int]:
    states = Counter(r.state for r in rows)
    return {
        "total": len(rows),
        "open": states["open"],
        "reported": states["reported"],
        "returned": states["returned"],
        "closed": states["closed"],
        "overdue": sum(is_overdue(r, today) for r in rows),
    }


def overdue_by_town(rows: Sequence[RectificationRow], today: date) -> list[dict[str, Any]]:
    late = overdue(rows, today)
    towns: dict[tuple[str, str], list[RectificationRow]] = {}
    for r in late:
        towns.setdefault((r.town_code, r.town_name), []).append(r)
    return [
        {"town_code": code, "town": name, "overdue": len(items), "schools": len({r.school_code for r in items})}
        for (code, name), items in sorted(towns.items())
    ]


def overdue_list(rows: Sequence[RectificationRow], today: date) -> list[dict[str, Any]]:
    """The overdue rectifications as JSON-ready rows with their days late (town, school, deadline order)."""
    return [
        asdict(r)
        | {"issued_on": str(r.issued_on), "deadline": str(r.deadline), "days_late": (today - r.deadline).days}
        | {"closed_on": None}
        for r in overdue(rows, today)
    ]


def term_summary(
    schools: Sequence[str],
    visits: Sequence[VisitRow],
    required: int,
    rectifications: Sequence[RectificationRow],
    actions: Sequence[ActionRow],
    today: date,
) -> dict[str, Any]:
    """Every figure of the office page, the API and the term report, as JSON-ready plain data."""
    cov = coverage(schools, visits, required)
    return {
        "coverage": asdict(cov) | {"not_covered": list(cov.not_covered)},
        "visits": len(visits),
        "visits_by_kind": dict(sorted(Counter(v.kind for v in visits).items())),
        "rectifications": state_counts(rectifications, today),
        "by_severity": {s: sum(r.severity == s for r in rectifications) for s in SEVERITIES},
        "findings_by_item": findings_by_item(rectifications),
        "time_to_close": days_to_close(rectifications),
        "overdue_by_town": overdue_by_town(rectifications, today),
        "overdue": overdue_list(rectifications, today),
        "actions": [asdict(a) | {"date": str(a.date)} for a in actions],
        "today": str(today),
    }
