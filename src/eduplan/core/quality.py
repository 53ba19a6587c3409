"""Learning quality (学业水平) of one exam: per school and town, and each school's 差异率 against the benchmark.

Inputs are the stored scores (one row per student, subject and exam, ``docs/scores.md``) and the year's schools
(school_code, name, region_code, urban_rural) with the bureau's marks (``benchmark``: 城区优质学校). The scores
are aggregated in one Ibis group-by per school; what follows is a few rows of arithmetic. Value-added is not fitted
here: a stored value-added result (``store.value_added``) is passed in and put beside the attainment.

Rules come from ``standards.quality``: the 差异率 definition and its < 15% limit, the default cut scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd

from eduplan.contract import URBAN, town_of
from eduplan.errors import NotFound, UsageError
from eduplan.standards import quality as q

BANDS = 10  # the distribution: ten bands of 10% of the full mark (the last one includes the full mark)


@dataclass(frozen=True)
class Cuts:
    """The bureau's cut scores of one exam: absolute scores, or None for the standard's share of the full mark."""

    pass_score: float | None = None
    excellent_score: float | None = None

    def resolve(self, full_mark: float) -> tuple[float, float]:
        pass_cut = self.pass_score if self.pass_score is not None else full_mark * q.PASS_SHARE.value / 100
        excellent = (
            self.excellent_score if self.excellent_score is not None else full_mark * q.EXCELLENT_SHARE.value / 100
        )
        if not 0 <= pass_cut <= excellent <= full_mark:
            raise UsageError(
                f"合格线 {pass_cut:g} 与优秀线 {excellent:g} 应满足 0 ≤ 合格线 ≤ 优秀线 ≤ 满分 {full_mark:g}"
            )
        return pass_cut, excellent


@dataclass(frozen=True)
class Attainment:
    """One school's, town's or the county's figures; the rates are None when fewer than 5 pupils sat the exam."""

    code: str
    name: str
    students: int  # pupils with a score
    absent: int  # rows with a blank score (缺考)
    mean: float | None
    pass_rate: float | None  # %
    excellent_rate: float | None  # %
    suppressed: bool  # fewer than ``SMALL_CELL`` pupils: no figure is shown


@dataclass(frozen=True)
class SchoolQuality:
    attainment: Attainment
    region_code: str
    urban_rural: str
    benchmark: bool  # marked 城区优质学校 by the bureau
    gap_rate: float | None  # %, None for a benchmark school or a suppressed one
    gap_passed: bool | None  # gap_rate < 15
    value_added: float | None = None  # the stored value-added estimate (points), if one was passed in
    value_added_flag: str = ""

    def as_dict(self) -> dict[str, Any]:
        row = asdict(self.attainment)
        row["school_code"] = row.pop("code")
        return row | {
            "region_code": self.region_code,
            "urban_rural": self.urban_rural,
            "benchmark": self.benchmark,
            "rural": self.urban_rural != URBAN,
            "gap_rate": self.gap_rate,
            "gap_passed": self.gap_passed,
            "value_added": self.value_added,
            "value_added_flag": self.value_added_flag,
        }


@dataclass(frozen=True)
class Comparison:
    """A published figure of the county beside the province's (and the nation's), e.g. from a monitoring report."""

    measure: str  # 平均分 / 达标率 / 优秀率
    county: float
    province: float | None
    nation: float | None = None

    def as_dict(self) -> dict[str, Any]:
        gap = None if self.province is None else self.county - self.province
        reached = None if gap is None else q.PROVINCE_AIM.passes(gap)
        return asdict(self) | {"province_gap": gap, "reached_province": reached}


@dataclass(frozen=True)
class QualityResult:
    region_code: str
    year: int
    grade: str
    subject: str
    exam: str
    full_mark: float
    pass_cut: float
    excellent_cut: float
    benchmark_mean: float | None
    benchmark_schools: list[str]
    county: Attainment
    towns: list[Attainment]
    schools: list[SchoolQuality]
    distribution: list[int]  # pupils per band of 10% of the full mark
    comparisons: list[Comparison] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        rural = [s for s in self.schools if s.gap_passed is not None and s.urban_rural != URBAN]
        return {
            "region_code": self.region_code,
            "year": self.year,
            "grade": self.grade,
            "subject": self.subject,
            "exam": self.exam,
            "full_mark": self.full_mark,
            "pass_cut": self.pass_cut,
            "excellent_cut": self.excellent_cut,
            "gap_definition": q.GAP_DEFINITION,
            "gap_limit": q.GAP_LIMIT.value,
            "benchmark_mean": self.benchmark_mean,
            "benchmark_schools": self.benchmark_schools,
            "county": asdict(self.county),
            "towns": [asdict(t) for t in self.towns],
            "schools": [s.as_dict() for s in self.schools],
            "rural_schools_assessed": len(rural),
            "rural_schools_passed": sum(1 for s in rural if s.gap_passed),
            "distribution": [
                {"band": f"{10 * i}%–{10 * (i + 1)}%", "students": n} for i, n in enumerate(self.distribution)
            ],
            "comparisons": [c.as_dict() for c in self.comparisons],
            "rules": [r.as_dict() for r in q.RULES],
            "warnings": self.warnings,
        }


