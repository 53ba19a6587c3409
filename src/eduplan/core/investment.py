"""The cheapest plan that makes a county pass 优质均衡 资源配置: an exact mixed-integer second-order-cone model.

Per school part i (a school's 小学 or 初中 after apportionment, as ``school_parts`` gives it) and resource r
(``standards.investment.RESOURCES``): an integer number of units x_ir. A unit adds fixed amounts to the census
numerators, so one 本科 PE teacher raises both 高于规定学历 and 体育艺术. With y_ik = N_ik + Σ_r a_rk x_ir the
numerator of indicator k after the plan:

* school rule (spec/standards.md §1.3): binary e_ik marks the one indicator allowed to stay at ≥ 85%;
  Σ_k e_ik ≤ 1 and y_ik ≥ need_ik − (need_ik − floor_ik)·e_ik, where need/floor are the least numerators at
  100% / 85% of the threshold under the assessment's own floating comparison (``gap_to_pass.smallest_additions``);
* CV (§1.4.1), for each indicator and 学段: ‖(√(P_i/P)·(y_i/P_i − Y/P))_i‖₂ ≤ c·Y/P with Y = Σ y_i — the
  student-weighted standard deviation against c times the county mean, a second-order cone kept exact (no
  linearisation in the model; the solvers handle it as a cone or by cuts that converge to it);
* ``backbone_designation`` ≤ current non-backbone teachers + new posts of the part; new posts ≤ the recorded
  vacant 编制; renovation ≤ the recorded renovatable ㎡; any resource ≤ a recorded maximum;
* objective: total cost in 万元 (yearly post costs counted ``staff_years`` times).

Variant ``budget``: a binary p_i per part (the rule only binds where p_i = 1) and a slack τ_k ≥ 0 on each cone;
within the budget, first the most parts passing, then the least Σ τ_k (the standard deviation beyond the limit,
in units of the current county mean: about the CV excess), then the least cost.

The model is solver-neutral data (``Model``); ``core.investment_solve`` solves it with SCIP (cones as cones)
or with HiGHS and outer-approximation cuts, and checks the plan with the assessment's own arithmetic.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from eduplan.core.census_input import TableLike, county_stage_rows
from eduplan.core.gap_to_pass import cv_gap, school_gaps, smallest_additions
from eduplan.core.quality_balance import judge_schools
from eduplan.core.school_parts import SCHOOL_COLUMNS, in_scope_by_stage, numerator_column, school_parts
from eduplan.core.weighted_cv import FloatArray, coefficient_of_variation
from eduplan.errors import NotFound, UsageError
from eduplan.standards.base import Standard
from eduplan.standards.investment import (
    CAPACITY_POSTS,
    DEFAULT_STAFF_COST_YEARS,
    RESOURCES,
    Resource,
    default_costs,
    resource_unit_cost,
)
from eduplan.standards.quality_balance import STANDARD as QUALITY_BALANCE

VARIANT_LEAST_COST = "least_cost"
VARIANT_BUDGET = "budget"
VARIANTS = (VARIANT_LEAST_COST, VARIANT_BUDGET)
CV_SAFETY = 1e-7  # the model's CV limit is c·(1 − CV_SAFETY): solver tolerances never let a plan miss by a hair


@dataclass
class Model:
    """A mixed-integer SOCP: min cost·v, lb ≤ v ≤ ub, row_lb ≤ A v ≤ row_ub, ‖G_j v + g_j‖ ≤ h_j·v + h0_j."""

    names: list[str] = field(default_factory=list)
    lb: list[float] = field(default_factory=list)
    ub: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    rows: list[dict[int, float]] = field(default_factory=list)
    row_lb: list[float] = field(default_factory=list)
    row_ub: list[float] = field(default_factory=list)
    cones: list[Cone] = field(default_factory=list)

    def var(self, name: str, lb: float = 0.0, ub: float = np.inf, integer: bool = False, cost: float = 0.0) -> int:
        self.names.append(name)
        self.lb.append(lb)
        self.ub.append(ub)
        self.integer.append(integer)
        self.cost.append(cost)
        return len(self.names) - 1

    def row(self, coefs: dict[int, float], lb: float = -np.inf, ub: float = np.inf) -> int:
        self.rows.append({j: v for j, v in coefs.items() if v != 0.0})
        self.row_lb.append(lb)
        self.row_ub.append(ub)
        return len(self.rows) - 1

    @property
    def n(self) -> int:
        return len(self.names)


@dataclass
class Cone:
    """‖(G_i·v + g_i)_i‖₂ ≤ h·v + h0, each G_i and h sparse (variable index → coefficient)."""

    key: str  # "学段/indicator"
    lhs: list[tuple[dict[int, float], float]]
    rhs: dict[int, float]
    rhs0: float = 0.0
    # per lhs row: (G_i·v + g_i)/(h·v + h0) per unit of the row's relative deviation from the mean (a CV cone:
    # √(P_i/P)/c), so that a solver can place cuts where rows deviate by 10%, 50%… (empty: unknown)
    spread: list[float] = field(default_factory=list)

    def value(self, v: FloatArray) -> tuple[float, float, FloatArray]:
        """(‖Gv + g‖, h·v + h0, Gv + g) at ``v``."""
        z = np.array([sum(c * v[j] for j, c in row.items()) + g for row, g in self.lhs])
        rhs = sum(c * v[j] for j, c in self.rhs.items()) + self.rhs0
        return float(np.linalg.norm(z)), float(rhs), z


@dataclass(frozen=True)
class StageInput:
    """One 学段 of one county, ready for the model: parts in rows, the seven indicators in columns."""

    stage: str
    codes: list[str]
    names: list[str]
    students: FloatArray  # P_i
    numerators: FloatArray  # n × 7, a blank counted as 0
    blank: np.ndarray  # n × 7, which numerators the census left blank
    teachers: FloatArray  # 专任教师数 (NaN if unknown)
    thresholds: FloatArray  # 7
    cv_limit: float


@dataclass(frozen=True)
class PlanInput:
    region: str
    year: int
    standard: Standard
    stages: list[StageInput]


@dataclass(frozen=True)
class Options:
    variant: str = VARIANT_LEAST_COST
    budget: float | None = None  # 万元, for VARIANT_BUDGET
    costs: Mapping[str, float] = field(default_factory=default_costs)
    school_costs: Mapping[str, Mapping[str, float]] = field(default_factory=dict)  # school code → overrides
    staff_years: int = DEFAULT_STAFF_COST_YEARS
    # (school code, 学段) → {resource key or CAPACITY_POSTS: the most units the part can take}
    capacities: Mapping[tuple[str, str], Mapping[str, float]] = field(default_factory=dict)
    cv_safety: float = CV_SAFETY


def plan_input(
    schools: TableLike,
    stages: TableLike,
    *,
    region: str,
    year: int,
    standard: Standard = QUALITY_BALANCE,
) -> PlanInput:
    """The county's in-scope parts per 学段, from the census tables (as the assessment reads them)."""
    parts = school_parts(schools, stages, standard, region=region)
    if parts.empty:
        raise NotFound(f"{year} 年 {region} 没有义务教育学校的学段数据，无法测算")
    teachers = county_stage_rows(schools, stages, SCHOOL_COLUMNS, ("teachers",), region)
    if "teachers" in teachers.columns:
        teachers = teachers[["school_code", "stage", "teachers"]].drop_duplicates(["school_code", "stage"])
        parts = parts.merge(teachers, on=["school_code", "stage"], how="left")
    else:
        parts = parts.assign(teachers=np.nan)
    inds = standard.indicators
    out = []
    for stage, group in in_scope_by_stage(parts):
        nums = group[[numerator_column(i.key) for i in inds]].to_numpy(dtype=np.float64)
        out.append(
            StageInput(
                stage=stage,
                codes=group["school_code"].astype(str).tolist(),
                names=group["name"].astype(str).tolist(),
                students=group["students"].to_numpy(dtype=np.float64),
                numerators=np.nan_to_num(nums),
                blank=np.isnan(nums),
                teachers=pd.to_numeric(group["teachers"], errors="coerce").to_numpy(dtype=np.float64),
                thresholds=np.array([i.threshold(stage) for i in inds]),
                cv_limit=standard.rule("cv_limit").value(stage),
            )
        )
    return PlanInput(region, year, standard, out)


