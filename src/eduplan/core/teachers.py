"""Teachers as people: rotation, training, age, retirements, 职称 and the balance indicators from the roster.

Pure functions over plain tables (pandas), no Django, no files. The tables (column names are the roster contract's
keys, ``ingest/teachers.py``):

* ``roster`` — one row per teacher present in the school year: ``teacher_id`` (a pseudonym), ``school_code``,
  ``stage`` (任教学段), ``sex``, ``birth_year``, ``birth_month``, ``post_kind``, ``education``, ``title``,
  ``establishment``, ``subjects`` (``;``-separated, the first is the 专任 subject), ``backbone_level``,
  ``certificate``; optional grouping columns (``county_code``, ``town_code``) as the caller joins them;
* ``periods`` — the effective-dated schools of each teacher: ``teacher_id``, ``school_code``, ``valid_from``,
  ``valid_to`` (school years, ``[from, to)``, ``valid_to`` blank while open);
* ``transfers`` — ``teacher_id``, ``year``, ``kind`` (交流/支教/调动), ``from_school``, ``to_school``;
* ``training`` — ``teacher_id``, ``year``, ``kind``, ``hours``.

Every rule number comes from ``standards/teachers.py``. Aggregates for people who may not see named records go
through :func:`suppress_small`: a group of fewer than 5 teachers shows no breakdown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from eduplan import contract as c
from eduplan.standards.base import Standard
from eduplan.standards.teachers import (
    ABOVE_REQUIRED_MIN,
    BACKBONE_COUNTY_PLUS,
    EDUCATION_LEVELS,
    MID_TITLE_PLUS,
    PE_ART_SUBJECTS,
    ROTATION,
    ROTATION_KINDS,
    SENIOR_TITLES,
    STRUCTURE,
    TITLES,
    TRAINING,
    retirement_rule,
)

MIN_CELL = 5  # a group of fewer teachers is suppressed in aggregates
ROTATION_ESTABLISHMENTS: tuple[str, ...] = ("在编", "区管校聘")
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("25岁以下", 0, 24),
    ("25–29岁", 25, 29),
    ("30–34岁", 30, 34),
    ("35–39岁", 35, 39),
    ("40–44岁", 40, 44),
    ("45–49岁", 45, 49),
    ("50–54岁", 50, 54),
    ("55–59岁", 55, 59),
    ("60岁及以上", 60, 200),
)
BALANCE_COLUMNS: tuple[str, ...] = (
    "teachers",
    "teachers_above_required",
    "teachers_bachelor_plus",
    "teachers_postgraduate",
    "teachers_associate_plus",
    "backbone_teachers",
    "pe_teachers",
    "music_teachers",
    "art_teachers",
    "certified_teachers",
    "senior_title_teachers",
    "mid_title_plus_teachers",
)


def _rank(levels: Sequence[str], values: pd.Series) -> pd.Series:
    """Position of each value in ``levels`` (0 = highest), len(levels) for an unknown value."""
    order = {name: i for i, name in enumerate(levels)}
    return values.map(lambda v: order.get(str(v), len(levels))).astype("int64")


def main_subject(subjects: pd.Series) -> pd.Series:
    """The 专任 subject: the first of the ``;``-separated subjects."""
    return subjects.fillna("").astype(str).str.replace("；", ";").str.split(";").str[0].str.strip()


def suppress_small(frame: pd.DataFrame, size: str, columns: Sequence[str], minimum: int = MIN_CELL) -> pd.DataFrame:
    """Blank ``columns`` (and mark ``suppressed``) in every row whose group has fewer than ``minimum`` teachers;
    the group size itself is blanked too, so a difference of two published totals cannot reveal it."""
    out = frame.copy()
    small = out[size].to_numpy(dtype=np.float64) < minimum
    out["suppressed"] = small
    for col in (*columns, size):
        if out[col].dtype == object:  # flags (True / False / None) stay flags
            out[col] = out[col].astype(object).where(~small, None)
        else:
            out[col] = out[col].astype("float64").where(~small, np.nan)
    return out


# ---------------------------------------------------------------- rotation (交流轮岗)


@dataclass(frozen=True)
class RotationResult:
    year: int
    eligible: int
    rotated: int
    rotated_eligible: int
    rotated_backbone: int
    share: float | None  # rotated / eligible × 100
    backbone_share: float | None  # rotated 骨干 / rotated × 100
    share_min: float
    backbone_share_min: float
    share_met: bool | None
    backbone_met: bool | None
    schools: pd.DataFrame  # school_code, eligible, gave, received
    due: pd.DataFrame  # eligible teachers not rotated this year: teacher_id, school_code, since, years
    standard: Standard = field(default=ROTATION)

    def as_dict(self, named: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "year": self.year,
            "eligible": self.eligible,
            "rotated": self.rotated,
            "rotated_eligible": self.rotated_eligible,
            "rotated_backbone": self.rotated_backbone,
            "share": self.share,
            "backbone_share": self.backbone_share,
            "share_min": self.share_min,
            "backbone_share_min": self.backbone_share_min,
            "share_met": self.share_met,
            "backbone_met": self.backbone_met,
            "schools": records(self.schools),
            "due_count": len(self.due),
            "standard_id": self.standard.id,
            "unconfirmed": self.standard.unconfirmed(),
        }
        if named:
            out["due"] = records(self.due)
        return out


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{str(k): _plain(v) for k, v in row.items()} for row in rows]


def _plain(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return None if math.isnan(float(value)) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _share(top: int, bottom: int) -> float | None:
    return round(100.0 * top / bottom, 4) if bottom else None


def years_at_school(periods: pd.DataFrame, year: int) -> pd.DataFrame:
    """The school each teacher was at when school year ``year`` began, with the years completed there:
    the period that began before ``year`` and had not ended before it (a transfer in ``year`` ends it at ``year``)."""
    p = periods
    valid_to = pd.to_numeric(p["valid_to"], errors="coerce")
    began = p["valid_from"].astype("int64")
    current = p[(began < year) & (valid_to.isna() | (valid_to >= year))]
    out = current[["teacher_id", "school_code", "valid_from"]].rename(columns={"valid_from": "since"})
    out = out.assign(since=out["since"].astype("int64"))
    out = out.assign(years=year - out["since"]).sort_values(["teacher_id", "since"]).drop_duplicates("teacher_id")
    return out.reset_index(drop=True)


def rotation(
    roster: pd.DataFrame, periods: pd.DataFrame, transfers: pd.DataFrame, year: int, standard: Standard = ROTATION
) -> RotationResult:
    """交流轮岗 in school year ``year``: who was eligible at its start, who rotated, the shares against the rules."""
    need = standard.rule("eligible_years_at_school").value()
    scope = roster[
        roster["establishment"].isin(ROTATION_ESTABLISHMENTS).to_numpy()
        & roster["stage"].isin(c.COMPULSORY_STAGES).to_numpy()
    ][["teacher_id", "backbone_level"]]
    stay = years_at_school(periods, year).merge(scope, on="teacher_id")
    eligible = stay[stay["years"] >= need]
    moves = transfers[(transfers["year"].astype("int64") == year) & transfers["kind"].isin(ROTATION_KINDS)]
    moved = moves.drop_duplicates("teacher_id")
    levels = roster.set_index("teacher_id")["backbone_level"]
    rotated_backbone = int(moved["teacher_id"].map(levels).isin(BACKBONE_COUNTY_PLUS).sum())
    rotated_ids = set(moved["teacher_id"])
    rotated_eligible = int(eligible["teacher_id"].isin(rotated_ids).sum())
    share = _share(len(moved), len(eligible))
    backbone_share = _share(rotated_backbone, len(moved))
    share_min = standard.rule("rotation_share_min").value()
    backbone_min = standard.rule("backbone_share_min").value()
    per_school = pd.concat(
        [
            eligible.groupby("school_code").size().rename("eligible"),
            moved.groupby("from_school").size().rename("gave"),
            moved.groupby("to_school").size().rename("received"),
        ],
        axis=1,
    )
    per_school = per_school.fillna(0).astype("int64").rename_axis("school_code").reset_index()
    due = eligible[~eligible["teacher_id"].isin(rotated_ids)]
    due = due[["teacher_id", "school_code", "since", "years", "backbone_level"]].sort_values(
        ["years", "school_code", "teacher_id"], ascending=[False, True, True]
    )
    return RotationResult(
        year=year,
        eligible=len(eligible),
        rotated=len(moved),
        rotated_eligible=rotated_eligible,
        rotated_backbone=rotated_backbone,
        share=share,
        backbone_share=backbone_share,
        share_min=share_min,
        backbone_share_min=backbone_min,
        share_met=None if share is None else share >= share_min,
        backbone_met=None if backbone_share is None else backbone_share >= backbone_min,
        schools=per_school.sort_values("school_code").reset_index(drop=True),
        due=due.reset_index(drop=True),
        standard=standard,
    )


# ---------------------------------------------------------------- training (继续教育)


@dataclass(frozen=True)
class TrainingResult:
    year: int
    cycle: tuple[int, int]  # first and last school year of the five-year cycle
    teachers: int
    completed: int
    behind: int
    completion_rate: float | None
    hours_required: float
    per_teacher: pd.DataFrame  # teacher_id, school_code, hours, target, completed, behind
    schools: pd.DataFrame  # school_code, teachers, completed, behind
    by_kind: pd.DataFrame = field(default_factory=pd.DataFrame)  # year, kind, teachers, hours (the cycle so far)

    def as_dict(self, named: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "year": self.year,
            "cycle": list(self.cycle),
            "teachers": self.teachers,
            "completed": self.completed,
            "behind": self.behind,
            "completion_rate": self.completion_rate,
            "hours_required": self.hours_required,
            "schools": records(self.schools),
            "by_kind": records(self.by_kind if named else suppress_small(self.by_kind, "teachers", ["hours"])),
            "unconfirmed": TRAINING.unconfirmed(),
        }
        if named:
            out["behind_list"] = records(self.per_teacher[self.per_teacher["behind"]])
        return out


def cycle_of(year: int, anchor: int, length: int) -> tuple[int, int]:
    """The cycle holding ``year`` when cycles of ``length`` years start at ``anchor`` (and every ``length`` after)."""
    start = anchor + length * ((year - anchor) // length)
    return start, start + length - 1


def training(
    roster: pd.DataFrame,
    training_hours: pd.DataFrame,
    periods: pd.DataFrame,
    year: int,
    *,
    cycle_anchor: int = 2021,
    standard: Standard = TRAINING,
) -> TrainingResult:
    """Hours of the current five-year cycle up to ``year`` per teacher against 360 (completed) and against the pro-rata
    schedule, 72 a year since the later of the cycle's start and the teacher's first year in service (behind)."""
    length = int(standard.rule("cycle_years").value())
    required = standard.rule("hours_per_cycle").value()
    per_year = standard.rule("pro_rata_schedule").value()
    first, last = cycle_of(year, cycle_anchor, length)
    t = training_hours[(training_hours["year"] >= first) & (training_hours["year"] <= year)]
    hours = t.groupby("teacher_id")["hours"].sum()
    mine = t[t["teacher_id"].isin(set(roster["teacher_id"]))]
    by_kind = (
        mine.groupby(["year", "kind"])
        .agg(teachers=("teacher_id", "nunique"), hours=("hours", "sum"))
        .reset_index()
        .astype({"year": "int64", "teachers": "int64", "hours": "float64"})
    )
    joined = periods.groupby("teacher_id")["valid_from"].min()
    frame = roster[["teacher_id", "school_code"]].copy()
    frame["hours"] = frame["teacher_id"].map(hours).fillna(0.0).astype("float64")
    start = frame["teacher_id"].map(joined).fillna(first).astype("int64").clip(lower=first)
    elapsed = (year - start + 1).clip(lower=0)
    frame["target"] = np.minimum(required, per_year * elapsed.to_numpy(dtype=np.float64))
    frame["completed"] = frame["hours"] >= required
    frame["behind"] = frame["hours"] < frame["target"]
    schools = (
        frame.groupby("school_code")
        .agg(teachers=("teacher_id", "size"), completed=("completed", "sum"), behind=("behind", "sum"))
        .reset_index()
        .astype({"completed": "int64", "behind": "int64"})
    )
    completed = int(frame["completed"].sum())
    return TrainingResult(
        year=year,
        cycle=(first, last),
        teachers=len(frame),
        completed=completed,
        behind=int(frame["behind"].sum()),
        completion_rate=_share(completed, len(frame)),
        hours_required=required,
        per_teacher=frame.sort_values(["school_code", "teacher_id"]).reset_index(drop=True),
        schools=schools,
        by_kind=by_kind,
    )


# ---------------------------------------------------------------- age and retirements


def age_band(age: pd.Series) -> pd.Series:
    labels = pd.Series([label for label, _, _ in AGE_BANDS])
    position = np.searchsorted([low for _, low, _ in AGE_BANDS], age.to_numpy(dtype=np.int64), side="right") - 1
    return pd.Series(labels.to_numpy()[position.clip(0)], index=age.index)


def age_pyramid(roster: pd.DataFrame, year: int, by: str | None = None) -> pd.DataFrame:
    """Teachers per age band and sex (age = ``year`` − birth year), per ``by`` group (or the whole roster):
    columns ``group``, ``band``, ``男``, ``女``, and ``group_size``."""
    frame = roster.assign(
        band=age_band(year - roster["birth_year"].astype("int64")),
        group=roster[by].astype(str) if by else "全部",
    )
    counts = frame.groupby(["group", "band", "sex"]).size().unstack("sex", fill_value=0)
    for sex in ("男", "女"):
        if sex not in counts.columns:
            counts[sex] = 0
    bands = [label for label, _, _ in AGE_BANDS]
    groups = sorted(frame["group"].unique())
    index = pd.MultiIndex.from_product([groups, bands], names=["group", "band"])
    out = counts[["男", "女"]].reindex(index, fill_value=0).reset_index()
    sizes = frame.groupby("group").size()
    out["group_size"] = out["group"].map(sizes).astype("int64")
    return out


def retirement_dates(roster: pd.DataFrame) -> pd.DataFrame:
    """teacher_id with the (year, month) each reaches the legal retirement age (rules by sex and 岗位类别)."""
    years, months = [], []
    post = roster["post_kind"] if "post_kind" in roster.columns else pd.Series("", index=roster.index)
    for sex, kind, born, month in zip(
        roster["sex"], post, roster["birth_year"].astype("int64"), roster["birth_month"].astype("int64"), strict=True
    ):
        y, m = retirement_rule(str(sex), str(kind)).retirement_month(int(born), int(month))
        years.append(y)
        months.append(m)
    return roster[["teacher_id"]].assign(retire_year=years, retire_month=months)


def retirements(roster: pd.DataFrame, year: int, horizon: int = 10, by: str | None = None) -> pd.DataFrame:
    """Teachers reaching the retirement age in each calendar year ``year + 1`` … ``year + horizon`` (already past it:
    counted in ``year + 1``), per ``by`` group: columns ``group``, ``year``, ``retiring``."""
    dates = retirement_dates(roster)
    frame = roster.assign(
        retire_year=dates["retire_year"].clip(lower=year + 1).to_numpy(),
        group=roster[by].astype(str) if by else "全部",
    )
    frame = frame[frame["retire_year"] <= year + horizon]
    counts = frame.groupby(["group", "retire_year"]).size()
    groups = sorted(roster[by].astype(str).unique()) if by else ["全部"]
    index = pd.MultiIndex.from_product([groups, range(year + 1, year + horizon + 1)], names=["group", "year"])
    return counts.reindex(index, fill_value=0).rename("retiring").reset_index()


def retirements_by_subject(roster: pd.DataFrame, year: int, horizon: int = 10) -> pd.DataFrame:
    """Teachers reaching the retirement age in ``year + 1`` … ``year + horizon`` per 学段 and 专任 subject (the first
    of ``subjects``): columns ``stage``, ``subject``, ``teachers`` (the group's size now), ``year``, ``retiring`` and
    ``retired_since_base`` (cumulative up to that year)."""
    if roster.empty:
        columns = ["stage", "subject", "teachers", "year", "retiring", "retired_since_base"]
        return pd.DataFrame(columns=columns)
    keyed = roster.assign(group=roster["stage"].astype(str) + "|" + main_subject(roster["subjects"]))
    wave = retirements(keyed, year, horizon, by="group")
    parts = wave["group"].str.split("|", n=1, expand=True)
    sizes = keyed.groupby("group").size()
    out = wave.assign(stage=parts[0], subject=parts[1], teachers=wave["group"].map(sizes).astype("int64"))
    out = out.sort_values(["stage", "subject", "year"], ignore_index=True)
    out["retired_since_base"] = out.groupby("group")["retiring"].cumsum().astype("int64")
    return out[["stage", "subject", "teachers", "year", "retiring", "retired_since_base"]]


def retirement_summary_by_subject(roster: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per 学段 and 专任 subject: the teachers now and how many reach the retirement age within 5 and 10 years
    (``year + 1`` … ``year + 5`` / ``+ 10``): columns stage, subject, teachers, within_5, within_10."""
    wave = retirements_by_subject(roster, year, horizon=10)
    keys = ["stage", "subject", "teachers"]
    five = wave[wave["year"] == year + 5].set_index(keys)["retired_since_base"].rename("within_5")
    ten = wave[wave["year"] == year + 10].set_index(keys)["retired_since_base"].rename("within_10")
    return pd.concat([five, ten], axis=1).reset_index().astype({"within_5": "int64", "within_10": "int64"})


# ---------------------------------------------------------------- 职称 structure


def title_structure(
    roster: pd.DataFrame,
    by: str = "stage",
    standard: Standard = STRUCTURE,
    own: Mapping[str, Mapping[str, Any]] | None = None,
) -> pd.DataFrame:
    """Teachers per 职称 and ``by`` group, the 高级 share (正高级 + 高级) and the 中级 share (一级); per 学段 the city's
    target ratio (``senior_target``) and, where the bureau recorded its own 岗位设置 ratios (``own``: 学段 →
    ``senior_share``, ``mid_share`` in %), ``own_senior`` / ``own_mid`` and whether the shares are within them
    (``senior_within`` / ``mid_within``: at most the ratio, since a 岗位设置 ratio caps the posts)."""
    counts = roster.groupby([by, "title"]).size().unstack("title", fill_value=0)
    for title in TITLES:
        if title not in counts.columns:
            counts[title] = 0
    out = counts[list(TITLES)].copy()
    out["teachers"] = out.sum(axis=1)
    out["senior_share"] = (100.0 * out[list(SENIOR_TITLES)].sum(axis=1) / out["teachers"]).round(4)
    out["mid_share"] = (100.0 * out["一级"] / out["teachers"]).round(4)
    targets = standard.rule("senior_post_share_target").values
    out = out.reset_index().rename(columns={by: "group"})
    if by == "stage":
        out["senior_target"] = out["group"].map(lambda s: targets.get(str(s), np.nan)).astype("float64")
        ratios = own or {}
        for key, share in (("senior", "senior_share"), ("mid", "mid_share")):
            limit = out["group"].map(lambda s, k=share: (ratios.get(str(s)) or {}).get(k)).astype("float64")
            out[f"own_{key}"] = limit
            out[f"{key}_within"] = pd.Series(
                [None if math.isnan(lim) else bool(v <= lim + 1e-9) for v, lim in zip(out[share], limit, strict=True)],
                index=out.index,
                dtype=object,
            )
    return out


# ---------------------------------------------------------------- balance indicators from people


def balance_counts(roster: pd.DataFrame) -> pd.DataFrame:
    """Per school and 学段 the census's teacher measures, counted from people: 专任教师, 高于规定学历, 本科及以上,
    研究生, 专科及以上, 县级及以上骨干, 体育/音乐/美术, 持证, 高级 and 中级及以上职称."""
    r = roster
    level = _rank(EDUCATION_LEVELS, r["education"])
    required = r["stage"].map(lambda s: EDUCATION_LEVELS.index(ABOVE_REQUIRED_MIN.get(str(s), "本科")))
    subject = main_subject(r["subjects"])
    certificate = r["certificate"].fillna("").astype(str).str.strip()
    flags = pd.DataFrame(
        {
            "school_code": r["school_code"],
            "stage": r["stage"],
            "teachers": 1,
            "teachers_above_required": level <= required,
            "teachers_bachelor_plus": level <= EDUCATION_LEVELS.index("本科"),
            "teachers_postgraduate": level <= EDUCATION_LEVELS.index("研究生"),
            "teachers_associate_plus": level <= EDUCATION_LEVELS.index("专科"),
            "backbone_teachers": r["backbone_level"].isin(BACKBONE_COUNTY_PLUS),
            "pe_teachers": subject == "体育",
            "music_teachers": subject == "音乐",
            "art_teachers": subject.isin(("美术", "艺术")),
            "certified_teachers": (certificate != "") & (certificate != "无"),
            "senior_title_teachers": r["title"].isin(SENIOR_TITLES),
            "mid_title_plus_teachers": r["title"].isin(MID_TITLE_PLUS),
        }
    )
    out = flags.groupby(["school_code", "stage"], as_index=False).sum(numeric_only=True)
    return out.astype({k: "int64" for k in BALANCE_COLUMNS}).sort_values(["school_code", "stage"], ignore_index=True)


def registry_vs_census(
    people: pd.DataFrame, census: pd.DataFrame, columns: Sequence[str] = BALANCE_COLUMNS
) -> pd.DataFrame:
    """Every (school, 学段, measure) of the schools the registry holds where the registry's count and the census's
    differ: school_code, stage, measure, registry, census, difference. A census blank is "not reported" and not
    compared; a 学段 only one side holds is listed for every measure the other side has. Schools the census has
    teachers for and the registry lacks are :func:`missing_from_registry`."""
    census_rows = census[census["stage"].isin(c.STAGES) & census["school_code"].isin(set(people["school_code"]))]
    present = [k for k in columns if k in census_rows.columns]
    left = people.melt(id_vars=["school_code", "stage"], value_vars=present, var_name="measure", value_name="registry")
    right = census_rows.melt(
        id_vars=["school_code", "stage"], value_vars=present, var_name="measure", value_name="census"
    )
    right = right.assign(census=pd.to_numeric(right["census"], errors="coerce"))
    right = right[right["census"].notna()]
    reported = right[["school_code", "stage"]].drop_duplicates().assign(in_census=True)
    both = left.merge(right, on=["school_code", "stage", "measure"], how="outer")
    both = both.merge(reported, on=["school_code", "stage"], how="left")
    in_census = both["in_census"].eq(True)
    reg = both["registry"].astype("float64")
    cen = both["census"].astype("float64")
    compared = cen.notna() | ~in_census  # a blank of a reported school is not compared
    differs = compared & ((reg.fillna(0) != cen.fillna(0)) | (reg.isna() != cen.isna()))
    out = both[differs].drop(columns=["in_census"]).assign(difference=(reg - cen)[differs])
    return out.sort_values(["school_code", "stage", "measure"], ignore_index=True)


def missing_from_registry(people: pd.DataFrame, census: pd.DataFrame) -> list[str]:
    """Schools with 专任教师 in the census and none in the registry (a roster that does not cover them)."""
    teachers = pd.to_numeric(census["teachers"], errors="coerce") if "teachers" in census.columns else None
    if teachers is None:
        return []
    staffed = set(census.loc[census["stage"].isin(c.STAGES) & (teachers > 0), "school_code"])
    return sorted(staffed - set(people["school_code"]))


def with_registry_counts(stages: pd.DataFrame, people: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The census's 学段 rows with ``columns`` taken from the registry's counts (a school or 学段 the registry does
    not hold keeps the census's figure, blank where the census has none)."""
    out = stages.copy()
    keyed = people.set_index(["school_code", "stage"])
    index = pd.MultiIndex.from_frame(out[["school_code", "stage"]])
    for col in columns:
        from_people = pd.Series(keyed[col].reindex(index).to_numpy(dtype=np.float64), index=out.index)
        original = (
            pd.to_numeric(out[col], errors="coerce") if col in out.columns else pd.Series(np.nan, index=out.index)
        )
        out[col] = from_people.where(from_people.notna(), original)
    return out


# ---------------------------------------------------------------- plan metrics


def plan_metrics(
    roster: pd.DataFrame, rotation_result: RotationResult | None, training_result: TrainingResult | None
) -> dict[str, float | None]:
    """The teacher metrics a plan indicator can bind to (all in %)."""
    level = _rank(EDUCATION_LEVELS, roster["education"])
    compulsory = roster["stage"].isin(c.COMPULSORY_STAGES)
    n = len(roster)
    return {
        "teacher_rotation_share": rotation_result.share if rotation_result else None,
        "teacher_backbone_rotation_share": rotation_result.backbone_share if rotation_result else None,
        "teacher_backbone_share": _share(int(roster["backbone_level"].isin(BACKBONE_COUNTY_PLUS).sum()), n),
        "teacher_bachelor_share_compulsory": _share(
            int((level[compulsory] <= EDUCATION_LEVELS.index("本科")).sum()), int(compulsory.sum())
        ),
        "teacher_senior_title_share": _share(int(roster["title"].isin(SENIOR_TITLES).sum()), n),
        "teacher_training_completion": training_result.completion_rate if training_result else None,
    }


PLAN_METRIC_LABELS: dict[str, str] = {
    "teacher_rotation_share": "教师交流轮岗比例（占符合交流条件教师）",
    "teacher_backbone_rotation_share": "交流轮岗教师中骨干教师比例",
    "teacher_backbone_share": "县级以上骨干教师比例",
    "teacher_bachelor_share_compulsory": "义务教育专任教师本科及以上学历比例（教师名册）",
    "teacher_senior_title_share": "高级职称教师比例",
    "teacher_training_completion": "教师五年360学时培训完成率",
}


def suggest_teacher_metric(name: str) -> str | None:
    """The teacher metric a plan indicator's wording points to, or None."""
    if "交流" in name or "轮岗" in name:
        return "teacher_backbone_rotation_share" if "骨干" in name else "teacher_rotation_share"
    if "360" in name or ("继续教育" in name and "完成" in name) or ("培训" in name and "完成率" in name):
        return "teacher_training_completion"
    if "骨干" in name and ("比例" in name or "占比" in name):
        return "teacher_backbone_share"
    if "高级" in name and ("职称" in name or "岗位" in name) and ("比例" in name or "占比" in name):
        return "teacher_senior_title_share"
    return None


def staff_after_leavers(
    totals: Sequence[Mapping[str, Any]], projected: Sequence[Mapping[str, Any]], retiring: pd.DataFrame
) -> list[dict[str, Any]]:
    """The staffing forecast with the people who leave: for each projected (county, 学段, year) row, the staff on
    establishment of the base year minus the registry's retirements of that 学段 up to that year (``retiring``:
    ``group`` = 学段, ``year``, ``retiring``), and the staff gap if nobody were hired: required − remaining."""
    base = {
        (str(t["area_code"]), str(t["stage"])): float(t["staff_on_establishment"] or 0)
        for t in totals
        if t.get("staff_on_establishment") is not None
    }
    per_stage = retiring.pivot_table(index="group", columns="year", values="retiring", aggfunc="sum", fill_value=0)
    out = []
    for row in projected:
        key = (str(row["area_code"]), str(row["stage"]))
        if key not in base:
            continue
        year = int(row["year"])
        left = 0
        if row["stage"] in per_stage.index:
            stage_row = per_stage.loc[row["stage"]]
            left = int(stage_row[[y for y in stage_row.index if int(y) <= year]].sum())
        remaining = base[key] - left
        out.append(
            {
                "area_code": key[0],
                "stage": key[1],
                "year": year,
                "required_posts": row["required_posts"],
                "retired_since_base": left,
                "staff_remaining": round(remaining),
                "staff_gap_with_leavers": round(float(row["required_posts"]) - remaining),
            }
        )
    return out


PE_ART_COMBINED = "体育艺术合计"  # core.staffing's name of the PE + music + art need (优质均衡 indicator 3)


def subject_staff_after_leavers(
    staff: pd.DataFrame, year: int, years: Sequence[int], pe_art_need: Sequence[Mapping[str, Any]] = ()
) -> pd.DataFrame:
    """The staffing forecast by 学段 and subject: for each subject (the 专任 subject of ``staff``, the public schools'
    在编 teachers of the registry) and each projected year, the teachers now, those retired since the base year and
    those remaining if nobody were hired. ``pe_art_need`` (``core.staffing``'s ``projected_subjects``: ``stage``,
    ``year``, ``needed``) adds a 体育艺术合计 row per 学段 and year whose ``needed`` and ``gap_with_leavers`` (needed −
    remaining, on the county's total) count who leaves. Columns: stage, subject, year, teachers, retired_since_base,
    remaining, needed, gap_with_leavers."""
    columns = ["stage", "subject", "year", "teachers", "retired_since_base", "remaining", "needed", "gap_with_leavers"]
    wanted = sorted({int(y) for y in years if int(y) > year})
    if staff.empty or not wanted:
        return pd.DataFrame(columns=columns)
    wave = retirements_by_subject(staff, year, horizon=max(wanted) - year)
    rows = wave[wave["year"].isin(wanted)].drop(columns=["retiring"])
    rows = rows.assign(remaining=rows["teachers"] - rows["retired_since_base"], needed=np.nan, gap_with_leavers=np.nan)
    arts = rows[rows["subject"].isin(PE_ART_SUBJECTS)]
    combined = arts.groupby(["stage", "year"], as_index=False)[["teachers", "retired_since_base", "remaining"]].sum()
    need = {(str(n["stage"]), int(n["year"])): float(n["needed"]) for n in pe_art_need}
    combined = combined.assign(
        subject=PE_ART_COMBINED,
        needed=[need.get((str(st), int(y)), np.nan) for st, y in zip(combined["stage"], combined["year"], strict=True)],
    )
    combined["gap_with_leavers"] = combined["needed"] - combined["remaining"]
    out = pd.concat([rows[columns], combined[columns]], ignore_index=True)
    return out.sort_values(["stage", "subject", "year"], ignore_index=True)


# The 优质均衡 indicators counted from teachers, and the census columns the registry gives them (docs/teachers.md).
QUALITY_TEACHER_INDICATORS: tuple[str, ...] = (
    "teachers_above_required_per100",
    "backbone_teachers_per100",
    "pe_art_teachers_per100",
)
QUALITY_TEACHER_COLUMNS: tuple[str, ...] = (
    "teachers_above_required",
    "backbone_teachers",
    "pe_teachers",
    "music_teachers",
    "art_teachers",
)


def compare_indicators(
    registry: Mapping[str, Any], census: Mapping[str, Any], keys: Sequence[str] = QUALITY_TEACHER_INDICATORS
) -> dict[str, Any]:
    """The teacher indicators of one assessment (``as_dict`` of a balance result) computed from the registry beside
    the same computed from the census: per 学段 and indicator the county mean and CV of each, and every school whose
    value differs (rounded to 4 decimals): ``{"stages": {stage: {key: {...}}}, "disagreements": [...]}``."""
    stages: dict[str, dict[str, dict[str, float | None]]] = {}
    disagreements: list[dict[str, Any]] = []
    for stage, reg in registry.get("stages", {}).items():
        cen = census.get("stages", {}).get(stage, {})
        stages[stage] = {
            k: {
                "registry_mean": reg.get("county_mean", {}).get(k),
                "census_mean": cen.get("county_mean", {}).get(k),
                "registry_cv": reg.get("cv", {}).get(k),
                "census_cv": cen.get("cv", {}).get(k),
            }
            for k in keys
        }
        by_code = {s["school_code"]: s for s in cen.get("schools", [])}
        for school in reg.get("schools", []):
            other = by_code.get(school["school_code"], {}).get("values", {})
            for k in keys:
                a, b = school["values"].get(k), other.get(k)
                if (a is None) != (b is None) or (a is not None and b is not None and round(a - b, 4) != 0):
                    disagreements.append(
                        {"school_code": school["school_code"], "name": school.get("name"), "stage": stage,
                         "indicator": k, "registry": a, "census": b}
                    )  # fmt: skip
    return {"stages": stages, "disagreements": disagreements}
