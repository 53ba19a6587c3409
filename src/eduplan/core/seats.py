"""School places: capacity with the project pipeline against projected demand, per town and county, by stage.

capacity(y) = Σ classes × standard class size (base-year census, standards/class_size.py)
            + seats of planned projects with finish_year ≤ y (a project finishing in 2024 serves from the 2024
              school year) − closures (projects with negative seats).
seat_gap(y) = max(0, demand(y) − capacity(y)). Projects without a finish year (待定) or marked uncertain are
never counted as capacity; they are listed apart with the gap that would remain if they were built.
高中 seats are compared for the county only (COUNTY_WIDE_STAGES): senior schools enrol across the county.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from eduplan.contract import SPECIAL, STAGE_PRESCHOOL, STAGE_SENIOR, STAGES, county_of
from eduplan.core.enrolment import Frame, Projection, as_frame, town_code
from eduplan.standards import class_size

LARGE_CLASS = int(class_size.STANDARD.rule("large_class_min").value())  # 56: 大班额 starts here

# Senior high schools (普通高中, 中职) admit by the county's (or city's) 中考, not by town catchment, and the seed plans
# plan them county-wide; a town's "senior demand" would only be the pupils of the schools that happen to stand in it.
# So 高中 demand and capacity are compared for the county alone, never per town.
COUNTY_WIDE_STAGES: tuple[str, ...] = (STAGE_SENIOR,)


def standard_class_size(stage: str, grade: str) -> float:
    """建标102-2002 by 学段; 幼儿园工作规程 by 班 (小班 25, 中班 30, 大班 35)."""
    rule = class_size.STANDARD.rule("standard_class_size")
    return rule.value(grade if stage == STAGE_PRESCHOOL else stage)


@dataclass(frozen=True)
class PlannedSeats:
    """Seats one plan project adds to one stage (negative for a closure)."""

    project_id: str
    name: str
    stage: str
    seats: int
    finish_year: int | None  # None = 待定
    town_code: str = ""  # the town, when the project names no school
    school_code: str = ""  # an existing school the project extends, or the new school's code
    uncertain: bool = False  # 待定 or otherwise not committed
    plan_region: str = ""  # code prefix of the plan's region: a school its name names is looked for there

    @property
    def firm(self) -> bool:
        return self.finish_year is not None and not self.uncertain

    def as_dict(self) -> dict[str, object]:
        return {
            "project_id": self.project_id,
            "name": self.name,
            "stage": self.stage,
            "seats": self.seats,
            "finish_year": self.finish_year,
            "town_code": self.town_code,
            "school_code": self.school_code,
            "uncertain": not self.firm,
        }


@dataclass(frozen=True)
class SchoolCapacity:
    school_code: str
    town_code: str
    county_code: str
    stage: str
    students: float
    classes: int
    capacity: float

    def as_dict(self) -> dict[str, object]:
        return {
            "school_code": self.school_code,
            "town_code": self.town_code,
            "county_code": self.county_code,
            "stage": self.stage,
            "students": round(self.students),
            "classes": self.classes,
            "capacity": round(self.capacity),
            "seat_gap": round(max(0.0, self.students - self.capacity)),
        }


def school_capacity(schools: Frame, grades: Frame) -> list[SchoolCapacity]:
    """Base-year capacity of each school and stage: Σ over its grades of classes × standard class size.

    A special-education school (特殊教育学校) is counted at its own pupils: its classes of 6–12 are not ordinary
    classes, and 11 classes × 45 would be phantom ordinary seats in its town; it adds neither seats nor a gap."""
    s = as_frame(schools)
    town = {str(c): town_code(str(r)) for c, r in zip(s["school_code"], s["region_code"], strict=True)}
    county = {str(c): str(k) for c, k in zip(s["school_code"], s["county_code"], strict=True)}
    special = set(s.loc[s["school_type"] == SPECIAL, "school_code"].astype(str)) if "school_type" in s else set()
    g = as_frame(grades)
    g = g[g["school_code"].astype(str).isin(town.keys()) & g["stage"].isin(STAGES)]
    sizes = [standard_class_size(str(st), str(gr)) for st, gr in zip(g["stage"], g["grade"], strict=True)]
    g = g.assign(
        capacity=pd.to_numeric(g["classes"]).fillna(0) * sizes,
        classes=pd.to_numeric(g["classes"]).fillna(0),
        students=pd.to_numeric(g["students"]).fillna(0),
    )
    sums = g.groupby(["school_code", "stage"], as_index=False)[["students", "classes", "capacity"]].sum()
    sums["capacity"] = sums["capacity"].where(~sums["school_code"].astype(str).isin(special), sums["students"])
    return [
        SchoolCapacity(str(c), town[str(c)], county[str(c)], str(st), float(n), int(k), float(cap))
        for c, st, n, k, cap in zip(
            sums["school_code"], sums["stage"], sums["students"], sums["classes"], sums["capacity"], strict=True
        )
    ]


def classes_56_plus(students: float, classes: int) -> int:
    """Classes of 56 or more when ``students`` are spread as evenly as possible over ``classes`` classes
    (sizes then differ by at most one pupil)."""
    if classes <= 0 or students <= 0:
        return 0
    pupils = math.ceil(students - 1e-9)
    low = pupils // classes  # every class has at least this many
    if low >= LARGE_CLASS:
        return classes
    if low == LARGE_CLASS - 1:
        return pupils - low * classes  # the classes that take one pupil more
    return 0


@dataclass(frozen=True)
class SeatYear:
    year: int
    demand: float
    base_capacity: float
    project_seats: float  # firm projects finished after the base year and by this year (closures negative)
    capacity: float
    seat_gap: float  # max(0, demand − capacity)
    gap_if_nothing_changes: float  # max(0, demand − base capacity)
    classes_56_plus: int  # classes of 56+ if nothing changes (no new seats, pupils spread evenly per school)
    uncertain_seats: float  # 待定 seats by this year, not counted in capacity

    @property
    def surplus(self) -> float:
        return max(0.0, self.capacity - self.demand)

    def as_dict(self) -> dict[str, object]:
        return {
            "year": self.year,
            "demand": round(self.demand),
            "base_capacity": round(self.base_capacity),
            "project_seats": round(self.project_seats),
            "capacity": round(self.capacity),
            "surplus": round(self.surplus),
            "seat_gap": round(self.seat_gap),
            "gap_if_nothing_changes": round(self.gap_if_nothing_changes),
            "classes_56_plus": self.classes_56_plus,
            "uncertain_seats": round(self.uncertain_seats),
        }


@dataclass(frozen=True)
class ProjectEffect:
    """What one firm project does to its area's gap in its finish year (projects taken in finish order)."""

    project: PlannedSeats
    gap_before: float
    gap_after: float
    beyond_horizon: bool = False  # finishes after the last projected year
    later_gap: bool = False  # no gap in its finish year, but one would open later without the projects

    @property
    def verdict(self) -> str:
        if self.beyond_horizon:
            return "竣工晚于预测期"
        if self.gap_before <= 0:
            return "先于缺口建成" if self.later_gap else "无缺口"  # the seats arrive where there is no gap that year
        return "补足缺口" if self.gap_after <= 0 else "缩小缺口"

    def as_dict(self) -> dict[str, object]:
        return {
            **self.project.as_dict(),
            "gap_before": round(self.gap_before),
            "gap_after": round(self.gap_after),
            "verdict": self.verdict,
        }


