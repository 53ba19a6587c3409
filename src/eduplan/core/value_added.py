"""School value-added (增值评价): a random-intercept model fitted exactly from sufficient statistics.

For one grade, subject and year, y_ij = x_ij'β + u_j + e_ij with the prior score (and optional
covariates) in x and a school random intercept u_j ~ N(0, τ²). A school's value-added is the
empirical-Bayes estimate û_j, with its conditional SD and a 95% interval (``docs/value-added.md``).

The variables are centred first (``methods.md`` §1.1.4), then the data are read in two scans, each one
Ibis expression that runs unchanged on DuckDB and on Spark: ONE group-by per school (n_j, s_j, t_j) and
ONE global aggregate (X'X, X'y, y'y and the counts of students left out). The REML search is in ``core.reml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np

from eduplan.core.reml import RemlFit, SufficientStatistics, fit_reml
from eduplan.errors import EduplanError

CENTRE_SAMPLE = 10_000  # students read to choose the centring constants
MIN_SCHOOLS = 3  # fewer school means leave nothing to estimate τ² from
FEW_SCHOOLS = 10  # below this τ̂² (and so the shrinkage) is very imprecise: say so
Z_95 = 1.959963984540054  # the 97.5% normal quantile

ABOVE, BELOW, NOT_DISTINGUISHABLE = "above", "below", "not_distinguishable"
FLAG_LABELS = {
    ABOVE: "显著高于平均",
    BELOW: "显著低于平均",
    NOT_DISTINGUISHABLE: "与平均无显著差异",
}
DEGENERATE_MESSAGE = "数据退化，无法估计：前测成绩没有变化，或本次成绩完全由前测成绩决定"
BOUNDARY_MESSAGE = "未检测到学校间差异（τ² 的估计为 0）：各校增值均为 0，不宜据此区分学校"


class InsufficientData(EduplanError):
    """The data cannot identify the model (too few schools, no students with a prior score)."""

    exit_status = 3


@dataclass(frozen=True)
class SchoolEffect:
    school_code: str
    students: int  # in the fit (score and every predictor present)
    students_without_prior: int  # had a score but no prior: not in the fit
    effect: float  # û_j, in score points
    sd: float  # conditional SD of u_j
    lower: float
    upper: float
    shrinkage: float  # λ_j: how much of the school's own residual mean is kept
    residual_mean: float  # ȳ_j − x̄_j'β̂ before shrinkage

    @property
    def flag(self) -> str:
        if self.lower > 0:
            return ABOVE
        if self.upper < 0:
            return BELOW
        return NOT_DISTINGUISHABLE


@dataclass(frozen=True)
class ValueAddedFit:
    response: str
    predictors: tuple[str, ...]  # excluding the intercept
    coefficients: dict[str, float]  # "(Intercept)" first, on the original score scale
    standard_errors: dict[str, float]
    sigma2: float
    tau2: float
    reml_criterion: float
    students: int
    students_without_prior: int
    students_without_score: int
    boundary: bool
    schools: tuple[SchoolEffect, ...]
    unestimated_schools: tuple[str, ...] = ()  # had scores, but no student with a prior score

    @property
    def warnings(self) -> tuple[str, ...]:
        notes = []
        if self.boundary:
            notes.append(BOUNDARY_MESSAGE)
        if len(self.schools) < FEW_SCHOOLS:
            notes.append(f"仅 {len(self.schools)} 所学校，学校间方差 τ² 的估计很不精确")
        if self.students_without_prior:
            notes.append(f"{self.students_without_prior} 名学生缺少前测成绩，未纳入模型")
        if self.unestimated_schools:
            notes.append(f"{len(self.unestimated_schools)} 所学校没有具有前测成绩的学生，未估计增值")
        return tuple(notes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "response": self.response,
            "predictors": list(self.predictors),
            "coefficients": self.coefficients,
            "standard_errors": self.standard_errors,
            "sigma2": self.sigma2,
            "tau2": self.tau2,
            "reml_criterion": self.reml_criterion,
            "students": self.students,
            "students_without_prior": self.students_without_prior,
            "students_without_score": self.students_without_score,
            "boundary": self.boundary,
            "unestimated_schools": list(self.unestimated_schools),
            "warnings": list(self.warnings),
            "schools": [
                {
                    "school_code": s.school_code,
                    "students": s.students,
                    "students_without_prior": s.students_without_prior,
                    "effect": s.effect,
                    "sd": s.sd,
                    "lower": s.lower,
                    "upper": s.upper,
                    "shrinkage": s.shrinkage,
                    "residual_mean": s.residual_mean,
                    "flag": s.flag,
                    "flag_label": FLAG_LABELS[s.flag],
                }
                for s in self.schools
            ],
        }


def _count(condition: ir.BooleanValue) -> ir.IntegerScalar:
    return condition.ifelse(1, 0).sum()


def _centre(table: ir.Table, complete: ir.BooleanValue, columns: Sequence[str]) -> dict[str, float]:
    """Constants to centre on, near the means (from the first students), read without scanning the data.

    Any constants give exactly the same fit (only the intercept moves, and it is moved back); they only need
    to be close to the data so the sums of squares keep their digits (``methods.md`` §1.1.4).
    """
    sample = table.filter(complete).limit(CENTRE_SAMPLE)
    row = sample.aggregate(**{f"c{i}": sample[c].mean() for i, c in enumerate(columns)}).to_pandas().iloc[0]
    # NaN (no complete student among the first ones) centres on 0: still exact, only less precise.
    return {c: float(row[f"c{i}"]) if row[f"c{i}"] == row[f"c{i}"] else 0.0 for i, c in enumerate(columns)}


@dataclass(frozen=True)
class _Data:
    stats: SufficientStatistics
    schools: list[str]  # the fitted schools, in the order of stats
    without_prior: dict[str, int]  # every school with a score, fitted or not
    centre: dict[str, float]  # the constants each variable was centred on
    counts: dict[str, int]


def _read_statistics(table: ir.Table, response: str, predictors: Sequence[str], school: str) -> _Data:
    """Centred per-school sums (one group-by) and centred overall sums and counts (one aggregate)."""
    score = table[response]
    has_predictors = ibis.and_(*(table[c].notnull() for c in predictors))
    complete = score.notnull() & has_predictors
    centre = _centre(table, complete, (response, *predictors))
    y = score - centre[response]
    xs = [table[c] - centre[c] for c in predictors]
    p = len(predictors) + 1
    per_school = (
        table.filter(table[response].notnull())
        .group_by(school_code=table[school].cast("string"))
        .aggregate(
            n=_count(complete),
            missing=_count(~complete),
            t=y.sum(where=complete),
            **{f"s{k}": x.sum(where=complete) for k, x in enumerate(xs, start=1)},
        )
        .order_by("school_code")
        .to_pandas()
    )
    overall = (
        table.aggregate(
            rows=_count(complete),
            without_prior=_count(score.notnull() & ~has_predictors),
            without_score=_count(score.isnull()),
            y=y.sum(where=complete),
            yy=(y * y).sum(where=complete),
            **{f"x{k}": x.sum(where=complete) for k, x in enumerate(xs, start=1)},
            **{f"xy{k}": (x * y).sum(where=complete) for k, x in enumerate(xs, start=1)},
            **{f"xx{k}_{m}": (xs[k - 1] * xs[m - 1]).sum(where=complete) for k in range(1, p) for m in range(k, p)},
        )
        .to_pandas()
        .iloc[0]
    )
    counts = {k: int(overall[k]) for k in ("rows", "without_prior", "without_score")}
    if not counts["rows"]:
        raise InsufficientData("没有同时具有本次成绩和前测成绩的学生，无法计算增值")
    xtx = np.empty((p, p))
    xtx[0, 0] = counts["rows"]
    xty = np.empty(p)
    xty[0] = float(overall["y"])
    for k in range(1, p):
        xtx[0, k] = xtx[k, 0] = float(overall[f"x{k}"])
        xty[k] = float(overall[f"xy{k}"])
        for m in range(k, p):
            xtx[k, m] = xtx[m, k] = float(overall[f"xx{k}_{m}"])
    fitted = per_school[per_school["n"] > 0]
    n = fitted["n"].to_numpy(dtype=np.float64)
    stats = SufficientStatistics(
        n=n,
        s=np.column_stack([n] + [fitted[f"s{k}"].to_numpy(dtype=np.float64) for k in range(1, p)]),
        t=fitted["t"].to_numpy(dtype=np.float64),
        xtx=xtx,
        xty=xty,
        yty=float(overall["yy"]),
    )
    without_prior = {str(c): int(m) for c, m in zip(per_school["school_code"], per_school["missing"], strict=True)}
    return _Data(stats, [str(c) for c in fitted["school_code"]], without_prior, centre, counts)


def _original_scale(
    fit: RemlFit, centre: dict[str, float], response: str, predictors: Sequence[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """β on the centred scale → β on the scores' own scale: only the intercept moves.

    y − c_y = b0 + Σ b_k (x_k − c_k)  ⇒  intercept = c_y + b0 − Σ b_k c_k; its variance is L cov L'.
    """
    shift = np.array([1.0] + [-centre[c] for c in predictors])
    transform = np.eye(len(shift))
    transform[0, :] = shift
    beta = transform @ fit.beta
    beta[0] += centre[response]
    cov = transform @ fit.beta_cov @ transform.T
    names = ["(Intercept)", *predictors]
    coefficients = {name: float(b) for name, b in zip(names, beta, strict=True)}
    errors = {name: float(np.sqrt(v)) for name, v in zip(names, np.diag(cov), strict=True)}
    return coefficients, errors


def fit_value_added(
    table: ir.Table,
    *,
    response: str = "score",
    predictors: Sequence[str] = ("prior",),
    school: str = "school_code",
    min_schools: int = MIN_SCHOOLS,
) -> ValueAddedFit:
    """Fit ``response ~ predictors + (1 | school)`` by REML; one row per student of ``table``."""
    data = _read_statistics(table, response, tuple(predictors), school)
    if data.stats.groups < min_schools:
        raise InsufficientData(
            f"只有 {data.stats.groups} 所学校有可用成绩，至少需要 {min_schools} 所学校才能估计学校间方差 τ²"
        )
    if data.stats.observations <= data.stats.predictors + data.stats.groups:
        raise InsufficientData(
            f"学生数（{data.stats.observations}）不多于学校数与预测变量数之和，无法区分学校间与学校内差异"
        )
    try:
        fit = fit_reml(data.stats)
    except (np.linalg.LinAlgError, ValueError):  # singular X'V⁻¹X, or a zero residual sum of squares
        raise InsufficientData(DEGENERATE_MESSAGE) from None
    coefficients, errors = _original_scale(fit, data.centre, response, predictors)
    fitted = {code: j for j, code in enumerate(data.schools)}
    schools: list[SchoolEffect] = []
    unestimated: list[str] = []
    for code, missing in sorted(data.without_prior.items()):
        j = fitted.get(code)
        if j is None:  # every student of this school lacks a prior: reported, not estimated
            unestimated.append(code)
            continue
        effect, sd = float(fit.effects[j]), float(fit.effect_sd[j])
        schools.append(
            SchoolEffect(
                school_code=code,
                students=int(data.stats.n[j]),
                students_without_prior=missing,
                effect=effect,
                sd=sd,
                lower=effect - Z_95 * sd,
                upper=effect + Z_95 * sd,
                shrinkage=float(fit.shrinkage[j]),
                residual_mean=float(fit.residual_means[j]),
            )
        )
    return ValueAddedFit(
        response=response,
        predictors=tuple(predictors),
        coefficients=coefficients,
        standard_errors=errors,
        sigma2=fit.sigma2,
        tau2=fit.tau2,
        reml_criterion=fit.reml_criterion,
        students=data.counts["rows"],
        students_without_prior=data.counts["without_prior"],
        students_without_score=data.counts["without_score"],
        boundary=fit.boundary,
        schools=tuple(schools),
        unestimated_schools=tuple(unestimated),
    )
