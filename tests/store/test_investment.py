"""Investment scenarios on the stored census: unit costs versioned and audited (town rates applied to the town's
schools), the scenario kept as a run and checked by re-running the assessment."""

from __future__ import annotations

import pytest

from eduplan.errors import UsageError
from eduplan.store.investment import do_plan_investment, do_set_unit_costs, unit_costs_for
from eduplan.store.models import AnalysisRun, AuditEntry
from tests.store.test_assessments import load_2023


def test_unit_costs_are_versioned_and_audited(world) -> None:  # type: ignore[no-untyped-def]
    assert unit_costs_for(world.county, 2023).number is None  # the defaults
    do_set_unit_costs(world.county, 2023, {"sports_ground_new": 0.05}, note="2023 预算")
    second = do_set_unit_costs(world.county, 2023, {"sports_ground_new": "0.06"}, staff_years=3)
    current = unit_costs_for(world.county, 2023)
    assert (second.number, current.number, current.costs["sports_ground_new"], current.staff_years) == (2, 2, 0.06, 3)
    assert current.costs["multimedia_room"] == 3.0  # not given: the default
    entries = AuditEntry.objects.filter(action="unit_costs.set").order_by("id")
    assert [e.after["sports_ground_new"] for e in entries] == [0.05, 0.06]
    assert entries[1].before["sports_ground_new"] == 0.05


@pytest.mark.parametrize(
    ("costs", "message"),
    [({"sports_ground_new": -1}, "不小于 0"), ({"no_such": 1}, "没有单价项目"), ({"equipment": "x"}, "应为数字")],
)
def test_bad_unit_costs_are_refused_and_nothing_is_stored(world, costs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match=message):
        do_set_unit_costs(world.county, 2023, costs)
    assert unit_costs_for(world.county, 2023).number is None


def test_a_scenario_is_kept_and_its_plan_passes_the_assessment(world) -> None:  # type: ignore[no-untyped-def]
    # 河西小学 (东城街道) has 6300 ㎡ of sports ground for 1000 pupils (84%): +75 ㎡ to reach 85%.
    # 东城街道 records its own sports-ground rate, 500 元/㎡: 75 × 0.05 = 3.75 万元.
    load_2023(world)
    do_set_unit_costs(world.town_dongcheng, 2023, {"sports_ground_new": 0.05})
    payload, run = do_plan_investment(world.county, 2023, name="方案一")
    assert payload["status"] == "optimal" and payload["cost"] == pytest.approx(3.75)
    moved = next(p for p in payload["parts"] if p["school_code"] == world.moved_school)
    assert moved["additions"] == {"sports_ground_new": 75.0}
    assert payload["reassessed"]["resource_passed"] is True
    stored = AnalysisRun.objects.get(pk=run.pk)
    assert (stored.kind, stored.passed, stored.parameters["name"]) == ("investment", True, "方案一")


def test_a_budget_scenario_needs_a_budget(world) -> None:  # type: ignore[no-untyped-def]
    load_2023(world)
    with pytest.raises(UsageError, match="预算"):
        do_plan_investment(world.county, 2023, variant="budget")
    payload, _ = do_plan_investment(world.county, 2023, variant="budget", budget=2.0)
    assert payload["cost"] == 0.0  # 3 万元 (75 ㎡ at 400 元) is over the budget: nothing bought
    assert sum(p["passed_after"] for p in payload["parts"]) == 2
