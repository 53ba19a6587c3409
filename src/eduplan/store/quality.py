"""Learning quality in the store: the bureau's marks and cut scores, monitoring imports, and the result pages show.

Every write is a ``do_*`` function in one transaction with its audit entry. ``quality_result`` binds core's
``assess_quality`` to the stored scores, the registry, the marks and the published county figures, and puts the
latest kept value-added run of the same grade and subject beside it (it never fits one).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max

from eduplan.core.quality import Comparison, Cuts, assess_quality, parse_plan_metric, plan_metric_value
from eduplan.errors import EduplanError, UsageError
from eduplan.ingest.quality import MonitoringFile, read_monitoring
from eduplan.ingest.scores import normalise_grade
from eduplan.store import audit
from eduplan.store.forecasts import UserLike
from eduplan.store.models import (
    BenchmarkSchool,
    CutScore,
    MonitoringFigure,
    MonitoringImport,
    Region,
    SchoolVersion,
)
from eduplan.store.regions import get_region
from eduplan.store.registry import registry_frame

MEASURES = (("平均分", "mean"), ("达标率", "pass_rate"), ("优秀率", "excellent_rate"))


def do_mark_benchmarks(region_code: str, year: int, school_codes: list[str], user: UserLike = None) -> int:
    """Replace the county's 城区优质学校 marks for ``year``; every code must be a school of the county that year."""
    region = get_region(region_code)
    known = set(registry_frame(year, region.subtree_prefix())["school_code"])
    unknown = sorted(set(school_codes) - known)
    if unknown:
        raise UsageError(f"{'、'.join(unknown)} 不是 {region.name} {year} 学年名录中的学校")
    with transaction.atomic():
        kept = BenchmarkSchool.objects.filter(region=region, year=year)
        before = sorted(kept.values_list("school_code", flat=True))
        kept.delete()
        BenchmarkSchool.objects.bulk_create(
            [BenchmarkSchool(region=region, year=year, school_code=c) for c in sorted(set(school_codes))]
        )
        audit.record(
            user,
            "quality.benchmarks",
            "Region",
            region.code,
            summary=f"{year}学年城区优质学校：{len(set(school_codes))} 所",
            before=before,
            after=sorted(set(school_codes)),
            region_code=region.code,
        )
    return len(set(school_codes))


def do_set_cut_scores(
    region_code: str,
    year: int,
    grade: str,
    subject: str,
    pass_score: float,
    excellent_score: float,
    user: UserLike = None,
) -> CutScore:
    region = get_region(region_code)
    norm = normalise_grade(grade)
    if norm is None:
        raise UsageError(f"年级 {grade!r} 无法识别：应为 1–12，或 七年级、初一")
    if not 0 <= pass_score <= excellent_score:
        raise UsageError(f"合格线 {pass_score:g} 与优秀线 {excellent_score:g} 应满足 0 ≤ 合格线 ≤ 优秀线")
    with transaction.atomic():
        cut, _ = CutScore.objects.update_or_create(
            region=region,
            year=year,
            grade=norm,
            subject=subject,
            defaults={"pass_score": pass_score, "excellent_score": excellent_score},
        )
        audit.record(
            user,
            "quality.cut_scores",
            "Region",
            region.code,
            summary=f"{year}学年 {norm} 年级{subject}：合格 {pass_score:g}，优秀 {excellent_score:g}",
            region_code=region.code,
        )
    return cut


