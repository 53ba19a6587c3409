"""Two solver routes for the investment model of ``core.investment``, and the plan they give.

* ``oa`` (the default): HiGHS (the MILP solver inside SciPy, ``scipy.optimize.milp``) with outer-approximation
  cuts (Kelley / Duran–Grossmann, spec/methods.md §3.1 (c)): tangent cuts of every violated cone, first at the
  continuous relaxation's points (cheap LPs), then at each MILP solution, until every cone holds. Each MILP is a
  relaxation of the model, so its bound is a proven lower bound. Where many equal-cost plans sit a hair outside
  a cone (areas in whole ㎡ shifted between schools), the cuts stall; each violating plan is then repaired (one
  more unit to the part lowest on the indicator until the cone holds) and the search stops when the best repaired
  plan is within ``OPT_GAP`` of the bound — the gap is reported.
* ``scip``: SCIP (PySCIPOpt) takes each CV constraint as written, ‖Gv + g‖² ≤ (h·v)² with h·v ≥ 0 (a cone SCIP
  detects), and proves optimality by branch-and-bound to the same ``OPT_GAP``. Slower here; the tests use it to
  confirm the first route's optimum.

The OR-Tools/highspy clash of spec/methods.md (pitfall 2) does not arise: neither package is imported.

``plan_investment`` solves, reads the plan back and checks it with the assessment's own functions; a CV that
misses its limit by a solver tolerance makes it solve again with the limit tightened (at most three times).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from eduplan.core.investment import (
    VARIANT_BUDGET,
    Built,
    Cone,
    Model,
    Options,
    PartPlan,
    PlanInput,
    StagePlan,
    build_model,
    cone_arrays,
    evaluate,
    lever_point,
    read_plan,
    repair,
    rounded_point,
)
from eduplan.core.weighted_cv import FloatArray
from eduplan.errors import UsageError

SOLVER_SCIP = "scip"
SOLVER_OA = "oa"
SOLVERS = (SOLVER_SCIP, SOLVER_OA)
STATUS_OPTIMAL = "optimal"
STATUS_TIME_LIMIT = "time_limit"
STATUS_INFEASIBLE = "infeasible"
STATUS_CANCELLED = "cancelled"
MILP_GAP = 2e-5  # the gap each MILP is solved to (within OPT_GAP)
OPT_GAP = 1e-4  # a plan within 0.01% of the proven lower bound counts as optimal (both routes)
CONE_TOL = 1e-8  # relative: a cone violated by less counts as holding in the OA loop (CV_SAFETY is 1e-7)


@dataclass(frozen=True)
class Solution:
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    values: FloatArray | None
    seconds: float
    iterations: int = 1


@dataclass(frozen=True)
class Progress:
    """What a long solve reports as it goes (to a job queue or a page): the phase, the seconds since the start,
    the best plan's objective so far and the proven lower bound (``None`` while unknown)."""

    phase: str  # "relaxation", "cuts", "first plan", "branch and bound", "phase 2/3" (budget), "check"
    seconds: float
    objective: float | None = None
    bound: float | None = None

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return max(self.objective - self.bound, 0.0) / max(1.0, abs(self.objective))


ProgressFn = Callable[[Progress], None]
CancelFn = Callable[[], bool]  # True: stop as soon as possible and keep the best plan found so far


@dataclass
class Watch:
    """The caller's progress callback and cancel check, both optional; ``stopped`` once the check said so."""

    progress: ProgressFn | None = None
    cancel: CancelFn | None = None
    start: float = field(default_factory=time.perf_counter)
    stopped: bool = False
    label: str = ""

    def report(self, phase: str, objective: float | None = None, bound: float | None = None) -> None:
        if self.progress is not None:
            name = f"{self.label} {phase}".strip()
            self.progress(Progress(name, time.perf_counter() - self.start, objective, bound))

    def stop(self) -> bool:
        if not self.stopped and self.cancel is not None and self.cancel():
            self.stopped = True
        return self.stopped


def _objective(model: Model, cost: list[float] | None) -> list[float]:
    return model.cost if cost is None else cost


