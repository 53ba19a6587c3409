"""The per-school matrix of an assessment (优质均衡's seven indicators, 基本均衡's eight) as worked tables
(``web.areas.tables``): one table per 学段, each sortable, filterable by verdict and 办学类型, searchable, exportable.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest
from django.urls import reverse

from eduplan.web.areas.tables import Col, Filter, Spec, Worked, work
from eduplan.web.templatetags.eduplan_tags import num, pct

PASSED, FAILED = "达标", "未达标"
# A short, stable parameter prefix per 学段 (two matrices on one page keep their own sort and filters apart).
STAGE_PREFIX = {"学前": "k_", "小学": "p_", "初中": "j_", "高中": "s_"}


def matrix_spec(
    stage: str, labels: Mapping[str, str], school_types: list[str], indicator_count: int, id_prefix: str = "matrix"
) -> Spec:
    columns = (
        Col("name", "学校", link="url"),
        Col("students", "学生数", "int"),
        *(Col(key, label, "number", tone_from=f"{key}__met", title=f"{key}__title") for key, label in labels.items()),
        Col("met", f"达标项（共{indicator_count}项）", "int"),
        Col("verdict", "结论", tone_from="passed", translate=True),
        Col("gap", "达标还差", sortable=False),
    )
    filters = (
        Filter("verdict", "结论", {PASSED: PASSED, FAILED: FAILED}),
        Filter("school_type", "办学类型", {t: t for t in school_types}),
    )
    return Spec(
        f"{id_prefix}-{STAGE_PREFIX.get(stage, 'x_').rstrip('_')}", f"{stage}学校逐项达标情况", columns, filters,
        search=("name", "school_code"), search_label="学校名称或标识码", page_size=50,
        prefix=STAGE_PREFIX.get(stage, "x_"), sticky=True,
    )  # fmt: skip


def matrix_rows(
    schools: list[dict[str, Any]],
    labels: Mapping[str, str],
    units: Mapping[str, str],
    thresholds: Mapping[str, float],
) -> list[dict[str, Any]]:
    """One row per school: each indicator's value, met or not, and a tooltip with the standard and the ratio."""
    rows = []
    for s in schools:
        row: dict[str, Any] = {
            "name": s["name"],
            "school_code": s["school_code"],
            "school_type": s.get("school_type", ""),
            "url": reverse("school", args=[s["school_code"]]),
            "students": s["students"],
            "met": s["met"],
            "passed": bool(s["passed"]),
            "verdict": PASSED if s["passed"] else FAILED,
            "gap": "；".join(
                f"{labels.get(a['indicator'], a['indicator'])} +{num(a['amount'])}{a['unit']}" for a in s["gap"]
            ),
        }
        for key, label in labels.items():
            value, ratio = s["values"].get(key), s["ratios"].get(key)
            row[key] = value
            row[f"{key}__met"] = ratio is not None and ratio >= 1
            unit = units.get(key, "")
            row[f"{key}__title"] = f"{label}：{num(value)}{unit}；标准 {num(thresholds.get(key))}{unit}（{pct(ratio)}）"
        rows.append(row)
    return rows


def stage_matrices(
    request: HttpRequest,
    stages: Mapping[str, Mapping[str, Any]],
    labels: Mapping[str, str],
    units: Mapping[str, str],
    thresholds: Mapping[str, Mapping[str, float]],
    indicator_count: int,
    id_prefix: str = "matrix",
) -> dict[str, Worked]:
    """The worked matrix of each 学段 of a county's result (``stages``: the result's ``stages`` dict)."""
    out = {}
    for stage, st in stages.items():
        types = sorted({str(s.get("school_type", "")) for s in st["schools"]} - {""})
        spec = matrix_spec(stage, labels, types, indicator_count, id_prefix)
        out[stage] = work(request, spec, matrix_rows(st["schools"], labels, units, thresholds.get(stage, {})))
    return out


def lever_schools(stage: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each failing CV's schools to bring up (``cv_gaps``' levers) with their names, for the page to list them."""
    names = {s["school_code"]: s["name"] for s in stage["schools"]}
    return [
        g | {"schools": [lv | {"name": names.get(lv["school_code"], lv["school_code"])} for lv in g["levers"]]}
        for g in stage["cv_gaps"]
    ]


def matrix_url(county: str, year: int, stage: str, sort: str = "", verdict: str = "") -> str:
    """The county's school matrix of a 学段, sorted by an indicator and/or cut to a verdict (drill-down links)."""
    prefix = STAGE_PREFIX.get(stage, "x_")
    query = {f"{prefix}sort": sort, f"{prefix}verdict": verdict}
    encoded = urlencode({k: v for k, v in query.items() if v})
    table = f"matrix-{prefix.rstrip('_')}"
    return f"{reverse('assessments', args=[county, year])}?{encoded}#{table}"
