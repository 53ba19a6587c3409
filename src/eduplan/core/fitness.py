"""Student physical fitness: score raw results by 《国家学生体质健康标准（2014年修订）》 and aggregate the rates.

Everything is one Ibis expression over a table with one row per student (DuckDB by default, the same expressions
on Spark): the standard's thresholds are laid out as one wide row per (sex, grade) — ``lookup_table`` — joined to
the students, and each item score is a ``CASE`` over that row's 20 thresholds. No Python loop over students.

Input columns (``INPUT_COLUMNS``): ``student`` (pseudonym), ``school_code``, ``grade`` (1–12), ``sex``
(``male``/``female``), ``status`` ('' tested, ``免测`` or ``缓测``: kept, never scored), ``height`` (cm),
``weight`` (kg), the ten items of ``standards.fitness`` in their units (seconds for the runs), and optionally
``vision_left`` / ``vision_right`` (uncorrected acuity, 5-point log scale). Extra columns (``town_code``,
``class_name``…) pass through.

Scores are kept in hundredths of a point as integers (``total_centi``) so the band edges 59.9/60.0, 79.9/80.0 and
89.9/90.0 are compared exactly; ``total`` = ``total_centi`` / 100.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np
import pyarrow as pa

from eduplan.standards import fitness as fs

ITEMS: tuple[str, ...] = tuple(fs.standard().items)
INPUT_COLUMNS: tuple[str, ...] = ("student", "school_code", "grade", "sex", "status", "height", "weight", *ITEMS)
VISION_COLUMNS = ("vision_left", "vision_right")
EXEMPT_STATUSES = ("免测", "缓测")
BAND_LABELS: tuple[str, ...] = tuple(b.label for b in fs.standard().grade_bands)  # 优秀, 良好, 及格, 不及格
SMALL_CELL = 5  # groups with fewer scored students are suppressed

RATE_KEYS = (
    "pass_rate",
    "good_rate",
    "excellent_rate",
    "obese_rate",
    "overweight_rate",
    "underweight_rate",
    "myopia_rate",
)
RATE_LABELS = {
    "pass_rate": "合格率",
    "good_rate": "优良率",
    "excellent_rate": "优秀率",
    "obese_rate": "肥胖率",
    "overweight_rate": "超重率",
    "underweight_rate": "低体重率",
    "myopia_rate": "近视率",
}


def _group_key(sex: ir.StringValue, grade: ir.IntegerValue) -> ir.IntegerValue:
    """One integer per (sex, grade): grade for boys, 100 + grade for girls (integer join keys hash fastest)."""
    return ibis.ifelse(sex == "female", 100, 0) + grade


def _sg(sex: str, grade: int) -> int:
    return grade + (100 if sex == "female" else 0)


def group_table(std: fs.FitnessStandard | None = None) -> ir.Table:
    """One row per (sex, grade), keyed by ``g_sg`` (``_group_key``): the BMI weight ``w_bmi`` and the BMI band upper
    bounds ``bmi_max_<i>`` (低体重, 正常, 超重) with the band scores ``bmi_score_<i>``."""
    if std is None or std is fs.standard():
        return _default_tables()[0]
    return _group_table(std)


def _group_table(std: fs.FitnessStandard) -> ir.Table:
    columns: dict[str, list[Any]] = {"g_sg": [], "w_bmi": []}
    for sex in fs.SEXES:
        for grade in fs.GRADES:
            columns["g_sg"].append(_sg(sex, grade))
            columns["w_bmi"].append(std.weights[(sex, grade)]["bmi"])
            for i, band in enumerate(std.bmi[(sex, grade)]):
                columns.setdefault(f"bmi_max_{i}", []).append(band.high)
                columns.setdefault(f"bmi_score_{i}", []).append(band.score)
    schema = {n: pa.float64() if n.startswith("bmi_max") else pa.int64() for n in columns}
    return ibis.memtable(pa.table(columns, schema=pa.schema(schema)))


@dataclass(frozen=True)
class ItemLookup:
    """An item's scores as an equality lookup: every result on the item's resolution (0.1 or 1) between ``low``
    and ``high`` (in units of that resolution), per (sex, grade), with its item score and bonus points.
    Results outside the range score as its ends (0 below the 10-point value; the full bonus above)."""

    key: str
    scale: int  # 10 ** decimals
    low: int
    high: int
    columns: dict[str, list[Any]]  # sex, grade, unit, score, bonus


def _units(value: float, scale: int) -> int:
    return round(value * scale)


@lru_cache(maxsize=1)
def item_lookups() -> dict[str, ItemLookup]:
    """The single-item tables and bonus tables of the standard as ``ItemLookup`` records (built once)."""
    std = fs.standard()
    out = {}
    for key, item in std.items.items():
        scale = 10**item.decimals
        higher = item.direction == "higher_is_better"
        bonus = std.bonus.get(key)
        reach = max((r[1] for rows in bonus.rows.values() for r in rows), default=0.0) if bonus else 0.0
        lows, highs = [], []
        for levels in item.thresholds.values():
            present = [_units(v, scale) for v in levels if v is not None]
            top, bottom = present[0], present[-1]
            lows.append(bottom - 1 if higher else top - _units(reach, scale) - 1)
            highs.append(top + _units(reach, scale) + 1 if higher else bottom + 1)
        low, high = min(lows), max(highs)
        units = np.arange(low, high + 1)
        columns: dict[str, list[Any]] = {"sex": [], "grade": [], "unit": [], "score": [], "bonus": []}
        for (sex, grade), levels in item.thresholds.items():
            if not item.applies(sex, grade):
                continue
            score = np.zeros(len(units), dtype=np.int64)
            for level, threshold in sorted(zip(std.score_levels, levels, strict=True)):  # ascending levels
                if threshold is not None:
                    t = _units(threshold, scale)
                    score = np.where(units >= t if higher else units <= t, level, score)
            points = np.zeros(len(units), dtype=np.int64)
            if bonus is not None and grade in bonus.applies_to.get(sex, ()):
                top = _units(levels[0] or 0.0, scale)
                excess = (units - top if higher else top - units) / scale
                for p, needed in bonus.rows[sex]:
                    points = np.where(excess >= needed, p, points)
            columns["sex"] += [sex] * len(units)
            columns["grade"] += [grade] * len(units)
            columns["unit"] += units.tolist()
            columns["score"] += score.tolist()
            columns["bonus"] += points.tolist()
        out[key] = ItemLookup(key, scale, int(low), int(high), columns)
    return out


def _lookup_table(lookup: ItemLookup, std: fs.FitnessStandard) -> ir.Table:
    """The lookup as a table keyed by ``sg_<item>`` (``_group_key``) and ``k_<item>`` (the result in units), with
    ``score_<item>``, the weighted score ``ws_<item>`` (score × the group's weight) and, for a bonus item,
    ``bonus_<item>``."""
    c, key = lookup.columns, lookup.key
    weight = {(s, g): std.weights[(s, g)].get(key, 0) for s in fs.SEXES for g in fs.GRADES}
    data = {
        f"sg_{key}": [_sg(s, g) for s, g in zip(c["sex"], c["grade"], strict=True)],
        f"k_{key}": c["unit"],
        f"score_{key}": c["score"],
        f"ws_{key}": [v * weight[(s, g)] for s, g, v in zip(c["sex"], c["grade"], c["score"], strict=True)],
    }
    if key in std.bonus:
        data[f"bonus_{key}"] = c["bonus"]
    return ibis.memtable(pa.table(data, schema=pa.schema(dict.fromkeys(data, pa.int64()))))


@lru_cache(maxsize=1)
def _default_tables() -> tuple[ir.Table, dict[str, ir.Table]]:
    """The group table and the item lookup tables of the standard, built once per process."""
    std = fs.standard()
    return _group_table(std), {k: _lookup_table(v, std) for k, v in item_lookups().items()}


def _lookup_units(value: ir.NumericValue, lookup: ItemLookup, higher: bool) -> ir.IntegerValue:
    """The result in resolution units, rounded toward the worse side (a 9.15 s run is not 9.1 s) after a 1e-7 unit
    tolerance for binary floating error (so exact for every result given to 6 decimals of its unit), clamped to
    the lookup's range. A missing result lands on the worse end (score 0, no bonus); its score is nulled later."""
    scaled = value * lookup.scale
    if higher:
        return ibis.least(ibis.greatest((scaled + 1e-7).floor(), lookup.low), lookup.high).cast("int64")
    return ibis.greatest(ibis.least((scaled - 1e-7).ceil(), lookup.high), lookup.low).cast("int64")


def _stage(grade: ir.IntegerValue) -> ir.StringValue:
    return ibis.cases((grade <= 6, "小学"), (grade <= 9, "初中"), else_="高中")


def _applies(std: fs.FitnessStandard, key: str, sg: ir.IntegerValue) -> ir.BooleanValue:
    """Whether ``key`` is tested in the row's (sex, grade), as ranges of ``_group_key`` (cheaper than a list)."""
    item = std.items[key]
    if all(item.applies(s, g) for s in fs.SEXES for g in fs.GRADES):
        return ibis.literal(True)
    keys = sorted(_sg(s, g) for s in fs.SEXES for g in fs.GRADES if item.applies(s, g))
    ranges: list[list[int]] = []
    for k in keys:
        if ranges and ranges[-1][1] == k - 1:
            ranges[-1][1] = k
        else:
            ranges.append([k, k])
    conditions = [sg.between(low, high) for low, high in ranges]
    out = conditions[0]
    for condition in conditions[1:]:
        out = out | condition
    return out


def score_students(students: ir.Table, std: fs.FitnessStandard | None = None) -> ir.Table:
    """The students with ``score_<item>``, ``bmi``, ``bmi_band``, ``score_bmi``, ``bonus_<item>``, ``bonus``,
    ``standard_centi``, ``total_centi``, ``total``, ``band`` (优秀/良好/及格/不及格), ``stage``, ``exempt``,
    ``complete`` and, when vision columns are present, ``myopic``. Exempt (免测/缓测) and incomplete students keep
    their rows with null scores.

    One query, nothing materialised in between: first everything a row needs besides the standard's tables (the
    results in resolution units, BMI, exemption, missing items), then one chain of equality joins, each item on
    (sex-grade key, result in units) with its pre-expanded lookup (``item_lookups``: score, weighted score,
    bonus) and the BMI bands on the 24-row ``group_table``, then the sums. No row carries the thresholds of its
    grade, and the joins carry only the columns still needed (see bench/bench_fitness.py)."""
    std = std or fs.standard()
    if std is fs.standard():
        groups, tables = _default_tables()
    else:
        groups, tables = _group_table(std), {k: _lookup_table(v, std) for k, v in item_lookups().items()}
    lookups = item_lookups()
    numeric = {c: students[c].cast("float64") for c in ("height", "weight", *ITEMS)}
    t = students.mutate(grade=students.grade.cast("int64"), sex=students.sex.cast("string"), **numeric)
    original = list(t.columns)
    t = t.mutate(q_sg=_group_key(t.sex, t.grade))
    missing = t[ITEMS[0]].isnull() & _applies(std, ITEMS[0], t.q_sg)
    for k in ITEMS[1:]:
        missing = missing | (t[k].isnull() & _applies(std, k, t.q_sg))
    metres = t.height / 100.0
    before: dict[str, Any] = {
        "q_sg": t.q_sg,
        "q_bmi": ibis.ifelse(t.height > 0, (t.weight / (metres * metres)).round(1), ibis.null("float64")),
        "exempt": t.status.cast("string").isin(EXEMPT_STATUSES),
        "q_missing": missing,
    }
    if all(c in students.columns for c in VISION_COLUMNS):
        left, right = t.vision_left.cast("float64"), t.vision_right.cast("float64")
        either = ibis.least(left, right) < fs.MYOPIA_ACUITY_BELOW
        before["myopic"] = ibis.ifelse(left.isnull() & right.isnull(), ibis.null("boolean"), either)
    higher = {k: std.items[k].direction == "higher_is_better" for k in ITEMS}
    before |= {f"u_{k}": _lookup_units(t[k], lookups[k], higher[k]) for k in ITEMS}
    t = t.select(*original, **before)
    joined = t
    for key in ITEMS:
        table = tables[key]
        joined = joined.left_join(table, [t.q_sg == table[f"sg_{key}"], t[f"u_{key}"] == table[f"k_{key}"]])
    joined = joined.left_join(groups, t.q_sg == groups.g_sg)
    bmi = joined.q_bmi
    levels = [(bmi <= joined[f"bmi_max_{i}"], i) for i in range(len(fs.BMI_BANDS) - 1)]
    u = joined.select(
        *[joined[c] for c in original],
        **{f"score_{k}": ibis.ifelse(joined[k].notnull(), joined[f"score_{k}"], ibis.null("int64")) for k in ITEMS},
        **{f"bonus_{k}": joined[f"bonus_{k}"].fill_null(0) for k in std.bonus},
        bmi=bmi,
        q_level=ibis.cases(*levels, else_=len(fs.BMI_BANDS) - 1),
        **{f"q_bmi_score_{i}": joined[f"bmi_score_{i}"] for i in range(len(fs.BMI_BANDS))},
        q_w_bmi=joined.w_bmi,
        q_weighted=sum((joined[f"ws_{k}"].fill_null(0) for k in ITEMS), ibis.literal(0, "int64")),
        exempt=joined.exempt,
        q_missing=joined.q_missing,
        **({"myopic": joined.myopic} if "myopic" in before else {}),
    )
    has_bmi = u.bmi.notnull()
    score_bmi = ibis.cases(*[(u.q_level == i, u[f"q_bmi_score_{i}"]) for i in range(len(fs.BMI_BANDS))])
    complete = ~u.exempt & ~u.q_missing & has_bmi
    bonus = ibis.least(sum((u[f"bonus_{k}"] for k in std.bonus), ibis.literal(0)), int(fs.BONUS_CAP))
    standard = score_bmi * u.q_w_bmi + u.q_weighted
    null_int = ibis.null("int64")
    v = u.select(
        *[u[c] for c in (*original, *[f"score_{k}" for k in ITEMS], *[f"bonus_{k}" for k in std.bonus], "bmi")],
        bmi_band=ibis.ifelse(has_bmi, u.q_level.cases(*enumerate(fs.BMI_BANDS)), ibis.null("string")),
        score_bmi=ibis.ifelse(has_bmi, score_bmi, null_int).cast("int64"),
        exempt=u.exempt,
        stage=_stage(u.grade),
        **({"myopic": u.myopic} if "myopic" in before else {}),
        complete=complete,
        standard_centi=ibis.ifelse(complete, standard, null_int).cast("int64"),
        bonus=ibis.ifelse(complete, bonus, null_int).cast("int64"),
        total_centi=ibis.ifelse(complete, standard + bonus * 100, null_int).cast("int64"),
    )
    band = ibis.cases(*[(v.total_centi >= m, label) for label, m in _band_minima(std)], else_=std.grade_bands[-1].label)
    return v.mutate(
        band=ibis.ifelse(v.complete, band, ibis.null("string")),
        standard_score=v.standard_centi / 100.0,
        total=v.total_centi / 100.0,
    )


def _band_minima(std: fs.FitnessStandard | None = None) -> list[tuple[str, int]]:
    """(label, minimum annual total in hundredths) of every band with a minimum, best first."""
    return [(b.label, round(b.minimum * 100)) for b in (std or fs.standard()).grade_bands if b.minimum is not None]


_BAND_COUNTS = ("excellent", "good", "passed")  # 优秀, 良好 and above, 及格 and above


def rate_counts(scored: ir.Table, by: Sequence[str]) -> ir.Table:
    """Per group of ``by``: students, exempt, scored (complete), per band and per BMI band, vision screened, myopic."""
    t = scored
    has_vision = "myopic" in t.columns

    def count(cond: ir.BooleanValue) -> ir.IntegerScalar:
        return cond.fill_null(False).cast("int64").sum().fill_null(0)

    metrics: dict[str, Any] = {
        "students": t.count(),
        "exempt": count(t.exempt),
        "scored": count(t.complete),
        # the bands from the integer total (the same edges as ``band``, cheaper than comparing its labels)
        **{
            name: count(t.complete & (t.total_centi >= m))
            for name, (_, m) in zip(_BAND_COUNTS, _band_minima(), strict=True)
        },
        "bmi_measured": count(t.bmi_band.notnull() & ~t.exempt),
        "underweight": count((t.bmi_band == "低体重") & ~t.exempt),
        "overweight": count((t.bmi_band == "超重") & ~t.exempt),
        "obese": count((t.bmi_band == "肥胖") & ~t.exempt),
        "mean_total": t.total.mean(),
    }
    metrics["vision_screened"] = count(t.myopic.notnull()) if has_vision else ibis.literal(0, "int64")
    metrics["myopic"] = count(t.myopic) if has_vision else ibis.literal(0, "int64")
    return t.group_by(list(by)).aggregate(**metrics) if by else t.aggregate(**metrics)


def _share(top: int, bottom: int) -> float | None:
    return None if bottom == 0 else 100.0 * top / bottom


def wilson(top: int, bottom: int, z: float = 1.959964) -> tuple[float, float] | None:
    """95% Wilson score interval of a share, in % (small schools get wide intervals: shown, not hidden)."""
    if bottom == 0:
        return None
    p = top / bottom
    centre = (p + z * z / (2 * bottom)) / (1 + z * z / bottom)
    half = z * math.sqrt(p * (1 - p) / bottom + z * z / (4 * bottom * bottom)) / (1 + z * z / bottom)
    return (100.0 * max(0.0, centre - half), 100.0 * min(1.0, centre + half))


@dataclass(frozen=True)
class RateRow:
    key: dict[str, Any]
    students: int
    exempt: int
    scored: int
    suppressed: bool  # fewer than SMALL_CELL scored students: counts and rates withheld
    counts: dict[str, int]
    rates: dict[str, float | None]
    pass_interval: tuple[float, float] | None
    good_interval: tuple[float, float] | None
    mean_total: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            **self.key,
            "students": self.students,
            "exempt": self.exempt,
            "scored": None if self.suppressed else self.scored,
            "suppressed": self.suppressed,
            "counts": self.counts,
            **self.rates,
            "pass_interval": list(self.pass_interval) if self.pass_interval else None,
            "good_interval": list(self.good_interval) if self.good_interval else None,
            "mean_total": self.mean_total,
        }


