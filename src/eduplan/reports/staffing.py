"""The county's 教职工编制 report, from ``StaffingResult.as_dict()`` as ``eduplan assess staffing --json`` prints it.

The payload comes from ``store.staffing.staffing_for_report``: the latest kept run of the command's defaults on the
current census, else computed then (and kept nowhere: a report writes nothing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from eduplan.core.staffing import ALL_AREAS, ALL_STAGES
from eduplan.reports.document import Column, Document, Facts, Paragraph, Section, Table, Verdict
from eduplan.reports.meta import ReportMeta, cover_facts, school_year

Result = Mapping[str, Any]
NORM_TITLES = {
    "2014": "《关于统一城乡中小学教职工编制标准的通知》（中央编办发〔2014〕72号）",
    "2001": "《关于制定中小学教职工编制标准的意见》（国办发〔2001〕74号）",
}


TOTAL_COLUMNS = (
    Column("area", "区域", "code"),
    Column("stage", "学段", "code"),
    Column("schools", "学校数", "int"),
    Column("students", "学生数", "int"),
    Column("required_posts", "按标准应核编制", "int"),
    Column("authorized_posts", "核定编制", "int"),
    Column("staff_on_establishment", "在编教职工", "int"),
    Column("post_gap", "编制缺口", "int", tone_from="post_short"),
    Column("staff_gap", "缺员", "int", tone_from="staff_short"),
)

SUBJECT_COLUMNS = (
    Column("area", "区域", "code"),
    Column("stage", "学段", "code"),
    Column("subject", "学科", "code"),
    Column("teachers", "现有教师", "int"),
    Column("needed", "按标准需要", "int"),
    Column("gap", "缺口", "int"),
    Column("without", "无该学科教师的学校数", "int"),
    Column("rule", "依据"),
)

LEAVER_COLUMNS = (
    Column("area", "区域", "code"),
    Column("stage", "学段", "code"),
    Column("year", "年份", "code"),
    Column("required_posts", "按标准应核编制", "int"),
    Column("retired_since_base", "基年以来退休", "int"),
    Column("staff_remaining", "留任在编", "int"),
    Column("staff_gap_with_leavers", "不补充时缺员", "int"),
)

SUBJECT_LEAVER_COLUMNS = (
    Column("stage", "学段", "code"),
    Column("subject", "学科", "code"),
    Column("year", "年份", "code"),
    Column("teachers", "现有在编教师", "int"),
    Column("retired_since_base", "基年以来退休", "int"),
    Column("remaining", "留任", "int"),
    Column("needed", "按标准需要", "int"),
    Column("gap_with_leavers", "不补充时缺口", "int"),
)

SCHOOL_COLUMNS = (
    Column("school_code", "学校代码", "code"),
    Column("name", "学校名称", "code"),
    Column("stage", "学段", "code"),
    Column("students", "学生数", "int"),
    Column("required_posts", "按标准应核编制", "float", 1),
    Column("authorized_posts", "核定编制", "int"),
    Column("staff_on_establishment", "在编教职工", "int"),
    Column("post_gap", "编制缺口", "float", 1),
    Column("staff_gap", "缺员", "float", 1),
)


def _area(result: Result, code: str) -> str:
    return str(result.get("names", {}).get(code, code))


def _one_area(rows: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The rows without the 全部 ones when there is one county only: they repeat that county's rows."""
    if len({r["area_code"] for r in rows} - {ALL_AREAS}) == 1:
        return [r for r in rows if r["area_code"] != ALL_AREAS]
    return list(rows)


def _leaver_sections(result: Result) -> tuple[Section, ...]:
    """When the year has a teacher roster and the run projects: the need beside who leaves (docs/teachers.md)."""
    leavers = result.get("projected_with_leavers")
    if not leavers:
        return ()
    rows = [{**r, "area": _area(result, r["area_code"])} for r in leavers]
    subjects = [
        r if not r.get("suppressed") else {**r, "subject": f"{r['subject']}（不足 5 人，不显示）"}
        for r in result.get("projected_subjects_with_leavers") or []
    ]
    text = (
        "教师名册中公办学校在编教师按法定退休年龄（渐进式延迟退休）逐年退休，不补充时的在编人数与缺员；"
        "按任教学科（第一学科）分列，体育艺术合计的需要数取自优质均衡指标测算。"
    )
    return (
        Section(
            "退休对编制与学科教师的影响（教师名册）",
            (
                Paragraph(text),
                Table("按学段：应核编制与退休后留任", "退休与缺员", LEAVER_COLUMNS, rows),
                Table("按学科：退休后留任与缺口", "学科退休", SUBJECT_LEAVER_COLUMNS, subjects),
            ),
        ),
    )


def build(result: Result, meta: ReportMeta, school_names: Mapping[str, str] | None = None) -> Document:
    names = school_names or {}
    totals = [
        {
            **t,
            "area": _area(result, t["area_code"]),
            "post_short": None if t["post_gap"] is None else t["post_gap"] <= 0,
            "staff_short": None if t["staff_gap"] is None else t["staff_gap"] <= 0,
        }
        for t in _one_area(result["totals"])
    ]
    subjects = [
        {**s, "area": _area(result, s["area_code"]), "without": len(s["schools_without"])}
        for s in _one_area(result["subjects"])
    ]
    schools = [{**s, "name": names.get(s["school_code"], "")} for s in result["schools"]]
    # The region's own total: the 全部 row when there are several counties, else the county's 合计.
    overall = sorted((t for t in totals if t["stage"] == ALL_STAGES), key=lambda t: t["area_code"] != ALL_AREAS)
    gap = overall[0]["post_gap"] if overall else None
    verdict = Verdict(
        f"编制缺口 {gap:,.0f} 名" if gap and gap > 0 else "编制满足标准",
        None if gap is None else gap <= 0,
        "按标准应核编制与核定编制之差；缺员为应核编制与在编教职工之差。",
    )
    norm = NORM_TITLES.get(str(result["standard_version"]), str(result["standard_id"]))
    sections = (
        Section(
            "测算概况",
            (
                Paragraph(
                    f"依据{norm}，按{school_year(meta.year)}在校生数和班数测算{meta.region_name}"
                    f"{'公办' if result['public_only'] else '全部'}中小学、幼儿园的教职工编制需求，并与核定编制、在编人数比较。"
                ),
                Facts((("学校（学段）", f"{len(schools)}个"), ("学科缺口条目", f"{len(subjects)}项"))),
            ),
        ),
        Section("编制测算汇总", (Table("按学段汇总", "编制汇总", TOTAL_COLUMNS, totals),)),
        Section("学科教师缺口", (Table("体育、艺术、心理健康等学科", "学科缺口", SUBJECT_COLUMNS, subjects),)),
        *_leaver_sections(result),
        Section("学校明细", (Table("学校编制测算明细", "学校明细", SCHOOL_COLUMNS, schools),)),
    )
    notes = (f"测算依据：{norm}（标准版本 {result['standard_version']}）。", *map(str, result.get("unconfirmed", [])))
    return Document(
        title=f"{meta.region_name}中小学教职工编制测算报告",
        subtitle=school_year(meta.year),
        issuer=meta.signer,
        cover=cover_facts(meta, ("测算标准", norm)),
        verdict=verdict,
        sections=sections,
        notes=notes,
        generated_on=meta.generated_on,
        filename_stem=f"教职工编制_{meta.region_code}_{meta.year}",
    )
