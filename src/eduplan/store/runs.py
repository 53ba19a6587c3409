"""Kept analysis runs (``AnalysisRun``): the one write, the one lookup and the one fetch-or-compute policy.

A run is kept when someone asks for it: a command (``eduplan assess …``, ``eduplan forecast …``) or a button on a page
(POST). Reading — a page, the API, a report download — never writes: it takes the latest kept run of the same
parameters on the same data version, else computes the result and keeps nothing (``fetch_or_compute``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from eduplan.store import audit
from eduplan.store.models import AnalysisRun
from eduplan.store.regions import get_region

UserLike = AbstractBaseUser | AnonymousUser | None


def fingerprint(value: Any) -> str:
    """A short stable digest of JSON-able data (e.g. the hand-recorded items a verdict depends on), for a run's
    parameters: two runs match only if what they were computed from matches."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def do_record_run(
    kind: str,
    region_code: str,
    year: int,
    result: dict[str, Any],
    *,
    parameters: dict[str, Any],
    census_version_id: int | None,
    standard_id: str = "",
    standard_version: str = "",
    passed: bool | None = None,
    user: UserLike = None,
) -> AnalysisRun:
    """Keep one run, with what it needs to be reproduced, and audit it (one transaction)."""
    with transaction.atomic():
        run = AnalysisRun.objects.create(
            kind=kind,
            region=get_region(region_code),
            year=year,
            standard_id=standard_id,
            standard_version=standard_version,
            census_version_id=census_version_id,
            parameters=parameters,
            result=result,
            passed=passed,
        )
        audit.record(
            user, f"run.{kind}", "AnalysisRun", run.pk, summary=f"{kind} {region_code} {year}", region_code=region_code
        )
    return run


def latest_run(
    kind: str, region_code: str, year: int, parameters: Mapping[str, Any], census_version_id: int | None
) -> AnalysisRun | None:
    """The latest kept run of ``kind`` for the region and year with exactly these parameters on this data version."""
    runs = AnalysisRun.objects.filter(kind=kind, region_id=region_code, year=year, census_version_id=census_version_id)
    for key, value in parameters.items():
        runs = runs.filter(**{f"parameters__{key}": value})
    return runs.order_by("-created_at", "-id").first()


def kept_runs(region_prefix: str, year: int, limit: int = 20) -> list[AnalysisRun]:
    """The latest runs kept for the regions under ``region_prefix`` in ``year`` (the assessments page lists them)."""
    runs = AnalysisRun.objects.filter(region__code__startswith=region_prefix, year=year)
    return list(runs.order_by("-created_at", "-id")[:limit])


def fetch_or_compute(
    kind: str,
    region_code: str,
    year: int,
    parameters: Mapping[str, Any],
    census_version_id: int | None,
    compute: Callable[[], dict[str, Any]],
) -> tuple[dict[str, Any], AnalysisRun | None]:
    """The one policy of every reader: the latest kept run of these parameters on this data version, else the result
    computed now and kept nowhere (the run is then None)."""
    run = latest_run(kind, region_code, year, parameters, census_version_id)
    if run is not None:
        return dict(run.result) | {"run_id": run.pk}, run
    return compute(), None