def solve_scip(
    model: Model, time_limit: float, cost: list[float] | None = None, watch: Watch | None = None
) -> Solution:
    """SCIP on the model as written. ``watch``: progress at each new best plan, the cancel check at each node
    (SCIP then stops and keeps its best plan: status ``cancelled``)."""
    from pyscipopt import Eventhdlr, quicksum
    from pyscipopt import Model as ScipModel
    from pyscipopt.scip import PY_SCIP_EVENTTYPE as SCIP_EVENTTYPE

    start = time.perf_counter()
    watch = watch or Watch()
    sm = ScipModel()
    sm.hideOutput()
    sm.setParam("limits/time", max(time_limit, 0.1))
    sm.setParam("limits/gap", OPT_GAP)
    sm.setParam("parallel/maxnthreads", 1)
    obj = _objective(model, cost)
    xs = [
        sm.addVar(
            name,
            vtype="I" if integer else "C",
            lb=None if math.isinf(lb) else lb,
            ub=None if math.isinf(ub) else ub,
            obj=c,
        )
        for name, lb, ub, integer, c in zip(model.names, model.lb, model.ub, model.integer, obj, strict=True)
    ]
    for row, lb, ub in zip(model.rows, model.row_lb, model.row_ub, strict=True):
        expr = quicksum(c * xs[j] for j, c in row.items())
        if lb == ub:
            sm.addCons(expr == lb)
            continue
        if not math.isinf(lb):
            sm.addCons(expr >= lb)
        if not math.isinf(ub):
            sm.addCons(expr <= ub)
    for cone in model.cones:
        lhs = quicksum((quicksum(c * xs[j] for j, c in row.items()) + g) ** 2 for row, g in cone.lhs)
        rhs = quicksum(c * xs[j] for j, c in cone.rhs.items()) + cone.rhs0
        sm.addCons(lhs <= rhs * rhs)  # with rhs ≥ 0 (Y ≥ 0, τ ≥ 0): the cone, which SCIP detects as such
    given = watch

    class Watcher(Eventhdlr):
        def eventinit(self) -> None:
            self.model.catchEvent(SCIP_EVENTTYPE.NODESOLVED | SCIP_EVENTTYPE.BESTSOLFOUND, self)

        def eventexit(self) -> None:
            self.model.dropEvent(SCIP_EVENTTYPE.NODESOLVED | SCIP_EVENTTYPE.BESTSOLFOUND, self)

        def eventexec(self, event: object) -> None:
            if given.stop():
                self.model.interruptSolve()
            elif self.model.getNSols() and event.getType() == SCIP_EVENTTYPE.BESTSOLFOUND:  # type: ignore[attr-defined]
                given.report("branch and bound", self.model.getPrimalbound(), self.model.getDualbound())

    if watch.progress is not None or watch.cancel is not None:
        sm.includeEventhdlr(Watcher(), "eduplan_watch", "progress and cancel")
    sm.optimize()
    seconds = time.perf_counter() - start
    status = sm.getStatus()
    if status == "infeasible":
        return Solution(STATUS_INFEASIBLE, None, None, None, None, seconds)
    if sm.getNSols() == 0:
        return Solution(STATUS_TIME_LIMIT, None, sm.getDualbound(), None, None, seconds)
    sol = sm.getBestSol()
    values = np.array([sm.getSolVal(sol, x) for x in xs])
    done = STATUS_OPTIMAL if status in ("optimal", "gaplimit") else STATUS_TIME_LIMIT
    if watch.stopped and done != STATUS_OPTIMAL:
        done = STATUS_CANCELLED
    return Solution(done, sm.getObjVal(), sm.getDualbound(), sm.getGap(), values, seconds)


def _sparse_rows(rows: list[dict[int, float]], n: int) -> sparse.csr_matrix:
    data, ri, ci = [], [], []
    for r, row in enumerate(rows):
        for j, c in row.items():
            ri.append(r)
            ci.append(j)
            data.append(c)
    return sparse.csr_matrix((data, (ri, ci)), shape=(len(rows), n))


def _cut(cone: Cone, v: FloatArray) -> tuple[dict[int, float], float] | None:
    """The tangent cut of ``cone`` at ``v`` (coefficients, upper bound), or None if the cone holds at ``v``."""
    norm, rhs, _ = cone.value(v)
    if norm <= 0 or norm - rhs <= CONE_TOL * max(1.0, abs(rhs)):
        return None
    return _tangent(cone, v)


