"""The demo's domain data written through the store's ``do_*`` functions (the generators beside this module are pure).

Moved here from the store so that the store never imports the demo (tests/test_floors.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from django.contrib.auth.models import User
from django.db import transaction

from eduplan.core import fitness as cf
from eduplan.core.quality import assess_quality
from eduplan.ingest.fitness import FitnessFile
from eduplan.ingest.quality import MonitoringFile
from eduplan.ingest.teachers import TeacherWorkbook
from eduplan.store.attendance import NewCase, do_add_step, do_report_case
from eduplan.store.fitness import do_import_fitness
from eduplan.store.models import Region
from eduplan.store.models.supervision import Inspector, Rectification
from eduplan.store.quality import do_import_monitoring, do_mark_benchmarks
from eduplan.store.regions import get_region
from eduplan.store.registry import registry_frame
from eduplan.store.supervision import (
    Due,
    Finding,
    Upload,
    VisitInput,
    do_add_inspector,
    do_assign_school,
    do_create_plan,
    do_recheck,
    do_record_action,
    do_record_visit,
    do_submit_report,
    plan_schools_of,
)
from eduplan.store.teachers import DEMO_COUNTY, demo_schools, do_import_teachers


def do_load_demo_cases(county: str, year: int, today: date, seed: int = 20201) -> int:
    """The demo's 控辍保学 cases (``demo.attendance``), each reported and stepped through the ``do_*`` writes."""
    from eduplan.demo.attendance import demo_cases

    stored = 0
    for demo in demo_cases(registry_frame(year, county), county, today, seed):
        (_, reported), *later = demo.steps
        case = do_report_case(
            NewCase(
                demo.school_code,
                demo.student_id,
                demo.name,
                demo.birth_year,
                demo.grade,
                demo.kind,
                demo.reason,
                demo.responsible,
                demo.absent_since,
                reported,
                demo.groups,
            )
        )
        for step, on in later:
            do_add_step(case, step, on)
        stored += 1
    return stored


def do_load_demo_fitness(census: Mapping[int, Any], seed: int, clerk_school: str = "") -> int:
    """Demo results (``demo.fitness``) for a subset of 清城区's schools in 2020–2023, each school and year stored as
    an upload of source ``demo``; then the seed plans' fitness indicators of that county are bound and their actuals
    computed. Returns the number of students stored."""
    from eduplan.demo.fitness import (
        DEMO_FITNESS_COUNTY,
        DEMO_FITNESS_YEARS,
        demo_counts,
        demo_schools,
        generate_students,
    )
    from eduplan.ingest.fitness import SHEET
    from eduplan.store.models import Plan
    from eduplan.store.plans import do_bind_metric, do_compute_actuals, suggested_metrics

    stored = 0
    for year in [y for y in DEMO_FITNESS_YEARS if y in census]:
        schools = demo_schools(census[year].schools, clerk_school)
        frame = generate_students(demo_counts(census[year].grades, schools), year, seed)
        for school, rows in frame.groupby("school_code"):
            checked = FitnessFile(frame=rows.reset_index(drop=True), warnings=(), sheet=SHEET, letters={})
            do_import_fitness(checked, year=year, school_code=str(school), file=f"demo-fitness-{seed}", source="demo")
            stored += len(rows)
    for plan in Plan.objects.filter(region_id=DEMO_FITNESS_COUNTY):
        fitness_keys = {i: k for i, k in suggested_metrics(plan).items() if k in cf.PLAN_METRICS}
        for indicator_id, key in fitness_keys.items():
            do_bind_metric(indicator_id, key)
        if fitness_keys:
            do_compute_actuals(plan.pk, years=[y for y in DEMO_FITNESS_YEARS if y in census])
    return stored