def contribution(r: Resource, standard: Standard) -> FloatArray:
    """What one unit of ``r`` adds to each indicator's numerator."""
    return np.array([sum(r.adds.get(m, 0.0) for m in ind.numerator) for ind in standard.indicators])


@dataclass
class Built:
    """The model with the index of each decision, to read a solution back."""

    model: Model
    x: dict[tuple[int, int, int], int]  # (stage no, part, resource no) → variable
    exempt: dict[tuple[int, int, int], int]  # (stage no, part, indicator) → binary
    passing: dict[tuple[int, int], int]  # (stage no, part) → binary (budget variant)
    slack: dict[tuple[int, int], int]  # (stage no, indicator) → τ (budget variant)
    slack_weight: dict[tuple[int, int], float]
    unit_costs: dict[tuple[int, int, int], float]
    data: PlanInput | None = None
    cone_keys: list[tuple[int, int]] = field(default_factory=list)  # (stage no, indicator) of each cone
    totals: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # → (mean variable M, its row)
    # per stage, parts × indicators: the least numerators at 100% and at the floor (85%) of the threshold
    need: list[FloatArray] = field(default_factory=list)
    floor: list[FloatArray] = field(default_factory=list)


def _unit_costs(options: Options, code: str) -> dict[str, float]:
    return {**options.costs, **options.school_costs.get(code, {})}