def _tangent(cone: Cone, v: FloatArray) -> tuple[dict[int, float], float] | None:
    norm, _, z = cone.value(v)
    if norm <= 0:
        return None
    gamma = z / norm
    cut: dict[int, float] = {}
    const = 0.0
    for gi, (row, g) in zip(gamma, cone.lhs, strict=True):
        const += gi * g
        for j, c in row.items():
            cut[j] = cut.get(j, 0.0) + gi * c
    for j, c in cone.rhs.items():
        cut[j] = cut.get(j, 0.0) - c
    return {j: c for j, c in cut.items() if c != 0.0}, cone.rhs0 - const


def relaxation(model: Model, obj: FloatArray) -> FloatArray | None:
    """The optimum of the continuous relaxation, cones as cones (Clarabel, an interior-point conic solver)."""
    import clarabel

    n = model.n
    rows: list[dict[int, float]] = []
    rhs: list[float] = []
    zero = [(r, lb) for r, (lb, ub) in enumerate(zip(model.row_lb, model.row_ub, strict=True)) if lb == ub]
    for r, lb in zero:
        rows.append(model.rows[r])
        rhs.append(lb)
    nonneg = 0
    for r, (lb, ub) in enumerate(zip(model.row_lb, model.row_ub, strict=True)):
        if lb == ub:
            continue
        if not math.isinf(ub):
            rows.append(model.rows[r])
            rhs.append(ub)
            nonneg += 1
        if not math.isinf(lb):
            rows.append({j: -c for j, c in model.rows[r].items()})
            rhs.append(-lb)
            nonneg += 1
    for j in range(n):
        if not math.isinf(model.lb[j]):
            rows.append({j: -1.0})
            rhs.append(-model.lb[j])
            nonneg += 1
        if not math.isinf(model.ub[j]):
            rows.append({j: 1.0})
            rhs.append(model.ub[j])
            nonneg += 1
    cones: list[object] = [clarabel.ZeroConeT(len(zero)), clarabel.NonnegativeConeT(nonneg)]
    for cone in model.cones:
        rows.append({j: -c for j, c in cone.rhs.items()})
        rhs.append(cone.rhs0)
        for row, g in cone.lhs:
            rows.append({j: -c for j, c in row.items()})
            rhs.append(g)
        cones.append(clarabel.SecondOrderConeT(len(cone.lhs) + 1))
    a = sparse.csc_matrix(_sparse_rows(rows, n))
    settings = clarabel.DefaultSettings()
    settings.verbose = False
    solver = clarabel.DefaultSolver(sparse.csc_matrix((n, n)), obj, a, np.array(rhs), cones, settings)
    solution = solver.solve()
    if str(solution.status) not in ("Solved", "AlmostSolved"):
        return None
    return np.asarray(solution.x)


def _rounded_up(model: Model, integral: FloatArray, relaxed: FloatArray | None) -> FloatArray:
    """The integer point with each amount raised to the relaxation's (rounded up), if the rows still hold: the
    relaxation spreads additions the way the cones want them, which the repair then only tops up."""
    if relaxed is None:
        return integral
    amounts = np.array(model.integer) & (np.array(model.ub) > 1)
    point = np.where(amounts, np.maximum(integral, np.ceil(relaxed - 1e-6)), integral)
    integer = np.array(model.integer)
    checked = [r for r, row in enumerate(model.rows) if all(integer[j] for j in row)]  # not the totals' rows
    act = _sparse_rows([model.rows[r] for r in checked], model.n) @ point
    lb, ub = np.array(model.row_lb)[checked], np.array(model.row_ub)[checked]
    ok = bool(np.all(act >= lb - 1e-7) and np.all(act <= ub + 1e-7))
    return point if ok else integral


# Relative deviations from the county mean (−90% … +250%) where each part's piece of an active cone is cut at the
# start: the polyhedral outer approximation is then close to the cone before the first MILP.
DEVIATIONS = (-0.6, -0.3, -0.15, 0.15, 0.4, 1.0)