@dataclass
class AreaSeats:
    level: str  # "county" | "town"
    area_code: str
    county_code: str
    stage: str
    schools: int
    base_classes: int
    years: list[SeatYear]
    projects: list[ProjectEffect] = field(default_factory=list)
    uncertain: list[PlannedSeats] = field(default_factory=list)  # 待定: shown apart, never capacity

    @property
    def gap_opens(self) -> int | None:
        """First year demand exceeds the base-year capacity (nothing built)."""
        return next((y.year for y in self.years if y.gap_if_nothing_changes > 0), None)

    @property
    def gap_opens_with_projects(self) -> int | None:
        return next((y.year for y in self.years if y.seat_gap > 0), None)

    @property
    def shortfall(self) -> float:
        """The largest gap left in any year once the firm projects are built."""
        return max((y.seat_gap for y in self.years), default=0.0)

    @property
    def uncovered_years(self) -> list[int]:
        return [y.year for y in self.years if y.seat_gap > 0]

    @property
    def shortfall_if_uncertain_built(self) -> float:
        return max((max(0.0, y.seat_gap - y.uncertain_seats) for y in self.years), default=0.0)

    @property
    def status(self) -> str:
        if self.gap_opens is None:
            return "无缺口"
        return "仍有缺口" if self.shortfall > 0 else "缺口由规划项目补足"

    def gap_summary(self, names: Mapping[str, str], base_year: int) -> dict[str, Any]:
        """This area's row of the gap table (the CLI's JSON and the pages): when the gap opens, how large it grows,
        what closes it and what is left."""
        return {
            "area_code": self.area_code,
            "area": names.get(self.area_code, self.area_code),
            "county_code": self.county_code,
            "county": names.get(self.county_code, self.county_code),
            "stage": self.stage,
            "gap_opens": self.gap_opens,
            "gap_in_base_year": self.gap_opens == base_year,  # over standard capacity already (大班额)
            "largest_gap_if_nothing_changes": round(max(y.gap_if_nothing_changes for y in self.years)),
            "status": self.status,
            "projects": [
                f"{e.project.name}（{e.project.finish_year}年，{e.project.seats}个学位，{e.verdict}）"
                for e in self.projects
            ],
            "shortfall": round(self.shortfall),
            "uncovered_years": self.uncovered_years,
            "uncertain_projects": [p.name for p in self.uncertain],
            "shortfall_if_uncertain_built": round(self.shortfall_if_uncertain_built),
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "area_code": self.area_code,
            "county_code": self.county_code,
            "stage": self.stage,
            "schools": self.schools,
            "base_classes": self.base_classes,
            "status": self.status,
            "gap_opens": self.gap_opens,
            "gap_opens_with_projects": self.gap_opens_with_projects,
            "shortfall": round(self.shortfall),
            "uncovered_years": self.uncovered_years,
            "shortfall_if_uncertain_built": round(self.shortfall_if_uncertain_built),
            "projects": [p.as_dict() for p in self.projects],
            "uncertain_projects": [p.as_dict() for p in self.uncertain],
            "years": [y.as_dict() for y in self.years],
        }