def _rate(part: int, whole: int) -> float:
    return 100.0 * part / whole


def _attainment(code: str, name: str, n: int, absent: int, total: float, passed: int, excellent: int) -> Attainment:
    if n < q.SMALL_CELL:
        return Attainment(code, name, n, absent, None, None, None, True)
    return Attainment(code, name, n, absent, total / n, _rate(passed, n), _rate(excellent, n), False)


def _exam_rows(scores: ir.Table, year: int, grade: str, subject: str, exam: str | None, schools: list[str]) -> ir.Table:
    rows = scores.filter(
        (scores.school_year == year)
        & (scores.grade == grade)
        & (scores.subject == subject)
        & scores.school_code.isin(schools)
    )
    exams = sorted(str(e) for e in rows.select("exam").distinct().to_pandas()["exam"])
    if not exams:
        raise NotFound(f"{year} 学年 {grade} 年级{subject}没有成绩")
    if exam is None:
        if len(exams) > 1:
            raise UsageError(f"{year} 学年 {grade} 年级{subject}有多次考试（{'、'.join(exams)}），请指定考试")
        exam = exams[0]
    elif exam not in exams:
        raise NotFound(f"{year} 学年 {grade} 年级{subject}没有名为“{exam}”的考试；已有：{'、'.join(exams)}")
    return rows.filter(rows.exam == exam)


def assess_quality(
    scores: ir.Table,
    schools: pd.DataFrame,
    *,
    region_code: str,
    year: int,
    grade: str,
    subject: str,
    exam: str | None = None,
    cuts: Cuts = Cuts(),
    comparisons: Sequence[Comparison] = (),
    value_added: Mapping[str, Mapping[str, Any]] | None = None,
    town_names: Mapping[str, str] | None = None,
) -> QualityResult:
    """Attainment of one exam for ``schools`` (columns school_code, name, region_code, urban_rural, benchmark)."""
    codes = [str(c) for c in schools["school_code"]]
    rows = _exam_rows(scores, year, grade, subject, exam, codes)
    chosen_exam = str(rows.select("exam").limit(1).to_pandas()["exam"].iloc[0])
    full_marks = rows.select("full_mark").distinct().to_pandas()["full_mark"]
    full_mark = float(full_marks.max())
    pass_cut, excellent_cut = cuts.resolve(full_mark)
    scored = rows.score.notnull()
    band = ibis.least((rows.score / rows.full_mark * BANDS).floor(), BANDS - 1).cast("int64")
    per_school = (
        rows.group_by("school_code")
        .aggregate(
            n=scored.sum().cast("int64"),
            absent=(~scored).sum().cast("int64"),
            total=rows.score.sum(),
            passed=(rows.score >= pass_cut).sum().cast("int64"),
            excellent=(rows.score >= excellent_cut).sum().cast("int64"),
        )
        .to_pandas()
        .fillna({"total": 0.0, "passed": 0, "excellent": 0})
    )
    bands = rows.filter(scored).group_by(band.name("band")).aggregate(n=ibis._.count()).to_pandas()
    distribution = [0] * BANDS
    for b, n in zip(bands["band"], bands["n"], strict=True):
        distribution[int(b)] = int(n)
    info = schools.set_index(schools["school_code"].astype(str))
    sums = per_school.set_index("school_code")
    atts: dict[str, Attainment] = {}
    for code in codes:
        if code not in sums.index:
            continue
        r = sums.loc[code]
        atts[code] = _attainment(
            code, str(info.loc[code, "name"]), int(r.n), int(r.absent), float(r.total), int(r.passed), int(r.excellent)
        )
    marked = [c for c in codes if c in atts and bool(info.loc[c, "benchmark"])]
    usable = [c for c in marked if not atts[c].suppressed]
    warnings: list[str] = []
    benchmark_mean: float | None = None
    if usable:
        means = [atts[c].mean for c in usable]
        benchmark_mean = sum(m for m in means if m is not None) / len(usable)
    elif marked:
        warnings.append("教育局认定的城区优质学校参考人数均不足 5 人，无法计算差异率")
    else:
        warnings.append("教育局尚未认定城区优质学校（或其无本次考试成绩），无法计算差异率")
    va = value_added or {}
    results = []
    for code, att in atts.items():
        is_benchmark = code in marked
        gap: float | None = None
        if benchmark_mean is not None and not is_benchmark and att.mean is not None:
            gap = q.gap_rate(benchmark_mean, att.mean)
        estimate = va.get(code, {})
        results.append(
            SchoolQuality(
                att,
                str(info.loc[code, "region_code"]),
                str(info.loc[code, "urban_rural"]),
                is_benchmark,
                gap,
                None if gap is None else q.GAP_LIMIT.passes(gap),
                None if estimate.get("effect") is None else float(estimate["effect"]),
                str(estimate.get("flag_label", "")),
            )
        )
    results.sort(key=lambda s: (s.gap_rate is None, -(s.gap_rate or 0.0), s.attainment.code))
    county = _sum_up(region_code, "全县", per_school)
    towns = []
    tn = town_names or {}
    town_of_school = {c: town_of(str(info.loc[c, "region_code"])) for c in codes}
    for town in sorted({town_of_school[c] for c in sums.index}):
        mine = per_school[per_school["school_code"].map(town_of_school) == town]
        towns.append(_sum_up(town, tn.get(town, town), mine))
    return QualityResult(
        region_code,
        year,
        grade,
        subject,
        chosen_exam,
        full_mark,
        pass_cut,
        excellent_cut,
        benchmark_mean,
        marked,
        county,
        towns,
        results,
        distribution,
        list(comparisons),
        warnings,
    )


