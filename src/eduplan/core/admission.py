"""积分入学 allocation: serial dictatorship over one common priority order, then 滑档 and 补录 (spec §3.4).

Order: eligible applicants sorted by (priority batch, points descending, tie-break vector descending, lottery). The
tie-break vector is the policy's: ``rows`` (every row's points in table order, 天河 2020) and/or single row keys.
The lottery number of an applicant is SipHash-2-4 of the applicant keyed with the seed — it does not depend on the row order,
and the seed is stored with the run, so the order is reproducible.

1. In that order each applicant gets the first school of their 志愿 (at most ``max_choices``) with a seat left.
   A member of a ``district_wide`` batch (番禺 五年优先) none of whose 志愿 has a seat gets a seeded random seat
   anywhere in the district, still within the batch.
2. 滑档: after everyone placeable is placed, each unplaced applicant in order gets a seeded random seat among the
   seats left in their area (or the district), uniformly over seats.
3. 补录: still unplaced ones get a seeded random seat anywhere in the district.

With one common strict order this is student-proposing deferred acceptance (spec §3.3); tests check step 1 against
``matching.games.HospitalResident``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from eduplan.core.admission_score import Scores, batches, eligibility, score
from eduplan.standards.admission import SUBSIDY_YUAN, Policy, Rubric

IntArray = npt.NDArray[np.int64]

HOW_CHOICE = "志愿"
HOW_BATCH = "统筹"  # a district-wide batch member placed outside their 志愿
HOW_SLIDE = "滑档"
HOW_SUPPLEMENTARY = "补录"
HOW_UNPLACED = "未录取"
HOW_OUT_OF_POOL = "未入围"  # cut from the pool before 派位 (花都 2020 step 3)
HOW_INELIGIBLE = "不符合条件"
PUBLIC = "公办"
PURCHASED = "民办（政府购买学位）"


def lottery_numbers(applicants: Sequence[str], seed: int) -> IntArray:
    """Each applicant's lottery number (smaller draws first): SipHash-2-4 of the applicant keyed with the seed
    (``pandas.util.hash_array``), 63 bits; independent of the row order."""
    key = f"{seed:016d}"[-16:]
    hashed = pd.util.hash_array(np.asarray(list(applicants), dtype=object), hash_key=key, categorize=False)
    numbers: IntArray = (hashed >> np.uint64(1)).astype(np.int64)
    return numbers


def priority_order(batch: IntArray, points: IntArray, tie_break: IntArray, lottery: IntArray) -> IntArray:
    """Positions sorted by (batch, −points, −tie-break columns left to right, lottery)."""
    keys: list[IntArray] = [lottery]
    keys += [-tie_break[:, j] for j in range(tie_break.shape[1] - 1, -1, -1)]
    keys += [-points, batch]
    return np.lexsort(keys).astype(np.int64)


@dataclass(frozen=True)
class Placement:
    school: IntArray  # school position per applicant, −1 when none
    how: list[str]  # HOW_* per applicant
    choice: IntArray  # which 志愿 (1-based) placed them; 0 otherwise
    draw: IntArray  # the number of the seeded draw (1-based) that placed them; 0 otherwise


def _draw(rng: np.random.Generator, left: npt.NDArray[np.int64], allowed: npt.NDArray[np.int64]) -> int:
    """A uniformly random seat among the seats left in ``allowed`` schools: the school's position, or −1."""
    cumulative = np.cumsum(left[allowed])
    if not len(cumulative) or cumulative[-1] == 0:
        return -1
    pick = int(rng.integers(int(cumulative[-1])))
    return int(allowed[int(np.searchsorted(cumulative, pick, side="right"))])


