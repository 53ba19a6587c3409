"""The demo's plans: the seed plan documents imported into the store, with made-up actuals and progress so that every
tracking status shows (seeding the store is the demo's job, not the store's: ``demo.seed`` calls this)."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

from django.db import transaction

from eduplan.core.plan_tracking import COUNT_UNITS
from eduplan.store.models import IndicatorActual, Plan, PlanTask, ProjectProgress, Region
from eduplan.store.models.plans import TASK_STATUSES
from eduplan.store.plans import do_import_plan, indicator_spec

# The seed plans and the region each belongs to (the gazette 000 holds two plans of 清城区).
DEMO_PLANS: tuple[tuple[str, str], ...] = (
    ("000_287a84df7b129c81.txt", "441802"),
    ("001_2a7c526d3bbe7c3e.txt", "441800"),
    ("002_84c94e432680b102.txt", "441800"),
    ("003_e74825d3866fe507.txt", "440103"),
    ("004_458e35a3c5bc5943.txt", "440114"),
)
PLAN_YEARS = (2021, 2022, 2023)  # the years of made-up actuals and progress
# How far along its planned line each demo indicator runs: ahead, on the line, behind, stalled.
_PACES = (1.15, 1.0, 0.7, 0.15)


def demo_seeds_dir() -> Path | None:
    """Where the seed plans are: $EDUPLAN_SEEDS, else the copy shipped in the package (eduplan/data/plans)."""
    from eduplan import settings

    configured = settings.SEEDS_DIR
    candidates = [Path(configured)] if configured else []
    candidates.append(Path(__file__).resolve().parents[1] / "data" / "plans")
    return next((c for c in candidates if c.is_dir()), None)


def _demo_actuals(plan: Plan, rng: random.Random) -> None:
    """Actuals of a freshly imported plan (it has none yet), written in one batch."""
    rows: list[IndicatorActual] = []
    # One measure, one actual a year: rows naming the same measure (a target for 2022 and one for 2025) share it.
    measured: dict[tuple[str, str, str], dict[int, float]] = {}
    for number, indicator in enumerate(plan.indicators.all()):
        measure = (indicator.name, indicator.unit, indicator.stage)
        if measure in measured:
            rows.extend(
                IndicatorActual(indicator=indicator, year=year, value=value, source="demo")
                for year, value in measured[measure].items()
            )
            continue
        measured[measure] = {}
        spec = indicator_spec(indicator, plan)
        if spec is None or (spec.baseline_value is None and indicator.kind == "table"):
            continue
        pace = _PACES[number % len(_PACES)] if indicator.kind == "table" else rng.choice(_PACES)
        level = spec.target_value if spec.target_value is not None else spec.baseline_value
        start = spec.baseline_value if spec.baseline_value is not None else (0.0 if spec.unit in COUNT_UNITS else None)
        if level is None or start is None:
            continue
        span = max(spec.target_year - spec.baseline_year, 1)
        for year in PLAN_YEARS:
            share = min(max((year - spec.baseline_year) / span, 0.0), 1.0)
            value = start + (level - start) * share * pace if level != start else level * (0.97 + 0.03 * pace)
            # Schools, teachers and projects come in whole numbers (a 万 unit may still carry decimals).
            whole = spec.unit in COUNT_UNITS and not spec.unit.startswith("万")
            value = min(value, 100.0) if spec.capped else value  # a share never passes 100 %
            measured[measure][year] = round(value, 0 if whole else 2)
            rows.append(IndicatorActual(indicator=indicator, year=year, value=measured[measure][year], source="demo"))
    IndicatorActual.objects.bulk_create(rows)


def _demo_progress(plan: Plan, rng: random.Random) -> None:
    rows: list[ProjectProgress] = []
    for project in plan.projects.all():
        late = rng.random() < 0.25
        spent = 0.0
        for year in PLAN_YEARS:
            start = (project.start_year or 2022) + (1 if late else 0)
            finish = (project.finish_year or 2025) + (1 if late else 0)
            status = "竣工" if year >= finish else "在建" if year >= start else "未开工"
            if late and project.finish_year is not None and year > project.finish_year and status != "竣工":
                status = "延期"
            seats = int(sum(project.seats.values())) if year == finish else 0
            if project.investment and status in ("在建", "竣工", "延期"):
                spent = min(project.investment, spent + project.investment / max(finish - start + 1, 1))
            rows.append(
                ProjectProgress(
                    project=project,
                    year=year,
                    status=status,
                    seats_delivered=seats,
                    investment_spent=round(spent, 1),
                )
            )
    ProjectProgress.objects.bulk_create(rows)


def do_load_demo_plans(seeds: Path | None = None, seed: int = 42) -> int:
    """Load the five seed documents as plans of their regions, with 2021–2023 actuals and progress.

    Idempotent: a seed file already imported (same sha256) is skipped, and so is a seed whose region the
    store lacks. Returns how many plans exist from the seeds afterwards; 0 when the seeds are not there.
    """
    from eduplan.ingest.plans import parse_plan_file

    folder = seeds or demo_seeds_dir()
    if folder is None:
        return 0
    rng = random.Random(seed)
    count = 0
    for name, region_code in DEMO_PLANS:
        path = folder / name
        if not path.exists():
            continue
        data = path.read_bytes()
        existing = Plan.objects.filter(source_sha256=hashlib.sha256(data).hexdigest())
        if existing.exists():
            count += existing.count()
            continue
        if not Region.objects.filter(code=region_code).exists():
            continue  # a demo store without that region (e.g. one city only) has no place for the plan
        with transaction.atomic():
            plans = do_import_plan(parse_plan_file(path), region_code, file_bytes=data)
            for plan in plans:
                _demo_actuals(plan, rng)
                _demo_progress(plan, rng)
                tasks = list(plan.tasks.all())
                for number, task in enumerate(tasks):
                    task.status = TASK_STATUSES[number % len(TASK_STATUSES)]
                PlanTask.objects.bulk_update(tasks, ["status"])
        count += len(plans)
    return count