def check_monitoring(path: Path, region_code: str) -> MonitoringFile:
    region = get_region(region_code)
    prefix = region.subtree_prefix()
    schools = set(SchoolVersion.objects.filter(region__code__startswith=prefix).values_list("school_id", flat=True))
    regions = set(Region.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    return read_monitoring(path, schools, regions)


def do_import_monitoring(
    region_code: str, checked: MonitoringFile, file_name: str, user: UserLike = None
) -> MonitoringImport:
    """Store a checked workbook as the region's new current version (earlier versions are kept), audited."""
    region = get_region(region_code)
    with transaction.atomic():
        number = (MonitoringImport.objects.filter(region=region).aggregate(n=Max("number"))["n"] or 0) + 1
        MonitoringImport.objects.filter(region=region, is_current=True).update(is_current=False)
        real_user = user if isinstance(user, User) else None
        imported = MonitoringImport.objects.create(
            region=region, number=number, file_name=file_name, rows=len(checked.rows), created_by=real_user
        )
        MonitoringFigure.objects.bulk_create(
            [MonitoringFigure(imported=imported, **{k: v for k, v in r.items() if k != "row"}) for r in checked.rows]
        )
        audit.record(
            user,
            "quality.monitoring_import",
            "MonitoringImport",
            imported.pk,
            summary=f"已导入 {file_name}：{len(checked.rows)} 行监测结果（第 {number} 版）",
            region_code=region.code,
        )
    return imported


def county_comparisons(region_code: str, year: int, grade: str, subject: str) -> list[Comparison]:
    figure = (
        MonitoringFigure.objects.filter(
            imported__region_id=region_code,
            imported__is_current=True,
            level="县区",
            code=region_code,
            year=year,
            grade=grade,
            subject=subject,
        )
        .order_by("programme")
        .first()
    )
    if figure is None:
        return []
    found = []
    for label, key in MEASURES:
        county = getattr(figure, key)
        if county is not None:
            found.append(
                Comparison(label, county, getattr(figure, f"province_{key}"), getattr(figure, f"nation_{key}"))
            )
    return found


def _value_added(region_code: str, year: int, grade: str, subject: str) -> dict[str, dict[str, Any]]:
    """The value-added of the grade and subject as the value-added module keeps it: its latest kept run on the
    current scores, or one fitted now and kept nowhere (``store.value_added.value_added_for_report``); none when it
    cannot be fitted."""
    from eduplan.core.value_added import InsufficientData
    from eduplan.errors import EduplanError
    from eduplan.store.value_added import Wanted, value_added_for_report

    try:
        result, _ = value_added_for_report(Wanted(region_code, year, grade, subject))
    except (InsufficientData, EduplanError):
        return {}
    return {s["school_code"]: s for s in result.get("schools", [])}


def quality_result(
    region_code: str, year: int, grade: str, subject: str, exam: str | None = None, *, with_value_added: bool = True
) -> dict[str, Any]:
    """The quality figures of the county's schools for one exam (the JSON of pages, API, CLI and reports);
    ``with_value_added=False`` leaves the value-added column empty (plan actuals need none of it)."""
    from eduplan.engine import connect
    from eduplan.store.score_files import score_table

    region = get_region(region_code)
    norm = normalise_grade(grade)
    if norm is None:
        raise UsageError(f"年级 {grade!r} 无法识别：应为 1–12，或 七年级、初一")
    schools = registry_frame(year, region.subtree_prefix())
    marked = set(BenchmarkSchool.objects.filter(region=region, year=year).values_list("school_code", flat=True))
    schools = pd.DataFrame(
        {
            "school_code": schools["school_code"],
            "name": schools["name"],
            "region_code": schools["region_code"],
            "urban_rural": schools["urban_rural"],
            "benchmark": schools["school_code"].isin(marked),
        }
    )
    cut = CutScore.objects.filter(region=region, year=year, grade=norm, subject=subject).first()
    cuts = Cuts() if cut is None else Cuts(cut.pass_score, cut.excellent_score)
    towns = dict(
        Region.objects.filter(code__startswith=region.subtree_prefix(), level="town").values_list("code", "name")
    )
    result = assess_quality(
        score_table(connect()),
        schools,
        region_code=region.code,
        year=year,
        grade=norm,
        subject=subject,
        exam=exam,
        cuts=cuts,
        comparisons=county_comparisons(region.code, year, norm, subject),
        value_added=_value_added(region.code, year, norm, subject) if with_value_added else None,
        town_names=towns,
    ).as_dict()
    result["region_name"] = region.name
    result["cut_source"] = "教育局设定" if cut is not None else "默认（满分的 60% / 85%）"
    return result


def plan_metrics(region_code: str, keys: list[str], years: list[int] | None = None) -> dict[int, dict[str, float]]:
    """Year → the value of each quality plan metric in ``keys`` (``core.quality.parse_plan_metric``), read off
    ``quality_result`` of that year, grade and subject (default: every year the score store holds). A year whose
    exam cannot be assessed (no scores, several exams with none chosen, no benchmark) gives no value."""
    from eduplan.store.score_files import current_files, default_root

    metrics = [m for m in map(parse_plan_metric, keys) if m is not None]
    if not metrics:
        return {}
    stored = [int(f.stem.removeprefix("year=")) for f in current_files(default_root())]
    found: dict[int, dict[str, float]] = {}
    for year in years or stored:
        for grade, subject in sorted({(m.grade, m.subject) for m in metrics}):
            try:
                result = quality_result(region_code, year, grade, subject, with_value_added=False)
            except EduplanError:  # no scores that year, several exams, an unknown grade
                continue
            for m in metrics:
                value = plan_metric_value(result, m.measure) if (m.grade, m.subject) == (grade, subject) else None
                if value is not None:
                    found.setdefault(year, {})[m.key] = value
    return found