class _Outer:
    """The model's rows and an *extended* outer approximation of its cones (Vielma, Dunning, Huchette & Lubin,
    "Extended formulations in mixed integer conic quadratic programming", 2017).

    A cone ‖u‖ ≤ t (u_i = G_i·v + g_i, t = h·v + h0 ≥ 0) is split into its rows: variables s_i ≥ 0 with
    Σ s_i ≤ t and u_i²/t ≤ s_i. Each piece has three variables and is cut by its tangents 2r·u_i − r²·t ≤ s_i
    (valid for every r: (u_i − r·t)² ≥ 0; tight where u_i/t = r). Cuts of one part's piece do not disturb the
    others', so the approximation tightens part by part, where one tangent of the whole cone in hundreds of
    dimensions cuts off almost nothing. Columns: the model's, then one s per cone row, stored as s_i/σ_i with
    σ_i = spread_i² (``Cone.spread``) so that every cut's coefficients are numbers near 1."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.rows = list(model.rows)
        self.lbs, self.ubs = list(model.row_lb), list(model.row_ub)
        self.first: list[int] = []
        self.arrays = [cone_arrays(cone, model.n) for cone in model.cones]
        self.sigma = [np.array(cone.spread) ** 2 if cone.spread else np.ones(len(cone.lhs)) for cone in model.cones]
        n = model.n
        for no, cone in enumerate(model.cones):
            self.first.append(n)
            row = {n + i: float(self.sigma[no][i]) for i in range(len(cone.lhs))}
            for j, c in cone.rhs.items():
                row[j] = row.get(j, 0.0) - c
            self._add(row, cone.rhs0)
            n += len(cone.lhs)
        self.n = n

    def _add(self, row: dict[int, float], ub: float) -> None:
        self.rows.append({j: c for j, c in row.items() if c != 0.0})
        self.lbs.append(-np.inf)
        self.ubs.append(ub)

    def _piece_cut(self, c: int, i: int, r: float) -> None:
        cone = self.model.cones[c]
        row, g = cone.lhs[i]
        sigma = float(self.sigma[c][i])
        cut = {j: 2.0 * r * a / sigma for j, a in row.items()}
        for j, a in cone.rhs.items():
            cut[j] = cut.get(j, 0.0) - r * r * a / sigma
        cut[self.first[c] + i] = -1.0
        self._add(cut, (r * r * cone.rhs0 - 2.0 * r * g) / sigma)

    def _at(self, c: int, x: FloatArray) -> tuple[FloatArray, float]:
        g_mat, g0, h, h0 = self.arrays[c]
        return np.asarray(g_mat @ x + g0), float(h @ x + h0)

    def extend(self, x: FloatArray) -> FloatArray:
        """A point of the model as a point of the extended problem (s_i = u_i²/t)."""
        out = np.zeros(self.n)
        out[: self.model.n] = x
        for c, first in enumerate(self.first):
            u, t = self._at(c, x)
            out[first : first + len(u)] = u * u / t / self.sigma[c] if t > 0 else 0.0
        return out

    def add_violated(self, v: FloatArray) -> int:
        """Cuts at ``v`` (extended) for every violated cone: each piece above its tangent, and the whole cone's."""
        x = v[: self.model.n]
        added = 0
        for c, cone in enumerate(self.model.cones):
            u, t = self._at(c, x)
            norm = float(np.linalg.norm(u))
            if norm <= 0 or norm - t <= CONE_TOL * max(1.0, abs(t)):
                continue
            whole = _tangent(cone, x)
            if whole is not None:
                self._add(*whole)
                added += 1
            if t > 0:
                s = v[self.first[c] : self.first[c] + len(u)] * self.sigma[c]
                for i in np.flatnonzero(u * u / t > s + 1e-12 * max(1.0, t)).tolist():
                    self._piece_cut(c, i, float(u[i] / t))
                    added += 1
        return added

    def add_tangents(self, x: FloatArray | None) -> None:
        """At the start: for each cone active at ``x`` (the relaxation's optimum) or already violated without any
        addition, every piece cut at ``x`` and at the deviations ``DEVIATIONS``."""
        zero = np.zeros(self.model.n)
        for c, cone in enumerate(self.model.cones):
            u0, t0 = self._at(c, zero)
            active = float(np.linalg.norm(u0)) >= 0.9 * t0
            ratios: list[FloatArray] = []
            if x is not None:
                u, t = self._at(c, x)
                active = active or float(np.linalg.norm(u)) >= 0.9 * t
                if t > 0:
                    ratios.append(u / t)
            if not active:
                continue
            if cone.spread:
                ratios += [np.array(cone.spread) * d for d in DEVIATIONS]
            for r in ratios:
                for i, ri in enumerate(r.tolist()):
                    if ri != 0.0:
                        self._piece_cut(c, i, ri)

    def constraint(self) -> LinearConstraint | None:
        if not self.rows:
            return None
        return LinearConstraint(_sparse_rows(self.rows, self.n), np.array(self.lbs), np.array(self.ubs))


