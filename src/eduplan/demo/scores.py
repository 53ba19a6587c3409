"""Demo student scores (学业成绩) for one county, so value-added (增值评价) has something to show.

Every 初中 school of the county sits the county's unified end-of-year exams (期末统考) in 语文, 数学 and 英语: grade 7
in 2021 and 2022, grade 8 in 2022 and 2023; every 小学 sits 数学 in grade 5 (2021, 2022) and grade 6 (2022, 2023).
So grades 8 and 6 in 2022 and 2023 each have a prior (the same students' exam of the year before), and a school's
value-added can be tracked over two years. Students per school and grade are the census's (年级 sheet). Invented,
not calibrated to any seed figure:

- a school's intake: its students' mean ability differs by N(0, 6²) points, so raw averages favour some schools;
- a school's true value-added per subject: N(0, 3²) in 2022, and 0.7 × that + N(0, 2²) in 2023 (it persists);
- prior = 78 + ability + N(0, 7²); score = 10 + 0.88 × prior + value-added + N(0, 7²); marks out of 120, in halves;
- a student of the second year without the first year's exam (transferred in, about 4%) has no prior; about 1% of each exam's
  students are absent (blank score).

Pure pandas/numpy and deterministic: the same seed and census give the same rows. Student ids are synthetic 学籍号
(``D`` + school code + entry year's last two digits + first grade + a number); the import pseudonymises them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from eduplan.contract import STAGE_JUNIOR, STAGE_PRIMARY
from eduplan.demo.province import CensusYear
from eduplan.ingest.scores import SCORES_SHEET, ScoreFile

DEMO_SCORE_COUNTY = "441802"  # 清城区
FULL_MARK = 120.0
GRADE_WORDS = {"5": "五", "6": "六", "7": "七", "8": "八"}


@dataclass(frozen=True)
class Cohort:
    """Students who sit the ``first`` grade's exams in an entry year and the ``next`` grade's the year after."""

    stage: str
    first: str
    next: str
    subjects: tuple[str, ...]


COHORTS = (
    Cohort(STAGE_JUNIOR, "7", "8", ("语文", "数学", "英语")),
    Cohort(STAGE_PRIMARY, "5", "6", ("数学",)),
)
ENTRY_YEARS = (2021, 2022)
YEARS = (2021, 2022, 2023)
INTAKE_SD, EFFECT_SD, PERSISTENCE, EFFECT_NOISE_SD = 6.0, 3.0, 0.7, 2.0
PRIOR_MEAN, ABILITY_SD, NOISE_SD = 78.0, 12.0, 7.0
INTERCEPT, SLOPE = 10.0, 0.88
TRANSFERRED_IN, ABSENT = 0.04, 0.01
COLUMNS = ("student_id", "school_code", "school_year", "grade", "subject", "score", "exam", "full_mark")
Effects = dict[str, dict[str, float]]  # subject → school → value-added


def _marks(values: np.ndarray) -> np.ndarray:
    return np.clip(np.round(values * 2) / 2, 0, FULL_MARK)


def _students(grades: pd.DataFrame, county: str, stage: str, grade: str) -> dict[str, int]:
    rows = grades[
        (grades["stage"] == stage) & (grades["grade"] == grade) & grades["school_code"].str.startswith(county)
    ]
    return {str(code): int(n) for code, n in rows.groupby("school_code")["students"].sum().items() if n}


def _effects(rng: np.random.Generator, cohort: Cohort, schools: list[str], before: Effects | None) -> Effects:
    """Each school's value-added per subject: new, or persisting from the cohort before (0 where it had none)."""
    out: Effects = {}
    for subject in cohort.subjects:
        draws = rng.normal(0, 1, len(schools))
        if before is None:
            out[subject] = {s: EFFECT_SD * d for s, d in zip(schools, draws, strict=True)}
        else:
            earlier = before[subject]
            out[subject] = {
                s: PERSISTENCE * earlier.get(s, 0.0) + EFFECT_NOISE_SD * d for s, d in zip(schools, draws, strict=True)
            }
    return out