def do_load_demo_quality(county: str, year: int) -> int:
    """The demo bureau's marks and the county's monitoring figures (``demo.quality``); returns the marks."""
    from eduplan.demo.quality import REPUTATION_EXAMS, benchmark_schools, monitoring_rows
    from eduplan.engine import connect
    from eduplan.store.score_files import score_table

    region = get_region(county)
    schools = registry_frame(year - 1, region.subtree_prefix()).assign(benchmark=False)
    marked: list[str] = []
    for grade, subject in REPUTATION_EXAMS:
        last_year = assess_quality(
            score_table(connect()), schools, region_code=county, year=year - 1, grade=grade, subject=subject
        )
        rows = [(s.attainment.code, s.attainment.mean) for s in last_year.schools]
        marked += benchmark_schools(pd.DataFrame(rows, columns=["school_code", "mean"]), schools)
    count = do_mark_benchmarks(county, year, sorted(set(marked)))
    do_import_monitoring(county, MonitoringFile(monitoring_rows(county, year), "监测结果"), "demo-monitoring.xlsx")
    return count


def do_load_demo_supervision(region: Region, first: str = "", today: dt.date | None = None) -> dict[str, int]:
    """Play the demo term (``eduplan.demo.supervision``) for the county's 中小学 through the ``do_*`` writes above;
    ``first`` (the demo clerk's school) leads the list, so it is in the demo inspector's 责任区 with findings."""
    from eduplan.demo import supervision as demo

    day = today or dt.date.today()
    schools = plan_schools_of(region.subtree_prefix(), demo.TERM[1])
    if first in schools:
        schools = [first, *(c for c in schools if c != first)]
    script = demo.demo_supervision(schools, day)
    with transaction.atomic():
        inspectors: dict[str, Inspector] = {}
        for ins in script.inspectors:
            user = User.objects.filter(username=ins.username).first() if ins.username else None
            inspectors[ins.name] = do_add_inspector(None, ins.name, ins.kind, region, user)
            for code in ins.schools:
                do_assign_school(None, inspectors[ins.name], code, demo.TERM[1])
        for p in script.plans:
            dues = [Due(*d) for d in p.dues]
            do_create_plan(None, region, p.name, p.start, p.end, p.required, dues)
        rects: dict[str, Rectification] = {}
        for v in script.visits:
            findings = tuple(
                Finding(f.text, f.severity, f.responsible, f.deadline, f.item_key, f.requirement) for f in v.findings
            )
            photos = (Upload(f"现场照片_{v.school_code}.png", v.photo),) if v.photo else ()
            visit_input = VisitInput(v.school_code, v.date, v.kind, v.checklist, v.results, findings, "",
                                     (inspectors[v.inspector],), photos)  # fmt: skip
            visit, _ = do_record_visit(None, visit_input, day)
            for f, rect in zip(v.findings, visit.rectifications.order_by("id"), strict=True):
                rects[f.key] = rect
        for step in script.steps:
            if isinstance(step, demo.DemoReply):
                rect = rects[step.finding]
                photos = (Upload("整改后照片.png", step.photo),) if step.photo else ()
                do_submit_report(None, rect, rect.school_code, step.text, photos, step.day)
            elif isinstance(step, demo.DemoRecheck):
                do_recheck(None, rects[step.finding], step.closed, step.reason, step.day)
            else:
                linked = rects[step.finding] if step.finding else None
                do_record_action(None, step.school_code, step.kind, step.day, step.who, step.document, "", linked, day)
    return {"inspectors": len(inspectors), "visits": len(script.visits), "rectifications": len(rects)}


def do_load_demo_teachers(year: int, seed: int, region_code: str = DEMO_COUNTY) -> int:
    """The demo roster of one county's first towns' public 小学/初中 (``demo.teachers``, ``demo_schools``): two
    roster versions (``year − 1`` and ``year``) stored through ``do_import_teachers`` (source ``demo``, audited).
    Returns the number of teachers of ``year``."""
    from eduplan import contract as c
    from eduplan.demo.teachers import generate_teachers
    from eduplan.store.census import census_frames

    frames = census_frames(region_code, year)
    codes = set(demo_schools(frames))
    stages = frames.stages[frames.stages["school_code"].isin(codes) & frames.stages["stage"].isin(c.COMPULSORY_STAGES)]
    demo = generate_teachers(frames.schools[frames.schools["school_code"].isin(codes)], stages, year, seed)
    for y in sorted(demo.rosters):
        roster = demo.rosters[y].assign(row=range(2, len(demo.rosters[y]) + 2))
        book = TeacherWorkbook(y, roster, demo.transfers[y], demo.training[y])
        name = Path(f"demo-teachers-{seed}-{region_code}-{y}")
        do_import_teachers(name, y, source="demo", checked=book, file_bytes=name.name.encode())
    return len(demo.rosters[year])