def allocate(
    order: IntArray,
    choices: Sequence[Sequence[int]],
    seats: Sequence[int],
    *,
    batch: IntArray | None = None,
    district_wide_batches: frozenset[int] = frozenset(),
    applicant_area: Sequence[str] = (),
    school_area: Sequence[str] = (),
    slide: bool = False,
    slide_scope: str = "area",
    supplementary: bool = False,
    seed: int = 0,
    school_local: Sequence[str | None] = (),
    applicant_local: Sequence[str] = (),
) -> Placement:
    """Place applicants in ``order`` (positions) on ``seats`` (per school position) by their ``choices``.

    ``school_local``: for a school that takes its own area's applicants first (花都 2020: 梯面 schools, then 花山
    applicants of the same pool), that area, else None; ``applicant_local`` the applicant's own area. With such
    schools step 1 is student-proposing deferred acceptance with those schools' priority (local first, then the
    order); without them it is the serial dictatorship (the same result).
    """
    n = len(choices)
    left = [int(s) for s in seats]
    school = [-1] * n
    how = [HOW_INELIGIBLE] * n
    choice_no = [0] * n
    draw_no = [0] * n
    rng = np.random.default_rng(seed)
    draws = 0
    everywhere = np.arange(len(left), dtype=np.int64)
    by_area: dict[str, npt.NDArray[np.int64]] = {}
    for position, area in enumerate(school_area):
        by_area.setdefault(area, np.empty(0, dtype=np.int64))
        by_area[area] = np.append(by_area[area], position)

    def place_randomly(
        position: int, remaining: npt.NDArray[np.int64], allowed: npt.NDArray[np.int64], label: str
    ) -> int:
        """Draw a seat for ``position`` from ``remaining`` (updated in place); the school or −1."""
        nonlocal draws
        got = _draw(rng, remaining, allowed)
        draws += 1
        if got >= 0:
            remaining[got] -= 1
            school[position], how[position], draw_no[position] = got, label, draws
        return got

    local_first = any(area is not None for area in school_local)
    held = deferred_acceptance(order, choices, left, school_local, applicant_local) if local_first else {}
    for position in order.tolist():
        how[position] = HOW_UNPLACED
        if local_first:
            if position in held:
                wanted, rank = held[position]
                left[wanted] -= 1
                school[position], how[position], choice_no[position] = wanted, HOW_CHOICE, rank
            continue  # district-wide batches below, after everyone's 志愿
        for rank, wanted in enumerate(choices[position], start=1):
            if left[wanted] > 0:
                left[wanted] -= 1
                school[position], how[position], choice_no[position] = wanted, HOW_CHOICE, rank
                break
        else:
            if batch is not None and int(batch[position]) in district_wide_batches and any(left):
                got = place_randomly(position, np.array(left, dtype=np.int64), everywhere, HOW_BATCH)
                if got >= 0:
                    left[got] -= 1
    wide = [] if batch is None or not local_first else [int(b) in district_wide_batches for b in batch.tolist()]
    for position in order.tolist() if wide else []:
        if how[position] == HOW_UNPLACED and wide[position] and any(left):
            got = place_randomly(position, np.array(left, dtype=np.int64), everywhere, HOW_BATCH)
            if got >= 0:
                left[got] -= 1
    rounds: list[tuple[str, bool]] = [(HOW_SLIDE, slide), (HOW_SUPPLEMENTARY, supplementary)]
    empty = np.empty(0, dtype=np.int64)
    remaining = np.array(left, dtype=np.int64)
    for label, enabled in rounds:
        if not enabled:
            continue
        for position in order.tolist():
            if how[position] != HOW_UNPLACED:
                continue
            if not remaining.any():
                break  # nothing left anywhere: no more draws
            if label == HOW_SLIDE and slide_scope == "area" and applicant_area:
                allowed = by_area.get(applicant_area[position], empty)
            else:
                allowed = everywhere
            place_randomly(position, remaining, allowed, label)
    return Placement(
        school=np.array(school, dtype=np.int64),
        how=how,
        choice=np.array(choice_no, dtype=np.int64),
        draw=np.array(draw_no, dtype=np.int64),
    )


