"""教职工编制 (staffing) on the stored census: the assessment kept as a run, and the one reading a report takes.

Core does the arithmetic (core/staffing.py); the command keeps each run (``do_run_staffing``); the report reads the
latest kept run of the command's defaults (2014 norm, public schools) on the current census, else computes it and
keeps nothing (``store.runs.fetch_or_compute``).
"""

from __future__ import annotations

from typing import Any

from eduplan.core.staffing import StaffingResult, assess_staffing
from eduplan.store.census import CensusFrames, census_frames
from eduplan.store.forecasts import region_names
from eduplan.store.models import AnalysisRun
from eduplan.store.runs import UserLike, do_record_run, fetch_or_compute

KIND = "staffing"


def _assess(
    census: CensusFrames,
    region_code: str,
    year: int,
    version: str,
    include_private: bool,
    projection: Any = None,
) -> tuple[StaffingResult, dict[str, Any]]:
    result = assess_staffing(
        census.schools,
        census.stages,
        year=year,
        version=version,
        public_only=not include_private,
        projection=projection,
    )
    names = region_names({t.area_code for t in result.totals})
    payload = result.as_dict() | {"region_code": region_code, "names": names, "census_version": census.version}
    payload |= _with_leavers(payload, region_code, year)
    return result, payload


def _with_leavers(payload: dict[str, Any], region_code: str, year: int) -> dict[str, Any]:
    """When the year has a teacher roster, the projected need beside the staff left after retirements (public
    schools' teachers of the registry; docs/teachers.md)."""
    from eduplan.store.teachers import staffing_leavers, staffing_subject_leavers

    projected = payload.get("projected", [])
    leavers = staffing_leavers(region_code, year, payload.get("totals", []), projected)
    if leavers is None:
        return {}
    subjects = staffing_subject_leavers(region_code, year, projected, payload.get("projected_subjects", []))
    return {"projected_with_leavers": leavers, "projected_subjects_with_leavers": subjects or []}


def do_run_staffing(
    census: CensusFrames,
    region_code: str,
    year: int,
    *,
    version: str = "2014",
    include_private: bool = False,
    projection: Any = None,
    to_year: int | None = None,
    user: UserLike = None,
) -> tuple[StaffingResult, AnalysisRun]:
    """Assess staffing on the census frames and keep the run; ``run.result`` is the JSON the CLI prints."""
    result, payload = _assess(census, region_code, year, version, include_private, projection)
    run = do_record_run(
        KIND,
        region_code,
        year,
        payload,
        parameters={"standard": version, "include_private": include_private, "to": to_year},
        census_version_id=census.version_id,
        standard_id=result.standard_id,
        standard_version=result.standard_version,
        user=user,
    )
    return result, run


def staffing_for_report(region_code: str, year: int) -> tuple[dict[str, Any], AnalysisRun | None, dict[str, str]]:
    """(payload, the kept run it comes from or None, school names) of the region's staffing in ``year``."""
    census = census_frames(region_code, year)
    names = dict(zip(census.schools["school_code"].astype(str), census.schools["name"].astype(str), strict=True))
    parameters = {"standard": "2014", "include_private": False}
    payload, run = fetch_or_compute(
        KIND,
        region_code,
        year,
        parameters,
        census.version_id,
        lambda: _assess(census, region_code, year, "2014", False)[1],
    )
    return payload, run, names
