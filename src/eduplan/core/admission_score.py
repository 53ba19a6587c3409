"""积分入学 scoring: a rubric (standards/admission.py) evaluated on every applicant at once, with its breakdown.

Points are computed in integer hundredths (``centi``) so totals, ties and re-runs are exact. Period arithmetic
(docs/admission.md §Periods):

- ``full_year``: anniversaries of the start date reached on or before the cut-off (a 29 Feb start reaches its
  anniversary on 28 Feb); a months fact counts ``months // 12``.
- ``full_month``: month-days reached on or before the cut-off (a 31st start reaches it on the month's last day);
  a months fact counts its months.
- ``per_30_days``: ``(cut-off − start + 1 day) // 30`` — both ends counted (U, spec §6.2); ``since`` moves the start.
- ``started_year_over``: ``base + rate × started years beyond the age``, each part of a year counting as a year,
  floored at 0 (Guangzhou: 30, −2 per year or part over 40).
- ``flat``: the rate when the flag is true, the level matches, the date is present, or the full age is in the band.

Then a row's cap, take-the-highest groups (the first row in table order wins a tie), item caps, the total's floor
and rounding (half up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from eduplan.standards.admission import FACTS, Condition, Gate, Policy, Rubric, RubricRow, age_band

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def _day(value: str, default: dt.date) -> dt.date:
    return dt.date.fromisoformat(value) if value else default


def _dates(column: pd.Series) -> tuple[IntArray, IntArray, IntArray, BoolArray]:
    """Year, month, day arrays of a date column and the mask of present values (missing → 0)."""
    stamps = pd.to_datetime(column, errors="coerce")
    present = stamps.notna().to_numpy()
    year = stamps.dt.year.fillna(0).to_numpy(dtype=np.int64)
    month = stamps.dt.month.fillna(1).to_numpy(dtype=np.int64)
    day = stamps.dt.day.fillna(1).to_numpy(dtype=np.int64)
    return year.astype(np.int64), month.astype(np.int64), day.astype(np.int64), present.astype(bool)


def _days_in_month(year: IntArray, month: IntArray) -> IntArray:
    first = (year - 1970) * 12 + (month - 1)
    starts = first.astype("datetime64[M]")
    days: IntArray = ((starts + 1).astype("datetime64[D]") - starts.astype("datetime64[D]")).astype(np.int64)
    return days


def full_years(start: pd.Series, end: dt.date) -> IntArray:
    """Anniversaries of each start date reached on or before ``end`` (0 for a missing or later start)."""
    sy, sm, sd, present = _dates(start)
    ey = np.full_like(sy, end.year)
    anniversary = np.minimum(sd, _days_in_month(ey, sm))
    before = (end.month < sm) | ((end.month == sm) & (end.day < anniversary))
    years = end.year - sy - before.astype(np.int64)
    return np.where(present, np.maximum(years, 0), 0)


def full_months(start: pd.Series, end: dt.date) -> IntArray:
    """Month-days of each start date reached on or before ``end``."""
    sy, sm, sd, present = _dates(start)
    ey = np.full_like(sy, end.year)
    em = np.full_like(sy, end.month)
    reached = end.day >= np.minimum(sd, _days_in_month(ey, em))
    months = (end.year - sy) * 12 + (end.month - sm) - (~reached).astype(np.int64)
    return np.where(present, np.maximum(months, 0), 0)


def days_inclusive(start: pd.Series, end: dt.date, since: dt.date | None = None) -> IntArray:
    stamps = pd.to_datetime(start, errors="coerce")
    if since is not None:
        stamps = stamps.where(stamps.isna() | (stamps >= pd.Timestamp(since)), pd.Timestamp(since))
    present = stamps.notna().to_numpy()
    days = (pd.Timestamp(end) - stamps).dt.days.fillna(-1).to_numpy(dtype=np.int64) + 1
    return np.where(present, np.maximum(days, 0), 0)


def started_years_over(birth: pd.Series, end: dt.date, over: int) -> IntArray:
    """Years or parts of a year lived beyond age ``over`` at ``end`` (0 up to and on that birthday)."""
    age = full_years(birth, end)
    _, bm, bd, present = _dates(birth)
    anniversary = np.minimum(bd, _days_in_month(np.full_like(bm, end.year), bm))
    exact: BoolArray = np.asarray((bm == end.month) & (anniversary == end.day), dtype=bool)
    beyond = age - over
    started = np.where(beyond >= 0, beyond + (~exact).astype(np.int64), 0)
    started = np.where((beyond == 0) & exact, 0, started)
    result: IntArray = np.where(present, started, 0)
    return result


def _column(frame: pd.DataFrame, key: str) -> pd.Series:
    if key in frame.columns:
        return frame[key]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _flags(column: pd.Series) -> BoolArray:
    return column.eq(True).to_numpy(dtype=bool)  # missing → False


def _months(column: pd.Series) -> IntArray:
    return pd.to_numeric(column, errors="coerce").fillna(0).to_numpy(dtype=np.int64)


def _count(row: RubricRow, column: pd.Series, cutoff: dt.date) -> IntArray:
    """How many units (years, months, 30-day spans) or, for a flat row, 0/1 — per applicant."""
    kind = FACTS[row.fact].kind
    since = _day(row.since, dt.date.min) if row.since else None
    if row.unit == "flat":
        if kind == "flag":
            hit = _flags(column)
        elif kind == "level":
            hit = (column.fillna("") == row.level).to_numpy()
        elif kind == "birth_date":
            low, high = age_band(row.level) or (0, -1)
            age = full_years(column, cutoff)
            hit = (age >= low) & (age <= high) & column.notna().to_numpy()
        else:  # a date: held (started on or before the cut-off)
            hit = (pd.to_datetime(column, errors="coerce") <= pd.Timestamp(cutoff)).to_numpy()
        return hit.astype(np.int64)
    if row.unit == "started_year_over":
        return started_years_over(column, cutoff, int(row.over))
    if kind == "months":
        months = _months(column)
        return months // 12 if row.unit == "full_year" else months
    if since is not None and row.unit != "per_30_days":
        stamps = pd.to_datetime(column, errors="coerce")
        column = stamps.where(stamps.isna() | (stamps >= pd.Timestamp(since)), pd.Timestamp(since))
    if row.unit == "full_year":
        return full_years(column, cutoff)
    if row.unit in ("full_month", "full_month_over"):
        return full_months(column, cutoff)
    return days_inclusive(column, cutoff, since) // 30


def _centi(value: float) -> int:
    return round(value * 100)


def _row_points(row: RubricRow, count: IntArray) -> IntArray:
    if row.unit == "started_year_over":
        return np.maximum(_centi(row.base) + _centi(row.rate) * count, 0)
    if row.unit == "full_month_over":  # 番禺 2015: 28 at 60 full months, 0.35 per month beyond; nothing under 60
        over = int(row.over)
        return np.where(count >= over, _centi(row.base) + _centi(row.rate) * (count - over), 0)
    points = _centi(row.rate) * count
    if row.cap is not None:
        cap = _centi(row.cap)
        points = np.clip(points, -cap, cap)
    return points


@dataclass(frozen=True)
class Scores:
    """Per applicant: the count and points (centi) of every row, what group/item caps took off, and the total."""

    rubric: Rubric
    cutoff: dt.date
    counts: pd.DataFrame  # one column per row key (units measured)
    raw: pd.DataFrame  # row points after the row cap, before groups (centi)
    points: pd.DataFrame  # row points counted in the total (centi)
    item_cuts: pd.DataFrame  # per item with a cap: centi taken off (≤ 0)
    total: IntArray  # centi, after floor and rounding

    def breakdown(self, position: int) -> list[dict[str, object]]:
        """Why this many points: one entry per row (and per item cap), in table order."""
        lines: list[dict[str, object]] = []
        for row in self.rubric.rows:
            raw = int(self.raw[row.key].to_numpy()[position])
            counted = int(self.points[row.key].to_numpy()[position])
            note = ""
            if raw != counted:
                note = f"{row.exclusive_group}取最高，本行不计"
            lines.append(
                {
                    "row": row.key,
                    "item": row.item,
                    "name": row.name,
                    "rule": row.describe(),
                    "count": int(self.counts[row.key].to_numpy()[position]),
                    "unit": row.unit,
                    "points": counted / 100,
                    "status": row.status,
                    "unconfirmed": row.status == "U",
                    "note": note,
                }
            )
        for item in self.item_cuts.columns:
            cut = int(self.item_cuts[item].to_numpy()[position])
            if cut:
                lines.append({"row": f"cap:{item}", "item": item, "name": "项目上限", "points": cut / 100, "note": ""})
        return lines


def score(applicants: pd.DataFrame, rubric: Rubric, cutoff: dt.date) -> Scores:
    """Score every applicant under ``rubric`` measured at ``cutoff`` (a row's own cut-off wins)."""
    counts: dict[str, IntArray] = {}
    raw: dict[str, IntArray] = {}
    for row in rubric.rows:
        at = _day(row.cutoff, cutoff)
        count = _count(row, _column(applicants, row.fact), at)
        points = _row_points(row, count)
        if row.unit == "started_year_over":  # no birth date, no age points
            points = np.where(_column(applicants, row.fact).notna().to_numpy(), points, 0)
        if row.applies_to == "couple_capped":
            spouse = _count(row, _column(applicants, f"spouse_{row.fact}"), at)
            points = _row_points(row, count + spouse)
            count = count + spouse
        counts[row.key] = count
        raw[row.key] = points
    counted = dict(raw)
    groups: dict[str, list[RubricRow]] = {}
    for row in rubric.rows:
        if row.exclusive_group:
            groups.setdefault(row.exclusive_group, []).append(row)
    for members in groups.values():
        stacked = np.vstack([raw[m.key] for m in members])
        best = np.argmax(stacked, axis=0)  # first row in table order wins a tie
        for index, member in enumerate(members):
            counted[member.key] = np.where(best == index, raw[member.key], 0)
    cuts: dict[str, IntArray] = {}
    n = len(applicants)
    total = np.zeros(n, dtype=np.int64)
    for row in rubric.rows:
        total += counted[row.key]
    for item, cap in rubric.item_caps.items():
        in_item = [r.key for r in rubric.rows if r.item == item]
        if not in_item:
            continue
        subtotal = np.sum([counted[k] for k in in_item], axis=0)
        cut = np.minimum(_centi(cap) - subtotal, 0)
        cuts[item] = cut
        total += cut
    if rubric.floor_total is not None:
        total = np.maximum(total, _centi(rubric.floor_total))
    step = 10 ** max(2 - rubric.decimals, 0)
    if step > 1:
        total = np.where(total >= 0, (total + step // 2) // step * step, -((-total + step // 2) // step * step))
    positions = pd.RangeIndex(len(applicants))
    return Scores(
        rubric=rubric,
        cutoff=cutoff,
        counts=pd.DataFrame(counts, index=positions),
        raw=pd.DataFrame(raw, index=positions),
        points=pd.DataFrame(counted, index=positions),
        item_cuts=pd.DataFrame(cuts, index=positions),
        total=total,
    )


def _holds(condition: Condition, applicants: pd.DataFrame, cutoff: dt.date) -> BoolArray:
    column = _column(applicants, condition.fact)
    at = _day(condition.cutoff, cutoff)
    value = condition.value
    if condition.test == "years_at_least":
        kind = FACTS[condition.fact].kind
        years = _months(column) // 12 if kind == "months" else full_years(column, at)
        return np.asarray(years >= float(value), dtype=bool)  # type: ignore[arg-type]
    if condition.test == "months_at_least":
        kind = FACTS[condition.fact].kind
        months = _months(column) if kind == "months" else full_months(column, at)
        return np.asarray(months >= float(value), dtype=bool)  # type: ignore[arg-type]
    if condition.test == "is_true":
        return _flags(column)
    if condition.test == "is_false":
        return ~_flags(column)
    if condition.test in ("age_at_least", "age_at_most"):
        age = full_years(column, at)
        present = column.notna().to_numpy()
        limit = float(value)  # type: ignore[arg-type]
        return present & ((age >= limit) if condition.test == "age_at_least" else (age <= limit))
    allowed = value if isinstance(value, tuple) else (value,)
    numbers = pd.to_numeric(column, errors="coerce")
    hits: BoolArray = numbers.isin([float(v) for v in allowed]).to_numpy(dtype=bool)
    return hits


def _applies(gate: Gate, applicants: pd.DataFrame) -> BoolArray:
    if not gate.grades:
        return np.ones(len(applicants), dtype=bool)
    grades = pd.to_numeric(_column(applicants, "grade"), errors="coerce")
    hits: BoolArray = grades.isin(list(gate.grades)).to_numpy(dtype=bool)
    return hits


def eligibility(applicants: pd.DataFrame, policy: Policy) -> tuple[BoolArray, list[list[str]]]:
    """Whether each applicant passes every gate, and the names of the gates each one fails."""
    cutoff = dt.date.fromisoformat(policy.cutoff)
    failed: list[list[str]] = [[] for _ in range(len(applicants))]
    ok = np.ones(len(applicants), dtype=bool)
    for gate in policy.gates:
        passes = np.zeros(len(applicants), dtype=bool)
        for condition in gate.any_of:
            passes |= _holds(condition, applicants, cutoff)
        passes |= ~_applies(gate, applicants)
        ok &= passes
        for position in np.flatnonzero(~passes):
            failed[position].append(gate.name)
    return ok, failed


def batches(applicants: pd.DataFrame, policy: Policy) -> IntArray:
    """Each applicant's priority batch: the first batch whose conditions all hold, else ``len(policy.batches)``."""
    cutoff = dt.date.fromisoformat(policy.cutoff)
    batch = np.full(len(applicants), len(policy.batches), dtype=np.int64)
    for number in range(len(policy.batches) - 1, -1, -1):
        hold = np.ones(len(applicants), dtype=bool)
        for condition in policy.batches[number].all_of:
            hold &= _holds(condition, applicants, cutoff)
        batch = np.where(hold, number, batch)
    return batch