def do_load_demo_collection(county: str, year: int, seed: int, clerk_school: str = "") -> dict[str, int]:
    """The demo county's collection of ``year`` (eduplan.demo.collection): each reporting school's live rows as its
    submission, checked like a clerk's (core.collection), in the planned state; approved ones point at the live
    version, which already holds their rows (no version is built). A school whose rows the checks stop stays a draft.
    Bulk writes with one audit entry per submission, as the demo's (user None)."""
    from django.utils import timezone

    from eduplan.core.collection import blocking, check_school
    from eduplan.demo.collection import RETURN_REASON, WARNING_REASON, demo_collection
    from eduplan.store import audit
    from eduplan.store.collection import EDITABLE_SHEETS
    from eduplan.store.models import CensusVersion
    from eduplan.store.models.census import ROW_MODELS
    from eduplan.store.models.collection import APPROVED, DRAFT, RETURNED, SUBMITTED, CensusSubmission

    schools = registry_frame(year, county)
    region_of = dict(zip(schools["school_code"], schools["region_code"], strict=True))
    plan = demo_collection(list(region_of), seed, clerk_school)
    states = {c: APPROVED for c in plan.approved} | {c: SUBMITTED for c in plan.submitted}
    states |= {c: RETURNED for c in plan.returned} | {c: DRAFT for c in plan.drafts}
    versions = {v.year: v for v in CensusVersion.objects.filter(year__in=(year - 1, year), is_current=True)}
    live = versions.get(year)

    def rows(y: int) -> dict[str, dict[str, list[dict[str, Any]]]]:
        out: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for sheet in EDITABLE_SHEETS:
            qs = ROW_MODELS[sheet.name]._default_manager.filter(version=versions.get(y), school_code__in=list(states))
            for r in qs.order_by("row", "id").values(*sheet.keys):
                out.setdefault(r["school_code"], {s.name: [] for s in EDITABLE_SHEETS})[sheet.name].append(dict(r))
        return out

    now, this, last = timezone.now(), rows(year), rows(year - 1)
    made: list[CensusSubmission] = []
    for code, state in sorted(states.items()):
        data = this.get(code, {s.name: [] for s in EDITABLE_SHEETS})
        before = last.get(code, {})
        stages, grades = (s.name for s in EDITABLE_SHEETS)  # 学段, 年级
        found = check_school(data[stages], data[grades], before.get(stages, []), before.get(grades, []))
        reasons = {f.field: WARNING_REASON for f in found if f.level == "warning"}
        if blocking(found, reasons):
            state = DRAFT  # the checks stop it: the school cannot have reported these rows
        made.append(
            CensusSubmission(
                year=year, school_code=code, region_code=region_of[code], status=state, data=data, reasons=reasons,
                findings=[f.as_dict() for f in found], base_version=live, live_version=live if state == APPROVED else None,
                return_reason=RETURN_REASON if state == RETURNED else "", submitted_at=None if state == DRAFT else now,
                reviewed_at=now if state in (APPROVED, RETURNED) else None,
            )
        )  # fmt: skip
    with transaction.atomic():
        CensusSubmission.objects.bulk_create(made)
        for s in made:
            if s.status != DRAFT:
                action = {APPROVED: "collection.approve", RETURNED: "collection.return"}.get(
                    s.status, "collection.submit"
                )
                audit.record(None, action, "School", s.school_code, summary=f"{year}学年普查数据（演示）",
                             after={"status": s.status}, region_code=s.region_code)  # fmt: skip
    counts = {state: 0 for state in (APPROVED, SUBMITTED, RETURNED, DRAFT)}
    for s in made:
        counts[s.status] += 1
    return counts
