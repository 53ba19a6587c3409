"""Benchmark: the exact 优质均衡 investment plan of a synthetic county against today's heuristic levers.

County: ``eduplan.demo.investment.synthetic_county`` (default 300 schools: 小学, 初中, 九年一贯制 with 全校 rows,
教学点, a few rich town-centre schools that push some CVs over their limits).

1. Exact: ``plan_investment`` (route ``oa`` unless ``--solver scip``) with ``--time-limit``; prints the solve time,
   status, proven lower bound, gap and cost, and re-runs the real assessment on the census with the plan applied.
2. Heuristic (what eduplan offered before, ``core.gap_to_pass``): each failing school's smallest additions
   (the assessment's ``gap``), then, while a CV fails, its best levers (``cv_gaps``) applied, assessment re-run;
   every addition costed at the cheapest unit cost of its indicator (no teacher counted twice).
3. Prints both costs and their ratio; the exact plan must never cost more than a heuristic plan that passes.

Run: .venv/bin/python bench/bench_investment.py [--schools 300] [--time-limit 60] [--seed 1] [--solver oa]
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from eduplan.core.investment import Options, apply_plan, plan_input
from eduplan.core.investment_solve import Progress, plan_investment
from eduplan.core.quality_balance import assess_quality_balance
from eduplan.demo.investment import synthetic_county
from eduplan.standards.investment import default_costs

COUNTY = "449901"
# indicator → (census column receiving the addition, 万元 per unit of addition at the cheapest resource)
COSTS = default_costs()
LEVER = {
    "teachers_above_required_per100": ("teachers_above_required", COSTS["teacher_above_required"]),
    "backbone_teachers_per100": ("backbone_teachers", COSTS["backbone_designation"]),
    "pe_art_teachers_per100": ("pe_teachers", COSTS["teacher_required"] + COSTS["pe_art_extra"]),
    "teaching_aux_area_per_student": ("teaching_aux_area", COSTS["teaching_room_new"]),
    "sports_area_per_student": ("sports_area", COSTS["sports_ground_new"]),
    "equipment_value_per_student": ("equipment_value", COSTS["equipment"]),
    "multimedia_rooms_per100": ("multimedia_rooms", COSTS["multimedia_room"]),
}


def add(stages: pd.DataFrame, code: str, stage: str, indicator: str, amount: float) -> float:
    column, price = LEVER[indicator]
    row = (stages["school_code"] == code) & (stages["stage"] == stage)
    stages.loc[row, column] = pd.to_numeric(stages.loc[row, column]).fillna(0.0) + amount
    return amount * price


def heuristic(schools: pd.DataFrame, stages: pd.DataFrame, rounds: int = 400) -> tuple[float, bool, int]:
    """Today's levers applied until the county passes (or ``rounds`` CV rounds): (cost, passed, rounds used)."""
    stages = stages.copy()
    result = assess_quality_balance(schools, stages, region=COUNTY, year=2023)
    cost = 0.0
    for name, st in result.stages.items():
        for s in st.schools:
            for a in s.gap:
                cost += add(stages, s.school_code, name, a.indicator, a.amount)
    for used in range(rounds):
        result = assess_quality_balance(schools, stages, region=COUNTY, year=2023)
        if result.resource_passed:
            return cost, True, used
        for name, st in result.stages.items():
            for gap in st.cv_gaps:
                for lever in gap.levers[:1]:
                    cost += add(stages, lever.school_code, name, gap.indicator, lever.addition)
    return cost, False, rounds


def show(p: Progress) -> None:
    gap = "—" if p.gap is None else f"{100 * p.gap:.3f}%"
    print(f"  {p.seconds:6.1f} s  {p.phase:<18} best {p.objective}  bound {p.bound}  gap {gap}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--solver", default="oa", choices=["oa", "scip"])
    parser.add_argument("--verbose", action="store_true", help="print the solver's progress")
    args = parser.parse_args()
    schools, stages = synthetic_county(args.schools, args.seed, COUNTY)
    before = assess_quality_balance(schools, stages, region=COUNTY, year=2023)
    for name, st in before.stages.items():
        cvs = " ".join(f"{v:.2f}" for v in st.cv.values() if v is not None)
        print(
            f"{name}: {sum(s.passed for s in st.schools)}/{len(st.schools)} parts pass; CVs {cvs} (≤{st.cv_threshold})"
        )
    t0 = time.perf_counter()
    data = plan_input(schools, stages, region=COUNTY, year=2023)
    plan = plan_investment(
        data, Options(), solver=args.solver, time_limit=args.time_limit, progress=show if args.verbose else None
    )
    exact_s = time.perf_counter() - t0
    gap = "—" if plan.gap is None else f"{100 * plan.gap:.3f}%"
    bound = "—" if plan.bound is None else f"{plan.bound:.2f}"
    print(
        f"exact ({args.solver}): {exact_s:.1f} s, status {plan.status}, cost {plan.cost} 万元, bound {bound}, gap {gap}"
    )
    if plan.parts:
        again = assess_quality_balance(schools, apply_plan(stages, plan.parts), region=COUNTY, year=2023)
        print(f"  re-assessed with the plan applied: resource allocation passes = {again.resource_passed}")
    t0 = time.perf_counter()
    h_cost, h_passed, used = heuristic(schools, stages)
    print(
        f"heuristic levers: {time.perf_counter() - t0:.1f} s, cost {h_cost:.2f} 万元, passes = {h_passed} ({used} rounds)"
    )
    if plan.cost is not None and h_cost > 0:
        print(f"exact / heuristic cost = {plan.cost / h_cost:.3f}")
        if h_passed and plan.status == "optimal":
            assert plan.cost <= h_cost * (1 + 1e-4), "an optimal plan must not cost more than a passing heuristic"


if __name__ == "__main__":
    main()
