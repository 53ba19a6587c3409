"""Class size and school size against the norms (spec/standards.md §3.4).

Per county and 学段: classes, classes above the standard size (小学 45, 初中/高中 50; 幼儿园 25/30/35 by
grade), 大班额 (56 and more, i.e. 56–65 plus 66+) and 超大班额 (66 and more), with shares. Per school: the same
counts and its size against the caps (小学、初中 2000 pupils; 一贯制 2500 in the compulsory stages; 幼儿园 360).
These also support the 优质均衡 items 4 (school size) and 5 (every class ≤ 45 / 50).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from eduplan import contract as c
from eduplan.core.census_input import TableLike, as_table, schools_in_county
from eduplan.core.manual_items import result_header
from eduplan.errors import NotFound
from eduplan.standards.base import Standard
from eduplan.standards.class_size import STANDARD as CLASS_SIZE

COUNTS = ("classes", "classes_over_standard", "classes_56_65", "classes_66_plus")
THROUGH_SCHOOLS = (c.NINE_YEAR, c.TWELVE_YEAR)


@dataclass(frozen=True)
class StageClasses:
    stage: str
    classes: int
    over_standard: int
    large: int  # 56 and more
    super_large: int  # 66 and more
    over_standard_share: float | None
    large_share: float | None
    super_large_share: float | None
    schools_with_large_classes: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class SchoolSize:
    school_code: str
    name: str
    school_type: str
    students: int  # compulsory-stage pupils, or children for a kindergarten
    cap: int | None
    over_cap: bool
    classes: int
    over_standard: int
    large: int
    super_large: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class ClassSizeResult:
    region: str
    year: int
    standard: Standard
    stages: dict[str, StageClasses]
    schools: list[SchoolSize]

    @property
    def passed(self) -> bool:
        """No class above its standard size in 小学/初中 and no school above its cap (优质均衡 items 4 and 5)."""
        compulsory = [s for name, s in self.stages.items() if name in c.COMPULSORY_STAGES]
        return all(s.over_standard == 0 for s in compulsory) and not any(s.over_cap for s in self.schools)

    def as_dict(self) -> dict[str, object]:
        return {
            **result_header(self.region, self.year, self.standard, self.passed, []),
            "stages": {name: s.as_dict() for name, s in self.stages.items()},
            "schools": [s.as_dict() for s in self.schools],
        }


def _share(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def school_cap(school_type: str, standard: Standard) -> int | None:
    caps = standard.rule("school_size_cap")
    if school_type == c.KINDERGARTEN:
        return int(standard.rule("kindergarten_size_cap").value())
    if school_type in THROUGH_SCHOOLS:
        return int(caps.value("through"))
    if school_type in (c.PRIMARY, c.JUNIOR, c.COMPLETE_SECONDARY):
        return int(caps.value("single"))
    return None


def assess_class_size(
    schools: TableLike, stages: TableLike, grades: TableLike, *, region: str, year: int, standard: Standard = CLASS_SIZE
) -> ClassSizeResult:
    s, st, g = schools_in_county(schools, region), as_table(stages), as_table(grades)
    s = s.select("school_code", "name", "school_type")
    g = g.filter(g.school_code.isin(s.school_code))
    per_stage = g.group_by("school_code", "stage").aggregate(**{k: g[k].cast("float64").sum() for k in COUNTS})
    rows = per_stage.join(s, "school_code").to_pandas().fillna({k: 0.0 for k in COUNTS})
    if rows.empty:
        raise NotFound(f"{year} 年 {region} 没有年级（班额）数据，无法评估")
    size_stages = [*c.COMPULSORY_STAGES, c.STAGE_PRESCHOOL]
    pupils = st.filter(st.school_code.isin(s.school_code) & st.stage.isin(size_stages))
    pupils = pupils.group_by("school_code").aggregate(students=pupils.students.cast("float64").sum()).to_pandas()
    rows["large"] = rows["classes_56_65"] + rows["classes_66_plus"]
    stage_results = {}
    for stage in c.STAGES:
        part = rows[rows["stage"] == stage]
        if part.empty:
            continue
        n, over, large, sup = (
            int(part[k].sum()) for k in ("classes", "classes_over_standard", "large", "classes_66_plus")
        )
        stage_results[stage] = StageClasses(
            stage,
            n,
            over,
            large,
            sup,
            _share(over, n),
            _share(large, n),
            _share(sup, n),
            int((part["large"] > 0).sum()),
        )
    return ClassSizeResult(region, year, standard, stage_results, _school_sizes(rows, pupils, standard))


def _school_sizes(rows: pd.DataFrame, pupils: pd.DataFrame, standard: Standard) -> list[SchoolSize]:
    totals = rows.groupby(["school_code", "name", "school_type"], as_index=False)[
        ["classes", "classes_over_standard", "large", "classes_66_plus"]
    ].sum()
    totals = totals.merge(pupils, on="school_code", how="left").fillna({"students": 0.0})
    out = []
    for r in totals.sort_values("school_code").to_dict("records"):
        cap = school_cap(str(r["school_type"]), standard)
        students = int(r["students"])
        out.append(
            SchoolSize(
                str(r["school_code"]),
                str(r["name"]),
                str(r["school_type"]),
                students,
                cap,
                cap is not None and students > cap,  # "不超过" includes the cap
                int(r["classes"]),
                int(r["classes_over_standard"]),
                int(r["large"]),
                int(r["classes_66_plus"]),
            )
        )
    return out
