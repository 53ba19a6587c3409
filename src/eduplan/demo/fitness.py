"""Demo fitness results (体测成绩): raw measurements per student, calibrated to Qingcheng's published rates.

清城区's plan (seed 000) gives 2020 体质健康标准合格率 97.75% and 优良率 43.16%, rising to 98.5 and 46 by 2025. The
generator draws each student's ability a ~ N(μ_year, σ²) and, per item, a target item score a + N(0, 9²), then turns
that score back into a raw result through the standard's own table (linear between the table's levels, beyond the
100-point value for bonus), so the scoring of ``core.fitness`` recovers scores near the targets. BMI is drawn inside
and around the normal band (about 11% 超重, 7% 肥胖, 3% 低体重); uncorrected vision below 5.0 in one eye for a share
rising from 12% (一年级) to 67% (高三); 0.5% of students are 免测 or 缓测. μ and σ were tuned so that the demo's 2020
scored rates come out close to the published ones (docs/fitness.md gives the figures the demo store shows).

Pure numpy/pandas and deterministic. Used by the demo store (``store.demo``) and ``bench/bench_fitness.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from eduplan.standards import fitness as fs

DEMO_FITNESS_COUNTY = "441802"  # 清城区
DEMO_FITNESS_YEARS = (2020, 2021, 2022, 2023)
MU_2020, SIGMA, MU_STEP = 76.6, 8.8, 0.25  # ability: mean in 2020, SD, yearly rise
ITEM_NOISE = 9.0
_HEIGHT = {g: 116 + 6.2 * (g - 1) if g <= 9 else 166 + 1.5 * (g - 10) for g in fs.GRADES}


def _raw_from_score(score: np.ndarray, levels: Sequence[int], thresholds: Sequence[float | None]) -> np.ndarray:
    """The raw result whose item score is ``score``: linear between the table's levels, extended beyond both ends."""
    pairs = sorted((lv, t) for lv, t in zip(levels, thresholds, strict=True) if t is not None)
    xs = np.array([p[0] for p in pairs], dtype=np.float64)
    ys = np.array([p[1] for p in pairs], dtype=np.float64)
    top_slope = (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
    low_slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    out = np.interp(score, xs, ys)
    out = np.where(score > xs[-1], ys[-1] + (score - xs[-1]) * top_slope, out)
    below: np.ndarray = np.where(score < xs[0], ys[0] + (score - xs[0]) * low_slope, out)
    return below


def _bmi_position(rng: np.random.Generator, n: int) -> np.ndarray:
    """Where a BMI falls relative to the normal band (0 = its low end, 1 = its high end): 3% below, 11% just
    above (超重 for most grades), 7% far above (肥胖), the rest inside."""
    draw = rng.random(n)
    inside = np.clip(rng.normal(0.5, 0.2, n), 0.02, 0.98)
    return np.select(
        [draw < 0.03, draw < 0.14, draw < 0.21],
        [rng.uniform(-0.25, -0.03, n), rng.uniform(1.03, 1.4, n), rng.uniform(1.7, 2.3, n)],
        inside,
    )


def generate_students(
    counts: Mapping[tuple[str, int], int], year: int, seed: int, *, mu: float | None = None
) -> pd.DataFrame:
    """Students for ``counts`` ((school code, grade) → students) in test year ``year``: the ingest's columns with a
    synthetic 学籍号 (``F`` + school + grade + number), both sexes about half each."""
    std = fs.standard()
    rng = np.random.default_rng([seed, year])
    mean = MU_2020 + MU_STEP * (year - 2020) if mu is None else mu
    schools = np.repeat([k[0] for k in counts], list(counts.values()))
    grades = np.repeat([k[1] for k in counts], list(counts.values())).astype(np.int64)
    n = len(grades)
    frame = pd.DataFrame(
        {
            "student_id": [f"F{s}{g:02d}{i:05d}" for i, (s, g) in enumerate(zip(schools, grades, strict=True))],
            "school_code": schools,
            "grade": grades,
            "sex": np.where(rng.random(n) < 0.52, "male", "female"),
            "status": np.where(rng.random(n) < 0.005, np.where(rng.random(n) < 0.5, "免测", "缓测"), ""),
            "class_name": [f"{(i % 4) + 1}班" for i in range(n)],
        }
    )
    ability = rng.normal(mean, SIGMA, n)
    height = np.array([_HEIGHT[int(g)] for g in grades]) + rng.normal(0, 6, n)
    frame["height"] = np.round(height, 1)
    for key in std.items:
        frame[key] = np.nan
    bmi = np.empty(n)
    for group, index in frame.groupby(["sex", "grade"]).indices.items():
        sex: fs.Sex = "female" if group[0] == "female" else "male"  # type: ignore[index]
        grade = int(group[1])  # type: ignore[index]
        bands = {b.label: b for b in std.bmi[(sex, int(grade))]}
        low, high = bands["正常"].low or 0.0, bands["正常"].high or 0.0
        bmi[index] = low + (high - low) * _bmi_position(rng, len(index))
        for key in std.items_for(sex, int(grade)):
            item = std.items[key]
            target = np.clip(ability[index] + rng.normal(0, ITEM_NOISE, len(index)), 0, 125)
            raw = _raw_from_score(target, std.score_levels, item.levels(sex, int(grade)))
            frame.loc[frame.index[index], key] = np.round(raw, item.decimals)
    frame["weight"] = np.round(np.maximum(bmi, 10.0) * (frame["height"] / 100.0) ** 2, 1)
    myopia_share = 0.12 + 0.05 * (grades - 1)
    myopic = rng.random(n) < myopia_share
    frame["vision_left"] = np.where(
        myopic, np.round(rng.uniform(4.0, 4.9, n), 1), np.round(rng.uniform(5.0, 5.2, n), 1)
    )
    frame["vision_right"] = np.round(rng.uniform(4.8, 5.2, n), 1)
    exempt = frame["status"] != ""
    measured = ["height", "weight", *std.items]
    frame.loc[exempt, measured] = np.nan
    frame["row"] = np.arange(n) + 2
    return frame


def demo_counts(grades: pd.DataFrame, schools: Sequence[str]) -> dict[tuple[str, int], int]:
    """(school, grade) → students of the census 年级 sheet for the chosen schools (grades 1–12 only)."""
    rows = grades[grades["school_code"].isin(schools) & grades["grade"].astype(str).str.fullmatch(r"\d+")]
    summed = rows.groupby(["school_code", rows["grade"].astype(int)])["students"].sum()
    out: dict[tuple[str, int], int] = {}
    for key, students in summed.items():
        school, grade = str(key[0]), int(key[1])  # type: ignore[index]
        if students and 1 <= grade <= 12:
            out[(school, grade)] = int(students)
    return out


def demo_schools(schools: pd.DataFrame, must: str = "", per_type: int = 1) -> list[str]:
    """A subset of the county's schools: a few of each K-12 type (and the demo clerk's school)."""
    chosen = schools[schools["region_code"].astype(str).str.startswith(DEMO_FITNESS_COUNTY)]
    types = ("小学", "初级中学", "九年一贯制学校", "高级中学", "完全中学")
    picked = [
        str(code)
        for t in types
        for code in sorted(chosen.loc[chosen["school_type"] == t, "school_code"].astype(str))[:per_type]
    ]
    return sorted({*picked, must} - {""})
