"""What happens to a county's schools over the years: teaching points close, a village school merges,
schools are renamed and move, kindergartens follow births, 教育集团 form. The events leave the
calibration year's counts as the seeds publish them."""

from __future__ import annotations

import numpy as np

from eduplan import contract as c
from eduplan.demo.anchors import ANCHORS
from eduplan.demo.layout import CountyLayout, anchor_school, generic_schools, ordinal, remaining, short_town
from eduplan.demo.profiles import CALIBRATION_YEAR, CountyProfile
from eduplan.demo.schools import CHANGED, CLOSED, MERGED, MOVED, RENAMED, School


def _close_teaching_points(layout: CountyLayout, generic: list[School]) -> None:
    """A quarter of the 教学点 close in 2021-2023 (清远 plans to close all under 20 pupils by 2025, 002
    l.96), and one more closed in the calibration year (it is in the year before only)."""
    tps = [s for s in generic if s.school_type == c.TEACHING_POINT]
    for s in tps[: len(tps) // 4]:
        s.closed, s.end_change = int(layout.rng.choice([2021, 2022, 2023])), CLOSED
    if tps:
        t = layout.pick_town(rural_only=True)
        gone = layout.add(
            f"{layout.profile.name}{t.name}{layout.place()}教学点", c.TEACHING_POINT, t, urban_rural=c.RURAL
        )
        gone.closed, gone.end_change = CALIBRATION_YEAR, CLOSED


def _merge_a_village_school(layout: CountyLayout, generic: list[School]) -> None:
    """One village primary (without 教学点 of its own) merges into its town's central primary."""
    parents = {s.attrs["parent_code"] for s in layout.schools}
    villages = [
        s
        for s in generic
        if s.school_type == c.PRIMARY
        and s.attrs["urban_rural"] == c.RURAL
        and "中心小学" not in s.attrs["name"]
        and s.code not in parents
    ]
    for v in villages:
        town = v.attrs["region_code"]
        centrals = [s for s in layout.schools if s.attrs["region_code"] == town and "中心小学" in s.attrs["name"]]
        if centrals:
            year = int(layout.rng.choice([2021, 2022, 2023]))
            v.closed, v.end_change, v.merged_into = year, MERGED, centrals[0].code
            centrals[0].absorbed.append((year, v))
            return


def _rename_and_move(layout: CountyLayout, generic: list[School]) -> None:
    """A central primary becomes an 实验小学 in 2021; outside Qingcheng (whose moved school is one the
    tests name) a private school moves to another town in 2022."""
    p = layout.profile
    primaries = [s for s in generic if "中心小学" in str(s.attrs["name"])]
    if primaries:
        s = primaries[-1]
        new_name = layout.unique_name(str(s.attrs["name"]).replace("中心小学", "实验小学"))
        s.later.append((2021, RENAMED, {"name": new_name}))
    movers = [s for s in generic if s.sponsor == c.SPONSOR_PRIVATE and s.school_type != c.KINDERGARTEN]
    others = [t for t in p.towns if movers and layout.town_codes[t.name] != movers[0].attrs["region_code"]]
    if movers and others and p.code != "441802":
        to = others[int(layout.rng.integers(len(others)))]
        lon, lat = layout.town_lonlat(to)
        changed = {"region_code": layout.town_codes[to.name], "lon": round(lon, 5), "lat": round(lat, 5)}
        movers[0].later.append((2022, MOVED, changed))


def _kindergartens_follow_births(layout: CountyLayout, generic: list[School]) -> None:
    """Private kindergartens open before the fall in births and some close after it (2022-2023); a
    few are recognised as 普惠 (变更); two closed in the calibration year."""
    p, rng = layout.profile, layout.rng
    private_kg = [s for s in generic if s.school_type == c.KINDERGARTEN and s.sponsor == c.SPONSOR_PRIVATE]
    for s in private_kg[:2]:
        s.founded = CALIBRATION_YEAR
    for s in private_kg[2:]:
        if rng.random() < 0.08:
            s.closed, s.end_change = int(rng.choice([2022, 2023])), CLOSED
    for s in [k for k in private_kg if not k.attrs["inclusive"] and k.closed is None][:3]:
        s.later.append((int(rng.choice([2021, 2022])), CHANGED, {"inclusive": True}))
    for year in (2021, 2022):
        t = layout.pick_town(urban_bias=1.5)
        name = f"{p.name}{short_town(t.name)}{layout.place()}幼儿园"
        layout.add(name, c.KINDERGARTEN, t, c.SPONSOR_PRIVATE, True, founded=year)
    for _ in range(2):
        t = layout.pick_town()
        name = f"{p.name}{short_town(t.name)}{layout.place()}幼儿园"
        gone = layout.add(name, c.KINDERGARTEN, t, c.SPONSOR_PRIVATE, False)
        gone.closed, gone.end_change = CALIBRATION_YEAR, CLOSED


def _history(layout: CountyLayout) -> None:
    """Events around the calibration year that leave its counts as published."""
    generic = [s for s in layout.schools if int(s.code[-3:]) >= 100]  # not the schools the seeds name
    _close_teaching_points(layout, generic)
    _merge_a_village_school(layout, generic)
    _rename_and_move(layout, generic)
    _kindergartens_follow_births(layout, generic)
    p = layout.profile
    crowded = [t for t in p.towns if t.crowded]
    if crowded and p.code != "441802":  # Qingcheng's new schools are the seeds' projects
        town = crowded[0]
        layout.add(f"{p.name}{short_town(town.name)}{layout.place()}小学", c.PRIMARY, town, founded=2022)


def _recent_openings(layout: CountyLayout) -> None:
    """Founding years that reproduce the seeds' openings over the 十三五 (2016-2020)."""
    for kind, first, last, count in layout.profile.recent_openings:
        if kind == "kg_private":
            pool = [s for s in layout.schools if s.school_type == c.KINDERGARTEN and s.sponsor == c.SPONSOR_PRIVATE]
        else:
            pool = [s for s in layout.schools if s.sponsor == c.SPONSOR_PUBLIC and s.school_type != c.TEACHING_POINT]
        pool = [s for s in pool if s.active(CALIBRATION_YEAR) and s.closed is None]
        already = [s for s in pool if first <= s.founded <= last]
        candidates = [s for s in pool if s.founded < first and s.attrs["parent_code"] is None]
        for s in candidates[: max(0, count - len(already))]:
            s.founded = int(layout.rng.integers(first, last + 1))


def _groups(layout: CountyLayout) -> None:
    """教育集团: Huadu's 12 groups over 58 schools and Liwan's 3+6 exist in the calibration year;
    Qingcheng forms its first 3 (the plan's target) in 2022."""
    p = layout.profile
    members = [
        s
        for s in layout.schools
        if s.sponsor == c.SPONSOR_PUBLIC
        and s.school_type in (c.PRIMARY, c.JUNIOR, c.NINE_YEAR)
        and s.active(CALIBRATION_YEAR)
        and s.attrs["parent_code"] is None
    ]
    members.sort(key=lambda s: (s.attrs["urban_rural"] != c.URBAN, s.code))
    if p.education_groups:
        n_groups, n_members = p.education_groups
        chosen = members[:n_members]
        for i, s in enumerate(chosen):
            s.attrs["group_name"] = f"{p.name}第{ordinal(i % n_groups + 1)}教育集团"
    elif p.code == "441802":
        for i, s in enumerate(members[:12]):
            s.later.append((2022, CHANGED, {"group_name": f"{p.name}第{ordinal(i % 3 + 1)}教育集团"}))


def build_county(profile: CountyProfile, town_codes: dict[str, str], rng: np.random.Generator) -> list[School]:
    layout = CountyLayout(profile, town_codes, rng)
    for anchor in ANCHORS.get(profile.code, ()):
        anchor_school(layout, anchor)
    generic_schools(layout, remaining(profile.counts, layout.schools))
    _history(layout)
    _recent_openings(layout)
    _groups(layout)
    return layout.schools
