"""Value-added runs on the stored scores: what the CLI, the pages and the report all call.

The fit is core's (``core.value_added_data``); this module picks the students (the schools of a region on that
year's registry), names the schools, and keeps a run (``AnalysisRun`` kind ``value_added``) with the parameters and
the scores snapshot it read, so a report can say which data its numbers come from.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from eduplan.core.value_added import InsufficientData
from eduplan.core.value_added_data import Selection, available_fits, evaluate_value_added
from eduplan.core.value_added_track import TrackPoint, school_track
from eduplan.errors import NotFound, UsageError
from eduplan.ingest.scores import normalise_grade
from eduplan.store.models import AnalysisRun
from eduplan.store.regions import get_region
from eduplan.store.registry import registry_frame, versions_in_year
from eduplan.store.runs import UserLike, do_record_run, fetch_or_compute

KIND = "value_added"


@dataclass(frozen=True)
class Wanted:
    """One fit as a person asks for it: a region, school year, grade (any spelling) and subject; exams if several."""

    region_code: str
    year: int
    grade: str
    subject: str
    exam: str | None = None
    prior_exam: str | None = None


def _scores() -> Any:
    from eduplan.engine import connect
    from eduplan.store.score_files import score_table

    return score_table(connect())


def evaluate(wanted: Wanted) -> dict[str, Any]:
    """The fit of the region's schools (``ValueAddedRun.as_dict()`` with each school's name); nothing is kept."""
    grade = normalise_grade(wanted.grade)
    if grade is None:
        raise UsageError(f"年级 {wanted.grade!r} 无法识别：应为 1–12，或 七年级、初一、高二")
    region = get_region(wanted.region_code)
    registry = registry_frame(wanted.year, region.subtree_prefix())
    names = dict(zip(registry["school_code"], registry["name"], strict=True))
    if not names:
        raise UsageError(f"{region.name}（{region.code}）在 {wanted.year} 学年的学校名录中没有学校")
    chosen = Selection(wanted.year, grade, wanted.subject, wanted.exam, wanted.prior_exam, schools=set(names))
    result = evaluate_value_added(_scores(), chosen, region_code=region.code).as_dict()
    result["region_name"] = region.name
    for school in result["schools"]:
        school["name"] = names.get(school["school_code"], "")
    return result


def _parameters(result: dict[str, Any]) -> dict[str, Any]:
    from eduplan.store.score_files import current_snapshot

    keys = ("grade", "subject", "exam", "prior_exam")
    return {k: result[k] for k in keys} | {"scores_snapshot": current_snapshot()}


def do_run_value_added(wanted: Wanted, user: UserLike = None) -> tuple[dict[str, Any], AnalysisRun]:
    """Fit and keep the run (audited); the result carries the run's id."""
    result = evaluate(wanted)
    parameters = _parameters(result)
    run = do_record_run(
        KIND, wanted.region_code, wanted.year, result, parameters=parameters, census_version_id=None, user=user
    )
    result["run_id"] = run.pk
    return result, run


def value_added_for_report(wanted: Wanted) -> tuple[dict[str, Any], AnalysisRun | None]:
    """The latest kept run of these parameters on the current scores, else the fit made now and kept nowhere: what a
    report prints (``store.runs.fetch_or_compute``). The result names the scores snapshot it was fitted on."""
    from eduplan.store.score_files import current_snapshot

    parameters: dict[str, Any] = {
        "grade": normalise_grade(wanted.grade) or wanted.grade,
        "subject": wanted.subject,
        "scores_snapshot": current_snapshot(),
    }
    parameters.update({k: v for k, v in (("exam", wanted.exam), ("prior_exam", wanted.prior_exam)) if v is not None})
    result, run = fetch_or_compute(KIND, wanted.region_code, wanted.year, parameters, None, lambda: evaluate(wanted))
    return result | {"scores_snapshot": parameters["scores_snapshot"]}, run


def fits_available(schools: list[str]) -> pd.DataFrame:
    """school_year, grade, subject of the stored scores of these schools (empty before any import)."""
    from eduplan.errors import IngestError

    try:
        scores = _scores()
    except IngestError:  # nothing imported yet
        return pd.DataFrame(columns=["school_year", "grade", "subject"])
    return available_fits(scores, schools)


@dataclass(frozen=True)
class SchoolTrack:
    school_code: str
    grade: str
    subject: str
    points: list[TrackPoint]
    skipped: list[str]  # years that could not be fitted, with the reason


def school_value_added_track(school_code: str, grade: str, subject: str) -> SchoolTrack:
    """The school's value-added in every school year with scores for the grade and subject: each year's fit is
    of the county the school belonged to that year (its schools on that year's registry)."""
    found = fits_available([school_code])
    years = sorted(int(y) for y in found[(found["grade"] == grade) & (found["subject"] == subject)]["school_year"])
    runs: list[dict[str, Any]] = []
    skipped: list[str] = []
    for year in years:
        version = versions_in_year(year).filter(school_id=school_code).first()
        if version is None:
            continue
        try:
            runs.append(evaluate(Wanted(version.county_code, year, grade, subject)))
        except (InsufficientData, NotFound, UsageError) as exc:
            skipped.append(f"{year} 学年：{exc}")
    return SchoolTrack(school_code, grade, subject, school_track(runs, school_code), skipped)
