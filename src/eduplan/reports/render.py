"""One entry point for every report: fetch the result the CLI's --json and the pages use, build, render.

``render_report(kind, params, fmt)`` is what ``eduplan report …`` and the web's download links call. It checks
nothing about who asks: the web checks the user's scope (``web.access``) before calling it. Every error is an
``EduplanError`` raised before any byte is produced, so callers never keep a half-made file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from eduplan.errors import UsageError
from eduplan.reports.document import Document
from eduplan.reports.meta import ReportMeta

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# The reports of a region and year the pages offer: kind → (title, formats, needs a county).
REGION_REPORTS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "balanced": ("义务教育优质均衡发展自评报告", ("pdf", "xlsx"), True),
    "basic": ("义务教育基本均衡发展评估报告", ("pdf", "xlsx"), True),
    "preschool": ("学前教育普及普惠自评报告", ("pdf", "xlsx"), True),
    "class-size": ("班额与学校规模报告", ("pdf", "xlsx"), True),
    "staffing": ("中小学教职工编制测算报告", ("pdf", "xlsx"), False),
}


@dataclass(frozen=True)
class RenderedReport:
    content: bytes
    filename: str  # e.g. 优质均衡自评_441802_2023.pdf
    content_type: str


def _renderer(fmt: str) -> Callable[[Document], bytes]:
    if fmt == "pdf":
        from eduplan.reports.pdf import render_pdf

        return render_pdf
    if fmt == "xlsx":
        from eduplan.reports.xlsx import render_xlsx

        return render_xlsx
    raise UsageError(f"报告格式 {fmt!r} 不支持；可用：pdf、xlsx")


def _int(params: Mapping[str, Any], key: str) -> int:
    try:
        return int(params[key])
    except KeyError:
        raise UsageError(f"缺少参数 {key}") from None
    except (TypeError, ValueError):
        raise UsageError(f"参数 {key} 应为整数，实际为 {params[key]!r}") from None


def _run_label(word: str, run: Any) -> str:
    """Where the numbers come from: the kept run, or the data as it stands (a download keeps no run)."""
    return f"{word} #{run.pk}" if run is not None else "未存档（按当前数据计算）"


def build_assessment(
    kind: str, payload: Mapping[str, Any], meta: ReportMeta, school_names: Mapping[str, str] | None = None
) -> Document:
    """The document of an assessment's result (balanced, basic, preschool, class-size, staffing): the one registry of
    builders, for ``render_report`` and ``eduplan assess … --out``."""
    from eduplan.reports import balanced, basic_balance, class_size, preschool, staffing

    if kind == "staffing":
        return staffing.build(payload, meta, school_names)
    builders: dict[str, Callable[[Mapping[str, Any], ReportMeta], Document]] = {
        "balanced": balanced.build,
        "basic": basic_balance.build,
        "preschool": preschool.build,
        "class-size": class_size.build,
    }
    if kind not in builders:
        raise UsageError(f"没有评估报告 {kind!r}；可用：{'、'.join([*builders, 'staffing'])}")
    return builders[kind](payload, meta)


def assessment_document(kind: str, params: Mapping[str, Any], today: date) -> Document:
    """An assessment report (balanced, basic, preschool, class-size): the latest kept run of the assessment on the
    current data, else the assessment computed now (``store.assessments.assess``), built into a document."""
    from eduplan.store.assessments import assess
    from eduplan.store.regions import get_region

    region = get_region(str(params.get("region", "")))
    year = _int(params, "year")
    version = params.get("census_version")
    payload, run = assess(kind, region.code, year, census_version=int(version) if version else None)
    meta = ReportMeta(
        region.code,
        region.name,
        year,
        f"{year}学年普查 第{payload['census_version']}版",
        generated_on=today,
        run=_run_label("评估记录", run),
    )
    doc = build_assessment(kind, payload, meta)
    if kind in ("balanced", "preschool") and region.level == "county":
        from eduplan.reports.supervision import with_dossier
        from eduplan.store.dossier import dossier

        doc = with_dossier(doc, [r for r in dossier(region, year) if r["standard"] == payload.get("standard")])
    return doc


def plan_document(params: Mapping[str, Any], today: date) -> Document:
    from eduplan.reports import plan_review
    from eduplan.store.plans import get_plan, plan_detail

    plan = get_plan(_int(params, "plan"))
    year = _int(params, "year")
    as_of = min(today, date(year, 12, 31))
    detail = plan_detail(plan, today=as_of)
    imported = plan.imported_at.date().isoformat() if plan.imported_at else "—"
    version = f"规划库第 {plan.pk} 号（{imported} 导入，原文 SHA-256 {plan.source_sha256[:12] or '—'}）"
    meta = ReportMeta(plan.region.code, plan.region.name, year, version, generated_on=today)
    return plan_review.build(detail, meta, year, as_of)


def staffing_document(params: Mapping[str, Any], today: date) -> Document:
    from eduplan.store.regions import get_region

    region = get_region(str(params.get("region", "")))
    year = _int(params, "year")
    from eduplan.store.staffing import staffing_for_report

    payload, run, school_names = staffing_for_report(region.code, year)
    meta = ReportMeta(
        region.code,
        region.name,
        year,
        f"{year}学年普查 第{payload['census_version']}版",
        generated_on=today,
        run=_run_label("运行记录", run),
    )
    return build_assessment("staffing", payload, meta, school_names)


def _exam_params(params: Mapping[str, Any]) -> tuple[Any, int]:
    """The region and year of a report on one exam, after checking that grade and subject are given."""
    from eduplan.store.regions import get_region

    region = get_region(str(params.get("region", "")))
    year = _int(params, "year")
    for key in ("grade", "subject"):
        if not params.get(key):
            raise UsageError(f"缺少参数 {key}")
    return region, year


def value_added_document(params: Mapping[str, Any], today: date) -> Document:
    """The latest kept value-added run of these parameters on the current scores (else fitted now, kept nowhere)."""
    from eduplan.reports import value_added
    from eduplan.store.value_added import Wanted, value_added_for_report

    region, year = _exam_params(params)
    exams = (params.get("exam") or None, params.get("prior_exam") or None)
    result, run = value_added_for_report(
        Wanted(region.code, year, str(params["grade"]), str(params["subject"]), *exams)
    )
    snapshot = result.get("scores_snapshot", "")
    meta = ReportMeta(
        region.code, region.name, year, f"学生成绩第{snapshot}版", generated_on=today, run=_run_label("运行记录", run)
    )
    return value_added.build(result, meta)


def quality_document(params: Mapping[str, Any], today: date) -> Document:
    """学业质量 of one exam (docs/quality.md)."""
    from eduplan.reports.quality import build_quality
    from eduplan.store.quality import quality_result

    region, year = _exam_params(params)
    result = quality_result(region.code, year, str(params["grade"]), str(params["subject"]), params.get("exam") or None)
    meta = ReportMeta(region.code, region.name, year, "学生成绩（当前版本）", generated_on=today)
    return build_quality(result, meta)


def attendance_document(params: Mapping[str, Any], today: date) -> Document:
    """The monthly 控辍保学 report of a region (aggregates, small cells suppressed; docs/attendance.md)."""
    from eduplan.errors import EduplanError
    from eduplan.reports.quality import build_attendance
    from eduplan.store.attendance import monthly, retention_table
    from eduplan.store.models import AttendanceCase
    from eduplan.store.regions import get_region

    region = get_region(str(params.get("region", "")))
    year = _int(params, "year")
    month = str(params.get("month") or today.strftime("%Y-%m"))
    cases = AttendanceCase.objects.filter(region_code__startswith=region.subtree_prefix())
    report = monthly(cases, month, suppress=True)
    try:
        retention = retention_table(region.code, year)
    except EduplanError as exc:
        retention = {"county": None, "schools": [], "missing": [str(exc)]}
    meta = ReportMeta(region.code, region.name, year, f"控辍保学案件登记（截至 {report['as_of']}）", generated_on=today)
    return build_attendance(report, retention, meta)


def fitness_document(params: Mapping[str, Any], today: date) -> Document:
    """The yearly 学生体质健康状况 report: ``store.fitness.assess_fitness`` (the CLI's --json) as a document."""
    from eduplan.reports import fitness
    from eduplan.store.fitness import assess_fitness
    from eduplan.store.regions import get_region

    region = get_region(str(params.get("region", "")))
    year = _int(params, "year")
    result = assess_fitness(region.code, year)
    meta = ReportMeta(region.code, region.name, year, f"{year}学年体测成绩（各校当前版本）", generated_on=today)
    return fitness.build(result, meta)


KINDS: dict[str, Callable[[Mapping[str, Any], date], Document]] = {
    "quality": quality_document,
    "attendance": attendance_document,
    "balanced": lambda params, today: assessment_document("balanced", params, today),
    "basic": lambda params, today: assessment_document("basic", params, today),
    "preschool": lambda params, today: assessment_document("preschool", params, today),
    "class-size": lambda params, today: assessment_document("class-size", params, today),
    "plan": plan_document,
    "staffing": staffing_document,
    "value-added": value_added_document,
    "fitness": fitness_document,
}


def build_document(kind: str, params: Mapping[str, Any], today: date | None = None) -> Document:
    if kind not in KINDS:
        raise UsageError(f"没有报告 {kind!r}；可用：{'、'.join(KINDS)}")
    from eduplan import store

    store.open_store()
    return KINDS[kind](params, today or date.today())


def render_report(kind: str, params: Mapping[str, Any], fmt: str, today: date | None = None) -> RenderedReport:
    """The report ``kind`` (balanced, basic, preschool, class-size, plan, staffing, value-added) as ``fmt`` (pdf, xlsx).

    params: balanced/basic/preschool/class-size/staffing ``{"region": "441802", "year": 2023}`` (the assessments also
    take ``census_version``); plan ``{"plan": 1, "year": 2023}``; value-added ``{"region": "441802", "year": 2023,
    "grade": "8", "subject": "数学"}`` (optionally ``exam`` and ``prior_exam``).
    """
    render = _renderer(fmt)
    doc = build_document(kind, params, today)
    return RenderedReport(render(doc), f"{doc.filename_stem}.{fmt}", CONTENT_TYPES[fmt])