def build_model(data: PlanInput, options: Options, cv_factor: float = 1.0) -> Built:
    """The model of ``options.variant`` (the budget row only if a budget is given)."""
    if options.variant not in VARIANTS:
        raise UsageError(f"未知的测算方案类型：{options.variant}")
    budget_variant = options.variant == VARIANT_BUDGET
    if budget_variant and options.budget is None:
        raise UsageError("预算方案须给出预算（万元）")
    m = Model()
    std = data.standard
    inds = std.indicators
    floor_ratio = std.rule("school_floor_ratio").value()
    min_met = int(std.rule("school_min_met").value())
    may_miss = len(inds) - min_met  # indicators allowed below the threshold (at ≥ floor): 1
    contrib = np.array([contribution(r, std) for r in RESOURCES])  # resources × indicators
    scales = np.array([i.scale for i in inds])
    steps = np.array([i.addition_step for i in inds])
    built = Built(m, {}, {}, {}, {}, {}, {}, data)
    budget_row: dict[int, float] = {}
    for s, st in enumerate(data.stages):
        p = st.students[:, None]
        need = st.numerators + smallest_additions(st.numerators, p, st.thresholds, 1.0, scales, steps)
        floor = st.numerators + smallest_additions(st.numerators, p, st.thresholds, floor_ratio, scales, steps)
        built.need.append(need)
        built.floor.append(floor)
        for i, code in enumerate(st.codes):
            caps = options.capacities.get((code, st.stage), {})
            costs = _unit_costs(options, code)
            teacher_vars: list[int] = []
            for r, res in enumerate(RESOURCES):
                cap = caps.get(res.key, 0.0 if res.capacity_needed else np.inf)
                if cap <= 0:
                    continue
                ub = np.floor(cap / res.step + 1e-9) if np.isfinite(cap) else np.inf
                unit = resource_unit_cost(res, costs, options.staff_years)
                j = m.var(f"x[{st.stage},{code},{res.key}]", 0.0, ub, True, 0.0 if budget_variant else unit)
                built.x[s, i, r] = j
                built.unit_costs[s, i, r] = unit
                budget_row[j] = unit
                if res.teacher:
                    teacher_vars.append(j)
            if CAPACITY_POSTS in caps and teacher_vars:
                m.row(dict.fromkeys(teacher_vars, 1.0), ub=caps[CAPACITY_POSTS])
            _backbone_row(built, s, i, st, teacher_vars, std)
            pass_var = m.var(f"p[{st.stage},{code}]", 1.0 if not budget_variant else 0.0, 1.0, True)
            if budget_variant:
                m.cost[pass_var] = -1.0  # phase 1 maximises the parts passing
            built.passing[s, i] = pass_var
            exempt_vars = []
            for k in range(len(inds)):
                short = (need[i, k] - st.numerators[i, k]) / steps[k]
                if short <= 1e-9:
                    continue
                row = {
                    built.x[s, i, r]: contrib[r, k] / steps[k] for r in range(len(RESOURCES)) if (s, i, r) in built.x
                }
                row[pass_var] = -short
                # what the exemption forgives: down to the floor, but never below what the part has now (the
                # tightest big-M: an indicator already at ≥ 85% is forgiven exactly its shortfall)
                gap = min((need[i, k] - floor[i, k]) / steps[k], short)
                if gap > 1e-9:
                    e = m.var(f"e[{st.stage},{code},{inds[k].key}]", 0.0, 1.0, True)
                    built.exempt[s, i, k] = e
                    exempt_vars.append(e)
                    row[e] = gap
                m.row(row, lb=-1e-9)
            if exempt_vars:
                m.row({**dict.fromkeys(exempt_vars, 1.0), pass_var: -float(may_miss)}, ub=0.0)
        factor = cv_factor * (1.0 - options.cv_safety)
        for k in range(len(inds)):
            _cv_cone(built, s, k, st, contrib[:, k], float(scales[k]), factor, budget_variant)
            if not budget_variant:
                _least_total_row(built, s, k, st, contrib[:, k] / steps[k], steps[k], st.cv_limit * factor)
    if options.budget is not None:
        m.row(budget_row, ub=options.budget)
    return built


