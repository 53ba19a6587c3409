"""The investment plan on small hand-made counties: the optimum known by hand and by enumeration, both solver
routes agreeing, and every plan checked by re-running the real assessment on the census with the plan applied."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pandas as pd
import pytest

from eduplan.core.investment import (
    VARIANT_BUDGET,
    Options,
    apply_plan,
    least_total_addition,
    plan_input,
)
from eduplan.core.investment_solve import (
    SOLVER_OA,
    SOLVER_SCIP,
    STATUS_CANCELLED,
    STATUS_INFEASIBLE,
    STATUS_OPTIMAL,
    InvestmentPlan,
    Progress,
    plan_investment,
)
from eduplan.core.quality_balance import assess_quality_balance, judge_schools
from eduplan.core.weighted_cv import coefficient_of_variation
from eduplan.demo.investment import synthetic_county
from eduplan.standards.investment import default_costs

from .qb_county import COUNTY, school, stage

YEAR = 2023
ROUTES = (SOLVER_OA, SOLVER_SCIP)


def county(changes: dict[str, dict[str, Any]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """小学 schools of 1000 pupils, each at every threshold (qb_county.AT_THRESHOLD) except ``changes``,
    with 60 专任教师 each."""
    schools = pd.DataFrame([school(code) for code in changes])
    stages = pd.DataFrame([stage(code, teachers=60, **extra) for code, extra in changes.items()])
    return schools, stages


def solve(frames: tuple[pd.DataFrame, pd.DataFrame], solver: str, **options: Any) -> InvestmentPlan:
    schools, stages = frames
    data = plan_input(schools, stages, region=COUNTY, year=YEAR)
    return plan_investment(data, Options(**options), solver=solver, time_limit=20)


def reassess(frames: tuple[pd.DataFrame, pd.DataFrame], plan: InvestmentPlan) -> Any:
    """The real assessment on the census with the plan applied."""
    schools, stages = frames
    return assess_quality_balance(schools, apply_plan(stages, plan.parts), region=COUNTY, year=YEAR)


def assert_claims_hold(frames: tuple[pd.DataFrame, pd.DataFrame], plan: InvestmentPlan) -> None:
    result = reassess(frames, plan)
    passed = {(s.school_code, s.stage) for st in result.stages.values() for s in st.schools if s.passed}
    assert set(plan.claimed_parts) <= passed
    for stage_name, key in plan.claimed_cvs:
        assert result.stages[stage_name].cv_passed[key], (stage_name, key, result.stages[stage_name].cv[key])


@pytest.mark.parametrize("solver", ROUTES)
def test_one_qualified_pe_teacher_counts_twice_and_is_the_cheapest_fix(solver: str) -> None:
    # B has 41 of 42 qualified teachers, 8 of 9 PE/art teachers and 22 of 23 multimedia rooms: three indicators
    # below the threshold, so two must be raised (the third may stay, at ≥ 85%). A 本科 PE teacher (12 万元)
    # raises the two teacher indicators at once; a PE teacher (10) + a room (3) costs 13, a qualified teacher
    # (12) + a room 15. Optimum 12.
    frames = county({"A": {}, "B": {"teachers_above_required": 41, "pe_teachers": 3, "multimedia_rooms": 22}})
    plan = solve(frames, solver)
    assert plan.status == STATUS_OPTIMAL
    assert plan.cost == pytest.approx(12.0)
    b = next(p for p in plan.parts if p.school_code == "B")
    assert b.additions == {"teacher_above_pe_art": 1.0}
    assert b.exempt == "multimedia_rooms_per100"
    assert_claims_hold(frames, plan)


def test_the_double_counting_optimum_is_confirmed_by_enumeration() -> None:
    # Every combination of 0–2 units of the three teacher posts and of rooms at B (81 plans), each judged by the
    # assessment's school rule (``judge_schools``) on B's seven values.
    costs = default_costs()
    prices = np.array([12.0, 12.0, 10.0, costs["multimedia_room"]])  # 本科 PE, 本科 other, PE, room
    combos = np.array(list(itertools.product(range(3), repeat=4)), dtype=float)
    at = np.array([4.2, 1.0, 0.9, 4.5, 7.5, 2000.0, 2.3])  # thresholds = A's values (1000 pupils)
    values = np.tile(at, (len(combos), 1))
    values[:, 0] = (41 + combos[:, 0] + combos[:, 1]) / 10
    values[:, 2] = (8 + combos[:, 0] + combos[:, 2]) / 10
    values[:, 6] = (22 + combos[:, 3]) / 10
    _, _, passed = judge_schools(values, at, 6, 0.85)
    assert (combos[passed] @ prices).min() == pytest.approx(12.0)
    assert combos[passed][np.argmin(combos[passed] @ prices)].tolist() == [1, 0, 0, 0]


@pytest.mark.parametrize("solver", ROUTES)
def test_two_short_indicators_one_raised_the_other_left_at_85_percent(solver: str) -> None:
    # C: sports 6300 ㎡ (84%) and equipment 180 万元 (90%). One must reach 100%, the other ≥ 85%:
    # equipment +20 万元 and sports +75 ㎡ × 0.04 = 3 → 23; or sports +1200 ㎡ = 48 with equipment left at 90%.
    frames = county({"A": {}, "C": {"sports_area": 6300.0, "equipment_value": 180.0}})
    plan = solve(frames, solver)
    assert plan.cost == pytest.approx(23.0)
    c = next(p for p in plan.parts if p.school_code == "C")
    assert c.additions == {"equipment": 20.0, "sports_ground_new": 75.0}
    assert c.exempt == "sports_area_per_student"
    assert_claims_hold(frames, plan)
    schools, stages = frames
    short = apply_plan(stages, plan.parts)
    short.loc[short["school_code"] == "C", "sports_area"] -= 1  # one ㎡ less: 84.99%, fails
    result = assess_quality_balance(schools, short, region=COUNTY, year=YEAR)
    assert not next(s for s in result.stages["小学"].schools if s.school_code == "C").passed


def _rooms_county() -> tuple[pd.DataFrame, pd.DataFrame]:
    # Four schools pass the school rule; D has 80 multimedia rooms for 1000 pupils, the others 23 each:
    # values 2.3, 2.3, 2.3, 8.0 per 100: mean 3.725, variance (3 × 1.425² + 4.275²) / 4 = 6.091875,
    # weighted CV 0.6626 > 0.50.
    return county({"A": {}, "B": {}, "C": {}, "D": {"multimedia_rooms": 80}})


def test_the_rooms_county_fails_its_cv_by_hand() -> None:
    schools, stages = _rooms_county()
    assert coefficient_of_variation(np.array([2.3, 2.3, 2.3, 8.0]), np.ones(4)).cv == pytest.approx(
        6.091875**0.5 / 3.725
    )
    result = assess_quality_balance(schools, stages, region=COUNTY, year=YEAR)
    assert not result.stages["小学"].cv_passed["multimedia_rooms_per100"]


@pytest.mark.parametrize("solver", ROUTES)
def test_a_failing_cv_is_fixed_with_the_fewest_rooms_found_by_enumeration(solver: str) -> None:
    # Only multimedia_room adds to this indicator, so the enumeration over rooms at A, B, C (0–12 each)
    # finds the optimum: with x = 2.3 + a/10 for all three, CV = √3(8 − x)/(3x + 8) ≤ 0.5 needs x ≥ 3.0495,
    # i.e. 22.5 rooms in all → 23 rooms (69 万元); several splits of 23 pass.
    frames = _rooms_county()
    plan = solve(frames, solver)
    assert plan.status == STATUS_OPTIMAL
    rooms = {p.school_code: p.additions.get("multimedia_room", 0.0) for p in plan.parts}
    best = None
    for a, b, c in itertools.product(range(13), repeat=3):
        values = np.array([2.3 + a / 10, 2.3 + b / 10, 2.3 + c / 10, 8.0])
        if (coefficient_of_variation(values, np.ones(4)).cv or 1.0) <= 0.5 and (best is None or a + b + c < best):
            best = a + b + c
    assert best == 23
    assert sum(rooms.values()) == best
    assert plan.cost == pytest.approx(23 * 3.0)
    assert rooms["D"] == 0.0  # raising the school above the mean would only widen the spread
    assert_claims_hold(frames, plan)


def test_least_total_addition_is_the_water_filling_bound() -> None:
    # The rooms county: three schools raised together to x = 3.0495 per 100 need 22.48 rooms in all.
    need = least_total_addition(np.array([23.0, 23.0, 23.0, 80.0]), np.full(4, 1000.0), 0.5)
    x = (8 * np.sqrt(3) - 4) / (1.5 + np.sqrt(3))  # solves √3(8 − x) = 0.5(3x + 8)
    assert need == pytest.approx(3 * (x - 2.3) * 10, rel=1e-6)


@pytest.mark.parametrize("solver", ROUTES)
def test_a_budget_lets_the_most_schools_pass(solver: str) -> None:
    # Failing schools: B needs 1 room (3 万元: 22 rooms, and a second indicator short), C needs 10 万元 of
    # equipment... each fix costed by hand below; a 15 万元 budget passes B and C, not D (20 万元).
    frames = county(
        {
            "A": {},
            "B": {"multimedia_rooms": 22, "backbone_teachers": 9},  # 1 room (3) or 1 designation (0.6)
            "C": {"equipment_value": 190.0, "sports_area": 7000.0},  # 10 万元 equipment or 500 ㎡ (20)
            "D": {"equipment_value": 180.0, "teaching_aux_area": 4000.0},  # 20 万元 or 500 ㎡ (125)
        }
    )
    plan = solve(frames, solver, variant=VARIANT_BUDGET, budget=15.0)
    assert plan.status == STATUS_OPTIMAL
    passing = {p.school_code for p in plan.parts if p.passed_after}
    assert passing == {"A", "B", "C"}
    assert plan.cost == pytest.approx(0.6 + 10.0)  # the cheapest way to pass B and C, after the most passing
    assert_claims_hold(frames, plan)


def test_a_school_that_may_not_build_cannot_pass() -> None:
    frames = county({"A": {}, "B": {"teaching_aux_area": 3000.0, "sports_area": 6000.0}})
    plan = solve(
        frames,
        SOLVER_OA,
        capacities={("B", "小学"): {"teaching_room_new": 100.0, "sports_ground_new": 100.0}},
    )
    assert plan.status == STATUS_INFEASIBLE
    assert plan.cost is None


def test_renovation_is_used_where_recorded_and_posts_are_capped() -> None:
    # B lacks 500 ㎡ of teaching rooms and 2 qualified teachers. With 300 ㎡ renovatable (800 元/㎡) the rest
    # new (2500 元/㎡): 300 × 0.08 + 200 × 0.25 = 74; the teachers (24) too, or B stays at 85%... both indicators
    # short: 4000/4500 = 88.9%, 40/42 = 95.2% → raise one. Teachers: 2 × 12 = 24 < rooms 74 → rooms stay.
    frames = county({"A": {}, "B": {"teaching_aux_area": 4000.0, "teachers_above_required": 40}})
    caps = {("B", "小学"): {"teaching_room_renovation": 300.0}}
    plan = solve(frames, SOLVER_OA, capacities=caps)
    b = next(p for p in plan.parts if p.school_code == "B")
    # two 本科 teachers (a PE one costs the same by default, so either kind is optimal), no rooms
    assert set(b.additions) <= {"teacher_above", "teacher_above_pe_art"}
    assert sum(b.additions.values()) == 2.0
    assert plan.cost == pytest.approx(24.0)
    # No vacant posts: the rooms must come, renovation first.
    caps = {("B", "小学"): {"teaching_room_renovation": 300.0, "posts": 0.0}}
    plan = solve(frames, SOLVER_OA, capacities=caps)
    b = next(p for p in plan.parts if p.school_code == "B")
    assert b.additions == {"teaching_room_renovation": 300.0, "teaching_room_new": 200.0}
    assert plan.cost == pytest.approx(74.0)
    assert_claims_hold(frames, plan)


def test_both_routes_agree_on_a_synthetic_county_and_the_plan_passes() -> None:
    schools, stages = synthetic_county(10, seed=2, county=COUNTY, centres=0)
    data = plan_input(schools, stages, region=COUNTY, year=YEAR)
    plans = {s: plan_investment(data, Options(), solver=s, time_limit=20) for s in ROUTES}
    costs = [p.cost for p in plans.values()]
    assert all(p.status == STATUS_OPTIMAL for p in plans.values())
    assert costs[0] == pytest.approx(costs[1], rel=2e-4)
    for plan in plans.values():
        result = assess_quality_balance(schools, apply_plan(stages, plan.parts), region=COUNTY, year=YEAR)
        assert result.resource_passed


@pytest.mark.parametrize("solver", ROUTES)
def test_a_solve_reports_progress_and_a_cancelled_one_keeps_its_best_plan(solver: str) -> None:
    # The hooks a background job plugs in: progress after each phase, cancel asked between them.
    schools, stages = _rooms_county()
    data = plan_input(schools, stages, region=COUNTY, year=YEAR)
    seen: list[Progress] = []
    plan = plan_investment(data, Options(), solver=solver, time_limit=20, progress=seen.append, cancel=lambda: False)
    assert plan.status == STATUS_OPTIMAL and plan.cost == pytest.approx(69.0)
    assert seen and seen[-1].phase == "check" and seen[-1].objective == pytest.approx(69.0)
    assert all(b.seconds >= a.seconds for a, b in itertools.pairwise(seen))
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return True

    stopped = plan_investment(data, Options(), solver=solver, time_limit=20, cancel=cancel)
    assert asked
    assert stopped.status in (STATUS_CANCELLED, STATUS_OPTIMAL)  # SCIP may prove optimality at its root node
    if stopped.parts:  # whatever plan it kept is checked by the assessment like any other
        assert_claims_hold((schools, stages), stopped)


def test_the_oa_route_cancelled_before_branching_keeps_the_rounded_relaxation() -> None:
    # Cancelled at the first question (after the relaxation and its rounding): the rounded plan is kept, a
    # feasible plan (every CV re-checked by the assessment) that costs at least the proven optimum 69.
    frames = _rooms_county()
    data = plan_input(*frames, region=COUNTY, year=YEAR)
    plan = plan_investment(data, Options(), solver=SOLVER_OA, time_limit=20, cancel=lambda: True)
    assert plan.status == STATUS_CANCELLED
    assert plan.cost is not None and plan.cost >= 69.0 - 1e-9
    assert_claims_hold(frames, plan)
    assert reassess(frames, plan).resource_passed
