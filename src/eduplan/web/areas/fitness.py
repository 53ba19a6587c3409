"""学生体质健康 for the pages, fetched for a user: only the schools in his scope leave here.

A region user sees the county figure and every school of a region in his scope; a school clerk reaches no region
page (404) and, on his own school's page, sees his school's figures and of the other schools only the county figure.
The numbers are the store's (``store.fitness``), the same as the CLI's and the report's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eduplan.errors import UsageError
from eduplan.reports.fitness import band_counts
from eduplan.store.fitness import assess_fitness, assess_school_fitness, fitness_years
from eduplan.store.models import IndicatorActual, PlanIndicator, Region
from eduplan.web import charts
from eduplan.web.access import AnyUser, get_school_for_user, schools_in_scope

RATES = (("pass_rate", "合格率"), ("good_rate", "优良率"), ("excellent_rate", "优秀率"))


@dataclass
class FitnessView:
    result: dict[str, Any] | None = None
    message: str = ""
    years: list[int] = field(default_factory=list)
    charts: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)  # plan indicators bound to fitness rates


def _band_chart(title: str, row: dict[str, Any]) -> dict[str, Any] | None:
    if row.get("suppressed"):
        return None
    counts = band_counts(row)
    classes = {"优秀": "pass", "良好": "pass", "及格": "warn", "不及格": "fail"}
    return charts.coloured_bars(title, counts, classes, "人数")


def _item_chart(title: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    from eduplan.standards import fitness as fs

    names = {"bmi": "BMI", **{k: v.name for k, v in fs.standard().items.items()}}
    keys = sorted({r["item"] for r in items}, key=lambda k: list(names).index(k))
    levels = ("优秀", "良好", "及格", "不及格")
    totals = {k: sum(r["students"] for r in items if r["item"] == k) for k in keys}
    series = {
        level: [
            round(100 * sum(r["students"] for r in items if r["item"] == k and r["level"] == level) / totals[k], 2)
            if totals[k]
            else None
            for k in keys
        ]
        for level in levels
    }
    return charts.grouped_bars(title, [names[k] for k in keys], series, "%")


def _plan_targets(
    region: Region, actuals_by_year: dict[int, dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The region's plan indicators bound to fitness rates, each with a trajectory chart (baseline → target, the
    imported years' actuals)."""
    bound = PlanIndicator.objects.filter(plan__region_id=region.code, metric__startswith="fitness_").select_related(
        "plan"
    )
    targets, specs = [], {}
    for n, indicator in enumerate(bound):
        actuals = {a.year: a.value for a in IndicatorActual.objects.filter(indicator=indicator, source="metric")}
        baseline_year = indicator.baseline_year or ((indicator.plan.period_start or 1) - 1)
        baseline = (baseline_year, indicator.baseline_value) if indicator.baseline_value is not None else None
        target_year = indicator.target_year or indicator.plan.period_end
        target = (target_year, indicator.target_value) if indicator.target_value is not None and target_year else None
        targets.append(
            {
                "name": indicator.name,
                "plan": indicator.plan.title,
                "plan_id": indicator.plan_id,
                "baseline": baseline,
                "target": target,
                "actuals": actuals,
            }
        )
        specs[f"plan{n}"] = charts.trajectory(
            f"{indicator.name}（{indicator.plan.title}）", actuals, baseline, target, "%"
        )
    return targets, specs


def region_fitness_for_user(user: AnyUser, region: Region, year: int) -> FitnessView:
    codes = sorted(set(schools_in_scope(user, year, region).values_list("school_id", flat=True)))
    view = FitnessView(years=fitness_years(codes))
    try:
        result = assess_fitness(region.code, year)
    except UsageError as exc:
        view.message = str(exc)
        return view
    result["schools"] = [s for s in result["schools"] if s["school_code"] in set(codes)]
    view.result = result
    title = f"{region.name} {year} 学年"
    view.charts["bands"] = _band_chart(f"{title} 学年总分等级（人）", result["county"])
    view.charts["stages"] = charts.grouped_bars(
        f"{title} 分学段",
        [r["stage"] for r in result["stages"]],
        {label: [r[key] for r in result["stages"]] for key, label in RATES},
        "%",
    )
    view.charts["items"] = _item_chart(f"{title} 单项得分等级（%）", result["items"])
    by_year = {r["year"]: r for r in result["trend"]}
    view.charts["trend"] = _trend_chart(region.name, by_year)
    view.targets, specs = _plan_targets(region, by_year)
    view.charts.update(specs)
    view.charts = {k: v for k, v in view.charts.items() if v}
    return view


def _trend_chart(name: str, by_year: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The rates of each year the area (or school) was tested."""
    years = sorted(by_year)
    return charts.lines_by_year(
        f"{name} 历年", years, {label: [by_year[y][key] for y in years] for key, label in RATES}, "%"
    )


def school_fitness_for_user(user: AnyUser, code: str, year: int | None) -> tuple[str, FitnessView]:
    history = get_school_for_user(user, code)
    view = FitnessView(years=fitness_years([code]))
    name = history[-1].name
    if not view.years:
        view.message = "本校没有体测成绩（用 eduplan import fitness FILE --school 学校标识码 --year 学年 导入）"
        return name, view
    chosen = year if year in view.years else view.years[-1]
    county = next(
        (v.county_code for v in history if v.valid_from <= chosen and (v.valid_to is None or chosen < v.valid_to)),
        history[-1].county_code,
    )
    try:
        result = assess_school_fitness(code, chosen, county)
    except UsageError as exc:
        view.message = str(exc)
        return name, view
    view.result = result
    view.charts["bands"] = _band_chart(f"{name} {chosen} 学年总分等级（人）", result["county"])
    view.charts["items"] = _item_chart(f"{name} {chosen} 学年单项得分等级（%）", result["items"])
    view.charts["trend"] = _trend_chart(name, {r["year"]: r for r in result["trend"]})
    view.charts = {k: v for k, v in view.charts.items() if v}
    return name, view
