"""Demo learning-quality settings for 清城区: the bureau's 城区优质学校 and the published monitoring figures.

Pure and deterministic. Calibration (docs/quality.md):

- 城区优质学校: the bureau marks, per 学段, the three public 城区 schools with the best mean in the previous
  year's unified 数学 exam (grade 7 for 初中, grade 5 for 小学) — a reputation made of past results. Against
  them several rural schools differ by more than 15%, as the seed's 2027 target implies they do today;
- cut scores: the default shares of the full mark (60% / 85%), stated as the bureau's;
- monitoring: 国家义务教育质量监测-style county figures (scale mean 500) a little *below* the province, as the
  seed's aim implies (清远 十大行动计划: “力争到2025年……质量监测结果接近全省平均水平”) — invented numbers, not
  published ones: county 数学 8年级 489.6 vs province 501.2; 达标率 78.5% vs 82.1%; 优秀率 10.4% vs 13.6%.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from eduplan.contract import SPONSOR_PUBLIC, URBAN

BENCHMARKS_PER_STAGE = 3
REPUTATION_EXAMS = (("7", "数学"), ("5", "数学"))  # the previous year's exams the marks rest on

MONITORING: tuple[dict[str, Any], ...] = (
    {"subject": "数学", "grade": "8", "mean": 489.6, "pass_rate": 78.5, "excellent_rate": 10.4}
    | {"province_mean": 501.2, "province_pass_rate": 82.1, "province_excellent_rate": 13.6}
    | {"nation_mean": 500.0, "nation_pass_rate": 81.0, "nation_excellent_rate": 12.9},
    {"subject": "数学", "grade": "4", "mean": 494.3, "pass_rate": 84.2, "excellent_rate": 15.1}
    | {"province_mean": 503.5, "province_pass_rate": 86.0, "province_excellent_rate": 17.2}
    | {"nation_mean": 500.0, "nation_pass_rate": 85.3, "nation_excellent_rate": 16.0},
)


def benchmark_schools(means: pd.DataFrame, schools: pd.DataFrame) -> list[str]:
    """The demo bureau's 城区优质学校 among ``means`` (school_code, mean of one exam): the best public 城区 ones."""
    urban = schools[(schools["urban_rural"] == URBAN) & (schools["sponsor"] == SPONSOR_PUBLIC)]["school_code"]
    mine = means[means["school_code"].isin(set(urban)) & means["mean"].notna()]
    best = mine.sort_values(["mean", "school_code"], ascending=[False, True]).head(BENCHMARKS_PER_STAGE)
    return [str(c) for c in best["school_code"]]


def monitoring_rows(county: str, year: int) -> list[dict[str, Any]]:
    """The county's published figures as ``ingest.quality`` returns them (one row per subject and grade)."""
    base = {"level": "县区", "code": county, "year": year, "programme": "国家义务教育质量监测"}
    return [{"row": i, **base, **figures} for i, figures in enumerate(MONITORING, start=2)]
