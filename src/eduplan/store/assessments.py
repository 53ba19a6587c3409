"""Running a national assessment on the stored census, keeping the run, and the items people record by hand.

The CLI (``eduplan assess balanced|basic|preschool|class-size``) and the web call ``run_assessment``; each run is
kept as an ``AnalysisRun`` with the standard's id and version and the census version it used, so a report can
always be reproduced. Hand-recorded items (政府保障程度, 教育质量, 社会认可度 …) are ``ManualItem`` rows, written
only through ``do_record_manual_item``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from eduplan.core.basic_balance import assess_basic_balance
from eduplan.core.class_size import assess_class_size
from eduplan.core.manual_items import ItemRecord, ItemStatus
from eduplan.core.preschool import assess_preschool
from eduplan.core.quality_balance import assess_all_counties, assess_quality_balance
from eduplan.errors import NotFound, UsageError
from eduplan.standards import basic_balance, class_size, preschool, quality_balance
from eduplan.standards.base import Standard
from eduplan.store import audit
from eduplan.store.census import CensusFrames, census_frames
from eduplan.store.models import AnalysisRun, ManualItem, Region
from eduplan.store.regions import get_region
from eduplan.store.runs import UserLike, do_record_run, fetch_or_compute, fingerprint

# ManualItem.status (the store's Chinese words) → the core's item status. 不适用 does not hold a verdict back.
ITEM_STATUS: dict[str, ItemStatus | None] = {"未填报": None, "达标": "met", "未达标": "not_met", "不适用": "met"}


@dataclass(frozen=True)
class Assessment:
    kind: str  # the CLI word and AnalysisRun.kind
    title: str
    standard: Standard
    compute: Callable[[CensusFrames, str, int, dict[str, ItemRecord]], Any]


ASSESSMENTS: dict[str, Assessment] = {
    a.kind: a
    for a in (
        Assessment(
            "balanced",
            "义务教育优质均衡",
            quality_balance.STANDARD,
            lambda f, region, year, manual: _balanced_with_registry(f, region, year, manual),
        ),
        Assessment(
            "basic",
            "义务教育基本均衡",
            basic_balance.STANDARD,
            lambda f, region, year, manual: _basic_with_registry(f, region, year, manual),
        ),
        Assessment(
            "preschool",
            "学前教育普及普惠",
            preschool.STANDARD,
            lambda f, region, year, manual: assess_preschool(
                f.schools, f.stages, f.grades, f.population, region=region, year=year, manual=manual
            ),
        ),
        Assessment(
            "class-size",
            "班额与学校规模",
            class_size.STANDARD,
            lambda f, region, year, manual: assess_class_size(f.schools, f.stages, f.grades, region=region, year=year),
        ),
    )
}


@dataclass(frozen=True)
class _WithTeacherSource:
    """A result whose teacher counts may come from the teacher registry: ``as_dict`` says which."""

    result: Any
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {**self.result.as_dict(), "teacher_counts_source": self.source}


def _basic_with_registry(f: CensusFrames, region: str, year: int, manual: dict[str, ItemRecord]) -> _WithTeacherSource:
    """基本均衡; its 中级及以上职称 indicator (not in the census) is counted from the teacher registry when the year has
    one (docs/teachers.md)."""
    from eduplan.core.teachers import with_registry_counts
    from eduplan.store.teachers import registry_counts_for_census

    people = registry_counts_for_census(region, year)
    stages = f.stages if people is None else with_registry_counts(f.stages, people, ("mid_title_plus_teachers",))
    result = assess_basic_balance(f.schools, stages, region=region, year=year, manual=manual)
    return _WithTeacherSource(result, "普查" if people is None else "教师名册（中级及以上职称）")


@dataclass(frozen=True)
class _FromRegistry:
    """优质均衡 from the registry's teacher counts, the census's beside it (``teachers_vs_census``)."""

    result: Any
    census: Any

    def as_dict(self) -> dict[str, Any]:
        from eduplan.core.teachers import compare_indicators

        payload = self.result.as_dict()
        return {
            **payload,
            "teacher_counts_source": "教师名册（高于规定学历、骨干、体育艺术教师）",
            "teachers_vs_census": compare_indicators(payload, self.census.as_dict()),
        }


def _balanced_with_registry(f: CensusFrames, region: str, year: int, manual: dict[str, ItemRecord]) -> Any:
    """优质均衡; when the year has a teacher roster, its teacher indicators (高于规定学历, 县级以上骨干, 体育艺术) are
    counted from the registry, and the census's result is kept beside them with every school that differs
    (docs/teachers.md). A school the roster does not hold keeps the census's counts."""
    from eduplan.core.teachers import QUALITY_TEACHER_COLUMNS, with_registry_counts
    from eduplan.store.teachers import registry_counts_for_census

    census = assess_quality_balance(f.schools, f.stages, region=region, year=year, manual=manual, grades=f.grades)
    people = registry_counts_for_census(region, year)
    if people is None:
        return _WithTeacherSource(census, "普查")
    stages = with_registry_counts(f.stages, people, QUALITY_TEACHER_COLUMNS)
    result = assess_quality_balance(f.schools, stages, region=region, year=year, manual=manual, grades=f.grades)
    return _FromRegistry(result, census)