def _sum_up(code: str, name: str, rows: pd.DataFrame) -> Attainment:
    """A town's or the county's figures over its pupils (not an average of school means)."""
    return _attainment(
        code,
        name,
        int(rows["n"].sum()),
        int(rows["absent"].sum()),
        float(rows["total"].sum()),
        int(rows["passed"].sum()),
        int(rows["excellent"].sum()),
    )


# --- plan indicators ------------------------------------------------------------------------------
# A plan indicator is bound to one figure of one grade and subject: ``quality_<measure>:<grade>:<subject>``,
# e.g. ``quality_gap_passed_share:8:数学``. The figures are read off ``QualityResult.as_dict`` (nothing recomputed).
PLAN_MEASURES: dict[str, str] = {
    "gap_passed_share": "农村学校学业水平与城区优质学校差异率低于 15% 的学校占比（%）",
    "gap_max": "农村学校学业水平与城区优质学校的最大差异率（%）",
    "pass_rate": "全县合格率（%）",
    "excellent_rate": "全县优秀率（%）",
    "mean": "全县平均分",
}
PLAN_PREFIX = "quality_"


@dataclass(frozen=True)
class PlanMetric:
    key: str
    measure: str  # a key of PLAN_MEASURES
    grade: str
    subject: str


def parse_plan_metric(key: str) -> PlanMetric | None:
    """The quality metric a key names, or None when it names none (an unknown measure, no grade or subject)."""
    if not key.startswith(PLAN_PREFIX):
        return None
    parts = key.removeprefix(PLAN_PREFIX).split(":")
    if len(parts) != 3 or parts[0] not in PLAN_MEASURES or not parts[1] or not parts[2]:
        return None
    return PlanMetric(key, parts[0], parts[1], parts[2])


def plan_metric_value(result: Mapping[str, Any], measure: str) -> float | None:
    """One plan figure of an assessed exam (``QualityResult.as_dict``); None when the exam cannot give it (no
    rural school assessed, no benchmark, fewer than 5 pupils in the county)."""
    if measure in ("pass_rate", "excellent_rate", "mean"):
        value = result["county"][measure]
        return None if value is None else float(value)
    gaps = [float(s["gap_rate"]) for s in result["schools"] if s["rural"] and s["gap_rate"] is not None]
    if not gaps:
        return None
    if measure == "gap_max":
        return max(gaps)
    return 100.0 * int(result["rural_schools_passed"]) / int(result["rural_schools_assessed"])