def _backbone_row(built: Built, s: int, i: int, st: StageInput, teacher_vars: list[int], std: Standard) -> None:
    """Designated backbone teachers ≤ the part's non-backbone teachers now + its new posts."""
    r = next(n for n, res in enumerate(RESOURCES) if res.key == "backbone_designation")
    j = built.x.get((s, i, r))
    if j is None or np.isnan(st.teachers[i]):
        return
    k = next(n for n, ind in enumerate(std.indicators) if "backbone_teachers" in ind.numerator)
    available = max(st.teachers[i] - st.numerators[i, k], 0.0)
    built.model.row({j: 1.0, **dict.fromkeys(teacher_vars, -1.0)}, ub=available)


def _cv_cone(
    built: Built, s: int, k: int, st: StageInput, contrib: FloatArray, scale: float, factor: float, with_slack: bool
) -> None:
    """‖√(P_i/P)(y_i/P_i − M)‖ ≤ c·M (+ τ) with M = Y/P the county mean, numerators measured in threshold
    units per student (so M, the rows and their cuts are numbers near 1: solvers stay accurate)."""
    m = built.model
    unit = st.thresholds[k] / scale  # numerator per student at the threshold: values become ratios
    total_p = float(st.students.sum())
    big_y = m.var(f"M[{st.stage},{k}]", 0.0)
    y_row: dict[int, float] = {big_y: -1.0}
    lhs: list[tuple[dict[int, float], float]] = []
    spread: list[float] = []
    for i in range(len(st.codes)):
        pi = st.students[i]
        w = np.sqrt(pi / total_p)
        row: dict[int, float] = {}
        for r in range(len(RESOURCES)):
            j = built.x.get((s, i, r))
            if j is not None and contrib[r] != 0.0:
                row[j] = w * contrib[r] / unit / pi
                y_row[j] = y_row.get(j, 0.0) + contrib[r] / unit / total_p
        row[big_y] = -w
        spread.append(float(w / (st.cv_limit * factor)))
        lhs.append((row, w * st.numerators[i, k] / unit / pi))
    mean_now = st.numerators[:, k].sum() / unit / total_p
    total_row = m.row(y_row, lb=-mean_now, ub=-mean_now)
    built.totals[s, k] = (big_y, total_row)
    built.cone_keys.append((s, k))
    rhs = {big_y: st.cv_limit * factor}
    if with_slack:
        current_mean = st.numerators[:, k].sum() / unit / total_p
        tau = m.var(f"tau[{st.stage},{k}]", 0.0)
        rhs[tau] = 1.0
        built.slack[s, k] = tau
        built.slack_weight[s, k] = 1.0 / current_mean if current_mean > 0 else 1.0
    m.cones.append(Cone(f"{st.stage}/{k}", lhs, rhs, spread=spread))


