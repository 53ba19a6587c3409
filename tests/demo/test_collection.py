"""The demo's collection (eduplan.demo.collection): the plan counted by hand, and the seeded submissions on the web
test world (tests/web/world.py: 清城区 2023 has 城南小学, 河西小学 and 新城小学)."""

from __future__ import annotations

from typing import Any

import pytest

from eduplan.demo.collection import RETURN_REASON, demo_collection
from tests.web.world import WebWorld, build

CODES = [f"44180200{i:02d}" for i in range(1, 22)]  # 21 schools


def test_the_plan_follows_the_hand_count() -> None:
    plan = demo_collection(CODES, seed=7, keep=CODES[0])
    # 20 schools besides the kept one: 45 % = 9 approved, 20 % = 4 awaiting review, 1 returned, 5 % = 1 draft.
    assert (len(plan.approved), len(plan.submitted), len(plan.returned), len(plan.drafts)) == (9, 4, 1, 1)
    states = [*plan.approved, *plan.submitted, *plan.returned, *plan.drafts]
    assert len(set(states)) == 15 and CODES[0] not in states
    assert demo_collection(list(reversed(CODES)), seed=7, keep=CODES[0]) == plan  # the order given does not matter


@pytest.fixture
def web(world: Any, settings: Any) -> WebWorld:
    return build(world.county)


@pytest.mark.django_db
def test_the_seeded_submissions_fill_the_completeness_page(web: WebWorld) -> None:
    from eduplan.demo.stored import do_load_demo_collection
    from eduplan.store.collection import completeness
    from eduplan.store.models import CensusSubmission, CensusVersion, Region
    from eduplan.store.registry import versions_in_year

    # Two schools besides the clerk's: round(0.9) = 1 approved, round(0.4) = 0 submitted, 1 returned, 0 drafts.
    counts = do_load_demo_collection(web.county, 2023, seed=7, clerk_school=web.school)
    assert counts == {"approved": 1, "submitted": 0, "returned": 1, "draft": 0}
    county = Region.objects.get(code=web.county)
    result = completeness(2023, versions_in_year(2023, web.county), county)
    assert (result.total.total, result.total.counts) == (
        3,
        {"submitted": 0, "approved": 1, "returned": 1, "missing": 1},
    )
    chase = sorted((v.name, state, reason) for v, state, reason in result.chase)
    assert chase == [("城南小学", "missing", ""), ("新城小学", "returned", RETURN_REASON)]  # the clerk's is left
    returned = CensusSubmission.objects.get(status="returned")
    assert returned.return_reason == RETURN_REASON
    approved = CensusSubmission.objects.get(status="approved")
    assert approved.school_code == web.sibling_school  # 河西小学
    live = CensusVersion.objects.get(year=2023, is_current=True)
    assert approved.live_version == live and CensusVersion.objects.filter(year=2023).count() == 1  # no new version
    assert approved.data["学段"][0]["school_code"] == approved.school_code and approved.findings == []