def deferred_acceptance(
    order: IntArray,
    choices: Sequence[Sequence[int]],
    seats: Sequence[int],
    school_local: Sequence[str | None],
    applicant_local: Sequence[str],
) -> dict[int, tuple[int, int]]:
    """Student-proposing deferred acceptance: every school ranks by the common ``order``, except that a school with
    a local area ranks that area's applicants first. Returns applicant position → (school, which 志愿)."""
    rank = {position: i for i, position in enumerate(order.tolist())}
    held: list[list[tuple[int, int, int]]] = [[] for _ in seats]  # heap of (−local, −rank, applicant): worst first
    proposal = dict.fromkeys(rank, 0)
    free = list(reversed(order.tolist()))
    while free:
        applicant = free.pop()
        while proposal[applicant] < len(choices[applicant]):
            wanted = choices[applicant][proposal[applicant]]
            proposal[applicant] += 1
            if seats[wanted] <= 0:
                continue
            local = school_local[wanted]
            outsider = int(local is not None and applicant_local[applicant] != local)
            heapq.heappush(held[wanted], (-outsider, -rank[applicant], applicant))
            if len(held[wanted]) <= seats[wanted]:
                break
            rejected = heapq.heappop(held[wanted])[2]
            if rejected != applicant:
                free.append(rejected)
                break
    return {applicant: (school, proposal[applicant]) for school, heap in enumerate(held) for _, _, applicant in heap}


def cut_pool(
    order: IntArray, applicant_keys: Sequence[object], school_keys: Sequence[object], seats: Sequence[int]
) -> IntArray:
    """花都 2020 step 3 ("按各镇街学位数及积分划定入围派位名单"): in ``order``, the applicants of each key (their area,
    or area and grade) enter 派位 until the key's seats are counted out; the others never enter (not even 滑档)."""
    capacity: dict[object, int] = {}
    for key, count in zip(school_keys, seats, strict=True):
        capacity[key] = capacity.get(key, 0) + int(count)
    taken: dict[object, int] = {}
    kept = []
    for position in order.tolist():
        key = applicant_keys[position]
        if taken.get(key, 0) < capacity.get(key, 0):
            taken[key] = taken.get(key, 0) + 1
            kept.append(position)
    return np.array(kept, dtype=np.int64)


@dataclass(frozen=True)
class Baseline:
    """随迁子女 already enrolled (e.g. from the census): in public schools, in purchased seats, in all schools."""

    public: int
    purchased: int
    total: int


@dataclass
class AdmissionResult:
    policy: Policy
    rubric: Rubric
    seed: int
    fingerprint: str  # sha256 of the inputs: the same fingerprint and seed give the same result
    applicants: (
        pd.DataFrame
    )  # applicant, eligible, failed, batch, points, rank, lottery, school_code, how, choice, reason
    schools: (
        pd.DataFrame
    )  # school_code, name, area, kind, seats, filled, by_choice, by_draw, lowest_points, turned_away
    district: dict[str, object]
    scores: Scores | None = field(default=None, repr=False)

    def breakdown(self, applicant: str) -> list[dict[str, object]]:
        if self.scores is None:
            return []
        positions = np.flatnonzero(self.applicants["applicant"].to_numpy() == applicant)
        return self.scores.breakdown(int(positions[0])) if len(positions) else []

    def as_dict(self) -> dict[str, object]:
        def records(frame: pd.DataFrame) -> list[dict[str, object]]:
            clean = frame.astype(object).where(frame.notna(), None)
            return [{str(k): _plain(v) for k, v in row.items()} for row in clean.to_dict(orient="records")]

        return {
            "policy": self.policy.id,
            "rubric": {"id": self.rubric.id, "version": self.rubric.version},
            "seed": self.seed,
            "fingerprint": self.fingerprint,
            "unconfirmed": self.rubric.unconfirmed(),
            "district": self.district,
            "schools": records(self.schools),
            "applicants": records(self.applicants),
        }