def solve_oa(
    model: Model,
    time_limit: float,
    cost: list[float] | None = None,
    max_rounds: int = 2000,
    repair: Callable[[FloatArray], FloatArray | None] | None = None,
    incumbent: FloatArray | None = None,
    watch: Watch | None = None,
    rounding: Callable[[FloatArray], FloatArray | None] | None = None,
) -> Solution:
    """HiGHS on the extended outer approximation (``_Outer``): cut at the continuous relaxation's optimum and at
    fixed deviations, then at each MILP solution, until every cone holds (to ``CONE_TOL``, far inside the
    model's safety margin ``CV_SAFETY``) or the best repaired point (``repair``: a feasible point from a
    violating one) is within ``OPT_GAP`` of the MILP's lower bound.

    ``watch``: progress reported after each phase and MILP round; its cancel check is asked between them (a
    MILP round already started runs to its end or the time limit), and a cancelled solve returns the best plan
    so far with status ``cancelled``."""
    start = time.perf_counter()
    watch = watch or Watch()
    n = model.n
    outer = _Outer(model)
    extra = outer.n - n
    obj = np.concatenate([np.array(_objective(model, cost)), np.zeros(extra)])
    integrality = np.concatenate([np.array(model.integer, dtype=int), np.zeros(extra, dtype=int)])
    bounds = Bounds(np.concatenate([model.lb, np.zeros(extra)]), np.concatenate([model.ub, np.full(extra, np.inf)]))
    relaxed = relaxation(model, obj[:n])  # the continuous relaxation as a cone program: where the cuts matter
    outer.add_tangents(relaxed)
    bound = float(obj[:n] @ relaxed) if relaxed is not None else None  # a proven lower bound already
    watch.report("relaxation", None, bound)
    for _ in range(0 if relaxed is not None else 30):  # no relaxation: Kelley rounds on the LP for first cuts
        remaining = time_limit * 0.15 - (time.perf_counter() - start)
        if remaining <= 0:
            break
        lp = milp(obj, bounds=bounds, constraints=outer.constraint(), options={"time_limit": remaining})
        if lp.x is None or outer.add_violated(np.asarray(lp.x)) == 0 or watch.stop():
            break
    watch.report("cuts", None, bound)
    best: tuple[float, FloatArray] | None = None
    starts = [rounding(relaxed) if rounding is not None and relaxed is not None else None, incumbent]
    for point in starts:  # first plans (the relaxation rounded, the heuristic levers' plan)
        if point is not None and (best is None or float(obj[:n] @ point) < best[0]):
            best = (float(obj[:n] @ point), point)
    watch.report("first plan", best[0] if best else None, bound)
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        remaining = time_limit - (time.perf_counter() - start)
        if remaining <= 0 or watch.stop():
            break
        res = milp(
            obj,
            integrality=integrality,
            bounds=bounds,
            constraints=outer.constraint(),
            options={"time_limit": remaining, "mip_rel_gap": MILP_GAP},
        )
        if res.status == 2:
            return Solution(STATUS_INFEASIBLE, None, None, None, None, time.perf_counter() - start, rounds)
        if res.x is None:
            break
        dual = getattr(res, "mip_dual_bound", None)
        milp_bound = float(res.fun if dual is None else dual)
        bound = milp_bound if bound is None else max(bound, milp_bound)
        v = np.asarray(res.x)
        added = outer.add_violated(v)
        seconds = time.perf_counter() - start
        if added == 0:  # every cone holds: the MILP's plan is a plan (optimal unless the time ran out)
            value = float(res.fun)
            if best is None or value < best[0]:
                best = (value, v[:n])
            gap = max(best[0] - bound, 0.0) / max(1.0, abs(best[0]))
            done = STATUS_OPTIMAL if res.status == 0 and gap <= OPT_GAP else STATUS_TIME_LIMIT
            return Solution(done, best[0], bound, gap, best[1], seconds, rounds)
        fixed = repair(v[:n]) if repair is not None else None
        if fixed is not None:
            value = float(obj[:n] @ fixed)
            if best is None or value < best[0]:
                best = (value, fixed)
        if best is not None and best[0] - bound <= OPT_GAP * max(1.0, abs(best[0])):
            return Solution(
                STATUS_OPTIMAL, best[0], bound, (best[0] - bound) / max(1.0, abs(best[0])), best[1], seconds, rounds
            )
        watch.report("branch and bound", best[0] if best else None, bound)
    seconds = time.perf_counter() - start
    status = STATUS_CANCELLED if watch.stopped else STATUS_TIME_LIMIT
    if best is not None:
        left = (best[0] - bound) / max(1.0, abs(best[0])) if bound is not None else None
        return Solution(status, best[0], bound, left, best[1], seconds, rounds)
    return Solution(status, None, bound, None, None, seconds, rounds)


