"""The county pages of 义务教育基本均衡 (教督〔2012〕3号) and 学前教育普及普惠 (教督〔2020〕1号), like 优质均衡's:
the verdict, the per-school (per-kindergarten) worked table, the gaps, the charts and the reports.

The result is ``store.assessments.assess`` (the latest kept run on the same data, else computed now, kept nowhere),
the very result the reports of the same county and year print.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from eduplan.errors import NotFound
from eduplan.standards.basic_balance import STANDARD as BASIC
from eduplan.store.assessments import assess
from eduplan.store.models import Region
from eduplan.web import charts
from eduplan.web.areas.assessment_tables import STAGE_PREFIX
from eduplan.web.areas.tables import Col, Filter, Spec, Worked, work

BASIC_LABELS = {i.key: i.name for i in BASIC.indicators}
BASIC_UNITS = {i.key: i.unit for i in BASIC.indicators}
BELOW, AT_OR_ABOVE = "低于全县平均", "不低于全县平均"


def county_result(kind: str, place: Region, year: int) -> tuple[dict[str, Any] | None, str]:
    """The county's result, or None and why (a region above a county, or no data)."""
    if place.level != "county":
        return None, "该评估以县（市、区）为单位：请从下表选择一个县。"
    try:
        result, _ = assess(kind, place.code, year)
    except NotFound as exc:
        return None, str(exc)
    return result, ""


def counties_below(place: Region) -> list[Region]:
    return list(Region.objects.filter(level="county", code__startswith=place.subtree_prefix()).order_by("code"))


# --- 基本均衡 ---------------------------------------------------------------------------------------------------


def basic_rows(stage: dict[str, Any]) -> list[dict[str, Any]]:
    """Each school's eight values, each marked below the county mean or not, and how many fall below."""
    means = stage["county_mean"]
    rows = []
    for s in stage.get("school_values", []):
        row: dict[str, Any] = {
            "name": s["name"],
            "school_code": s["school_code"],
            "school_type": s["school_type"],
            "url": reverse("school", args=[s["school_code"]]),
            "students": s["students"],
        }
        below = 0
        for key in BASIC_LABELS:
            value, mean = s["values"].get(key), means.get(key)
            low = value is not None and mean is not None and value < mean
            below += low
            row[key] = value
            row[f"{key}__tone"] = "warn" if low else ""
        row["below"] = below
        row["position"] = BELOW if below else AT_OR_ABOVE
        rows.append(row)
    return rows


def basic_spec(stage: str, types: list[str], means: dict[str, float | None]) -> Spec:
    """A value under 1 (teachers per pupil) keeps three decimals, the others two."""
    prefix = STAGE_PREFIX.get(stage, "x_")
    columns = (
        Col("name", "学校", link="url"),
        Col("students", "学生数", "int"),
        *(Col(key, f"{label}（{BASIC_UNITS[key]}）", "number", 3 if (means.get(key) or 1) < 1 else 2,
              tone_from=f"{key}__tone") for key, label in BASIC_LABELS.items()),
        Col("below", "低于全县平均的指标数", "int"),
    )  # fmt: skip
    filters = (
        Filter("position", "与全县平均比", {BELOW: "有指标" + BELOW, AT_OR_ABOVE: "各项" + AT_OR_ABOVE}),
        Filter("school_type", "办学类型", {t: t for t in types}),
    )
    return Spec(
        f"basic-{prefix.rstrip('_')}", f"{stage}学校各项指标（基本均衡）", columns, filters,
        search=("name", "school_code"), search_label="学校名称或标识码", prefix=prefix, sticky=True,
    )  # fmt: skip


def basic_page(request: HttpRequest, result: dict[str, Any]) -> tuple[dict[str, Worked], dict[str, Any]]:
    """The worked school table and the CV chart of each 学段."""
    worked, specs = {}, {}
    for stage, st in result["stages"].items():
        rows = basic_rows(st)
        types = sorted({r["school_type"] for r in rows})
        worked[stage] = work(request, basic_spec(stage, types, st["county_mean"]), rows)
        title = f"{stage} 各项差异系数（虚线：综合差异系数上限）"
        specs[f"basic-cv-{stage}"] = charts.cv_bars(title, BASIC_LABELS, st["cv"], st["composite_limit"])
    return worked, specs


# --- 学前普及普惠 ----------------------------------------------------------------------------------------------------

YES, NO = "是", "否"


def kindergarten_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        k
        | {
            "url": reverse("school", args=[k["school_code"]]),
            "inclusive_label": {True: YES, False: NO}.get(k.get("inclusive"), ""),
        }
        for k in result["kindergartens"]
    ]


def kindergarten_spec(sponsors: list[str]) -> Spec:
    columns = (
        Col("name", "幼儿园名称", link="url"),
        Col("school_code", "幼儿园代码", "code"),
        Col("sponsor", "举办者"),
        Col("inclusive_label", "普惠性"),
        Col("children", "在园幼儿", "int"),
        Col("classes", "班数", "int"),
        Col("teachers", "专任教师", "int"),
        Col("children_per_teacher", "幼儿/专任教师", "float"),
    )
    filters = (
        Filter("sponsor", "举办者", {s: s for s in sponsors}),
        Filter("inclusive", "普惠性", {YES: YES, NO: NO}, field="inclusive_label"),
    )
    return Spec(
        "kindergartens", "幼儿园明细", columns, filters, search=("name", "school_code"),
        search_label="幼儿园名称或代码", page_size=50, sticky=True,
    )  # fmt: skip


def attainment(indicator: dict[str, Any]) -> float | None:
    """How far an indicator is from its threshold as a share: value/threshold (≥ kinds), threshold/value (≤ kinds)."""
    value, threshold = indicator["value"], indicator["threshold"]
    if value is None or not threshold:
        return None
    value, threshold = float(value), float(threshold)
    if not value and indicator["comparator"] in ("<=", "<"):
        return None
    if indicator["comparator"] in ("<=", "<"):
        return round(threshold / value, 4)
    return round(value / threshold, 4)


def preschool_chart(result: dict[str, Any]) -> dict[str, Any]:
    indicators = list(result["indicators"].values())
    counts = {i["name"]: (round((attainment(i) or 0) * 100, 1)) for i in indicators}
    classes = {i["name"]: "pass" if i["passed"] else "fail" for i in indicators}
    return charts.coloured_bars("各项指标达标程度（现值/标准，%；≤类指标取标准/现值）", counts, classes, "达标程度")


def preschool_page(request: HttpRequest, result: dict[str, Any]) -> tuple[dict[str, Worked], dict[str, Any]]:
    """The worked kindergarten table (under the key 学前) and the indicators' chart."""
    rows = kindergarten_rows(result)
    spec = kindergarten_spec(sorted({str(r["sponsor"]) for r in rows}))
    return {"学前": work(request, spec, rows)}, {"preschool": preschool_chart(result)}