def _cohort(
    rng: np.random.Generator, cohort: Cohort, entry_year: int, sizes: tuple[dict[str, int], dict[str, int]], va: Effects
) -> list[pd.DataFrame]:
    """The rows of the students who sit the first grade's exams in ``entry_year`` and the next grade's a year later."""
    schools = sorted(set(sizes[0]) | set(sizes[1]))
    intake = dict(zip(schools, rng.normal(0, INTAKE_SD, len(schools)), strict=True))
    ids: list[str] = []
    school_of: list[str] = []
    in_first: list[np.ndarray] = []
    in_next: list[np.ndarray] = []
    for school in schools:
        n1, n2 = sizes[0].get(school, 0), sizes[1].get(school, 0)
        moved = int(rng.binomial(min(n1, n2), TRANSFERRED_IN))  # left after the first year; as many came in
        total = max(n1, n2) + moved
        ids.extend(f"D{school}{entry_year % 100:02d}{cohort.first}{i:04d}" for i in range(total))
        school_of.extend([school] * total)
        position = np.arange(total)
        in_first.append(position < n1)
        in_next.append(position >= total - n2)  # the last n2: most of the first year's, and the newcomers
    student, school_code = np.array(ids), np.array(school_of)
    ability = np.array([intake[s] for s in school_of]) + rng.normal(0, ABILITY_SD, len(ids))
    sittings = (
        (entry_year, cohort.first, np.concatenate(in_first)),
        (entry_year + 1, cohort.next, np.concatenate(in_next)),
    )
    frames = []
    for subject in cohort.subjects:
        prior = PRIOR_MEAN + ability + rng.normal(0, NOISE_SD, len(ids))
        added = np.array([va[subject].get(s, 0.0) for s in school_of])
        score = INTERCEPT + SLOPE * prior + added + rng.normal(0, NOISE_SD, len(ids))
        for (year, grade, sat), marks in zip(sittings, (prior, score), strict=True):
            values = _marks(marks[sat])
            values[rng.random(len(values)) < ABSENT] = np.nan
            frames.append(
                pd.DataFrame(
                    {
                        "student_id": student[sat],
                        "school_code": school_code[sat],
                        "school_year": year,
                        "grade": grade,
                        "subject": subject,
                        "score": values,
                        "exam": f"{GRADE_WORDS[grade]}年级期末统考",
                        "full_mark": FULL_MARK,
                    }
                )
            )
    return frames


def demo_scores(grades_by_year: Mapping[int, pd.DataFrame], seed: int, county: str = DEMO_SCORE_COUNTY) -> pd.DataFrame:
    """One row per student, subject and exam (the score contract's columns); ``grades_by_year``: the census's
    年级 sheet of 2021–2023."""
    rng = np.random.default_rng([seed, int(county)])
    frames = []
    for cohort in COHORTS:
        before: Effects | None = None
        for entry_year in ENTRY_YEARS:
            sizes = (
                _students(grades_by_year[entry_year], "1" + county, cohort.stage, cohort.first),
                _students(grades_by_year[entry_year + 1], "1" + county, cohort.stage, cohort.next),
            )
            before = _effects(rng, cohort, sorted(set(sizes[0]) | set(sizes[1])), before)
            frames.extend(_cohort(rng, cohort, entry_year, sizes, before))
    return pd.concat(frames, ignore_index=True).loc[:, list(COLUMNS)]


def demo_score_file(census: Mapping[int, CensusYear], seed: int) -> ScoreFile:
    """The demo scores as a checked score file, ready for ``store.scores.do_import_scores``."""
    frame = demo_scores({year: census[year].grades for year in YEARS}, seed)
    return ScoreFile(frame=frame.assign(row=frame.index + 2), warnings=(), sheet=SCORES_SHEET.name, letters={})