def solve(
    built: Built, solver: str, time_limit: float, cost: list[float] | None = None, watch: Watch | None = None
) -> Solution:
    if solver == SOLVER_SCIP:
        return solve_scip(built.model, time_limit, cost, watch)
    if solver == SOLVER_OA:
        given = lever_point(built) if cost is None and not built.slack else None
        return solve_oa(
            built.model, time_limit, cost, repair=lambda v: repair(built, v), incumbent=given, watch=watch,
            rounding=lambda v: rounded_point(built, v, seconds=max(time_limit * 0.2, 1.0)),
        )  # fmt: skip
    raise UsageError(f"未知的求解器：{solver}（可选：{'、'.join(SOLVERS)}）")


def _solve_budget(built: Built, solver: str, time_limit: float, watch: Watch) -> tuple[Solution, list[Solution]]:
    """Lexicographic: most parts passing, then least CV excess, then least cost (three solves)."""
    m = built.model
    start = time.perf_counter()
    phases = []
    watch.label = "1/3"
    first = solve(built, solver, time_limit, watch=watch)
    phases.append(first)
    if first.values is None or first.objective is None or watch.stopped:
        return first, phases
    passing = -round(first.objective)
    m.row(dict.fromkeys(built.passing.values(), 1.0), lb=passing - 0.5)
    excess_cost = [0.0] * m.n
    for key, j in built.slack.items():
        excess_cost[j] = built.slack_weight[key]
    watch.label = "2/3"
    second = solve(built, solver, time_limit - (time.perf_counter() - start), excess_cost, watch)
    phases.append(second)
    if second.values is None or second.objective is None or watch.stopped:
        return second, phases
    excess = max(second.objective, 0.0)
    m.row({j: built.slack_weight[key] for key, j in built.slack.items()}, ub=excess + 1e-9 + 1e-7 * excess)
    money = [0.0] * m.n
    for decision, j in built.x.items():
        money[j] = built.unit_costs[decision]
    watch.label = "3/3"
    third = solve(built, solver, time_limit - (time.perf_counter() - start), money, watch)
    phases.append(third)
    watch.label = ""
    return third, phases


@dataclass(frozen=True)
class InvestmentPlan:
    region: str
    year: int
    variant: str
    budget: float | None
    solver: str
    status: str
    cost: float | None  # 万元
    bound: float | None  # proven lower bound of the objective of the last phase
    gap: float | None
    seconds: float
    parts: list[PartPlan]
    stages: list[StagePlan]
    claimed_parts: list[tuple[str, str]]  # (school code, 学段) the plan says pass
    claimed_cvs: list[tuple[str, str]]  # (学段, indicator) the plan says pass
    staff_years: int
    unit_costs: dict[str, float]
    notes: list[str] = field(default_factory=list)
    phases: list[dict[str, object]] = field(default_factory=list)

    @property
    def feasible(self) -> bool:
        return self.status != STATUS_INFEASIBLE and self.cost is not None

    def as_dict(self) -> dict[str, object]:
        return {
            **self.__dict__,
            "parts": [p.as_dict() for p in self.parts],
            "stages": [s.as_dict() for s in self.stages],
            "claimed_parts": [list(k) for k in self.claimed_parts],
            "claimed_cvs": [list(k) for k in self.claimed_cvs],
        }