def repair(built: Built, point: FloatArray, margin: float = 1e-9, deadline: float | None = None) -> FloatArray | None:
    """A feasible point near ``point`` (integer decisions rounded): while a cone is violated, the part lowest on
    its indicator is raised, with the cheapest resource, to the next-lowest part's level (raising a part below the
    mean lowers the CV: water-filling); a slack cone takes up its violation in τ instead. None if the rows stop it."""
    m, data = built.model, built.data
    assert data is not None
    v = np.where(np.array(m.integer), np.round(point), point)
    ub = np.array(m.ub)
    total_rows = {row_no for _, row_no in built.totals.values()}
    touching: dict[int, list[int]] = {}
    for r, row in enumerate(m.rows):
        if r not in total_rows:
            for j in row:
                touching.setdefault(j, []).append(r)
    contrib = np.array([contribution(res, data.standard) for res in RESOURCES])
    scales = np.array([i.scale for i in data.standard.indicators])
    cones = [cone_arrays(cone, m.n) for cone in m.cones]

    def refresh_totals() -> None:
        for big_y, row_no in built.totals.values():
            row = m.rows[row_no]
            v[big_y] = sum(c * v[q] for q, c in row.items() if q != big_y) - m.row_lb[row_no]

    def rows_hold(j: int) -> bool:
        for r in touching.get(j, []):
            act = sum(c * v[q] for q, c in m.rows[r].items())
            if act < m.row_lb[r] - 1e-9 or act > m.row_ub[r] + 1e-9:
                return False
        return True

    refresh_totals()
    blocked: set[int] = set()
    filled: set[tuple[int, int]] = set()
    for _ in range(20000):
        if deadline is not None and time.perf_counter() > deadline:
            return None
        worst = None
        for n, (g_mat, g0, h, h0) in enumerate(cones):
            rhs = float(h @ v + h0)
            if float(np.linalg.norm(g_mat @ v + g0)) - rhs > -margin * max(1.0, abs(rhs)):
                worst = n
                break
        if worst is None:
            return v
        s, k = built.cone_keys[worst]
        if (s, k) in built.slack:
            g_mat, g0, h, h0 = cones[worst]
            rhs = float(h @ v + h0)
            v[built.slack[s, k]] += float(np.linalg.norm(g_mat @ v + g0)) - rhs + 2 * margin * max(1.0, abs(rhs))
            continue
        st = data.stages[s]
        add = np.zeros(len(st.codes))
        for (ss, i, r), j in built.x.items():
            if ss == s:
                add[i] += contrib[r, k] * v[j]
        if (s, k) not in filled:  # first, water-filling in one step: every part below the level raised to it
            filled.add((s, k))
            big_y = built.totals[s, k][0]
            limit = m.cones[worst].rhs[big_y] * (1 - 1e-9)
            y = st.numerators[:, k] + add
            level = water_level(y, st.students, least_total_addition(y, st.students, limit) * 1.000001)
            for i in np.flatnonzero(y < level * st.students).tolist():
                for _, j, r in sorted(
                    (built.unit_costs[s, i, r] / contrib[r, k], j, r)
                    for r in range(len(RESOURCES))
                    if (j := built.x.get((s, i, r), -1)) >= 0 and contrib[r, k] > 0
                ):
                    units = float(np.ceil((level * st.students[i] - y[i]) / contrib[r, k] - 1e-9))
                    if np.isfinite(ub[j]):
                        units = min(units, ub[j] - v[j])
                    v[j] += units
                    if rows_hold(j):
                        break
                    v[j] -= units
            refresh_totals()
            continue
        ratio = scales[k] * (st.numerators[:, k] + add) / st.students / st.thresholds[k]
        order = np.argsort(ratio, kind="stable").tolist()
        moved = False
        for place, i in enumerate(order):
            options = []
            for r in range(len(RESOURCES)):
                j = built.x.get((s, i, r), -1)
                if j >= 0 and contrib[r, k] > 0 and j not in blocked and v[j] + 1 <= ub[j] + 1e-9:
                    options.append((built.unit_costs[s, i, r] / contrib[r, k], j, r))
            nxt = ratio[order[place + 1]] if place + 1 < len(order) else ratio[i]
            for _, j, r in sorted(options):
                per_unit = scales[k] * contrib[r, k] / st.students[i] / st.thresholds[k]
                chunk = max(1.0, np.floor((nxt - ratio[i]) / per_unit) + 1.0)
                chunk = min(chunk, ub[j] - v[j]) if np.isfinite(ub[j]) else chunk
                v[j] += chunk
                if rows_hold(j):
                    moved = True
                    break
                v[j] -= chunk
                blocked.add(j)
            if moved:
                break
        if not moved:
            return None
        refresh_totals()
    return None


def cone_arrays(cone: Cone, n: int) -> tuple[Any, FloatArray, FloatArray, float]:
    """A cone as (G sparse, g, h, h0) for fast evaluation of ‖Gv + g‖ and h·v + h0."""
    from scipy import sparse

    data, ri, ci = [], [], []
    for r, (row, _) in enumerate(cone.lhs):
        for j, c in row.items():
            ri.append(r)
            ci.append(j)
            data.append(c)
    g_mat = sparse.csr_matrix((data, (ri, ci)), shape=(len(cone.lhs), n))
    h = np.zeros(n)
    for j, c in cone.rhs.items():
        h[j] = c
    return g_mat, np.array([g for _, g in cone.lhs]), h, cone.rhs0


def water_level(numerators: FloatArray, students: FloatArray, extra: float) -> float:
    """The level L (per student) with Σ max(N_i, L·P_i) = ΣN + extra: the parts below it raised to it."""
    lo, hi = float((numerators / students).min()), float((numerators / students).max()) + extra / students.sum()
    for _ in range(100):
        mid = (lo + hi) / 2
        if np.maximum(numerators, mid * students).sum() < numerators.sum() + extra:
            lo = mid
        else:
            hi = mid
    return float(hi)