def manual_records(standard_id: str, region_code: str, year: int) -> dict[str, ItemRecord]:
    """What has been recorded for a county and year (items still 未填报 are left out: they are pending)."""
    return manual_records_by_county(standard_id, [region_code], year).get(region_code, {})


def manual_records_by_county(standard_id: str, counties: list[str], year: int) -> dict[str, dict[str, ItemRecord]]:
    """``manual_records`` of several counties in one query: county code → item key → record."""
    records: dict[str, dict[str, ItemRecord]] = {}
    rows = ManualItem.objects.filter(standard_id=standard_id, region__code__in=counties, year=year)
    for item in rows.order_by("region_id", "item_key"):
        status = ITEM_STATUS.get(item.status)
        if status is None and item.value is None:
            continue
        records.setdefault(item.region_id, {})[item.item_key] = ItemRecord(
            status=status, value=item.value, evidence=item.evidence
        )
    return records


# The 优质均衡 indicators as the pages and charts name them, and what each school's value is held against.
INDICATOR_LABELS: dict[str, str] = {i.key: i.name for i in quality_balance.STANDARD.indicators}
INDICATOR_UNITS: dict[str, str] = {i.key: i.unit for i in quality_balance.STANDARD.indicators}


def thresholds(stages: list[str]) -> dict[str, dict[str, float]]:
    """The standard's threshold of each indicator, per 学段 (what a school's value is held against)."""
    return {stage: {i.key: i.threshold(stage) for i in quality_balance.STANDARD.indicators} for stage in stages}


@dataclass(frozen=True)
class CountyVerdict:
    """One county's 优质均衡 verdict as every page, the API and the report read it."""

    county: Region
    result: dict[str, Any] | None  # QualityBalanceResult.as_dict(), or None with a reason
    reason: str = ""


def counties_of(region: Region) -> list[Region]:
    """The counties an assessment covers: the region itself, or those under it.

    A town has none: the assessments are of whole counties, which a town's scope does not hold.
    """
    if region.level == "county":
        return [region]
    if region.level in ("town", "village"):
        return []
    return list(Region.objects.filter(level="county", code__startswith=region.subtree_prefix()))


def quality_balance_verdicts(region: Region, year: int) -> list[CountyVerdict]:
    """The 优质均衡 verdict of each county of ``region`` on the current census of ``year``, hand-recorded items
    included: the one verdict the city page, the county page, the API and (through ``assess``) the report show."""
    counties = counties_of(region)
    if not counties:
        return []
    try:
        frames = census_frames(region.code, year)
    except NotFound as exc:
        return [CountyVerdict(c, None, str(exc)) for c in counties]
    standard = ASSESSMENTS["balanced"].standard
    manual = manual_records_by_county(standard.id, [c.code for c in counties], year)
    if len(counties) == 1:  # one county: the report's computation, with the census checks of its items
        code = counties[0].code
        try:
            result = ASSESSMENTS["balanced"].compute(frames, code, year, manual.get(code, {}))
        except NotFound as exc:
            return [CountyVerdict(counties[0], None, str(exc))]
        return [CountyVerdict(counties[0], result.as_dict())]
    results = assess_all_counties(frames.schools, frames.stages, year=year, manual=manual) if len(frames.stages) else {}
    return [
        CountyVerdict(c, results[c.code].as_dict())
        if c.code in results
        else CountyVerdict(c, None, "无义务教育学段数据")
        for c in counties
    ]


