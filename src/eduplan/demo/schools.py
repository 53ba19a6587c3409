"""A demo school: its registry history (versions) and the parameters its census is drawn from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eduplan import contract as c

# The registry's vocabulary: why a version begins, and why a school's last version ends.
OPENED = "开办"
RENAMED = "更名"
MOVED = "迁址"
CHANGED = "变更"
CLOSED = "撤销"
MERGED = "合并"
CHANGES: tuple[str, ...] = (OPENED, RENAMED, MOVED, CHANGED)
END_REASONS: tuple[str, ...] = (CLOSED, MERGED)

REGISTRY_ATTRIBUTES: tuple[str, ...] = tuple(k for k in c.SCHOOLS.keys if k != "school_code")


@dataclass
class School:
    code: str
    county_code: str
    attrs: dict[str, Any]  # the first version's registry attributes (REGISTRY_ATTRIBUTES)
    founded: int
    closed: int | None = None  # first school year it is gone
    end_change: str | None = None  # 撤销 or 合并
    merged_into: str | None = None
    later: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)  # (year, change, attrs changed)
    # --- what the census is drawn from -------------------------------------------------------
    entry: dict[str, float] = field(default_factory=dict)  # stage -> pupils per grade, before calibration
    grades: dict[str, tuple[str, ...]] = field(default_factory=dict)  # stage -> grades taught
    pull: float = 0.0  # the town's migration pull
    trend: float = 0.0  # the school's own yearly drift (small rural schools shrink)
    crowded: bool = False
    ratio: dict[str, float] = field(default_factory=dict)  # stage -> pupils per teacher
    whole_row: bool = False  # reports shared facilities on one 全校 row
    absorbed: list[tuple[int, School]] = field(default_factory=list)  # (year, school merged in)
    facility_boost: dict[int, float] = field(default_factory=dict)  # year -> facilities multiplier from then
    capacity_factor: float = 1.0  # design places / pupils expected (below 1: over-full)
    seats: dict[str, int] = field(default_factory=dict)  # stage -> places built (new schools of the plans)
    bias: float = 0.0  # the school's qualification propensity relative to its county
    psych_from: int = 9999  # first year it has a full-time psychology teacher (if large enough)
    scale: dict[str, float] = field(default_factory=dict)  # stage -> calibration factor
    relief: dict[tuple[str, int], float] = field(default_factory=dict)  # (stage, year) -> share kept
    traits: dict[str, float] = field(default_factory=dict)  # stable per-school shares (backbone, pe, ...)
    noise: np.ndarray = field(default_factory=lambda: np.ones((2, 0, 0, 0)))  # see enrolment.noise_table
    memo: dict[tuple[str, int], list[int]] = field(default_factory=dict, repr=False)  # pupils per grade
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # facilities as built

    def active(self, year: int) -> bool:
        return self.founded <= year and (self.closed is None or year < self.closed)

    def attrs_at(self, year: int) -> dict[str, Any]:
        current = dict(self.attrs)
        for at, _change, changed in self.later:
            if at <= year:
                current.update(changed)
        return current

    @property
    def stages(self) -> tuple[str, ...]:
        return tuple(self.grades)

    @property
    def sponsor(self) -> str:
        return str(self.attrs["sponsor"])

    @property
    def school_type(self) -> str:
        return str(self.attrs["school_type"])

    def category(self, stage: str) -> tuple[str, str]:
        """The calibration group of one of its stages."""
        if self.school_type == c.SPECIAL:
            return ("特教", "")
        if stage == c.STAGE_SENIOR:
            return (stage, "")
        if stage == c.STAGE_PRESCHOOL and self.sponsor == c.SPONSOR_PRIVATE:
            return (stage, "普惠民办" if self.attrs["inclusive"] else "民办")
        return (stage, self.sponsor)


def grades_for(school_type: str, teaching_point_grades: int = 6) -> dict[str, tuple[str, ...]]:
    """The grades a school of this type teaches, stage by stage."""
    if school_type == c.TEACHING_POINT:
        return {c.STAGE_PRIMARY: c.GRADES_BY_STAGE[c.STAGE_PRIMARY][:teaching_point_grades]}
    return {stage: c.GRADES_BY_STAGE[stage] for stage in c.STAGES_BY_SCHOOL_TYPE[school_type]}


def registry_rows(school: School) -> list[dict[str, Any]]:
    """One row per version: the registry attributes, valid_from, valid_to (exclusive), change; the last
    version of a closed school also says why it ended (end_reason 撤销 or 合并, and merged_into)."""
    # A change dated on or before the opening is part of the opening version (a version must last a year).
    on_opening: dict[str, Any] = {}
    for year, _change, changed in sorted(school.later, key=lambda v: v[0]):
        if year <= school.founded:
            on_opening.update(changed)
    starts: list[tuple[int, str, dict[str, Any]]] = [
        (school.founded, OPENED, on_opening),
        *sorted((v for v in school.later if v[0] > school.founded), key=lambda v: v[0]),
    ]
    rows: list[dict[str, Any]] = []
    current = dict(school.attrs)
    for i, (year, change, changed) in enumerate(starts):
        current.update(changed)
        last = i + 1 == len(starts)
        rows.append(
            {
                "school_code": school.code,
                **current,
                "valid_from": year,
                "valid_to": school.closed if last else starts[i + 1][0],
                "change": change,
                "end_reason": (school.end_change or CLOSED) if last and school.closed is not None else None,
                "merged_into": school.merged_into if last else None,
            }
        )
    return rows