def _claims(data: PlanInput, built: Built, v: FloatArray) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    parts = [(data.stages[s].codes[i], data.stages[s].stage) for (s, i), j in built.passing.items() if v[j] > 0.5]
    keys = [i.key for i in data.standard.indicators]
    cvs = [
        (st.stage, keys[k])
        for s, st in enumerate(data.stages)
        for k in range(len(keys))
        if (s, k) not in built.slack or v[built.slack[s, k]] <= 1e-9
    ]
    return parts, cvs


def _claims_hold(
    plans: list[StagePlan], parts: list[PartPlan], claimed: list[tuple[str, str]], cvs: list[tuple[str, str]]
) -> bool:
    ok = {(p.school_code, p.stage) for p in parts if p.passed_after}
    cv_ok = {(s.stage, k) for s in plans for k, passed in s.cv_passed_after.items() if passed}
    return set(claimed) <= ok and set(cvs) <= cv_ok


def plan_investment(
    data: PlanInput,
    options: Options,
    solver: str = SOLVER_SCIP,
    time_limit: float = 60.0,
    *,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> InvestmentPlan:
    """The optimal plan of ``options.variant`` for the county ``data`` (or the best found within the time).

    ``progress`` is called with a ``Progress`` after each phase (and each MILP round / new SCIP plan);
    ``cancel`` is asked between them and, once it returns True, the solve stops with the best plan found so far
    (status ``cancelled``, still checked by the assessment) — hooks for a background job queue."""
    start = time.perf_counter()
    watch = Watch(progress, cancel)
    factor = 1.0
    notes: list[str] = []
    if any(st.blank.any() for st in data.stages):
        notes.append("普查表中为空的指标分子按 0 计入测算；方案把新增量写入该单元格")
    for attempt in range(4):
        built = build_model(data, options, factor)
        remaining = time_limit - (time.perf_counter() - start)
        if options.variant == VARIANT_BUDGET:
            sol, phases = _solve_budget(built, solver, remaining, watch)
        else:
            sol = solve(built, solver, remaining, watch=watch)
            phases = [sol]
        phase_info: list[dict[str, object]] = [
            {"status": p.status, "objective": p.objective, "bound": p.bound, "gap": p.gap, "seconds": p.seconds}
            for p in phases
        ]
        if sol.values is None:
            seconds = time.perf_counter() - start
            stages, _ = evaluate(data, [np.zeros_like(st.numerators) for st in data.stages])
            if sol.status == STATUS_INFEASIBLE:
                notes.append("在登记的容量限制下无法使所有学校和差异系数达标")
            return InvestmentPlan(
                data.region, data.year, options.variant, options.budget, solver, sol.status, None, sol.bound,
                sol.gap, seconds, [], stages, [], [], options.staff_years, dict(options.costs), notes, phase_info,
            )  # fmt: skip
        additions, parts, cost = read_plan(data, built, sol.values)
        stages, _ = evaluate(data, additions)
        claimed, cvs = _claims(data, built, sol.values)
        watch.report("check", sol.objective, sol.bound)
        out_of_time = time_limit - (time.perf_counter() - start) < 1.0 or watch.stopped
        if _claims_hold(stages, parts, claimed, cvs) or attempt == 3 or out_of_time:
            if not _claims_hold(stages, parts, claimed, cvs):  # keep only what the assessment confirms
                held = {(p.school_code, p.stage) for p in parts if p.passed_after}
                claimed = [c for c in claimed if c in held]
                cv_held = {(x.stage, k) for x in stages for k, ok in x.cv_passed_after.items() if ok}
                cvs = [c for c in cvs if c in cv_held]
                notes.append("方案中个别学校或差异系数复核未通过（求解器容差），已如实标出")
            if attempt:
                notes.append(f"求解器容差使差异系数略超上限，已收紧上限重解 {attempt} 次")
            return InvestmentPlan(
                data.region, data.year, options.variant, options.budget, solver, sol.status, cost, sol.bound,
                sol.gap, time.perf_counter() - start, parts, stages, claimed, cvs, options.staff_years,
                dict(options.costs), notes, phase_info,
            )  # fmt: skip
        factor *= 1.0 - 1e-6 * 10**attempt
    raise AssertionError("unreachable")
