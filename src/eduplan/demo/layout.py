"""Where a county's schools are, what they are called, and what happens to them over the years.

Schools active in the calibration year match the county's SchoolCounts exactly; the registry's
history (openings, renamings, mergers, closures, moves, group memberships) is drawn around it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eduplan import contract as c
from eduplan.demo.anchors import ANCHORS, Anchor, anchor_code
from eduplan.demo.profiles import CALIBRATION_YEAR, CountyProfile, SchoolCounts, TownProfile
from eduplan.demo.schools import CHANGED, CLOSED, MERGED, MOVED, RENAMED, School, grades_for

_PLACES: tuple[str, ...] = tuple(
    [
        "田心",
        "沙岗",
        "石岗",
        "新村",
        "黄坑",
        "莲塘",
        "龙岗",
        "横坑",
        "水口",
        "塘头",
        "白沙",
        "高桥",
        "上坪",
        "下洞",
        "岭头",
        "河口",
        "江口",
        "长岗",
        "新围",
        "马岭",
        "大塘",
        "凤岗",
        "竹园",
        "秀水",
        "桥头",
        "东坑",
        "西岸",
        "南岭",
        "北山",
        "荷塘",
        "梅村",
        "三和",
        "五星",
        "平安",
        "双龙",
        "古塘",
        "鹤岭",
        "青山",
        "清溪",
        "联和",
        "永安",
        "光明",
        "民安",
        "合水",
        "坪石",
        "湾头",
        "石门",
        "黄沙",
        "新塘",
        "大岭",
        "安宁",
        "福田",
        "红星",
        "向阳",
        "锦江",
        "碧水",
        "华侨",
        "朝阳",
        "新桥",
        "樟树",
        "榕树",
        "蕉园",
        "莲花",
        "凤山",
    ]
)
_PRIVATE_SUFFIXES = ("实验学校", "外国语学校", "育才学校", "博雅学校", "英才学校")

# Which SchoolCounts field a (type, sponsor, inclusive) school counts under.
_COUNT_FIELD: dict[tuple[str, str, bool | None], str] = {
    (c.PRIMARY, c.SPONSOR_PUBLIC, None): "primary_public",
    (c.TEACHING_POINT, c.SPONSOR_PUBLIC, None): "teaching_points",
    (c.JUNIOR, c.SPONSOR_PUBLIC, None): "junior_public",
    (c.NINE_YEAR, c.SPONSOR_PUBLIC, None): "nine_year_public",
    (c.PRIMARY, c.SPONSOR_PRIVATE, None): "primary_private",
    (c.JUNIOR, c.SPONSOR_PRIVATE, None): "junior_private",
    (c.NINE_YEAR, c.SPONSOR_PRIVATE, None): "nine_year_private",
    (c.TWELVE_YEAR, c.SPONSOR_PRIVATE, None): "twelve_year_private",
    (c.SENIOR, c.SPONSOR_PUBLIC, None): "senior_public",
    (c.SENIOR, c.SPONSOR_PRIVATE, None): "senior_private",
    (c.VOCATIONAL, c.SPONSOR_PUBLIC, None): "vocational",
    (c.SPECIAL, c.SPONSOR_PUBLIC, None): "special",
    (c.KINDERGARTEN, c.SPONSOR_PUBLIC, True): "kg_public",
    (c.KINDERGARTEN, c.SPONSOR_PRIVATE, True): "kg_inclusive_private",
    (c.KINDERGARTEN, c.SPONSOR_PRIVATE, False): "kg_private",
}


def count_field(school_type: str, sponsor: str, inclusive: bool | None) -> str:
    return _COUNT_FIELD[(school_type, sponsor, inclusive if school_type == c.KINDERGARTEN else None)]


def short_town(name: str) -> str:
    """凤城街道 -> 凤城街 (as school names write it); towns keep their name."""
    return name[:-2] + "街" if name.endswith("街道") else name


@dataclass
class CountyLayout:
    profile: CountyProfile
    town_codes: dict[str, str]
    rng: np.random.Generator
    schools: list[School] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    next_seq: dict[str, int] = field(default_factory=lambda: {"school": 100, "kg": 500})

    # --- naming and placing ------------------------------------------------------------------
    def unique_name(self, name: str) -> str:
        base, n = name, 2
        while name in self.names:
            name = base.replace("学校", f"第{n}学校", 1) if "第" not in base else f"{base}（{n}）"
            if name == base:  # no 学校 in the name (小学, 幼儿园, 中学)
                name = f"{base[:-2]}第{n}{base[-2:]}"
            n += 1
        self.names.add(name)
        return name

    def place(self) -> str:
        return str(self.rng.choice(_PLACES))

    def town(self, name: str) -> TownProfile:
        return next(t for t in self.profile.towns if t.name == name)

    def town_lonlat(self, town: TownProfile) -> tuple[float, float]:
        i = [t.name for t in self.profile.towns].index(town.name)
        n = len(self.profile.towns)
        radius = 0.025 if town.urban_rural == c.URBAN else 0.14
        if self.profile.code == "440103":
            radius = 0.03
        angle = 2 * math.pi * i / n
        lon, lat = self.profile.centre
        return lon + radius * math.cos(angle), lat + radius * math.sin(angle)

    def pick_town(self, urban_bias: float = 0.0, rural_only: bool = False) -> TownProfile:
        towns = [t for t in self.profile.towns if not rural_only or t.urban_rural != c.URBAN] or list(
            self.profile.towns
        )
        weights = np.array([t.weight * (1 + urban_bias * (t.urban_rural == c.URBAN)) for t in towns])
        return towns[int(self.rng.choice(len(towns), p=weights / weights.sum()))]

    # --- creating schools ----------------------------------------------------------------------
    def add(
        self,
        name: str,
        school_type: str,
        town: TownProfile,
        sponsor: str = c.SPONSOR_PUBLIC,
        inclusive: bool | None = None,
        urban_rural: str | None = None,
        founded: int | None = None,
        parent_code: str | None = None,
        code: str | None = None,
        crowded: bool | None = None,
    ) -> School:
        if code is None:
            kind = "kg" if school_type == c.KINDERGARTEN else "school"
            code = f"1{self.profile.code}{self.next_seq[kind]:03d}"
            self.next_seq[kind] += 1
        lon, lat = self.town_lonlat(town)
        ur = urban_rural or town.urban_rural
        jitter = 0.012 if ur != c.RURAL else 0.05
        attrs: dict[str, Any] = {
            "name": self.unique_name(name),
            "school_type": school_type,
            "sponsor": sponsor,
            "inclusive": inclusive if school_type == c.KINDERGARTEN else None,
            "urban_rural": ur,
            "region_code": self.town_codes[town.name],
            "parent_code": parent_code,
            "group_name": None,
            "lon": round(lon + float(self.rng.uniform(-jitter, jitter)), 5),
            "lat": round(lat + float(self.rng.uniform(-jitter, jitter)), 5),
        }
        if founded is None:
            founded = int(self.rng.integers(1950, 2016))
        tp_grades = int(self.rng.choice([3, 4, 6])) if school_type == c.TEACHING_POINT else 6
        school = School(code=code, county_code=self.profile.code, attrs=attrs, founded=founded)
        school.grades = grades_for(school_type, tp_grades)
        school.crowded = town.crowded if crowded is None else crowded
        school.pull = town.pull
        self.schools.append(school)
        return school

    def by_code(self, code: str) -> School:
        return next(s for s in self.schools if s.code == code)


def _anchor_school(layout: CountyLayout, anchor: Anchor) -> School:
    county = layout.profile.code
    town = layout.town(anchor.town)
    parent = anchor_code(county, anchor.parent_seq) if anchor.parent_seq else None
    ur = c.RURAL if anchor.school_type == c.TEACHING_POINT else None
    school = layout.add(
        anchor.name,
        anchor.school_type,
        town,
        anchor.sponsor,
        anchor.inclusive,
        urban_rural=ur,
        founded=anchor.founded,
        parent_code=parent,
        code=anchor_code(county, anchor.seq),
        crowded=anchor.crowded,
    )
    if anchor.closed is not None:
        school.closed, school.end_change = anchor.closed, CLOSED
    if anchor.renamed:
        school.later.append((anchor.renamed[0], RENAMED, {"name": layout.unique_name(anchor.renamed[1])}))
    if anchor.moved:
        year, to = anchor.moved
        lon, lat = layout.town_lonlat(layout.town(to))
        changed = {"region_code": layout.town_codes[to], "lon": round(lon + 0.004, 5), "lat": round(lat - 0.006, 5)}
        school.later.append((year, MOVED, changed))
    if anchor.boost:
        school.facility_boost[anchor.boost[0]] = anchor.boost[1]
    return school


def _remaining(counts: SchoolCounts, schools: list[School]) -> dict[str, int]:
    left = {f: int(getattr(counts, f)) for f in set(_COUNT_FIELD.values())}
    for s in schools:
        if s.active(CALIBRATION_YEAR):
            left[count_field(s.school_type, s.sponsor, s.attrs["inclusive"])] -= 1
    return left


def _generic_schools(layout: CountyLayout, left: dict[str, int]) -> None:
    p, rng = layout.profile, layout.rng
    county = p.name
    # One central primary and one junior school in every town that has none yet, then the rest by weight.
    for t in p.towns:
        if left["primary_public"] > 0 and not any(
            s.attrs["region_code"] == layout.town_codes[t.name] and s.school_type == c.PRIMARY for s in layout.schools
        ):
            layout.add(f"{county}{short_town(t.name)}中心小学", c.PRIMARY, t)
            left["primary_public"] -= 1
    for _ in range(left.pop("primary_public")):
        t = layout.pick_town()
        if t.urban_rural == c.URBAN:
            layout.add(f"{county}{short_town(t.name)}{layout.place()}小学", c.PRIMARY, t)
        else:
            rural = rng.random() < 0.6
            layout.add(f"{county}{t.name}{layout.place()}小学", c.PRIMARY, t, urban_rural=c.RURAL if rural else None)
    for t in p.towns:
        if left["junior_public"] > 0 and t.urban_rural != c.URBAN:
            layout.add(f"{county}{t.name}第一初级中学", c.JUNIOR, t)
            left["junior_public"] -= 1
    for k in range(left.pop("junior_public")):
        t = layout.pick_town(urban_bias=2.0)
        layout.add(
            f"{county}第{k + 2}中学" if t.urban_rural == c.URBAN else f"{county}{t.name}第二初级中学", c.JUNIOR, t
        )
    for _ in range(left.pop("nine_year_public")):
        t = layout.pick_town()
        layout.add(f"{county}{layout.place()}学校", c.NINE_YEAR, t)
    for _ in range(left.pop("teaching_points")):
        t = layout.pick_town(rural_only=True)
        code = layout.town_codes[t.name]
        parents = [s for s in layout.schools if s.school_type == c.PRIMARY and s.attrs["region_code"] == code]
        parent = parents[int(rng.integers(len(parents)))] if parents else None
        stem = str(parent.attrs["name"]) if parent else f"{county}{t.name}中心小学"
        layout.add(
            f"{stem}{layout.place()}教学点",
            c.TEACHING_POINT,
            t,
            urban_rural=c.RURAL,
            parent_code=parent.code if parent else None,
        )
    private_types = (
        ("primary_private", c.PRIMARY),
        ("junior_private", c.JUNIOR),
        ("nine_year_private", c.NINE_YEAR),
        ("twelve_year_private", c.TWELVE_YEAR),
    )
    for f, school_type in private_types:
        for _ in range(left.pop(f)):
            t = layout.pick_town(urban_bias=3.0)
            suffix = _PRIVATE_SUFFIXES[int(rng.integers(len(_PRIVATE_SUFFIXES)))]
            layout.add(f"{county}{layout.place()}{suffix}", school_type, t, c.SPONSOR_PRIVATE)
    seat = next((t for t in p.towns if t.urban_rural == c.URBAN), p.towns[0])
    for k in range(left.pop("senior_public")):
        layout.add(f"{county}第{k + 1}高级中学", c.SENIOR, seat)
    for _ in range(left.pop("senior_private")):
        layout.add(f"{county}{layout.place()}高级中学", c.SENIOR, seat, c.SPONSOR_PRIVATE)
    for k in range(left.pop("vocational")):
        layout.add(f"{county}{'第' + str(k + 1) if k else ''}职业技术学校", c.VOCATIONAL, seat)
    for _ in range(left.pop("special")):
        layout.add(f"{county}特殊教育学校", c.SPECIAL, seat)
    for k in range(left.pop("kg_public")):
        t = layout.pick_town(urban_bias=1.0)
        name = f"{county}第{k + 2}幼儿园" if t.urban_rural == c.URBAN else f"{county}{t.name}中心幼儿园"
        layout.add(name, c.KINDERGARTEN, t, inclusive=True)
    for f, inclusive in (("kg_inclusive_private", True), ("kg_private", False)):
        for _ in range(left.pop(f)):
            t = layout.pick_town(urban_bias=1.5)
            layout.add(
                f"{county}{short_town(t.name)}{layout.place()}幼儿园", c.KINDERGARTEN, t, c.SPONSOR_PRIVATE, inclusive
            )
    assert not any(left.values()), left


def _history(layout: CountyLayout) -> None:
    """Events around the calibration year that leave its counts as published."""
    p, rng = layout.profile, layout.rng
    generic = [s for s in layout.schools if int(s.code[-3:]) >= 100]
    tps = [s for s in generic if s.school_type == c.TEACHING_POINT]
    # Small teaching points close year by year (清远 plans to close all under 20 pupils by 2025).
    for s in tps[: len(tps) // 4]:
        s.closed, s.end_change = int(rng.choice([2021, 2022, 2023])), CLOSED
    if tps:
        t = layout.pick_town(rural_only=True)
        gone = layout.add(f"{p.name}{t.name}{layout.place()}教学点", c.TEACHING_POINT, t, urban_rural=c.RURAL)
        gone.closed, gone.end_change = CALIBRATION_YEAR, CLOSED
    # A village primary merges into its town's central primary.
    villages = [
        s
        for s in generic
        if s.school_type == c.PRIMARY and s.attrs["urban_rural"] == c.RURAL and "中心小学" not in s.attrs["name"]
    ]
    for v in villages:
        town = v.attrs["region_code"]
        centrals = [s for s in layout.schools if s.attrs["region_code"] == town and "中心小学" in s.attrs["name"]]
        if centrals:
            year = int(rng.choice([2021, 2022, 2023]))
            v.closed, v.end_change, v.merged_into = year, MERGED, centrals[0].code
            centrals[0].absorbed.append((year, v))
            break
    # A central primary takes a new name.
    primaries = [s for s in generic if "中心小学" in str(s.attrs["name"])]
    if primaries:
        s = primaries[-1]
        s.later.append(
            (2021, RENAMED, {"name": layout.unique_name(str(s.attrs["name"]).replace("中心小学", "实验小学"))})
        )
    # Outside Qingcheng (whose moved school is an anchor) one private school moves to another town.
    movers = [s for s in generic if s.sponsor == c.SPONSOR_PRIVATE and s.school_type != c.KINDERGARTEN]
    others = [t for t in p.towns if movers and layout.town_codes[t.name] != movers[0].attrs["region_code"]]
    if movers and others and p.code != "441802":
        to = others[int(rng.integers(len(others)))]
        lon, lat = layout.town_lonlat(to)
        movers[0].later.append(
            (2022, MOVED, {"region_code": layout.town_codes[to.name], "lon": round(lon, 5), "lat": round(lat, 5)})
        )
    # Kindergartens follow births: openings before the fall, closures after it, 普惠 recognitions.
    private_kg = [s for s in generic if s.school_type == c.KINDERGARTEN and s.sponsor == c.SPONSOR_PRIVATE]
    for s in private_kg[:2]:
        s.founded = CALIBRATION_YEAR
    for s in private_kg[2:]:
        if rng.random() < 0.08:
            s.closed, s.end_change = int(rng.choice([2022, 2023])), CLOSED
    for s in [k for k in private_kg if not k.attrs["inclusive"]][:3]:
        s.later.append((int(rng.choice([2021, 2022])), CHANGED, {"inclusive": True}))
    for year in (2021, 2022):
        t = layout.pick_town(urban_bias=1.5)
        layout.add(
            f"{p.name}{short_town(t.name)}{layout.place()}幼儿园",
            c.KINDERGARTEN,
            t,
            c.SPONSOR_PRIVATE,
            True,
            founded=year,
        )
    for _ in range(2):
        t = layout.pick_town()
        gone = layout.add(
            f"{p.name}{short_town(t.name)}{layout.place()}幼儿园", c.KINDERGARTEN, t, c.SPONSOR_PRIVATE, False
        )
        gone.closed, gone.end_change = CALIBRATION_YEAR, CLOSED
    # Growing central towns outside Qingcheng get a new primary school.
    crowded = [t for t in p.towns if t.crowded]
    if crowded and p.code != "441802":
        layout.add(f"{p.name}{short_town(crowded[0].name)}{layout.place()}小学", c.PRIMARY, crowded[0], founded=2022)


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
            s.attrs["group_name"] = f"{p.name}第{i % n_groups + 1}教育集团"
    elif p.code == "441802":
        for i, s in enumerate(members[:12]):
            s.later.append((2022, CHANGED, {"group_name": f"{p.name}第{i % 3 + 1}教育集团"}))


def build_county(profile: CountyProfile, town_codes: dict[str, str], rng: np.random.Generator) -> list[School]:
    layout = CountyLayout(profile, town_codes, rng)
    for anchor in ANCHORS.get(profile.code, ()):
        _anchor_school(layout, anchor)
    _generic_schools(layout, _remaining(profile.counts, layout.schools))
    _history(layout)
    _recent_openings(layout)
    _groups(layout)
    return layout.schools
