"""Learning quality for the pages: the store's result for a region, cut to the schools in the user's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eduplan.errors import IngestError, NotFound, UsageError
from eduplan.store.models import Region
from eduplan.store.quality import quality_result
from eduplan.store.value_added import fits_available
from eduplan.web.access import AnyUser, schools_in_scope
from eduplan.web.areas import quality_charts

Choice = tuple[str, str]


@dataclass
class RegionQuality:
    choices: list[Choice]
    chosen: Choice | None = None
    result: dict[str, Any] | None = None
    message: str = ""
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)


def region_quality_for_user(
    user: AnyUser, region: Region, year: int, grade: str, subject: str, exam: str | None = None
) -> RegionQuality:
    codes = set(schools_in_scope(user, year, region).values_list("school_id", flat=True))
    found = fits_available(sorted(codes))
    this = found[found["school_year"] == year]
    choices = sorted(
        {(str(g), str(s)) for g, s in zip(this["grade"], this["subject"], strict=True)}, key=lambda c: (int(c[0]), c[1])
    )
    if not choices:
        return RegionQuality([], message=f"{region.name} {year} 学年没有学生成绩（用 eduplan import scores FILE 导入）")
    chosen = (grade, subject) if (grade, subject) in choices else choices[-1]
    view = RegionQuality(choices, chosen)
    try:
        result = quality_result(region.code, year, *chosen, exam=exam)
    except (NotFound, UsageError, IngestError) as exc:
        view.message = str(exc)
        return view
    result["schools"] = [s for s in result["schools"] if s["school_code"] in codes]
    view.result = result
    label = f"{region.name} {year} 学年 {chosen[0]} 年级{chosen[1]}"
    view.charts["distribution"] = quality_charts.distribution(f"{label} 得分分布", result["distribution"])
    view.charts["gap"] = quality_charts.gap_bars(
        f"{label} 与城区优质学校的差异率", result["schools"], result["gap_limit"]
    )
    if any(s["value_added"] is not None for s in result["schools"]):
        view.charts["scatter"] = quality_charts.attainment_vs_value_added(f"{label} 学业水平与增值", result["schools"])
    return view