def rate_rows(counts: ir.Table, by: Sequence[str]) -> list[RateRow]:
    """The (small) aggregate as rows with rates in %; groups under ``SMALL_CELL`` scored students suppressed."""
    rows: list[RateRow] = []
    for r in counts.order_by(list(by)).to_pyarrow().to_pylist() if by else counts.to_pyarrow().to_pylist():
        scored, bmi_n, vision_n = int(r["scored"]), int(r["bmi_measured"]), int(r["vision_screened"])
        suppressed = scored < SMALL_CELL
        rates: dict[str, float | None] = {
            "pass_rate": _share(r["passed"], scored),
            "good_rate": _share(r["good"], scored),
            "excellent_rate": _share(r["excellent"], scored),
            "obese_rate": _share(r["obese"], bmi_n),
            "overweight_rate": _share(r["overweight"], bmi_n),
            "underweight_rate": _share(r["underweight"], bmi_n),
            "myopia_rate": _share(r["myopic"], vision_n) if vision_n >= SMALL_CELL else None,
        }
        keys = ("excellent", "good", "passed", "bmi_measured", "underweight", "overweight", "obese")
        counts_kept = {k: int(r[k]) for k in (*keys, "vision_screened", "myopic")}
        rows.append(
            RateRow(
                key={k: r[k] for k in by},
                students=int(r["students"]),
                exempt=int(r["exempt"]),
                scored=scored,
                suppressed=suppressed,
                counts={} if suppressed else counts_kept,
                rates={k: None for k in rates} if suppressed else rates,
                pass_interval=None if suppressed else wilson(r["passed"], scored),
                good_interval=None if suppressed else wilson(r["good"], scored),
                mean_total=None if suppressed or r["mean_total"] is None else float(r["mean_total"]),
            )
        )
    return rows


