"""Benchmark (and acceptance check): the two solver routes of the investment plan on every demo county.

Generating the demo census takes ~30 s on a busy machine, too slow for a unit test, so the issue's acceptance
point "on the demo counties the two solver routes agree on the objective" is checked here: for each county of
``eduplan.demo.profiles.PROFILES`` (school year ``--year``), the least-cost plan with route ``oa`` (HiGHS + outer
approximation) and route ``scip`` (SCIP on the cones), each with ``--time-limit``; prints the parts, the CVs over
their limit, each route's status, cost, proven bound and time, whether the costs agree (within ``OPT_GAP`` where
both proved optimality; otherwise whether each one's plan lies within the other's bound), and whether the real
assessment passes on the census with each plan applied. Exits 1 if two proven optima disagree or a plan fails
its re-assessment.

Run: .venv/bin/python bench/bench_investment_demo.py [--year 2023] [--time-limit 60] [--county 441825]
"""

from __future__ import annotations

import argparse
import sys
import time

from eduplan.core.investment import Options, apply_plan, plan_input
from eduplan.core.investment_solve import OPT_GAP, SOLVER_OA, SOLVER_SCIP, STATUS_OPTIMAL, plan_investment
from eduplan.core.quality_balance import assess_quality_balance
from eduplan.demo.profiles import PROFILES
from eduplan.demo.province import generate_demo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--year", type=int, default=2023)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--county", action="append", help="only these county codes (repeatable)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    census = generate_demo(years=range(args.year, args.year + 1)).census[args.year]
    print(f"demo census {args.year}: {time.perf_counter() - t0:.1f} s")
    failures = 0
    for profile in PROFILES:
        if args.county and profile.code not in args.county:
            continue
        data = plan_input(census.schools, census.stages, region=profile.code, year=args.year)
        sizes = ", ".join(f"{st.stage} {len(st.codes)}" for st in data.stages)
        plans = {}
        for solver in (SOLVER_OA, SOLVER_SCIP):
            start = time.perf_counter()
            plans[solver] = plan = plan_investment(data, Options(), solver=solver, time_limit=args.time_limit)
            passed = None
            if plan.parts:
                stages = apply_plan(census.stages, plan.parts)
                again = assess_quality_balance(census.schools, stages, region=profile.code, year=args.year)
                passed = again.resource_passed
                failures += not passed
            plans[solver + "_line"] = (
                f"  {solver:<4} {plan.status:<10} cost {plan.cost} bound {plan.bound and round(plan.bound, 2)} "
                f"{time.perf_counter() - start:5.1f} s  re-assessed passes: {passed}"
            )
        over = "; ".join(
            f"{s.stage} {k} {v:.3f}" for s in plans[SOLVER_OA].stages for k, v in s.cv_before.items()
            if v is not None and v > s.cv_limit
        )  # fmt: skip
        print(f"{profile.code} ({sizes} parts; CVs over the limit: {over or 'none'})")
        print(plans[SOLVER_OA + "_line"])
        print(plans[SOLVER_SCIP + "_line"])
        oa, scip = plans[SOLVER_OA], plans[SOLVER_SCIP]
        if oa.status == STATUS_OPTIMAL and scip.status == STATUS_OPTIMAL and oa.cost and scip.cost:
            diff = abs(oa.cost - scip.cost) / max(oa.cost, scip.cost)
            ok = diff <= OPT_GAP
            failures += not ok
            print(f"  both proven optimal: {'agree' if ok else 'DISAGREE'} (relative difference {diff:.2e})")
        else:
            consistent = all(
                a.cost is None or b.bound is None or a.cost >= b.bound * (1 - 1e-6) for a, b in ((oa, scip), (scip, oa))
            )
            failures += not consistent
            print(f"  not both proven; each plan within the other's bound: {consistent}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