@dataclass
class SeatForecast:
    base_year: int
    to_year: int
    areas: list[AreaSeats]
    built_before_base: list[PlannedSeats]  # finished by the base year: already in the census's classes
    unmatched: list[PlannedSeats]  # no school or town to place them
    notes: list[str] = field(default_factory=list)
    schools: list[SchoolCapacity] = field(default_factory=list)  # base-year capacity of each school and stage

    def area(self, level: str, code: str, stage: str) -> AreaSeats:
        for a in self.areas:
            if (a.level, a.area_code, a.stage) == (level, code, stage):
                return a
        raise KeyError((level, code, stage))

    def gaps(self, level: str = "town") -> list[AreaSeats]:
        return [a for a in self.areas if a.level == level and a.gap_opens is not None]

    def as_dict(self) -> dict[str, object]:
        return {
            "base_year": self.base_year,
            "to_year": self.to_year,
            "areas": [a.as_dict() for a in self.areas],
            "built_before_base": [p.as_dict() for p in self.built_before_base],
            "unmatched_projects": [p.as_dict() for p in self.unmatched],
            "notes": list(self.notes),
            "schools": [c.as_dict() for c in self.schools],
        }


def seat_forecast(
    county: Projection,
    town: Projection,
    schools: Frame,
    grades: Frame,
    projects: Iterable[PlannedSeats] = (),
) -> SeatForecast:
    """Demand (the projections), capacity (the base-year census) and the project pipeline, per area and stage."""
    capacities = school_capacity(schools, grades)
    school_town = {c.school_code: c.town_code for c in capacities}
    s = as_frame(schools)
    school_town.update({str(c): town_code(str(r)) for c, r in zip(s["school_code"], s["region_code"], strict=True)})
    school_names = dict(zip(s["school_code"].astype(str), s["name"].astype(str), strict=True)) if "name" in s else {}
    placed: list[tuple[str, PlannedSeats]] = []
    built: list[PlannedSeats] = []
    unmatched: list[PlannedSeats] = []
    for p in projects:
        where = school_town.get(p.school_code) or p.town_code
        if not where:  # the school its name names, among the schools of the plan's own region
            own = {c: n for c, n in school_names.items() if school_town.get(c, "").startswith(p.plan_region)}
            where = school_town.get(match_school(p.name, own) or "", "")
        if not where:
            unmatched.append(p)
        elif p.finish_year is not None and p.finish_year <= county.base_year:
            built.append(p)
        else:
            placed.append((where, p))
    areas: list[AreaSeats] = []
    for level, projection in (("county", county), ("town", town)):
        codes = sorted({c[0] for c in projection.cells} | {_area(c, level) for c in capacities})
        for code in codes:
            for stage in STAGES:
                if level == "town" and stage in COUNTY_WIDE_STAGES:
                    continue
                mine = [p for w, p in placed if p.stage == stage and (w if level == "town" else county_of(w)) == code]
                members = [c for c in capacities if c.stage == stage and _area(c, level) == code]
                row = _area_seats(level, code, stage, projection, members, mine)
                if row is not None:
                    areas.append(row)
    notes = (
        [f"{len(built)} 个项目在基年 {county.base_year} 年或之前竣工，其学位已在普查班级数中，不重复计入"]
        if built
        else []
    )
    if unmatched:
        notes.append(f"{len(unmatched)} 个项目没有学校代码或镇街，无法计入任何区域的学位")
    wide = "、".join(s for s in COUNTY_WIDE_STAGES if any(a.level == "county" and a.stage == s for a in areas))
    if wide:
        notes.append(f"{wide}学校面向全县（区）招生，其学位只按县（区）比较需求与供给，不分镇街")
    return SeatForecast(county.base_year, county.to_year, areas, built, unmatched, notes, capacities)