def fitness_rates(scored: ir.Table, by: Sequence[str] = ()) -> list[RateRow]:
    """合格率, 优良率, 优秀率, BMI rates and 近视率 per group of ``by`` (e.g. ``("school_code",)``, ``("grade", "sex")``,
    ``("stage",)``, ``("town_code",)``; ``()`` = the whole table, e.g. the county)."""
    return rate_rows(rate_counts(scored, by), by)


def item_distribution(scored: ir.Table, by: Sequence[str] = ()) -> ir.Table:
    """Per group and item: students by the item score's grade (优秀 ≥ 90, 良好 ≥ 80, 及格 ≥ 60, 不及格 < 60)."""
    parts = []
    for key in ("bmi", *ITEMS):
        score = scored[f"score_{key}"]
        chosen = scored.filter(score.notnull() & scored.complete)
        level = ibis.cases((score >= 90, "优秀"), (score >= 80, "良好"), (score >= 60, "及格"), else_="不及格")
        part = chosen.mutate(item=ibis.literal(key), level=level)
        parts.append(part.group_by([*by, "item", "level"]).aggregate(students=part.count()))
    return ibis.union(*parts)


def graduation_score(graduation_year_total: float, other_year_totals: Sequence[float]) -> float:
    """毕业成绩 = 50% × the graduation year's total + 50% × the mean of the other years' totals (说明)."""
    if not other_year_totals:
        return graduation_year_total
    return 0.5 * graduation_year_total + 0.5 * sum(other_year_totals) / len(other_year_totals)


