"""Where a county's schools are and what they are called: the schools the seeds name, then generic
ones until the schools active in the calibration year match the county's SchoolCounts exactly."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eduplan import contract as c
from eduplan.demo.anchors import Anchor, anchor_code
from eduplan.demo.profiles import CALIBRATION_YEAR, CountyProfile, SchoolCounts, TownProfile
from eduplan.demo.schools import CLOSED, MOVED, RENAMED, School, grades_for

_PLACE_NAMES = (
    "田心 沙岗 石岗 新村 黄坑 莲塘 龙岗 横坑 水口 塘头 白沙 高桥 上坪 下洞 岭头 河口 "
    "江口 长岗 新围 马岭 大塘 凤岗 竹园 秀水 桥头 东坑 西岸 南岭 北山 荷塘 梅村 三和 "
    "五星 平安 双龙 古塘 鹤岭 青山 清溪 联和 永安 光明 民安 合水 坪石 湾头 石门 黄沙 "
    "新塘 大岭 安宁 福田 红星 向阳 锦江 碧水 华侨 朝阳 新桥 樟树 榕树 蕉园 莲花 凤山"
)
_PLACES: tuple[str, ...] = tuple(_PLACE_NAMES.split())  # village and estate names for schools
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


def apportion(weights: list[float], n: int) -> list[int]:
    """n items over the weights by largest remainder (ties to the earlier entry)."""
    total = sum(weights)
    exact = [n * w / total for w in weights] if total > 0 else [0.0] * len(weights)
    counts = [int(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: n - sum(counts)]:
        counts[i] += 1
    return counts


def count_field(school_type: str, sponsor: str, inclusive: bool | None) -> str:
    return _COUNT_FIELD[(school_type, sponsor, inclusive if school_type == c.KINDERGARTEN else None)]


_DIGITS = "零一二三四五六七八九"


def ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二, 25 -> 二十五 (school names write numbers in Chinese, 1-99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "") if n else _DIGITS[0]


_KINDS = ("教学点", "幼儿园", "初级中学", "高级中学", "中学", "小学", "学校")


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
        """The name, or 第二/第三… inserted before its kind (小学, 幼儿园 …) when a school already has it."""
        suffix = next((k for k in _KINDS if name.endswith(k)), "")
        stem = name[: len(name) - len(suffix)]
        n = 2
        while name in self.names:
            name = f"{stem}第{ordinal(n)}{suffix}" if "第" not in stem else f"{stem}{suffix}（{ordinal(n)}）"
            n += 1
        self.names.add(name)
        return name

    def numbered(self, prefix: str, suffix: str, start: int = 1) -> str:
        """The first unused name 〈prefix〉第N〈suffix〉 from N = start (e.g. 清城区第六幼儿园)."""
        n = start
        while f"{prefix}第{ordinal(n)}{suffix}" in self.names:
            n += 1
        return f"{prefix}第{ordinal(n)}{suffix}"

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


def anchor_school(layout: CountyLayout, anchor: Anchor) -> School:
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
    school.seats = dict(zip(school.stages, anchor.seats, strict=False))
    return school


def remaining(counts: SchoolCounts, schools: list[School]) -> dict[str, int]:
    left = {f: int(getattr(counts, f)) for f in set(_COUNT_FIELD.values())}
    for s in schools:
        if s.active(CALIBRATION_YEAR):
            left[count_field(s.school_type, s.sponsor, s.attrs["inclusive"])] -= 1
    return left


def generic_schools(layout: CountyLayout, left: dict[str, int]) -> None:
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
    # Junior schools by the towns' children (largest remainder), so a county seat gets several.
    have = {
        t.name: sum(
            1
            for s in layout.schools
            if s.school_type == c.JUNIOR and s.attrs["region_code"] == layout.town_codes[t.name]
        )
        for t in p.towns
    }
    n_new = left.pop("junior_public")
    quota = apportion([t.weight for t in p.towns], n_new + sum(have.values()))
    for t, q in zip(p.towns, quota, strict=True):
        for k in range(max(0, q - have[t.name])):
            if n_new == 0:
                break
            if t.urban_rural == c.URBAN:
                name = layout.numbered(county, "中学", 2)
            else:
                name = f"{county}{t.name}第{ordinal(k + 1)}初级中学"
            layout.add(name, c.JUNIOR, t)
            n_new -= 1
    for _ in range(n_new):
        layout.add(layout.numbered(county, "中学", 2), c.JUNIOR, layout.pick_town(urban_bias=2.0))
    for _ in range(left.pop("nine_year_public")):
        t = layout.pick_town()
        layout.add(f"{county}{layout.place()}学校", c.NINE_YEAR, t)
    for _ in range(left.pop("teaching_points")):
        t = layout.pick_town(rural_only=True)
        code = layout.town_codes[t.name]
        parents = [  # a primary school open throughout (not one of the seeds' new schools)
            s
            for s in layout.schools
            if s.school_type == c.PRIMARY
            and s.attrs["region_code"] == code
            and s.founded < CALIBRATION_YEAR
            and s.closed is None
        ]
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
    for _ in range(left.pop("senior_public")):
        layout.add(layout.numbered(county, "高级中学"), c.SENIOR, seat)
    for _ in range(left.pop("senior_private")):
        layout.add(f"{county}{layout.place()}高级中学", c.SENIOR, seat, c.SPONSOR_PRIVATE)
    for k in range(left.pop("vocational")):
        layout.add(f"{county}{'第' + ordinal(k + 1) if k else ''}职业技术学校", c.VOCATIONAL, seat)
    for _ in range(left.pop("special")):
        layout.add(f"{county}特殊教育学校", c.SPECIAL, seat)
    for _ in range(left.pop("kg_public")):
        t = layout.pick_town(urban_bias=1.0)
        name = f"{county}{t.name}中心幼儿园"
        if t.urban_rural == c.URBAN:
            name = layout.numbered(county, "幼儿园", 2)
        elif name in layout.names:
            name = f"{county}{t.name}{layout.place()}幼儿园"
        layout.add(name, c.KINDERGARTEN, t, inclusive=True)
    for f, inclusive in (("kg_inclusive_private", True), ("kg_private", False)):
        for _ in range(left.pop(f)):
            t = layout.pick_town(urban_bias=1.5)
            layout.add(
                f"{county}{short_town(t.name)}{layout.place()}幼儿园", c.KINDERGARTEN, t, c.SPONSOR_PRIVATE, inclusive
            )
    assert not any(left.values()), left