def _area(c: SchoolCapacity, level: str) -> str:
    return c.county_code if level == "county" else c.town_code


def _area_seats(
    level: str,
    code: str,
    stage: str,
    projection: Projection,
    members: Sequence[SchoolCapacity],
    projects: Sequence[PlannedSeats],
) -> AreaSeats | None:
    base = projection.base_year
    years = range(base, projection.to_year + 1)
    demand = {y: projection.stage_total(code, stage, y) for y in years}
    base_capacity = sum(c.capacity for c in members)
    if not members and not projects and not any(demand.values()):
        return None
    firm = sorted((p for p in projects if p.firm), key=lambda p: (p.finish_year or 0, p.project_id))
    uncertain = [p for p in projects if not p.firm]
    base_students = sum(c.students for c in members)
    rows = []
    for y in years:
        added = sum(p.seats for p in firm if (p.finish_year or 0) <= y)
        pending = sum(p.seats for p in uncertain if p.finish_year is None or p.finish_year <= y)
        scale = demand[y] / base_students if base_students else 0.0
        crowded = sum(classes_56_plus(c.students * scale, c.classes) for c in members)
        capacity = base_capacity + added
        rows.append(
            SeatYear(
                y,
                demand[y],
                base_capacity,
                added,
                capacity,
                max(0.0, demand[y] - capacity),
                max(0.0, demand[y] - base_capacity),
                crowded,
                pending,
            )
        )
    effects = []
    before = base_capacity
    for p in firm:
        need = demand.get(p.finish_year or 0)
        if need is None:  # finishes after the horizon
            effects.append(ProjectEffect(p, 0.0, 0.0, beyond_horizon=True))
            continue
        later = any(r.gap_if_nothing_changes > 0 for r in rows if r.year > (p.finish_year or 0))
        effects.append(ProjectEffect(p, max(0.0, need - before), max(0.0, need - before - p.seats), later_gap=later))
        before += p.seats
    return AreaSeats(
        level, code, county_of(code), stage, len(members), sum(c.classes for c in members), rows, effects, uncertain
    )


def match_town(text: str, towns: Mapping[str, str]) -> str | None:
    """The town a project's text names first: its full name (东城街道), the short 街 form plans use (东城街), or the
    name without its suffix (石角) — the earliest mention wins, the longer name on a tie."""
    best: tuple[int, int, str] | None = None
    for code, name in towns.items():
        variants = {name}
        if name.endswith("街道"):
            variants.add(name[:-1])
        core = name.removesuffix("街道").removesuffix("镇").removesuffix("乡")
        if len(core) >= 2:
            variants.add(core)
        for v in variants:
            at = text.find(v)
            if at >= 0 and (best is None or (at, -len(v)) < best[:2]):
                best = (at, -len(v), code)
    return best[2] if best else None


def _core_name(name: str) -> str:
    """A school's own name: without the city and county prefixes a registry name carries (清远市清城区锦兴小学 →
    锦兴小学) and the （暂名） a plan adds."""
    name = name.split("（")[0].split("(")[0].strip()
    while True:
        at = min((i for i in (name.find(m) for m in "省市区县") if 0 < i <= 4), default=-1)
        if at < 0 or len(name) - at - 1 < 4:
            return name
        name = name[at + 1 :]


def match_school(project_name: str, schools: Mapping[str, str]) -> str | None:
    """The existing school a project's name names (锦兴小学 → 清城区锦兴小学; 卧龙五洲世纪城小学 → 清城区五洲世纪城小学):
    a school whose own name, of four characters or more, is the project's own name or is inside it. The longest such
    name wins; two different schools of that length are ambiguous, and the project stays unplaced."""
    wanted = _core_name(project_name)
    hits = [
        (len(core), code) for code, name in schools.items() if len(core := _core_name(name)) >= 4 and core in wanted
    ]
    if not hits:
        return None
    longest = max(n for n, _ in hits)
    codes = {code for n, code in hits if n == longest}
    return codes.pop() if len(codes) == 1 else None