GROUPINGS: dict[str, tuple[str, ...]] = {
    "stages": ("stage",),
    "grades": ("grade", "sex"),
    "towns": ("town_code",),
    "schools": ("school_code",),
}


def summarise(scored: ir.Table) -> dict[str, Any]:
    """The county figure, the groupings of ``GROUPINGS`` (those whose columns are present) and the item
    distribution per 学段, as JSON-ready data. Pass a materialised scored table (``Table.cache()``): each
    grouping is its own query."""
    (county,) = fitness_rates(scored)
    out: dict[str, Any] = {"county": county.as_dict()}
    for name, by in GROUPINGS.items():
        if all(c in scored.columns for c in by):
            out[name] = [r.as_dict() for r in fitness_rates(scored, by)]
    rows = item_distribution(scored, ("stage",)).order_by(["stage", "item", "level"]).to_pyarrow().to_pylist()
    out["items"] = [{**r, "students": int(r["students"])} for r in rows]
    return out


# --- plan indicators bound to fitness rates (``eduplan plan bind``; store.plans computes their actuals) ----

_PLAN_RATES = {
    "pass_rate": ("合格率", ("合格率", "达标率")),
    "good_rate": ("优良率", ("优良率",)),
    "excellent_rate": ("优秀率", ("优秀率",)),
    "myopia_rate": ("近视率", ("近视",)),
    "obese_rate": ("肥胖率", ("肥胖",)),
}
_PLAN_STAGES = {"": "", "小学": "primary", "初中": "junior", "高中": "senior"}


