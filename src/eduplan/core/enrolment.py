"""Enrolment projection by the grade-progression (cohort-survival) method, per county and per town.

Method (docs/forecast.md, spec/methods.md §2.1): the first grade of 学前 (小班, age 3) and 小学 (grade 1, age 6)
is an entry ratio times the cohort at the entry age (births a years earlier, carried forward by cohort-change ratios
where the population sheets give the ages in between); each next grade is the previous grade of the year
before times its grade-progression ratio (GPR); the first grade of 初中 and 高中 is the last grade of the stage
below times a transition ratio. Ratios are averaged over the last k school years (or exponentially smoothed,
the NCES variant). Net migration is inside the ratios; scenarios (core/scenarios.py) adjust births, migrant
shares and add housing estates. Inputs are the census tables of several years (pandas or Ibis).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol, TypeAlias

import ibis.expr.types as ir
import pandas as pd

from eduplan.contract import COUNTY_CODE_LENGTH, ENTRY_AGE, GRADES_BY_STAGE, POPULATION_SHEET, STAGES, subtree_prefix
from eduplan.errors import NotFound

Frame: TypeAlias = pd.DataFrame | ir.Table
Level = Literal["county", "town"]
Method = Literal["mean", "ses"]
# (area_code, stage, grade, year) → students
Cells = dict[tuple[str, str, str, int], float]

BIRTHS_STAGES: tuple[str, ...] = tuple(s for s in STAGES if s in ("学前", "小学"))  # first grade fed by births
PREVIOUS_STAGE: dict[str, str] = {STAGES[i]: STAGES[i - 1] for i in range(2, len(STAGES))}  # 初中←小学, 高中←初中


class CensusYear(Protocol):
    """What the store hands core for one region and school year."""

    @property
    def schools(self) -> Frame: ...
    @property
    def stages(self) -> Frame: ...
    @property
    def grades(self) -> Frame: ...
    @property
    def population(self) -> Frame: ...


def as_frame(table: Frame) -> pd.DataFrame:
    """A pandas DataFrame of a census table given as pandas or as an Ibis table (executed here)."""
    if isinstance(table, pd.DataFrame):
        return table
    frame: pd.DataFrame = table.to_pandas()
    return frame


def town_code(region_code: str) -> str:
    """The town (乡镇街道, 9 digits) a school is registered under; a school registered at county level keeps its
    6-digit code, so it forms its own pseudo-town (县直属)."""
    return subtree_prefix(region_code, "town") if len(region_code) >= 9 else region_code


@dataclass(frozen=True)
class History:
    """Observed enrolment by area, stage, grade and year, plus births and base-year migrant shares."""

    level: Level
    cells: Cells
    births: dict[str, dict[int, tuple[float, int]]]  # area → birth year → (cohort size, age it was observed at)
    county_of: dict[str, str]  # area → county code
    migrant_share: dict[tuple[str, str], float]  # (area, stage) → migrant_students/students in the last year
    years: tuple[int, ...]
    population: dict[str, dict[tuple[int, int], float]] = field(default_factory=dict)  # area → (year, age) → residents

    @property
    def areas(self) -> tuple[str, ...]:
        return tuple(sorted(self.county_of))


def build_history(census: Mapping[int, CensusYear], level: Level) -> History:
    """Gather the grade sheets of several school years into one history at county or town level."""
    if not census:
        raise NotFound("没有任何学年的普查数据，无法预测")
    cells: Cells = {}
    county_of: dict[str, str] = {}
    population: list[pd.DataFrame] = []
    last = max(census)
    migrant: dict[tuple[str, str], float] = {}
    for year in sorted(census):
        tables = census[year]
        schools = as_frame(tables.schools)
        area = _area_by_school(schools, level)
        county_of.update(
            {area[code]: str(cc) for code, cc in zip(schools["school_code"], schools["county_code"], strict=True)}
        )
        grades = as_frame(tables.grades)
        grades = grades.assign(area=grades["school_code"].map(area)).dropna(subset=["area"])
        sums = grades.groupby(["area", "stage", "grade"], sort=True)["students"].sum(min_count=1).reset_index()
        for a, stage, grade, students in zip(sums["area"], sums["stage"], sums["grade"], sums["students"], strict=True):
            if pd.notna(students):
                cells[(str(a), str(stage), str(grade), year)] = float(students)
        pop = as_frame(tables.population)
        population.append(pop.assign(census_year=year))
        if year == last:
            migrant = _migrant_shares(as_frame(tables.stages), area)
    residents = _population_cells(pd.concat(population, ignore_index=True) if population else pd.DataFrame())
    return History(level, cells, _births(residents), county_of, migrant, tuple(sorted(census)), residents)


def _area_by_school(schools: pd.DataFrame, level: Level) -> dict[str, str]:
    codes = schools["county_code"] if level == "county" else schools["region_code"].map(lambda r: town_code(str(r)))
    return {str(s): str(a) for s, a in zip(schools["school_code"], codes, strict=True)}


def _migrant_shares(stages: pd.DataFrame, area: dict[str, str]) -> dict[tuple[str, str], float]:
    rows = stages[stages["stage"].isin(STAGES)].assign(area=stages["school_code"].map(area)).dropna(subset=["area"])
    sums = rows.groupby(["area", "stage"])[["migrant_students", "students"]].sum(min_count=1).reset_index()
    return {
        (str(a), str(s)): float(m) / float(n)
        for a, s, m, n in zip(sums["area"], sums["stage"], sums["migrant_students"], sums["students"], strict=True)
        if pd.notna(m) and pd.notna(n) and n > 0
    }


def _population_cells(population: pd.DataFrame) -> dict[str, dict[tuple[int, int], float]]:
    """Residents by area, (year, age); a later census year's sheet wins; a county without rows of its own is the
    sum of its towns."""
    if population.empty:
        return {}
    rows = population[population["resident"].notna() & (population["age"] >= 0)]
    rows = rows.sort_values("census_year").drop_duplicates(["region_code", "year", "age"], keep="last")
    rows = rows.assign(region_code=rows["region_code"].astype(str))
    counties = set(rows.loc[rows["region_code"].str.len() == COUNTY_CODE_LENGTH, "region_code"])
    towns = rows[(rows["region_code"].str.len() == 9) & ~rows["region_code"].str[:COUNTY_CODE_LENGTH].isin(counties)]
    summed = (
        towns.assign(region_code=towns["region_code"].str[:COUNTY_CODE_LENGTH])
        .groupby(["region_code", "year", "age"], as_index=False)
        .agg(resident=("resident", "sum"))
    )
    rows = pd.concat([rows, summed], ignore_index=True)
    out: dict[str, dict[tuple[int, int], float]] = {}
    for code, year, age, resident in zip(rows["region_code"], rows["year"], rows["age"], rows["resident"], strict=True):
        out.setdefault(str(code), {})[(int(year), int(age))] = float(resident)
    return out


def _births(population: dict[str, dict[tuple[int, int], float]]) -> dict[str, dict[int, tuple[float, int]]]:
    """Each birth cohort's size: the age-0 residents at the end of its birth year (the contract's births) or, for a
    cohort born before the first population sheet, its residents at the youngest age any sheet shows it (so five
    sheets of ages 0–17 also give the cohorts now entering school). Returns area → birth year → (size, age)."""
    out: dict[str, dict[int, tuple[float, int]]] = {}
    for code, cells in population.items():
        series = out.setdefault(code, {})
        for (year, age), resident in sorted(cells.items(), key=lambda item: (item[0][1], item[0][0])):
            series.setdefault(year - age, (resident, age))
    return out


@dataclass(frozen=True)
class Ratio:
    """One averaged ratio used by the projection, with the yearly values it came from."""

    area_code: str
    stage: str
    grade: str
    kind: Literal["entry", "progression", "transition", "share"]
    value: float
    years: tuple[int, ...]
    observed: tuple[float, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "area_code": self.area_code,
            "stage": self.stage,
            "grade": self.grade,
            "kind": self.kind,
            "value": round(self.value, 6),
            "years": list(self.years),
            "observed": [round(v, 6) for v in self.observed],
        }


def average_ratio(observed: Iterable[float], method: Method = "mean", k: int = 3, alpha: float = 0.4) -> float:
    """The mean of the last ``k`` yearly ratios, or their single exponential smoothing (NCES: α = 0.4, started at
    the first observed ratio: S₁ = x₁, Sₜ = α·xₜ + (1 − α)·Sₜ₋₁)."""
    values = list(observed)
    if not values:
        raise ValueError("no observed ratio")
    if method == "mean":
        recent = values[-k:]
        return sum(recent) / len(recent)
    level = values[0]
    for x in values[1:]:
        level = alpha * x + (1 - alpha) * level
    return level


@dataclass(frozen=True)
class ProjectionSettings:
    method: Method = "mean"
    averaging_years: int = 3  # k: ratios of the last k school years
    smoothing: float = 0.4  # α of the "ses" method
    births_trend_years: int = 5  # the default births trend is the mean annual change over this many years
    entry_base: Literal["population", "births"] = "population"  # what entry ratios divide by (docs/forecast.md)

    def as_dict(self) -> dict[str, object]:
        return {
            "entry_base": self.entry_base,
            "method": self.method,
            "averaging_years": self.averaging_years,
            "smoothing": self.smoothing,
            "births_trend_years": self.births_trend_years,
        }


@dataclass
class Projection:
    """Observed base-year and projected enrolment per area, stage, grade and year."""

    level: Level
    base_year: int
    to_year: int
    settings: ProjectionSettings
    cells: Cells
    ratios: list[Ratio] = field(default_factory=list)
    births: dict[str, dict[int, tuple[float, str]]] = field(default_factory=dict)  # area → year → (births, source)
    notes: list[str] = field(default_factory=list)

    def stage_total(self, area: str, stage: str, year: int) -> float:
        return sum(self.cells.get((area, stage, g, year), 0.0) for g in GRADES_BY_STAGE[stage])

    def stage_totals(self) -> dict[tuple[str, str, int], float]:
        out: dict[tuple[str, str, int], float] = {}
        for (area, stage, _grade, year), v in self.cells.items():
            out[(area, stage, year)] = out.get((area, stage, year), 0.0) + v
        return out

    def as_dict(self) -> dict[str, object]:
        areas = sorted({c[0] for c in self.cells})
        years = list(range(self.base_year, self.to_year + 1))
        return {
            "level": self.level,
            "base_year": self.base_year,
            "to_year": self.to_year,
            "settings": self.settings.as_dict(),
            "areas": [
                {
                    "area_code": a,
                    "stages": {
                        s: {
                            "total": {str(y): round(self.stage_total(a, s, y), 1) for y in years},
                            "grades": {
                                g: {str(y): round(self.cells.get((a, s, g, y), 0.0), 1) for y in years}
                                for g in GRADES_BY_STAGE[s]
                            },
                        }
                        for s in STAGES
                    },
                    "births": {
                        str(y): {"births": round(b, 1), "source": src}
                        for y, (b, src) in sorted(self.births.get(a, {}).items())
                    },
                }
                for a in areas
            ],
            "ratios": [r.as_dict() for r in self.ratios],
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class BirthsAssumption:
    """Births beyond the last known year: B_y = B_L·(1 + trend)^(y − L), times (1 + uplift) from ``uplift_from``.

    ``trend`` None means: the mean annual change of the last known years (ProjectionSettings.births_trend_years).
    """

    trend: float | None = None
    uplift: float = 0.0
    uplift_from: int | None = None


def births_trend(known: Mapping[int, float], years: int) -> float:
    """Geometric mean annual change of births over the last ``years`` known years (0 with fewer than two years)."""
    last = max(known)
    first = max(min(known), last - years)
    if first == last or first not in known or known[first] <= 0:
        return 0.0
    return float((known[last] / known[first]) ** (1 / (last - first)) - 1)


def births_needed(
    known: Mapping[int, float], years: Iterable[int], assumption: BirthsAssumption, settings: ProjectionSettings
) -> dict[int, tuple[float, str]]:
    """Births for each of ``years``: the census value where known, else projected by the trend ("trend")."""
    last = max(known)
    trend = assumption.trend if assumption.trend is not None else births_trend(known, settings.births_trend_years)
    out: dict[int, tuple[float, str]] = {}
    for y in sorted(set(years)):
        if y in known:
            out[y] = (known[y], "census")
        elif y > last:
            value = known[last] * (1 + trend) ** (y - last)
            if assumption.uplift and y >= (assumption.uplift_from or last + 1):
                value *= 1 + assumption.uplift
            out[y] = (value, "trend")
    return out


def project(
    history: History,
    base_year: int,
    to_year: int,
    settings: ProjectionSettings | None = None,
    births: BirthsAssumption | None = None,
    county: Projection | None = None,
) -> Projection:
    """Project every area of ``history`` from ``base_year`` (its last observed year used) to ``to_year``.

    Town-level projections need the county projection: a town's first grade of 初中 and 高中 (and any grade whose
    own ratio is undefined) is its average share of the county's grade, because pupils cross town boundaries when
    they change stage.
    """
    settings = settings or ProjectionSettings()
    births = births or BirthsAssumption()
    if history.level == "town" and county is None:
        raise ValueError("a town-level projection needs the county projection")
    observed_years = tuple(y for y in history.years if y <= base_year)
    if not observed_years:
        raise NotFound(f"{base_year} 年及以前没有普查数据，无法以 {base_year} 年为基年预测")
    base = max(observed_years)
    years = range(base + 1, to_year + 1)
    births_by_area = {a: _births_for(history, a, base) for a in history.areas}  # fails before computing
    result = Projection(history.level, base, to_year, settings, {})
    for area in history.areas:
        _project_area(history, area, observed_years, years, births_by_area[area], births, settings, county, result)
    return result


def _births_for(history: History, area: str, base: int) -> tuple[str, dict[int, float]]:
    """The births series an area's entry grades use: its own, or (a town without one) its county's."""
    need = _has_birth_fed_pupils(history, area, base)
    if not need:
        return ("", {})
    for source in (area, history.county_of[area]):
        series = {y: b for y, (b, _age) in history.births.get(source, {}).items() if y <= base}
        if series:
            return (source, series)
    where = "该区域" if area == history.county_of[area] else f"该区域或所属县 {history.county_of[area]} "
    ages = "和".join(f"{s}（{ENTRY_AGE[s]} 岁入学）" for s in BIRTHS_STAGES)
    raise NotFound(
        f"区域 {area} 没有出生人口数据：{POPULATION_SHEET.name}表中没有{where}的 0 岁常住人口行，"
        f"无法推算{ages}的入学人数。请先导入{POPULATION_SHEET.name}表。"
    )


def _has_birth_fed_pupils(history: History, area: str, base: int) -> bool:
    return any(a == area and s in BIRTHS_STAGES and y <= base and v > 0 for (a, s, _g, y), v in history.cells.items())


def cohort_change_ratios(
    population: Mapping[tuple[int, int], float], age: int, settings: ProjectionSettings
) -> dict[int, float] | None:
    """Hamilton–Perry cohort-change ratios CCR_k = P_{k,t} / P_{k−1,t−1} (k = 1 … age), averaged like the GPRs;
    None when the sheets do not give every k."""
    years = sorted({y for y, _a in population})
    out: dict[int, float] = {}
    for k in range(1, age + 1):
        observed = [
            population[(t, k)] / population[(t - 1, k - 1)]
            for t in years
            if (t, k) in population and population.get((t - 1, k - 1), 0) > 0
        ]
        if not observed:
            return None
        out[k] = average_ratio(observed, settings.method, settings.averaging_years, settings.smoothing)
    return out


def entry_population(
    population: Mapping[tuple[int, int], float],
    age: int,
    births: Mapping[int, tuple[float, str]],
    settings: ProjectionSettings,
) -> dict[int, tuple[float, str]] | None:
    """Each birth cohort's residents at the entry age: observed in the sheet of the year it reaches that age, else
    its latest observation (or its births) carried forward by the cohort-change ratios, which hold the net migration
    of young children. Keyed by birth year, like births; None without cohort-change ratios."""
    ccr = cohort_change_ratios(population, age, settings)
    if ccr is None:
        return None
    out: dict[int, tuple[float, str]] = {}
    for born in births:
        if (born + age, age) in population:
            out[born] = (population[(born + age, age)], "census")
            continue
        seen = [(born + k, k) for k in range(age) if (born + k, k) in population]
        size, k = (population[seen[-1]], seen[-1][1]) if seen else (births[born][0], 0)
        for j in range(k + 1, age + 1):
            size *= ccr[j]
        out[born] = (size, "aged")
    return out


def _project_area(
    history: History,
    area: str,
    observed_years: tuple[int, ...],
    years: range,
    births_source: tuple[str, dict[int, float]],
    births: BirthsAssumption,
    settings: ProjectionSettings,
    county: Projection | None,
    result: Projection,
) -> None:
    base = observed_years[-1]
    cells = result.cells
    for stage in STAGES:
        for grade in GRADES_BY_STAGE[stage]:
            value = history.cells.get((area, stage, grade, base))
            if value is not None:
                cells[(area, stage, grade, base)] = value
    source, known = births_source
    series: dict[int, tuple[float, str]] = {}
    if known:
        wanted = [y - ENTRY_AGE[s] for s in BIRTHS_STAGES for y in (*observed_years, *years)]
        series = births_needed(known, wanted, births, settings)
        label = "" if source == area else f"（用所属县 {source} 的出生数）"
        ages = {y: age for y, (_b, age) in history.births.get(source, {}).items()}
        result.births[area] = {
            y: (b, ("cohort" if src == "census" and ages.get(y, 0) > 0 else src) + label)
            for y, (b, src) in series.items()
        }
    entry = {stage: series for stage in BIRTHS_STAGES}
    if series and settings.entry_base == "population":
        for stage in BIRTHS_STAGES:
            aged = entry_population(history.population.get(source, {}), ENTRY_AGE[stage], series, settings)
            if aged is not None:
                entry[stage] = aged
    rules = {
        (stage, grade): _ratio_rule(history, area, stage, i, observed_years, entry.get(stage, {}), settings)
        for stage in STAGES
        for i, grade in enumerate(GRADES_BY_STAGE[stage])
    }
    result.ratios.extend(r for r in rules.values() if r is not None)
    county_code = history.county_of[area]
    for year in years:
        for stage in STAGES:
            grades = GRADES_BY_STAGE[stage]
            for i, grade in enumerate(grades):
                ratio = rules[(stage, grade)]
                if ratio is None:
                    continue
                if ratio.kind == "entry":
                    fed_by = entry[stage].get(year - ENTRY_AGE[stage], (0.0, ""))[0]
                elif ratio.kind == "share":
                    assert county is not None  # checked in project()
                    fed_by = county.cells.get((county_code, stage, grade, year), 0.0)
                elif ratio.kind == "transition":
                    prev = PREVIOUS_STAGE[stage]
                    fed_by = cells.get((area, prev, GRADES_BY_STAGE[prev][-1], year - 1), 0.0)
                else:
                    fed_by = cells.get((area, stage, grades[i - 1], year - 1), 0.0)
                cells[(area, stage, grade, year)] = ratio.value * fed_by


def _ratio_rule(
    history: History,
    area: str,
    stage: str,
    index: int,
    observed_years: tuple[int, ...],
    births: Mapping[int, tuple[float, str]],
    settings: ProjectionSettings,
) -> Ratio | None:
    """The averaged ratio that feeds one grade, or None when the area never had pupils in it."""
    grade = GRADES_BY_STAGE[stage][index]
    cells = history.cells
    target = {y: cells.get((area, stage, grade, y)) for y in observed_years}
    if not any(v for v in target.values()):
        return None
    town = history.level == "town"
    kind: Literal["entry", "progression", "transition", "share"]
    if index == 0 and stage in BIRTHS_STAGES:
        kind = "entry"
        feeders = {y: births.get(y - ENTRY_AGE[stage], (None, ""))[0] for y in observed_years}
    elif index == 0:
        kind = "share" if town else "transition"
        prev = PREVIOUS_STAGE[stage]
        feeders = {y: cells.get((area, prev, GRADES_BY_STAGE[prev][-1], y - 1)) for y in observed_years}
    else:
        kind = "progression"
        feeders = {y: cells.get((area, stage, GRADES_BY_STAGE[stage][index - 1], y - 1)) for y in observed_years}
    if kind == "share":
        feeders = _county_cells(history, area, stage, grade, observed_years)
    pairs = [(y, v, feeders[y]) for y, v in target.items() if v is not None and feeders.get(y)]
    if not pairs and kind == "entry":
        raise NotFound(
            f"区域 {area} 的出生人口数据与{stage}入学年份对不上：{observed_years[0]}–{observed_years[-1]} 年入学需要"
            f" {observed_years[0] - ENTRY_AGE[stage]}–{observed_years[-1] - ENTRY_AGE[stage]} 年的 0 岁常住人口"
        )
    if not pairs and town and kind != "share":
        kind = "share"  # a town grade with no feeder pupils of its own (e.g. a lone junior school)
        feeders = _county_cells(history, area, stage, grade, observed_years)
        pairs = [(y, v, feeders[y]) for y, v in target.items() if v is not None and feeders.get(y)]
    if not pairs:
        return Ratio(area, stage, grade, kind, 0.0, (), ())
    observed = tuple(float(v) / float(f) for _y, v, f in pairs if f)
    value = average_ratio(observed, settings.method, settings.averaging_years, settings.smoothing)
    used = observed if settings.method == "ses" else observed[-settings.averaging_years :]
    used_years = tuple(y for y, _v, _f in pairs)[-len(used) :]
    return Ratio(area, stage, grade, kind, value, used_years, used)


def _county_cells(history: History, area: str, stage: str, grade: str, years: Iterable[int]) -> dict[int, float | None]:
    county = history.county_of[area]
    members = [a for a, c in history.county_of.items() if c == county]
    out: dict[int, float | None] = {}
    for y in years:
        values = [history.cells[(a, stage, grade, y)] for a in members if (a, stage, grade, y) in history.cells]
        out[y] = sum(values) if values else None
    return out


@dataclass(frozen=True)
class BacktestRow:
    """Projected against observed stage totals of one county for the years after the origin."""

    area_code: str
    stage: str
    years: tuple[int, ...]
    observed: tuple[float, ...]
    projected: tuple[float, ...]

    @property
    def mape(self) -> float:
        """Mean absolute percentage error, %: mean over years of |projected − observed| / observed × 100."""
        errors = [abs(p - o) / o * 100 for o, p in zip(self.observed, self.projected, strict=True) if o > 0]
        return sum(errors) / len(errors) if errors else float("nan")

    def as_dict(self) -> dict[str, object]:
        return {
            "area_code": self.area_code,
            "stage": self.stage,
            "years": list(self.years),
            "observed": [round(v) for v in self.observed],
            "projected": [round(v, 1) for v in self.projected],
            "mape": round(self.mape, 2),
        }


@dataclass
class Backtest:
    origin: int
    years: tuple[int, ...]
    settings: ProjectionSettings
    rows: list[BacktestRow]

    def as_dict(self) -> dict[str, object]:
        return {
            "origin": self.origin,
            "years": list(self.years),
            "settings": self.settings.as_dict(),
            "rows": [r.as_dict() for r in self.rows],
        }


def backtest(census: Mapping[int, CensusYear], origin: int, settings: ProjectionSettings | None = None) -> Backtest:
    """Project each county from the census years up to ``origin`` (births included) and compare with the later
    census years' stage totals."""
    later = sorted(y for y in census if y > origin)
    if not later:
        raise NotFound(f"{origin} 年以后没有普查数据，无法回测")
    if not any(y <= origin for y in census):
        raise NotFound(f"{origin} 年及以前没有普查数据，无法回测")
    actual = build_history(census, "county")
    past = build_history({y: c for y, c in census.items() if y <= origin}, "county")
    result = project(past, origin, later[-1], settings)
    rows = []
    for area in past.areas:
        for stage in STAGES:
            observed = tuple(
                sum(actual.cells.get((area, stage, g, y), 0.0) for g in GRADES_BY_STAGE[stage]) for y in later
            )
            if not any(observed):
                continue
            projected = tuple(result.stage_total(area, stage, y) for y in later)
            rows.append(BacktestRow(area, stage, tuple(later), observed, projected))
    return Backtest(origin, tuple(later), result.settings, rows)
