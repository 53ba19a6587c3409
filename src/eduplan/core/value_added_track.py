"""Multi-year tracking of a school's value-added: one point per stored run (year) the school is in.

Exams differ in scale from year to year, so each point also carries the effect in units of that year's
student-level SD (û_j / σ̂): a school that is +0.2 SD two years running is steady even if the score
points moved. Input is the JSON of stored runs (``ValueAddedRun.as_dict()``), as the store keeps them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class TrackPoint:
    year: int
    grade: str
    subject: str
    students: int
    effect: float
    lower: float
    upper: float
    effect_in_sd: float  # û_j / σ̂ of that year's fit
    flag: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def school_track(runs: Iterable[Mapping[str, Any]], school_code: str) -> list[TrackPoint]:
    """The school's value-added in every run that estimated it, by year. ``runs`` in the order they were made:
    a later run of the same year, grade and subject replaces an earlier one."""
    latest: dict[tuple[int, str, str], TrackPoint] = {}
    for run in runs:
        sd = math.sqrt(float(run["sigma2"]))
        for school in run["schools"]:
            if school["school_code"] != school_code:
                continue
            key = (int(run["year"]), str(run["grade"]), str(run["subject"]))
            latest[key] = TrackPoint(
                year=key[0],
                grade=key[1],
                subject=key[2],
                students=int(school["students"]),
                effect=float(school["effect"]),
                lower=float(school["lower"]),
                upper=float(school["upper"]),
                effect_in_sd=float(school["effect"]) / sd,
                flag=str(school["flag"]),
            )
    return [latest[k] for k in sorted(latest)]