def do_record_manual_item(
    standard_id: str,
    item_key: str,
    region_code: str,
    year: int,
    *,
    status: str,
    value: float | None = None,
    evidence: str = "",
    user: UserLike = None,
) -> ManualItem:
    """Record one hand-assessed item (status 未填报/达标/未达标/不适用, optional value, evidence), audited."""
    assessment = next((a for a in ASSESSMENTS.values() if a.standard.id == standard_id), None)
    if assessment is None or item_key not in {m.key for m in assessment.standard.manual_items}:
        raise NotFound(f"标准 {standard_id} 没有人工填报项目 {item_key!r}")
    if status not in ITEM_STATUS:
        raise UsageError(f"状态应为 {'、'.join(ITEM_STATUS)} 之一，实际为 {status!r}")
    region = get_region(region_code)
    with transaction.atomic():
        previous = ManualItem.objects.filter(
            standard_id=standard_id, item_key=item_key, region=region, year=year
        ).first()
        before = (
            {"status": previous.status, "value": previous.value, "evidence": previous.evidence} if previous else None
        )
        item, _ = ManualItem.objects.update_or_create(
            standard_id=standard_id,
            item_key=item_key,
            region=region,
            year=year,
            defaults={"status": status, "value": value, "evidence": evidence},
        )
        audit.record(
            user,
            "manual_item.record",
            "ManualItem",
            item.pk,
            summary=f"{standard_id} {item_key} {region_code} {year}：{status}",
            before=before,
            after={"status": status, "value": value, "evidence": evidence},
            region_code=region_code,
        )
    return item


def _inputs(
    kind: str, region_code: str, year: int, census_version: int | None
) -> tuple[Assessment, CensusFrames, dict[str, ItemRecord], dict[str, Any]]:
    """The assessment, its census, the county's hand-recorded items and the run parameters they make."""
    if kind not in ASSESSMENTS:
        raise UsageError(f"没有评估 {kind!r}；可用：{'、'.join(ASSESSMENTS)}")
    assessment = ASSESSMENTS[kind]
    region = get_region(region_code)
    if region.level != "county":
        raise UsageError(
            f"{assessment.title}评估以县（市、区）为单位：{region_code} 是 {region.level} 级区划，请给县级代码"
        )
    frames = census_frames(region_code, year, census_version)
    manual = manual_records(assessment.standard.id, region_code, year)
    recorded = {k: [r.status, r.value, r.evidence] for k, r in sorted(manual.items())}
    # A kept run is reused only on the same census version and the same hand-recorded items.
    parameters = {"census_version": frames.version, "manual": fingerprint(recorded)}
    return assessment, frames, manual, parameters


def _compute(assessment: Assessment, frames: CensusFrames, region_code: str, year: int, manual: Any) -> dict[str, Any]:
    payload: dict[str, Any] = assessment.compute(frames, region_code, year, manual).as_dict()
    payload["census_version"] = frames.version
    return payload


def assess(
    kind: str, region_code: str, year: int, *, census_version: int | None = None
) -> tuple[dict[str, Any], AnalysisRun | None]:
    """What a report of one county shows, writing nothing: the latest kept run on the same census version and
    hand-recorded items, else the assessment computed now (``store.runs.fetch_or_compute``)."""
    assessment, frames, manual, parameters = _inputs(kind, region_code, year, census_version)
    return fetch_or_compute(
        kind,
        region_code,
        year,
        parameters,
        frames.version_id,
        lambda: _compute(assessment, frames, region_code, year, manual),
    )


def run_assessment(
    kind: str, region_code: str, year: int, *, census_version: int | None = None, user: UserLike = None
) -> tuple[dict[str, Any], AnalysisRun]:
    """Assess one county on the stored census (current version unless named) and keep the run (the command, the
    page's button)."""
    assessment, frames, manual, parameters = _inputs(kind, region_code, year, census_version)
    payload = _compute(assessment, frames, region_code, year, manual)
    run = do_record_run(
        kind,
        region_code,
        year,
        payload,
        parameters=parameters,
        census_version_id=frames.version_id,
        standard_id=assessment.standard.id,
        standard_version=assessment.standard.version,
        passed=payload.get("passed"),
        user=user,
    )
    payload["run_id"] = run.pk
    return payload, run
