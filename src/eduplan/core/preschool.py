"""学前教育普及普惠 (教督〔2020〕1号): the county indicators computable from the census and population.

毛入园率 (在园幼儿 / 3–5 岁常住人口), 普惠性幼儿园覆盖率, 公办园在园幼儿占比, 专任教师 and 保教人员 per child,
持证上岗率, 班额达标率; each with its threshold, verdict and what it would take to reach it (children to
enrol or to place in inclusive / public kindergartens, teachers to add, classes to bring to standard size).
The other items are recorded by hand. Every kindergarten is listed with its own figures.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import pandas as pd

from eduplan import contract as c
from eduplan.core.census_input import TableLike, as_table, schools_in_county
from eduplan.core.manual_items import ItemRecord, ItemResult, judge_items, overall_verdict, result_header
from eduplan.errors import NotFound
from eduplan.standards.base import ALL_STAGES, Standard
from eduplan.standards.preschool import STANDARD as PRESCHOOL

MEASURES = ("students", "classes", "teachers", "nursery_staff", "certified_teachers")


@dataclass(frozen=True)
class PreschoolIndicator:
    key: str
    name: str
    unit: str
    value: float | None
    threshold: float
    comparator: str
    passed: bool
    numerator: float | None
    denominator: float | None
    gap: float | None  # what it takes to pass, in ``gap_unit``
    gap_unit: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class PreschoolResult:
    region: str
    year: int
    standard: Standard
    indicators: list[PreschoolIndicator]
    kindergartens: list[dict[str, object]]
    items: list[ItemResult]
    computed_passed: bool
    passed: bool | None

    def as_dict(self) -> dict[str, object]:
        return {
            **result_header(self.region, self.year, self.standard, self.passed, self.items),
            "computed_passed": self.computed_passed,
            "indicators": {i.key: i.as_dict() for i in self.indicators},
            "kindergartens": self.kindergartens,
        }


def _sum(frame: pd.DataFrame, key: str) -> float | None:
    if key not in frame.columns or frame[key].isna().all():
        return None
    return float(frame[key].sum())


def preschool_population(population: TableLike, region: str, year: int, ages: tuple[int, int]) -> float | None:
    """3–5-year-old residents of the county: its own rows, or else the sum of its towns' rows (never both)."""
    p = as_table(population)
    rows = p.filter((p.year == year) & p.age.between(*ages) & p.region_code.startswith(region)).to_pandas()
    if rows.empty:
        return None
    own = rows[rows["region_code"] == region]
    return float((own if not own.empty else rows)["resident"].sum())


def _indicator(
    standard: Standard, key: str, numerator: float | None, denominator: float | None, scale: float, gap_unit: str
) -> PreschoolIndicator:
    ind = standard.indicator(key)
    threshold = ind.threshold(ALL_STAGES)
    value = None if numerator is None or not denominator else scale * numerator / denominator
    passed = value is not None and ind.passes(value, ALL_STAGES)
    gap = None if value is None or passed else _gap(key, numerator or 0.0, denominator or 0.0, threshold, scale)
    return PreschoolIndicator(
        key, ind.name, ind.unit, value, threshold, ind.comparator, passed, numerator, denominator, gap, gap_unit
    )


def _gap(key: str, numerator: float, denominator: float, threshold: float, scale: float) -> float:
    if key in ("children_per_teacher", "children_per_care_staff"):
        # children / staff ≤ threshold → staff ≥ children / threshold
        return float(math.ceil(numerator / threshold - denominator - 1e-9))
    # rate ≥ threshold → numerator ≥ threshold × denominator / scale (children, teachers or classes)
    return float(math.ceil(threshold * denominator / scale - numerator - 1e-9))


def assess_preschool(
    schools: TableLike,
    stages: TableLike,
    grades: TableLike,
    population: TableLike,
    *,
    region: str,
    year: int,
    standard: Standard = PRESCHOOL,
    manual: Mapping[str, ItemRecord] | None = None,
) -> PreschoolResult:
    s, st, g = schools_in_county(schools, region), as_table(stages), as_table(grades)
    s = s.select("school_code", "name", "sponsor", "inclusive", "county_code")
    present = [k for k in MEASURES if k in st.columns]
    kg = st.filter(st.stage == c.STAGE_PRESCHOOL).select(
        "school_code", *(st[k].cast("float64").name(k) for k in present)
    )
    kg = kg.join(s, "school_code").to_pandas()
    if kg.empty:
        raise NotFound(f"{year} 年 {region} 没有学前学段数据，无法评估")
    g = g.filter((g.stage == c.STAGE_PRESCHOOL) & g.school_code.isin(s.school_code))
    classes = g.aggregate(classes=g.classes.sum(), over=g.classes_over_standard.sum()).to_pandas().iloc[0]

    children = _sum(kg, "students") or 0.0
    inclusive = kg["inclusive"].map(_is_yes).astype(bool)
    public = kg["sponsor"] == c.SPONSOR_PUBLIC
    ages = standard.rule("preschool_ages")
    pop = preschool_population(population, region, year, (int(ages.value("min")), int(ages.value("max"))))
    teachers, nursery = _sum(kg, "teachers"), _sum(kg, "nursery_staff")
    care = None if teachers is None and nursery is None else (teachers or 0.0) + (nursery or 0.0)
    n_classes = None if pd.isna(classes["classes"]) else float(classes["classes"])
    compliant = None if n_classes is None else n_classes - float(0 if pd.isna(classes["over"]) else classes["over"])
    indicators = [
        _indicator(standard, "gross_enrolment_rate", children, pop, 100.0, "名幼儿"),
        _indicator(
            standard,
            "inclusive_coverage",
            float(kg.loc[public | inclusive, "students"].sum()),
            children,
            100.0,
            "名幼儿",
        ),
        _indicator(standard, "public_share", float(kg.loc[public, "students"].sum()), children, 100.0, "名幼儿"),
        _indicator(standard, "children_per_teacher", children, teachers, 1.0, "名专任教师"),
        _indicator(standard, "children_per_care_staff", children, care, 1.0, "名保教人员"),
        _indicator(standard, "certified_rate", _sum(kg, "certified_teachers"), teachers, 100.0, "名持证教师"),
        _indicator(standard, "class_size_compliance_rate", compliant, n_classes, 100.0, "个班"),
    ]
    computed_passed = all(i.passed for i in indicators)
    items = judge_items(standard, manual, year=year)
    return PreschoolResult(
        region=region,
        year=year,
        standard=standard,
        indicators=indicators,
        kindergartens=_kindergartens(kg),
        items=items,
        computed_passed=computed_passed,
        passed=overall_verdict(computed_passed, items),
    )


def _is_yes(value: object) -> bool:
    # The census 普惠性 column is 是/否 as imported, or a boolean.
    return value is not None and value in (True, c.YES)


def _number(value: object) -> float | None:
    if isinstance(value, numbers.Real) and not math.isnan(value):
        return float(value)
    return None


def _kindergartens(kg: pd.DataFrame) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for row in kg.sort_values("school_code").to_dict("records"):
        children, teachers = _number(row.get("students")), _number(row.get("teachers"))
        out.append(
            {
                "school_code": str(row["school_code"]),
                "name": str(row["name"]),
                "sponsor": str(row["sponsor"]),
                "inclusive": _is_yes(row["inclusive"]),
                "children": children,
                "classes": _number(row.get("classes")),
                "teachers": teachers,
                "children_per_teacher": children / teachers if children is not None and teachers else None,
            }
        )
    return out
