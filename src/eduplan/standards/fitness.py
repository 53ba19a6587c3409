"""《国家学生体质健康标准（2014年修订）》 (教体艺〔2014〕5号) as data, grades 1–12, both sexes.

The tables are the cross-checked transcription in ``eduplan/data/fitness/gb_student_fitness_2014.json`` (copied
from ``shared/spec/fitness``; its README gives every source, the agreement counts and the confidence per grade
band). This module reads that file once and exposes typed records: the single-item thresholds per item, sex and
grade (aligned with ``SCORE_LEVELS``, ``None`` = a cell the official table leaves empty), the BMI bands, the
weights, the bonus (附加分) tables and the grade bands of the annual total. Core reads these, never literals.

Caveats kept visible (``CAVEATS``, shown in docs/fitness.md and in every report): the junior tables (初一–初三)
have no fully independent second transcription; "below the 10-point threshold scores 0" and "BMI is rounded to
0.1 before banding" are implementation practice, not text of the standard; the rules the standard states but
eduplan does not model are listed in ``UNMODELLED``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

Sex = Literal["male", "female"]
Direction = Literal["higher_is_better", "lower_is_better"]

STANDARD_ID = "fitness_2014"
TITLE = "国家学生体质健康标准（2014年修订）"
CITATION = "《国家学生体质健康标准（2014年修订）》 教体艺〔2014〕5号（教育部，2014-07-07）"
DATA_FILE = "data/fitness/gb_student_fitness_2014.json"

SEXES: tuple[Sex, ...] = ("male", "female")
SEX_ZH: dict[Sex, str] = {"male": "男", "female": "女"}
GRADES: tuple[int, ...] = tuple(range(1, 13))
GRADE_ZH: dict[int, str] = {
    1: "一年级",
    2: "二年级",
    3: "三年级",
    4: "四年级",
    5: "五年级",
    6: "六年级",
    7: "初一",
    8: "初二",
    9: "初三",
    10: "高一",
    11: "高二",
    12: "高三",
}
# 学段 of a grade, in the contract's words (小学 1–6, 初中 7–9, 高中 10–12).
STAGE_OF_GRADE: dict[int, str] = {g: "小学" if g <= 6 else "初中" if g <= 9 else "高中" for g in GRADES}

BONUS_CAP = 20.0  # 附加分 at most 20 in total (说明; ``total.bonus_score`` of the data file)
BMI_WEIGHT_PCT = 15
BMI_BANDS = ("低体重", "正常", "超重", "肥胖")

# Screening definition used for 近视率 when uncorrected visual acuity is imported (5-point log scale).
MYOPIA_ACUITY_BELOW = 5.0
MYOPIA_CITATION = (
    "《儿童青少年近视防控适宜技术指南》（国卫办疾控函〔2019〕780号）及 WS/T 663—2020《中小学生屈光不正筛查规范》："
    "裸眼视力 < 5.0 为筛查阳性（视力不良）；未做屈光检查时本系统报告的是筛查性近视（视力不良）率"
)

CAVEATS: tuple[str, ...] = (
    "初一至初三的评分表仅有教育部附件的一份 Word 复本及同一作者的两份程序转录相互印证，缺少完全独立的第二来源（可信度：中高）；"
    "小学、高中各表已与独立实现逐格核对（可信度：高）。",
    "标准未规定低于 10 分档的成绩如何计分；本系统与所有参考实现一致记 0 分。",
    "标准未规定 BMI 的取舍；本系统与所有参考实现一致先四舍五入到 0.1 再分档。",
    "引体向上评分表中的空白格（各年级 78/74/70/66/62 分，初一 20、10 分，初二 10 分）按原表理解为不可得分，"
    "例如高一 11 个记 76 分而非 78 分。",
    "学年总分按未经取舍的数值分等（优秀 ≥ 90.0，良好 ≥ 80.0，及格 ≥ 60.0），如 89.95 分为良好。",
    "合格率（及格及以上）、优良率（良好及以上）不是本标准的定义，而是各地规划与公告的通行口径。",
    "各表的测试与取舍细则（如肺活量测几次、50 米跑如何进位）在《测试细则》中，未经核对；导入的成绩按原值计分。",
)

UNMODELLED: tuple[str, ...] = (
    "补测：每学年每项可补测一次（说明），本系统只记录导入的成绩，不区分补测。",
    "免测、缓测：因病或残疾免予执行或暂缓执行的学生按原样保存，不计分，也不计入合格率等比率的分母，单独计数。",
    "毕业成绩 = 毕业当年学年总分 × 50% + 其他学年总分平均 × 50%（本系统计算，但不判定）；"
    "高中毕业成绩不足 50 分者按结业或肄业处理的规定未建模。",
    "大学各年级的评分表不在本数据中。",
)


@dataclass(frozen=True)
class Item:
    key: str
    name: str  # Chinese, as the tables name it
    table: str
    unit: str
    direction: Direction
    decimals: int
    applies_to: dict[Sex, tuple[int, ...]]
    thresholds: dict[tuple[Sex, int], tuple[float | None, ...]]  # aligned with SCORE_LEVELS

    def applies(self, sex: Sex, grade: int) -> bool:
        return grade in self.applies_to.get(sex, ())

    def levels(self, sex: Sex, grade: int) -> tuple[float | None, ...]:
        return self.thresholds[(sex, grade)]


@dataclass(frozen=True)
class BmiBand:
    label: str
    low: float | None  # inclusive, None = open
    high: float | None  # inclusive, None = open
    score: int


@dataclass(frozen=True)
class Bonus:
    key: str  # the item whose result earns the bonus
    max_points: int
    applies_to: dict[Sex, tuple[int, ...]]
    rows: dict[Sex, tuple[tuple[int, float], ...]]  # (points, excess needed), ascending


@dataclass(frozen=True)
class GradeBand:
    label: str
    minimum: float | None  # the annual total at or above which the band starts


@dataclass(frozen=True)
class FitnessStandard:
    id: str
    title: str
    citation: str
    score_levels: tuple[int, ...]
    items: dict[str, Item]
    weights: dict[tuple[Sex, int], dict[str, int]]  # (sex, grade) → item → weight in %; "bmi" included
    bmi: dict[tuple[Sex, int], tuple[BmiBand, ...]]
    bonus: dict[str, Bonus]
    grade_bands: tuple[GradeBand, ...]  # best first
    graduation_rule: str

    def items_for(self, sex: Sex, grade: int) -> tuple[str, ...]:
        """The measured items of a grade and sex (BMI's height and weight not included), in the file's order."""
        return tuple(k for k, item in self.items.items() if item.applies(sex, grade))

    def bonus_for(self, sex: Sex, grade: int) -> tuple[str, ...]:
        return tuple(k for k, b in self.bonus.items() if grade in b.applies_to.get(sex, ()))

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "citation": self.citation,
            "caveats": list(CAVEATS),
            "unmodelled": list(UNMODELLED),
            "grade_bands": [{"label": b.label, "min": b.minimum} for b in self.grade_bands],
            "bonus_cap": BONUS_CAP,
        }


def _sexes(raw: dict[str, Any]) -> dict[Sex, tuple[int, ...]]:
    return {s: tuple(int(g) for g in raw[s]) for s in SEXES if s in raw}


def _load(raw: dict[str, Any]) -> FitnessStandard:
    items = {
        key: Item(
            key=key,
            name=it["name_zh"],
            table=it["table"],
            unit=it["unit"],
            direction=it["direction"],
            decimals=int(it["decimals"]),
            applies_to=_sexes(it["applies_to"]),
            thresholds={
                (sex, int(grade)): tuple(None if v is None else float(v) for v in values)
                for sex in SEXES
                for grade, values in it["thresholds"].get(sex, {}).items()
            },
        )
        for key, it in raw["items"].items()
    }
    weights: dict[tuple[Sex, int], dict[str, int]] = {}
    for group in raw["weights"].values():
        for sex in (group["sex"],) if "sex" in group else SEXES:
            for grade in group["grades"]:
                weights[(sex, int(grade))] = {k: int(v) for k, v in group["weights_pct"].items()}
    bmi = {
        (sex, int(grade)): tuple(
            BmiBand(label, band["min"], band["max"], int(band["score"]))
            for label in BMI_BANDS
            for band in (bands[label],)
        )
        for sex in SEXES
        for grade, bands in raw["bmi"]["bands"][sex].items()
    }
    bonus = {
        key: Bonus(
            key=key,
            max_points=int(b["max_points"]),
            applies_to=_sexes(b["applies_to"]),
            rows={
                sex: tuple(sorted((int(r["points"]), float(r["excess"])) for r in b[sex])) for sex in SEXES if sex in b
            },
        )
        for key, b in raw["bonus"].items()
    }
    bands = tuple(GradeBand(b["label"], b["min"]) for b in raw["total"]["grade_bands"])
    return FitnessStandard(
        id=STANDARD_ID,
        title=TITLE,
        citation=CITATION,
        score_levels=tuple(int(s) for s in raw["score_levels"]),
        items=items,
        weights=weights,
        bmi=bmi,
        bonus=bonus,
        grade_bands=bands,
        graduation_rule=raw["total"]["graduation_score"],
    )


@lru_cache(maxsize=1)
def standard() -> FitnessStandard:
    """The standard, read once from the package's data file."""
    text = resources.files("eduplan").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return _load(json.loads(text))


def display_time(seconds: float) -> str:
    """Seconds in the tables' notation: 225 → 3'45\"."""
    whole = round(seconds)
    return f"{whole // 60}'{whole % 60:02d}\""