def least_total_addition(numerators: FloatArray, students: FloatArray, limit: float) -> float:
    """The least total addition (any real split among the parts) that brings the student-weighted CV of
    ``numerators / students`` to ``limit``: water-filling, the parts lowest per student raised to a common
    level, gives the least spread for a given total, and the CV falls as the total grows."""
    per = numerators / students
    total = float(numerators.sum())

    def cv_after(extra: float) -> float:
        lo, hi = float(per.min()), float(per.max())
        for _ in range(100):  # the level L with Σ max(N_i, L·P_i) = ΣN + extra
            mid = (lo + hi) / 2
            if np.maximum(numerators, mid * students).sum() < total + extra:
                lo = mid
            else:
                hi = mid
        y = np.maximum(numerators, lo * students)
        return coefficient_of_variation(y / students, students).cv or 0.0

    if cv_after(0.0) <= limit:
        return 0.0
    lo, hi = 0.0, float((per.max() * students).sum() - total)
    for _ in range(100):
        mid = (lo + hi) / 2
        if cv_after(mid) <= limit:
            hi = mid
        else:
            lo = mid
    return lo


def _least_total_row(
    built: Built, s: int, k: int, st: StageInput, per_unit: FloatArray, step: float, limit: float
) -> None:
    """A valid inequality, not a replacement of the cone: Σ additions ≥ the least total any split needs.

    It removes the many equal-cost integer plans that sit just outside the cone, where cuts alone stall."""
    if (st.students <= 0).any() or st.numerators[:, k].sum() <= 0:
        return
    need = least_total_addition(st.numerators[:, k] / step, st.students, limit)
    if need <= 0:
        return
    row = {j: per_unit[r] for (ss, _, r), j in built.x.items() if ss == s and per_unit[r] != 0.0}
    built.model.row(row, lb=float(np.ceil(need - 1e-6)))


# How the relaxation's amounts are rounded before the rules top them up: to the nearest unit, and up (both
# tried, the cheaper plan kept; rounding up can double the rooms where the relaxation spreads 0.3 of a room).
ROUND_UP_FROM = (0.5, 1 - 1e-6)


def rounded_point(built: Built, relaxed: FloatArray, seconds: float = 10.0) -> FloatArray | None:
    """The cheapest of the plans ``rounded_at`` gives at each ``ROUND_UP_FROM`` (each given ``seconds`` / 2 to
    repair its cones); None if none fits."""
    cost = np.array(built.model.cost)
    plans = [
        p
        for up in ROUND_UP_FROM
        if (p := rounded_at(built, relaxed, up, time.perf_counter() + seconds / len(ROUND_UP_FROM))) is not None
    ]
    return min(plans, key=lambda p: float(cost @ p)) if plans else None


def rounded_at(built: Built, relaxed: FloatArray, up_from: float, deadline: float | None = None) -> FloatArray | None:
    """A plan from the continuous relaxation: amounts rounded (up from ``up_from``), then per part the school rule met greedily —
    the indicator dearest to bring to 100% is the one left at ≥ 85% (if it is there), every other short one
    topped up with its cheapest resource — and the cones repaired (``repair``). None if a row forbids it."""
    m, data = built.model, built.data
    assert data is not None
    integer = np.array(m.integer)
    binary = integer & (np.array(m.ub) <= 1)
    v = np.where(integer & ~binary, np.floor(relaxed + up_from), relaxed)
    v = np.clip(v, np.array(m.lb), np.array(m.ub))
    v[binary] = 0.0
    contrib = np.array([contribution(res, data.standard) for res in RESOURCES])
    for (s, i), j in built.passing.items():
        v[j] = 1.0 if relaxed[j] > 0.5 or m.lb[j] >= 1 else 0.0
        if v[j] < 1:
            continue
        st = data.stages[s]
        have = {r: jj for (ss, ii, r), jj in built.x.items() if ss == s and ii == i}
        y = st.numerators[i] + sum(contrib[r] * v[jj] for r, jj in have.items())
        short = built.need[s][i] - y
        cheapest: dict[int, tuple[float, int, int]] = {}
        for k in np.flatnonzero(short > 1e-9).tolist():
            options = [
                (built.unit_costs[s, i, r] / contrib[r, k], r, jj) for r, jj in have.items() if contrib[r, k] > 0
            ]
            if options:
                cheapest[k] = min(options)
        exempt = [k for k in cheapest if y[k] >= built.floor[s][i, k] - 1e-9 and (s, i, k) in built.exempt]
        if exempt:
            k = max(exempt, key=lambda k: short[k] * cheapest[k][0])
            v[built.exempt[s, i, k]] = 1.0
            del cheapest[k]
        for k, (_, r, jj) in cheapest.items():
            v[jj] += float(np.ceil(short[k] / contrib[r, k] - 1e-9))
    return _if_whole_rows_hold(m, repair(built, v, deadline=deadline))


# The resource the heuristic levers buy for each indicator (no teacher counted twice: that is what they miss).
LEVER_RESOURCES = (
    "teacher_above",
    "backbone_designation",
    "teacher_pe_art",
    "teaching_room_new",
    "sports_ground_new",
    "equipment",
    "multimedia_room",
)


