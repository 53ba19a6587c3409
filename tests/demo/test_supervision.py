"""The demo term of supervision, counted by hand from the script in ``eduplan.demo.supervision``.

Twelve schools (the demo clerk's first): positions 4 and 9 are never visited, so 校校到 is 10 of 12; seven
rectifications — fire, signs, culture closed after 复查 (37, 30 and 46 days), fees reported and waiting, homework
returned and not answered again, food and canteen never answered — so three are overdue after the term.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from eduplan.demo.supervision import demo_supervision, png

SCHOOLS = [f"44180200{i:02d}" for i in range(1, 13)]
AFTER_TERM = dt.date(2024, 3, 1)


def test_the_script_follows_the_hand_count() -> None:
    script = demo_supervision(SCHOOLS, AFTER_TERM)
    visited = {v.school_code for v in script.visits}
    assert sorted(set(SCHOOLS) - visited) == [SCHOOLS[4], SCHOOLS[9]]
    assert len(script.visits) == 12  # 10 regular, a 食堂 专项督导 and a 回头看
    assert [i.name for i in script.inspectors] == ["陈督学", "林督学"]
    assert script.inspectors[0].schools == tuple(SCHOOLS[:6])
    findings = [f.key for v in script.visits for f in v.findings]
    assert sorted(findings) == ["canteen", "culture", "fees", "fire", "food", "homework", "signs"]
    assert [p.name for p in script.plans] == ["2023年秋季学期", "2024年春季学期"]
    due = script.plans[1].dues
    assert {d[0] for d in due} == set(SCHOOLS[:6]) and {d[3] for d in due} == {dt.date(2024, 3, 15)}


def test_the_photos_are_real_pngs() -> None:
    image = png(4, 2, (255, 0, 0), (0, 0, 255))
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and image[12:16] == b"IHDR"


@pytest.mark.django_db
def test_played_into_the_store_it_gives_the_hand_counted_figures(world: Any) -> None:
    from eduplan.demo.stored import do_load_demo_supervision
    from eduplan.store.models import Region
    from eduplan.store.models.supervision import SupervisionPlan
    from eduplan.store.registry import do_open_school
    from eduplan.store.supervision import term_figures

    for i in range(5, 14):  # nine more schools beside the world's three open in 2023
        do_open_school(f"44180200{i:02d}", 2020, name=f"第{i}小学", region_id=world.town_dongcheng,
                       school_type="初级中学", sponsor="公办", urban_rural="城区")  # fmt: skip
    do_open_school(
        "4418020099",
        2020,
        name="幼儿园",
        region_id=world.town_dongcheng,
        school_type="幼儿园",
        sponsor="公办",
        urban_rural="城区",
    )  # fmt: skip  (kindergartens are not in the plan)
    county = Region.objects.get(code=world.county)
    done = do_load_demo_supervision(county, world.new_school, AFTER_TERM)
    assert done == {"inspectors": 2, "visits": 12, "rectifications": 7}
    figures = term_figures(SupervisionPlan.objects.get(name="2023年秋季学期"), AFTER_TERM)
    assert figures["coverage"]["schools"] == 12 and figures["coverage"]["covered"] == 10
    assert figures["rectifications"] == {
        "total": 7, "open": 2, "reported": 1, "returned": 1, "closed": 3, "overdue": 3
    }  # fmt: skip
    assert figures["time_to_close"] == {"closed": 3, "median_days": 37, "mean_days": 37.7, "max_days": 46}
    assert [a["kind"] for a in figures["actions"]] == ["约谈", "约谈", "通报", "表扬"]
    # food at position 0 (新城小学, put first), homework at 1 (城南小学) and canteen at 2 (河西小学)
    overdue = sorted((o["school_code"], o["severity"]) for o in figures["overdue"])
    assert overdue == [(world.open_school, "较重"), (world.moved_school, "严重"), (world.new_school, "一般")]
    assert figures["by_severity"] == {"一般": 3, "较重": 2, "严重": 2}


def test_the_built_demo_has_the_hand_counted_term(demo_env: dict[str, str]) -> None:
    """The store `eduplan demo` builds: two 清城区 中小学 never visited, three rectifications overdue."""
    db = sqlite3.connect(Path(demo_env["EDUPLAN_VAR"]) / "eduplan.sqlite3")
    schools = {
        code
        for (code,) in db.execute(
            "SELECT school_id FROM store_schoolversion WHERE region_id LIKE '441802%' AND school_type <> '幼儿园' "
            "AND valid_from <= 2023 AND (valid_to IS NULL OR valid_to > 2023)"
        )
    }
    visited = {code for (code,) in db.execute("SELECT DISTINCT school_code FROM store_visit")}
    assert len(schools - visited) == 2 and visited <= schools
    states = dict(db.execute("SELECT state, COUNT(*) FROM store_rectification GROUP BY state"))
    assert states == {"closed": 3, "reported": 1, "returned": 1, "open": 2}
    evidence = db.execute("SELECT COUNT(*), MIN(content_type) FROM store_evidence").fetchone()
    assert evidence == (8, "image/png")  # five visits with findings, the canteen visit, two replies
