"""One county verdict: the city page, the county page, the API and the report read the same store function."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from eduplan.standards.quality_balance import STANDARD
from eduplan.store.assessments import assess, do_record_manual_item
from eduplan.store.models import Region
from tests.web.conftest import client_for
from tests.web.world import CITY_ANALYST, WebWorld

CITY = "441800"


def _summary(result: dict[str, Any] | None) -> tuple[Any, ...]:
    """What a reader takes from a verdict: passed, its words, each hand-recorded item's status, each 学段's CVs."""
    if result is None:
        return (None,)
    items = tuple((i["key"], i["status"]) for i in result["items"])
    stages = tuple((s, st["passed"], tuple(sorted(st["cv"].items()))) for s, st in sorted(result["stages"].items()))
    return result["passed"], result["verdict"], items, stages


@pytest.mark.django_db
def test_city_county_api_and_report_agree_on_every_county(web: WebWorld) -> None:
    # 清城区 has recorded one item as not met: every reader must show it as not met, none as pending.
    do_record_manual_item(STANDARD.id, "gov_01_layout", web.county, 2023, status="未达标", evidence="布局规划未批复")
    do_record_manual_item(STANDARD.id, "gov_02_unified", web.other_county, 2023, status="达标")
    client = client_for(CITY_ANALYST)
    city = client.get(reverse("assessments", kwargs={"region": CITY, "year": 2023}))
    assert city.status_code == 200
    city_verdicts = {v.county.code: _summary(v.result) for v in city.context["verdicts"]}
    api = json.loads(client.get(reverse("api_quality_balance", kwargs={"code": CITY, "year": 2023})).content)
    api_verdicts = {row["county_code"]: row["result"] for row in api}
    counties = sorted(Region.objects.filter(level="county", code__startswith="4418").values_list("code", flat=True))
    assert counties == [web.county, web.other_county]
    assert sorted(city_verdicts) == counties
    for code in counties:
        page = client.get(reverse("assessments", kwargs={"region": code, "year": 2023}))
        [county] = page.context["verdicts"]
        own_api = json.loads(client.get(reverse("api_quality_balance", kwargs={"code": code, "year": 2023})).content)
        report, _ = assess("balanced", code, 2023)  # what the report is built from
        expected = _summary(county.result)
        assert city_verdicts[code] == expected, code
        assert _summary(api_verdicts[code]) == expected, code
        assert _summary(own_api[0]["result"]) == expected, code
        assert _summary(report) == expected, code
    # The hand-recorded item is not met everywhere, so 清城区 is not passed (and not pending) on the city page too.
    items = dict(city_verdicts[web.county][2])
    assert items["gov_01_layout"] == "not_met"
    assert city_verdicts[web.county][0] is False
    assert dict(city_verdicts[web.other_county][2])["gov_02_unified"] == "met"
