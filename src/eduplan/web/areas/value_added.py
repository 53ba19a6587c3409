"""Value-added (增值评价) for the pages, fetched for a user: only the schools in his scope ever leave here.

A region user sees every school of a region in his scope; a school clerk reaches only his own school's track
(``get_school_for_user`` refuses the rest with 404). The fit itself is the store's, the same as the CLI's:
each school's estimate is relative to its whole county, so the county is fitted and then cut to the user's schools.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eduplan.core.value_added import InsufficientData
from eduplan.errors import IngestError, NotFound, UsageError
from eduplan.store.models import Region
from eduplan.store.value_added import SchoolTrack, Wanted, evaluate, fits_available, school_value_added_track
from eduplan.web import charts
from eduplan.web.access import AnyUser, get_school_for_user, schools_in_scope
from eduplan.web.areas.kept import kept

Choice = tuple[str, str]  # (grade, subject)


@dataclass
class RegionValueAdded:
    choices: list[Choice]  # grades and subjects of the year with a prior year's scores for the same subject
    chosen: Choice | None = None
    result: dict[str, Any] | None = None  # the store's result, its schools cut to the user's scope
    message: str = ""
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)


def _sorted(choices: set[Choice]) -> list[Choice]:
    return sorted(choices, key=lambda c: (int(c[0]), c[1]))


def region_value_added_for_user(
    user: AnyUser,
    region: Region,
    year: int,
    grade: str,
    subject: str,
    exams: tuple[str | None, str | None] = (None, None),
) -> RegionValueAdded:
    """The value-added of ``region``'s schools (already fetched in the user's scope) for a grade and subject;
    ``exams`` (this year's, last year's) name them when a year has several."""
    codes = set(schools_in_scope(user, year, region).values_list("school_id", flat=True))
    found = kept("fits_available", tuple(sorted(codes)), lambda: fits_available(sorted(codes)))
    this = found[found["school_year"] == year]
    earlier = set(found[found["school_year"] == year - 1]["subject"])
    choices = _sorted({(str(g), str(s)) for g, s in zip(this["grade"], this["subject"], strict=True) if s in earlier})
    if not choices:
        why = "没有学生成绩" if this.empty else "的成绩没有上一学年的同科成绩作前测"
        return RegionValueAdded([], message=f"{region.name} {year} 学年{why}（用 eduplan import scores FILE 导入）")
    chosen = (grade, subject) if (grade, subject) in choices else choices[-1]
    view = RegionValueAdded(choices, chosen)
    try:
        wanted = Wanted(region.code, year, *chosen, *exams)
        result = kept("value_added", (wanted,), lambda: evaluate(wanted))  # the fit of the region, whoever asks
    except (InsufficientData, NotFound, UsageError, IngestError) as exc:
        view.message = str(exc)
        return view
    schools = sorted((s for s in result["schools"] if s["school_code"] in codes), key=lambda s: -s["effect"])
    view.result = {
        **result,
        "schools": schools,
        "unestimated_schools": [c for c in result["unestimated_schools"] if c in codes],
    }
    title = f"{region.name} {year} 学年 {chosen[0]} 年级{chosen[1]} 学校增值（95%区间）"
    view.charts["caterpillar"] = charts.caterpillar(
        title, [{**s, "name": s["name"] or s["school_code"]} for s in schools]
    )
    return view


@dataclass
class SchoolValueAdded:
    name: str
    choices: list[Choice]
    chosen: Choice | None = None
    track: SchoolTrack | None = None
    message: str = ""
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)


def school_value_added_for_user(user: AnyUser, code: str, grade: str, subject: str) -> SchoolValueAdded:
    """The school's value-added year by year (each year fitted on its county), if the school is in the user's scope."""
    history = get_school_for_user(user, code)
    found = fits_available([code])
    choices = _sorted({(str(g), str(s)) for g, s in zip(found["grade"], found["subject"], strict=True)})
    view = SchoolValueAdded(history[-1].name, choices)
    if not choices:
        view.message = "本校没有学生成绩（用 eduplan import scores FILE 导入）"
        return view
    view.chosen = (grade, subject) if (grade, subject) in choices else choices[-1]
    view.track = school_value_added_track(code, *view.chosen)
    if view.track.points:
        title = f"{view.name} {view.chosen[0]} 年级{view.chosen[1]} 增值（分）"
        view.charts["track"] = charts.track(title, [p.as_dict() for p in view.track.points])
    return view