@dataclass(frozen=True)
class PlanMetric:
    key: str
    label: str
    rate: str  # a key of RATE_KEYS
    stage: str  # "" for all students, else 小学/初中/高中


PLAN_METRICS: dict[str, PlanMetric] = {
    (key := f"fitness_{f'{code}_' if code else ''}{rate}"): PlanMetric(key, f"{stage}学生体质健康{label}", rate, stage)
    for stage, code in _PLAN_STAGES.items()
    for rate, (label, _) in _PLAN_RATES.items()
}


def suggest_plan_metric(name: str, stage: str | None = None) -> str | None:
    """The fitness metric an indicator's wording points to (体质健康 + 合格率/优良率/…, or 近视/肥胖)."""
    rate = next((r for r, (_, words) in _PLAN_RATES.items() if any(w in name for w in words)), None)
    if rate is None or not ("体质" in name or rate in ("myopia_rate", "obese_rate")):
        return None
    plain = name.replace("中小学", "")  # 中小学生 = every stage, not 小学
    named = next((s for s in ("小学", "初中", "高中") if s in plain), None)
    chosen = named or (stage if stage in _PLAN_STAGES else "")
    code = _PLAN_STAGES[chosen or ""]
    return f"fitness_{f'{code}_' if code else ''}{rate}"


def plan_metric_values(scored: ir.Table) -> dict[int, dict[str, float]]:
    """Year (``scored.year``) → the value of every plan metric that year (suppressed or empty cells left out).
    Two queries for all the years."""
    rows: dict[tuple[int, str], RateRow] = {(int(r.key["year"]), ""): r for r in fitness_rates(scored, ("year",))}
    rows |= {(int(r.key["year"]), r.key["stage"]): r for r in fitness_rates(scored, ("year", "stage"))}
    values: dict[int, dict[str, float]] = {year: {} for year, _ in rows}
    for (year, stage), row in rows.items():
        for metric in PLAN_METRICS.values():
            value = row.rates.get(metric.rate) if metric.stage == stage else None
            if value is not None:
                values[year][metric.key] = round(value, 4)
    return values