def _plain(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _column_bytes(column: pd.Series) -> bytes:
    """A column's cells as bytes, fast for 50,000 rows: dates as day numbers, 志愿 lists joined, the rest as text."""
    present = column.dropna()
    first = present.iloc[0] if len(present) else None
    if isinstance(first, dt.date):
        days = pd.to_datetime(column, errors="coerce").to_numpy(dtype="datetime64[D]").astype(np.int64)
        return bytes(days.tobytes())
    if isinstance(first, list | tuple):
        return "\x1f".join("|".join(map(str, v)) if isinstance(v, list | tuple) else "" for v in column).encode()
    if column.dtype != object:
        return bytes(column.to_numpy().tobytes())
    return "\x1f".join(map(str, column.tolist())).encode()


def fingerprint(applicants: pd.DataFrame, schools: pd.DataFrame, rubric: Rubric, policy: Policy, seed: int) -> str:
    """sha256 over every input cell (as text, columns in name order), the rubric, the policy and the seed."""
    digest = hashlib.sha256()
    for frame in (applicants, schools):
        for name in sorted(frame.columns):
            column = frame[name]
            digest.update(name.encode())
            digest.update(_column_bytes(column))
    digest.update(json.dumps([rubric.as_dict(), policy.as_dict(), seed], sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _tie_break(scores: Scores, policy: Policy) -> IntArray:
    columns: list[str] = []
    for entry in policy.tie_break:
        if entry == "rows":
            columns += [r.key for r in scores.rubric.rows]
        elif entry in scores.points.columns:
            columns.append(entry)
    if not columns:
        return np.zeros((len(scores.total), 0), dtype=np.int64)
    return scores.points[columns].to_numpy(dtype=np.int64)


def _choices(applicants: pd.DataFrame, codes: Mapping[str, int], limit: int) -> list[list[int]]:
    return [[codes[c] for c in list(wanted)[:limit] if c in codes] for wanted in applicants["choices"]]


def run_admission(
    applicants: pd.DataFrame,
    schools: pd.DataFrame,
    rubric: Rubric,
    policy: Policy,
    seed: int,
    baseline: Baseline | None = None,
) -> AdmissionResult:
    """Score, check, order and place every applicant; per-school and district outcomes with the reasons."""
    applicants = applicants.reset_index(drop=True)
    schools = schools.reset_index(drop=True)
    cutoff = dt.date.fromisoformat(policy.cutoff)
    scores = score(applicants, rubric, cutoff)
    ok, failed = eligibility(applicants, policy)
    batch = batches(applicants, policy)
    ids = applicants["applicant"].astype(str).tolist()
    lottery = lottery_numbers(ids, seed)
    order_all = priority_order(batch, scores.total, _tie_break(scores, policy), lottery)
    order = order_all[ok[order_all]]
    codes = {str(c): i for i, c in enumerate(schools["school_code"])}
    choices = _choices(applicants, codes, policy.max_choices)
    local = applicants["area"].astype(str).tolist() if "area" in applicants.columns else []
    school_local_area = schools["area"].astype(str).tolist() if local else []
    pools = {area: pool for pool, members in policy.area_pools.items() for area in members}
    areas = [pools.get(a, a) for a in local]  # pooled areas (花都 2020 北片 = 花山 + 梯面) for the cut and 滑档
    school_areas = [pools.get(a, a) for a in school_local_area]
    school_local = [a if a in policy.local_first else None for a in school_local_area]
    pool = order
    if policy.pool_cut and areas:
        by_grade = "grade" in schools.columns and "grade" in applicants.columns
        keys: list[object] = list(zip(areas, applicants["grade"].astype(int), strict=True)) if by_grade else [*areas]
        school_keys: list[object] = (
            list(zip(school_areas, schools["grade"].astype(int), strict=True)) if by_grade else [*school_areas]
        )
        pool = cut_pool(order, keys, school_keys, schools["seats"].astype(int).tolist())
    placement = allocate(
        pool,
        choices,
        schools["seats"].astype(int).tolist(),
        batch=batch,
        district_wide_batches=frozenset(i for i, b in enumerate(policy.batches) if b.district_wide),
        applicant_area=areas,
        school_area=school_areas,
        school_local=school_local,
        applicant_local=local,
        slide=policy.slide,
        slide_scope=policy.slide_scope,
        supplementary=policy.supplementary,
        seed=seed,
    )
    for position in np.setdiff1d(order, pool).tolist():
        placement.how[position] = HOW_OUT_OF_POOL
    rank = np.zeros(len(applicants), dtype=np.int64)
    rank[order] = np.arange(1, len(order) + 1)
    result_frame = _applicant_frame(applicants, schools, scores, ok, failed, batch, rank, lottery, placement, policy)
    school_frame = _school_frame(schools, result_frame, choices, placement)
    return AdmissionResult(
        policy=policy,
        rubric=rubric,
        seed=seed,
        fingerprint=fingerprint(applicants, schools, rubric, policy, seed),
        applicants=result_frame,
        schools=school_frame,
        district=_district(result_frame, school_frame, baseline),
        scores=scores,
    )


def _reason(how: str, points: float, rank: int, choice: int, school: str, failed: list[str], draw: int) -> str:
    if how == HOW_INELIGIBLE:
        return "不符合申请条件：" + "；".join(failed)
    if how == HOW_CHOICE:
        return f"积分 {points:g}，排位第 {rank} 名，第 {choice} 志愿 {school} 尚有学位，予以录取"
    if how == HOW_BATCH:
        return f"积分 {points:g}，排位第 {rank} 名；所填志愿已满，按优先批次在全区剩余学位中随机安排至 {school}（第 {draw} 次抽取）"
    if how == HOW_SLIDE:
        return f"积分 {points:g}，排位第 {rank} 名；轮到时所填志愿均已满，滑档随机安排至 {school}（第 {draw} 次抽取）"
    if how == HOW_SUPPLEMENTARY:
        return f"积分 {points:g}，排位第 {rank} 名；志愿与滑档均无学位，补录随机安排至 {school}（第 {draw} 次抽取）"
    if how == HOW_OUT_OF_POOL:
        return f"积分 {points:g}，排位第 {rank} 名；本片区学位数已由排位在前的申请人占满，未入围派位名单"
    return f"积分 {points:g}，排位第 {rank} 名；轮到时所填志愿均已满，且无剩余学位可安排"


def _applicant_frame(
    applicants: pd.DataFrame,
    schools: pd.DataFrame,
    scores: Scores,
    ok: npt.NDArray[np.bool_],
    failed: list[list[str]],
    batch: IntArray,
    rank: IntArray,
    lottery: IntArray,
    placement: Placement,
    policy: Policy,
) -> pd.DataFrame:
    names = schools["name"].astype(str).tolist() if "name" in schools.columns else schools["school_code"].tolist()
    codes = schools["school_code"].astype(str).tolist()
    points = scores.total / 100
    school_code = [codes[s] if s >= 0 else None for s in placement.school.tolist()]
    batch_names = [b.name for b in policy.batches] + ["普通批次"]
    reasons = [
        _reason(
            placement.how[i],
            float(points[i]),
            int(rank[i]),
            int(placement.choice[i]),
            names[placement.school[i]] if placement.school[i] >= 0 else "",
            failed[i],
            int(placement.draw[i]),
        )
        for i in range(len(applicants))
    ]
    grade = applicants["grade"] if "grade" in applicants.columns else pd.Series([None] * len(applicants))
    return pd.DataFrame(
        {
            "applicant": applicants["applicant"].astype(str),
            "grade": grade.to_numpy(),
            "eligible": ok,
            "failed": ["；".join(f) for f in failed],
            "batch": [batch_names[b] for b in batch.tolist()],
            "points": points,
            "rank": np.where(ok, rank, 0),
            "lottery": lottery,
            "school_code": school_code,
            "how": placement.how,
            "choice": placement.choice,
            "draw": placement.draw,
            "reason": reasons,
        }
    )


def _school_frame(
    schools: pd.DataFrame, applicants: pd.DataFrame, choices: list[list[int]], placement: Placement
) -> pd.DataFrame:
    k = len(schools)
    filled = np.bincount(placement.school[placement.school >= 0], minlength=k)
    by_choice_mask = np.array([h == HOW_CHOICE for h in placement.how])
    by_choice = np.bincount(placement.school[by_choice_mask], minlength=k)
    eligible = applicants["eligible"].to_numpy()
    lengths = np.array([len(c) for c in choices], dtype=np.int64)
    flat = np.fromiter((s for c in choices for s in c), dtype=np.int64, count=int(lengths.sum()))
    owner = np.repeat(np.arange(len(choices)), lengths)
    rank = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)  # 0-based 志愿 position
    reached = np.where(placement.choice > 0, placement.choice - 1, lengths)  # 志愿 tried and found full
    counted = eligible[owner]
    listed = np.bincount(flat[counted], minlength=k)
    turned_away = np.bincount(flat[counted & (rank < reached[owner])], minlength=k)
    lowest: list[float | None] = [None] * k
    points = applicants["points"].to_numpy()
    for s, p in zip(placement.school[by_choice_mask].tolist(), points[by_choice_mask].tolist(), strict=True):
        previous = lowest[s]
        lowest[s] = p if previous is None else min(p, previous)
    kind = schools["kind"].astype(str) if "kind" in schools.columns else pd.Series([PUBLIC] * k)
    return pd.DataFrame(
        {
            "school_code": schools["school_code"].astype(str),
            "name": schools["name"].astype(str) if "name" in schools.columns else schools["school_code"].astype(str),
            "area": schools["area"].astype(str) if "area" in schools.columns else "",
            "kind": kind.to_numpy(),
            "seats": schools["seats"].astype(int).to_numpy(),
            "filled": filled,
            "by_choice": by_choice,
            "by_draw": filled - by_choice,
            "left": schools["seats"].astype(int).to_numpy() - filled,
            "lowest_points": lowest,
            "listed": listed,
            "turned_away": turned_away,
        }
    )


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 2) if whole else None


# The plan indicators a run writes back (docs/admission.md "Plan indicator"): key → (label, the district field). The
# seed's indicator is the share of all 随迁子女 of compulsory age in public (花都's indicator table) or public +
# purchased seats (its project text), so the value is the share "with enrolled": the 随迁子女 already in 小学 and
# 初中 at the last census plus this year's applicants; a run without a census baseline writes nothing.
PLAN_METRICS: dict[str, tuple[str, str]] = {
    "admission_public_share": (
        "义务教育阶段随迁子女在公办学校就读的比例（积分入学派位后）",
        "share_public_with_enrolled",
    ),
    "admission_public_purchased_share": (
        "义务教育阶段随迁子女在公办学校和政府购买民办学校学位就读的比例（积分入学派位后）",
        "share_public_purchased_with_enrolled",
    ),
}


def suggest_plan_metric(name: str) -> str | None:
    """The admission metric an indicator's wording points to: 随迁子女 in 公办 and 购买 seats (no census can tell
    purchased seats apart). 随迁子女 in 公办 alone is the census metric ``migrant_public_share`` unless bound here."""
    if "随迁子女" in name and "公办" in name and "购买" in name:
        return "admission_public_purchased_share"
    return None


def plan_metric_values(district: Mapping[str, object]) -> dict[str, float]:
    """The run's value of each plan metric (only those it has: the shares need the census baseline)."""
    values = {key: district.get(field_name) for key, (_, field_name) in PLAN_METRICS.items()}
    return {key: float(v) for key, v in values.items() if isinstance(v, int | float)}


def _district(applicants: pd.DataFrame, schools: pd.DataFrame, baseline: Baseline | None) -> dict[str, object]:
    kind_of = dict(zip(schools["school_code"], schools["kind"], strict=True))
    placed = applicants[applicants["school_code"].notna()]
    kinds = placed["school_code"].map(kind_of)
    public = int((kinds == PUBLIC).sum())
    purchased = int((kinds == PURCHASED).sum())
    total = len(applicants)
    grades = pd.to_numeric(placed.loc[kinds == PURCHASED, "grade"], errors="coerce")
    subsidy = sum(SUBSIDY_YUAN.get(int(g), 0) for g in grades.dropna().tolist())
    counts = applicants["how"].value_counts()
    summary: dict[str, object] = {
        "applicants": total,
        "eligible": int(applicants["eligible"].sum()),
        "placed": public + purchased,
        "placed_public": public,
        "placed_purchased": purchased,
        "by_how": {str(k): int(v) for k, v in counts.items()},
        "seats": int(schools["seats"].sum()),
        "seats_left": int(schools["left"].sum()),
        "share_public": _share(public, total),
        "share_public_purchased": _share(public + purchased, total),
        "purchased_subsidy_yuan": subsidy,
    }
    if baseline is not None:
        summary["baseline"] = {"public": baseline.public, "purchased": baseline.purchased, "total": baseline.total}
        summary["share_public_with_enrolled"] = _share(baseline.public + public, baseline.total + total)
        summary["share_public_purchased_with_enrolled"] = _share(
            baseline.public + baseline.purchased + public + purchased, baseline.total + total
        )
    return summary
