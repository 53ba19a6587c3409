"""Census metrics a plan indicator can be bound to, so its yearly actual comes from the census.

Each metric is a share (%) or a count over the schools of a region in one census year, e.g. 公办园在园
幼儿占比 = 学前 pupils of public kindergartens / all 学前 pupils × 100. ``suggest_metric`` proposes a
binding from the indicator's wording; an analyst confirms it. Pure: Ibis tables in, numbers out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ibis
from ibis.expr.types import BooleanColumn, Table

from eduplan import contract as c
from eduplan.contract import subtree_prefix
from eduplan.core.census_input import TableLike, as_table, county_code


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    compute: Callable[[Table, Table], float | None]  # (schools of the region, their 学段 rows) → value


def _scalar(expr: ibis.Expr) -> float | None:
    value = expr.to_pandas()
    return None if value is None or value != value else float(value)  # NaN → None


def _share(numerator: ibis.Expr, denominator: ibis.Expr) -> float | None:
    top, bottom = _scalar(numerator), _scalar(denominator)
    if top is None or not bottom:
        return None
    return round(100.0 * top / bottom, 4)


def _stage_rows(stages: Table, stage_names: tuple[str, ...]) -> Table:
    return stages.filter(stages.stage.isin(stage_names))


def _public(table: Table) -> BooleanColumn:
    return table.sponsor == c.SPONSOR_PUBLIC


def _public_kindergarten_share(schools: Table, stages: Table) -> float | None:
    kg = _stage_rows(stages, (c.STAGE_PRESCHOOL,))
    return _share(kg.filter(_public(kg)).students.sum(), kg.students.sum())


def _inclusive_kindergarten_share(schools: Table, stages: Table) -> float | None:
    kg = _stage_rows(stages, (c.STAGE_PRESCHOOL,))
    inclusive = _public(kg) | (kg.inclusive.cast("string").isin(("True", "true", "1", c.YES)))
    return _share(kg.filter(inclusive).students.sum(), kg.students.sum())


def _migrant_public_share(schools: Table, stages: Table) -> float | None:
    rows = _stage_rows(stages, c.COMPULSORY_STAGES)
    return _share(rows.filter(_public(rows)).migrant_students.sum(), rows.migrant_students.sum())


def _qualification(stage: str, column: str, public_only: bool) -> Callable[[Table, Table], float | None]:
    def compute(schools: Table, stages: Table) -> float | None:
        rows = _stage_rows(stages, (stage,))
        if public_only:
            rows = rows.filter(_public(rows))
        return _share(rows[column].sum(), rows.teachers.sum())

    return compute


_COMPULSORY_TYPES = tuple(
    t
    for t, s in c.STAGES_BY_SCHOOL_TYPE.items()
    if set(s) & set(c.COMPULSORY_STAGES) and t not in (c.TEACHING_POINT, c.SPECIAL)
)


def _count(types: tuple[str, ...], public_only: bool) -> Callable[[Table, Table], float | None]:
    def compute(schools: Table, stages: Table) -> float | None:
        chosen = schools.filter(schools.school_type.isin(types))
        if public_only:
            chosen = chosen.filter(_public(chosen))
        return _scalar(chosen.count())

    return compute


_LEVELS: tuple[tuple[str, str, str], ...] = (
    ("研究生", "teachers_postgraduate", "postgraduate"),
    ("本科", "teachers_bachelor_plus", "bachelor"),
    ("专科", "teachers_associate_plus", "associate"),
    ("大专", "teachers_associate_plus", "associate"),
)
_STAGE_KEYS = {c.STAGE_PRESCHOOL: "preschool", c.STAGE_PRIMARY: "primary", c.STAGE_JUNIOR: "junior"}
_STAGE_KEYS[c.STAGE_SENIOR] = "senior"


def _qualification_metrics() -> list[Metric]:
    metrics = []
    for stage, stage_key in _STAGE_KEYS.items():
        for word, column, level in _LEVELS[:3]:
            for public_only in (False, True):
                prefix = "公办" if public_only else ""
                metrics.append(
                    Metric(
                        key=f"{'public_' if public_only else ''}{stage_key}_{level}_share",
                        label=f"{prefix}{stage}专任教师{word}{'' if word == '研究生' else '及以上'}学历比例",
                        unit="%",
                        compute=_qualification(stage, column, public_only),
                    )
                )
    return metrics


METRICS: dict[str, Metric] = {
    m.key: m
    for m in [
        Metric("public_kindergarten_share", "公办园在园幼儿占比", "%", _public_kindergarten_share),
        Metric("inclusive_kindergarten_share", "公办园和普惠性民办园在园幼儿占比", "%", _inclusive_kindergarten_share),
        Metric("migrant_public_share", "义务教育阶段随迁子女在公办学校就读的比例", "%", _migrant_public_share),
        Metric("kindergarten_count", "幼儿园数", "所", _count((c.KINDERGARTEN,), False)),
        Metric("public_kindergarten_count", "公办幼儿园数", "所", _count((c.KINDERGARTEN,), True)),
        Metric("compulsory_school_count", "义务教育学校数", "所", _count(_COMPULSORY_TYPES, False)),
        Metric("public_compulsory_school_count", "公办义务教育学校数", "所", _count(_COMPULSORY_TYPES, True)),
        *_qualification_metrics(),
    ]
}


# Metrics over two census years (the cohort now against the cohort when it entered): core.attendance.retention.
# key → (label, unit, span of core.attendance.SPANS)
COHORT_METRICS: dict[str, tuple[str, str, str]] = {
    "compulsory_retention": ("九年义务教育巩固率", "%", "九年义务教育"),
}


def metric_value(key: str, schools: TableLike, stages: TableLike, region: str) -> float | None:
    """The value of metric ``key`` over the schools registered in ``region`` (a province, city or county)."""
    metric = METRICS[key]
    s = as_table(schools)
    s = s.mutate(county_code=county_code(s))
    chosen = s.filter(s.region_code.cast("string").startswith(subtree_prefix(region)))
    st = as_table(stages)
    joined = st.join(chosen.select("school_code", "sponsor", "inclusive", "school_type"), "school_code")
    return metric.compute(chosen, joined)


def suggest_metric(name: str, stage: str | None = None) -> str | None:
    """The metric an indicator's wording points to, or None when none fits."""
    public = name.startswith("公办") and "公办园和" not in name
    if "巩固率" in name and "义务教育" in name:
        return "compulsory_retention"
    if "随迁子女" in name and "公办" in name:
        return "migrant_public_share"
    if "普惠" in name and ("在园" in name or "覆盖" in name):
        return "inclusive_kindergarten_share"
    if "公办" in name and "在园" in name:
        return "public_kindergarten_share"
    if "学历" in name and stage in _STAGE_KEYS and "高一级" not in name:
        level = next((lv for word, _, lv in _LEVELS if word in name), None)
        if level is not None:
            return f"{'public_' if public else ''}{_STAGE_KEYS[stage]}_{level}_share"
    if name.endswith("幼儿园数"):
        return "public_kindergarten_count" if public else "kindergarten_count"
    if name.endswith("义务教育学校数"):
        return "public_compulsory_school_count" if public else "compulsory_school_count"
    return None