def lever_additions(data: PlanInput, rounds: int = 400) -> list[FloatArray]:
    """Today's heuristic (``core.gap_to_pass``) as numerator additions per stage: each failing part's smallest
    additions, then, while a CV fails, its best lever applied, again and again."""
    std = data.standard
    inds = std.indicators
    scales = np.array([i.scale for i in inds])
    floor = std.rule("school_floor_ratio").value()
    out = []
    for st in data.stages:
        add = np.zeros_like(st.numerators)
        codes = {c: n for n, c in enumerate(st.codes)}
        for i, plan in enumerate(school_gaps(inds, st.thresholds, st.numerators, st.students, floor)):
            for a in plan:
                add[i, next(k for k, ind in enumerate(inds) if ind.key == a.indicator)] += a.amount
        for _ in range(rounds):
            values = scales * (st.numerators + add) / st.students[:, None]
            moved = False
            for k, ind in enumerate(inds):
                cv = coefficient_of_variation(values[:, k], st.students).cv
                if cv is None or cv <= st.cv_limit:
                    continue
                gap = cv_gap(
                    ind, st.codes, values[:, k], st.numerators[:, k] + add[:, k], st.students, st.students, cv,
                    st.cv_limit, st.thresholds[k], top=1,
                )  # fmt: skip
                if gap.levers:
                    add[codes[gap.levers[0].school_code], k] += gap.levers[0].addition
                    moved = True
            if not moved:
                break
        out.append(add)
    return out


def lever_point(built: Built) -> FloatArray | None:
    """The heuristic plan as a point of the model (a first incumbent), repaired onto the exact cones; None if it
    does not fit the model's rows (capacities)."""
    data = built.data
    assert data is not None
    m = built.model
    v = np.zeros(m.n)
    r_of = {res.key: n for n, res in enumerate(RESOURCES)}
    steps = np.array([i.addition_step for i in data.standard.indicators])
    scales = np.array([i.scale for i in data.standard.indicators])
    for s, (st, add) in enumerate(zip(data.stages, lever_additions(data), strict=True)):
        for i in range(len(st.codes)):
            for k, key in enumerate(LEVER_RESOURCES):
                if add[i, k] <= 0:
                    continue
                j = built.x.get((s, i, r_of[key]))
                if j is None:
                    return None
                v[j] += float(np.ceil(add[i, k] / steps[k] - 1e-9))
        after = scales * (st.numerators + add) / st.students[:, None] / st.thresholds
        for (ss, i, k), j in built.exempt.items():
            if ss == s and after[i, k] < 1.0:
                v[j] = 1.0
        for (ss, _), j in built.passing.items():
            if ss == s:
                v[j] = 1.0
    return _if_whole_rows_hold(m, repair(built, v))


def _if_whole_rows_hold(m: Model, fixed: FloatArray | None) -> FloatArray | None:
    """The repaired plan, or None when a row of whole-number variables only is broken by it (repair keeps the rest)."""
    if fixed is None:
        return None
    integer = np.array(m.integer)
    for r, row in enumerate(m.rows):
        if all(integer[j] for j in row):
            act = sum(c * fixed[j] for j, c in row.items())
            if act < m.row_lb[r] - 1e-7 or act > m.row_ub[r] + 1e-7:
                return None
    return fixed


# --- reading a solution back and checking it -------------------------------------------------------------


@dataclass(frozen=True)
class PartPlan:
    school_code: str
    name: str
    stage: str
    students: int
    additions: dict[str, float]  # resource key → amount in the resource's unit (人, ㎡, 万元, 间)
    cost: float  # 万元
    passed_before: bool
    passed_after: bool
    ratios_after: dict[str, float]
    exempt: str | None  # the indicator left below its threshold (at ≥ 85%), if any

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "additions": dict(self.additions), "ratios_after": dict(self.ratios_after)}


@dataclass(frozen=True)
class StagePlan:
    stage: str
    cv_limit: float
    cv_before: dict[str, float | None]
    cv_after: dict[str, float | None]
    parts_total: int
    passed_before: int
    passed_after: int

    @property
    def cv_passed_after(self) -> dict[str, bool]:
        return {k: v is not None and v <= self.cv_limit for k, v in self.cv_after.items()}

    def as_dict(self) -> dict[str, object]:
        return {**self.__dict__, "cv_passed_after": self.cv_passed_after}


def evaluate(data: PlanInput, additions: list[FloatArray]) -> tuple[list[StagePlan], list[list[tuple[bool, bool]]]]:
    """The verdicts before and after adding ``additions[s]`` (parts × indicators, numerator units).

    The assessment's own functions (``judge_schools``, ``coefficient_of_variation``) on the new numerators."""
    std = data.standard
    inds = std.indicators
    scales = np.array([i.scale for i in inds])
    floor, min_met = std.rule("school_floor_ratio").value(), std.rule("school_min_met").value()
    weighted = bool(std.rule("cv_student_weighted").value())
    plans, verdicts = [], []
    for st, add in zip(data.stages, additions, strict=True):
        p = st.students[:, None]
        before = np.where(st.blank, np.nan, scales * st.numerators / p)
        after = np.where(st.blank & (add == 0), np.nan, scales * (st.numerators + add) / p)
        w = st.students if weighted else None
        _, _, ok_before = judge_schools(before, st.thresholds, min_met, floor)
        _, _, ok_after = judge_schools(after, st.thresholds, min_met, floor)
        plans.append(
            StagePlan(
                st.stage,
                st.cv_limit,
                {i.key: coefficient_of_variation(before[:, k], w).cv for k, i in enumerate(inds)},
                {i.key: coefficient_of_variation(after[:, k], w).cv for k, i in enumerate(inds)},
                len(st.codes),
                int(ok_before.sum()),
                int(ok_after.sum()),
            )
        )
        verdicts.append([(bool(a), bool(b)) for a, b in zip(ok_before, ok_after, strict=True)])
    return plans, verdicts


def read_plan(data: PlanInput, built: Built, v: FloatArray) -> tuple[list[FloatArray], list[PartPlan], float]:
    """Integer units per part and resource → numerator additions, the per-part plans and the total cost."""
    std = data.standard
    contrib = np.array([contribution(r, std) for r in RESOURCES])
    scales = np.array([i.scale for i in std.indicators])
    additions: list[FloatArray] = []
    units: list[FloatArray] = []
    total = 0.0
    for s, st in enumerate(data.stages):
        u = np.zeros((len(st.codes), len(RESOURCES)))
        for (ss, i, r), j in built.x.items():
            if ss == s:
                u[i, r] = round(float(v[j]))
        units.append(u)
        additions.append(u @ contrib)
    stage_plans, verdicts = evaluate(data, additions)
    parts = []
    for s, st in enumerate(data.stages):
        after = scales * (st.numerators + additions[s]) / st.students[:, None] / st.thresholds
        for i, code in enumerate(st.codes):
            cost = sum(
                units[s][i, r] * built.unit_costs[s, i, r] for r in range(len(RESOURCES)) if (s, i, r) in built.x
            )
            total += cost
            below = [std.indicators[k].key for k in range(len(std.indicators)) if after[i, k] < 1.0]
            parts.append(
                PartPlan(
                    school_code=code,
                    name=st.names[i],
                    stage=st.stage,
                    students=int(st.students[i]),
                    additions={
                        RESOURCES[r].key: round(units[s][i, r] * RESOURCES[r].step, 6)
                        for r in range(len(RESOURCES))
                        if units[s][i, r] > 0
                    },
                    cost=round(cost, 6),
                    passed_before=verdicts[s][i][0],
                    passed_after=verdicts[s][i][1],
                    ratios_after={std.indicators[k].key: float(after[i, k]) for k in range(len(std.indicators))},
                    exempt=below[0] if below else None,
                )
            )
    del stage_plans
    return additions, parts, round(total, 6)


def census_additions(plan_parts: list[PartPlan]) -> dict[tuple[str, str], dict[str, float]]:
    """(school code, 学段) → census measure → amount to add: how the plan changes the census tables."""
    by_key = {r.key: r for r in RESOURCES}
    out: dict[tuple[str, str], dict[str, float]] = {}
    for part in plan_parts:
        for key, amount in part.additions.items():
            res = by_key[key]
            cell = out.setdefault((part.school_code, part.stage), {})
            for measure, per_unit in res.adds.items():
                cell[measure] = round(cell.get(measure, 0.0) + amount / res.step * per_unit, 6)
    return out


def apply_plan(stages: pd.DataFrame, plan_parts: list[PartPlan]) -> pd.DataFrame:
    """The census 学段 table with the plan's additions on each part's own 学段 row (a blank becomes the addition).

    Adding to the 学段 row (not the 全校 row) adds the amount to that part exactly after apportionment."""
    out = stages.copy()
    for (code, stage), cells in census_additions(plan_parts).items():
        row = (out["school_code"].astype(str) == code) & (out["stage"] == stage)
        if not row.any():
            raise NotFound(f"学段表中没有 {code} 的{stage}行")
        for measure, amount in cells.items():
            current = pd.to_numeric(out.loc[row, measure], errors="coerce").fillna(0.0)
            out.loc[row, measure] = current + amount
    return out
