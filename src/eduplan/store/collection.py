"""The yearly collection: a school's census rows from the clerk's draft to an approved census version.

- ``do_save_draft``: the clerk's form, checked (core.collection) and kept as the school's draft — no census version is
  built, so a save is a few small queries.
- ``do_submit`` (上报): refused while an error stands or a warning has no reason.
- ``do_review`` (审核): the county office approves — the school's rows replace its rows of the year's current version
  as a new current version (``do_load_census``; other schools' rows are copied unchanged) — or returns with a reason.
- ``do_restore_county``: one county's rows of an earlier version become current again, the other counties' rows
  staying as they are, so the restore needs rights over that county only.
- ``completeness``: per town, how many schools have submitted, been approved, returned, or not reported.
Every write is one transaction with its audit entry (docs/collection.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from eduplan.contract import GRADES_SHEET, POPULATION_SHEET, SCHOOLS, SHEETS, STAGES_SHEET, Sheet
from eduplan.core.collection import Finding, blocking, check_school, field_name, measures, parse_cell
from eduplan.errors import UsageError
from eduplan.store import audit
from eduplan.store.census import get_version
from eduplan.store.census_derive import Keep, do_derive_census
from eduplan.store.models import CensusSchool, CensusVersion, Region, SchoolVersion
from eduplan.store.models.census import ROW_MODELS
from eduplan.store.models.collection import APPROVED, DRAFT, RETURNED, STATUSES, SUBMITTED, CensusSubmission
from eduplan.store.registry import registry_frame
from eduplan.store.runs import UserLike

EDITABLE_SHEETS = (STAGES_SHEET, GRADES_SHEET)
MISSING = "missing"  # no submission, or only a draft: the school has not reported


class SubmissionRefused(UsageError):
    """A submission that the checks stop: the findings that block it, each on its field."""

    def __init__(self, findings: list[Finding]) -> None:
        errors = sum(1 for f in findings if f.level == "error")
        warnings = len(findings) - errors
        parts = [f"{errors} 处错误" if errors else "", f"{warnings} 处提醒未填写原因" if warnings else ""]
        super().__init__("未上报：" + "，".join(p for p in parts if p) + "。请按各栏下的提示修改后再上报")
        self.findings = findings


def _rows(version: CensusVersion | None, sheet: Sheet, code: str) -> list[dict[str, Any]]:
    if version is None:
        return []
    model = ROW_MODELS[sheet.name]
    qs = model._default_manager.filter(version=version, school_code=code).order_by("row", "id")
    return [dict(r) for r in qs.values(*sheet.keys)]


def _current(year: int) -> CensusVersion | None:
    return CensusVersion.objects.filter(year=year, is_current=True).first()


def collection_years() -> list[int]:
    """The years a school may enter: the latest year with a census and the one after it (the first year if none)."""
    latest = CensusVersion.objects.order_by("-year").values_list("year", flat=True).first()
    if latest is None:
        return [timezone.now().year if timezone.now().month >= 9 else timezone.now().year - 1]
    return [latest, latest + 1]


def submission_of(school_code: str, year: int) -> CensusSubmission | None:
    return CensusSubmission.objects.filter(year=year, school_code=school_code).first()


def live_rows(school_code: str, year: int) -> dict[str, list[dict[str, Any]]]:
    """The school's 学段 and 年级 rows in the year's current version (empty lists when there are none)."""
    version = _current(year)
    return {sheet.name: _rows(version, sheet, school_code) for sheet in EDITABLE_SHEETS}


def form_rows(school_code: str, year: int) -> dict[str, list[dict[str, Any]]]:
    """What the clerk's form starts from: his draft, else the live rows, else last year's rows with blank values."""
    submission = submission_of(school_code, year)
    if submission is not None:
        return {sheet.name: list(submission.data.get(sheet.name, [])) for sheet in EDITABLE_SHEETS}
    live = live_rows(school_code, year)
    if any(live.values()):
        return live
    last = live_rows(school_code, year - 1)
    return {
        sheet.name: [{k: (None if k in measures(sheet) else v) for k, v in r.items()} for r in last[sheet.name]]
        for sheet in EDITABLE_SHEETS
    }


def check(school_code: str, year: int, data: dict[str, list[dict[str, Any]]]) -> list[Finding]:
    last = live_rows(school_code, year - 1)
    return check_school(
        data.get(STAGES_SHEET.name, []),
        data.get(GRADES_SHEET.name, []),
        last[STAGES_SHEET.name],
        last[GRADES_SHEET.name],
    )


def _apply(
    data: dict[str, list[dict[str, Any]]], posted: dict[str, str]
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, Any], dict[str, Any]]:
    """The rows with the posted cells in them, and each changed cell before and after."""
    out: dict[str, list[dict[str, Any]]] = {}
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for sheet in EDITABLE_SHEETS:
        rows = []
        for row in data.get(sheet.name, []):
            row = dict(row)
            for column in measures(sheet):
                name = field_name(sheet, row, column)
                if name not in posted:
                    continue
                new = parse_cell(posted[name], sheet.column(column).type)
                if new != row.get(column):
                    before[name], after[name] = row.get(column), new
                    row[column] = new
            rows.append(row)
        out[sheet.name] = rows
    return out, before, after


def _reasons(posted: dict[str, str], previous: dict[str, str]) -> dict[str, str]:
    reasons = dict(previous)
    for key, value in posted.items():
        if key.startswith("reason|"):
            name = key.removeprefix("reason|")
            if value.strip():
                reasons[name] = value.strip()[:300]
            else:
                reasons.pop(name, None)
    return reasons


def do_save_draft(user: UserLike, school: SchoolVersion, year: int, posted: dict[str, str]) -> CensusSubmission:
    """Keep the posted cells and reasons as the school's draft of ``year``, with the check's findings.

    A submission awaiting review cannot be changed (the office returns it first); an approved or returned one becomes
    a draft again. Audited with each changed cell before and after."""
    try:
        return _save_draft(user, school, year, posted)
    except IntegrityError:  # two first saves at once: the other inserted the row; this save goes over it
        return _save_draft(user, school, year, posted)


def _save_draft(user: UserLike, school: SchoolVersion, year: int, posted: dict[str, str]) -> CensusSubmission:
    with transaction.atomic():
        submission = (
            CensusSubmission.objects.select_for_update().filter(year=year, school_code=school.school_id).first()
        )
        if submission is not None and submission.status == SUBMITTED:
            raise UsageError("本校数据已上报，正在等待区县审核，不能修改；如需修改，请联系区县教育局退回")
        start = form_rows(school.school_id, year)
        data, before, after = _apply(start, posted)
        reasons = _reasons(posted, submission.reasons if submission else {})
        findings = check(school.school_id, year, data)
        if submission is None:
            submission = CensusSubmission(year=year, school_code=school.school_id, base_version=_current(year))
        submission.region_code = school.region_id
        submission.status = DRAFT
        submission.data, submission.reasons = data, reasons
        submission.findings = [f.as_dict() for f in findings]
        submission.updated_by = user if isinstance(user, User) else None
        submission.save()
        audit.record(
            user,
            "collection.save",
            "School",
            school.school_id,
            summary=f"{school.name} {year}学年普查数据保存为草稿（{len(after)} 处修改）",
            before=before or None,
            after=after or None,
            region_code=school.region_id,
        )
    return submission


def findings_of(submission: CensusSubmission) -> list[Finding]:
    return [Finding(**f) for f in submission.findings]


def do_submit(user: UserLike, submission: CensusSubmission) -> CensusSubmission:
    """上报: the draft, checked again, goes to the county office; refused while an error or unexplained warning stands."""
    with transaction.atomic():
        submission = CensusSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status not in (DRAFT, RETURNED):
            raise UsageError(f"本校数据{STATUSES[submission.status]}，不能再次上报")
        findings = check(submission.school_code, submission.year, submission.data)
        submission.findings = [f.as_dict() for f in findings]
        stopping = blocking(findings, submission.reasons)
        if stopping:
            submission.save(update_fields=["findings"])
            raise SubmissionRefused(stopping)
        submission.status, submission.submitted_at = SUBMITTED, timezone.now()
        submission.return_reason = ""
        submission.save()
        confirmed = {f.field: submission.reasons[f.field] for f in findings if f.level == "warning"}
        audit.record(
            user,
            "collection.submit",
            "School",
            submission.school_code,
            summary=f"{_name(submission)} {submission.year}学年普查数据上报",
            after={"reasons": confirmed} if confirmed else None,
            region_code=submission.region_code,
        )
    return submission


def _name(submission: CensusSubmission) -> str:
    found = (
        SchoolVersion.objects.filter(school_id=submission.school_code).order_by("-valid_from").values("name").first()
    )
    return found["name"] if found else submission.school_code


def do_review(user: UserLike, submission: CensusSubmission, approve: bool, reason: str = "") -> CensusSubmission:
    """审核: approve (the rows become the year's new current version) or return to the school with a reason."""
    reason = reason.strip()
    if not approve and not reason:
        raise UsageError("退回时请填写退回原因，学校据此修改")
    with transaction.atomic():
        submission = CensusSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != SUBMITTED:
            raise UsageError(f"这份数据{STATUSES[submission.status]}，不在待审核状态")
        name = _name(submission)
        if approve:
            version = _publish(user, submission, name)
            submission.status, submission.live_version = APPROVED, version
            summary = f"{name} {submission.year}学年普查数据审核通过（第{version.number}版）"
        else:
            submission.status, submission.return_reason = RETURNED, reason[:500]
            summary = f"{name} {submission.year}学年普查数据退回：{reason}"
        submission.reviewed_by = user if isinstance(user, User) else None
        submission.reviewed_at = timezone.now()
        submission.save()
        audit.record(
            user,
            "collection.approve" if approve else "collection.return",
            "School",
            submission.school_code,
            summary=summary,
            after={"status": submission.status, "reason": reason} if reason else {"status": submission.status},
            region_code=submission.region_code,
        )
    return submission


def _publish(user: UserLike, submission: CensusSubmission, name: str) -> CensusVersion:
    """The year's current rows with this school's 学段 and 年级 rows replaced, stored as the new current version."""
    year, code = submission.year, submission.school_code
    current = CensusVersion.objects.select_for_update().filter(year=year, is_current=True).first()
    keep: list[Keep] = []
    new_rows = {s.name: [{**r, "school_code": code} for r in submission.data.get(s.name, [])] for s in EDITABLE_SHEETS}
    if current is not None:
        keep = [Keep(current, s.name, Q()) for s in SHEETS if s not in EDITABLE_SHEETS]
        keep += [Keep(current, s.name, ~Q(school_code=code)) for s in EDITABLE_SHEETS]
    if current is None or not CensusSchool.objects.filter(version=current, school_code=code).exists():
        registry = registry_frame(year)  # a year without this school yet: its registry row
        new_rows[SCHOOLS.name] = registry[registry["school_code"] == code].to_dict("records")
    filename = f"{year}学年 {name} 审核通过"
    return do_derive_census(year, keep, new_rows, user=user, filename=filename, source="collection")


def do_restore_county(user: UserLike, year: int, county: Region, number: int) -> CensusVersion:
    """Make one county's rows of version ``number`` current again; every other county's rows stay as they are.

    The new current version holds the current version's rows outside the county and version ``number``'s rows inside
    it (schools placed in the county by either version or by the registry, and the county's population rows)."""
    if county.level != "county":
        raise UsageError(f"{county.name}（{county.code}）不是县区：按县区恢复普查数据")
    prefix = county.subtree_prefix()
    with transaction.atomic():
        target = get_version(year, number)
        current = CensusVersion.objects.select_for_update().filter(year=year, is_current=True).first()
        if current is None:
            raise UsageError(f"{year}学年没有当前版本的普查数据")
        codes = set(registry_frame(year, prefix)["school_code"]) | set(
            CensusSchool.objects.filter(version__in=(current, target), region_code__startswith=prefix).values_list(
                "school_code", flat=True
            )
        )
        mine = {s.name: Q(school_code__in=codes) for s in SHEETS if s is not POPULATION_SHEET}
        mine[POPULATION_SHEET.name] = Q(region_code__startswith=prefix)
        keep = [Keep(current, sheet, ~where) for sheet, where in mine.items()]
        keep += [Keep(target, sheet, where) for sheet, where in mine.items()]
        filename = f"{year}学年 {county.name} 恢复为第{number}版"
        version = do_derive_census(year, keep, {}, user=user, filename=filename, source="county")
        audit.record(
            user,
            "census.restore_county",
            "CensusVersion",
            version.pk,
            summary=f"{year}学年 {county.name} 的普查数据恢复为第{number}版（新的第{version.number}版）",
            before={"current_version": current.number},
            after={"current_version": version.number, "restored_from": number, "county": county.code},
            region_code=county.code,
        )
    return version


@dataclass
class Tally:
    """How many schools of a region are in each state of the year's collection."""

    code: str
    name: str
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {SUBMITTED: 0, APPROVED: 0, RETURNED: 0, MISSING: 0})


@dataclass
class Completeness:
    year: int
    total: Tally
    towns: list[Tally]
    chase: list[tuple[SchoolVersion, str, str]]  # school, state (returned | missing), the return reason
    pending: list[tuple[SchoolVersion, CensusSubmission]]  # awaiting review


def state_of(submission: CensusSubmission | None) -> str:
    return MISSING if submission is None or submission.status == DRAFT else submission.status


def completeness(year: int, schools: QuerySet[SchoolVersion], region: Region) -> Completeness:
    """The collection of ``year`` over the given registry versions (the caller's scope), per town of ``region``."""
    versions = list(schools.select_related("region").order_by("region_id", "school_id"))
    submissions = {
        s.school_code: s
        for s in CensusSubmission.objects.filter(year=year, school_code__in=[v.school_id for v in versions])
    }
    names = dict(Region.objects.filter(code__startswith=region.subtree_prefix()).values_list("code", "name"))
    total = Tally(region.code, region.name)
    towns: dict[str, Tally] = {}
    chase: list[tuple[SchoolVersion, str, str]] = []
    pending: list[tuple[SchoolVersion, CensusSubmission]] = []
    for version in versions:
        submission = submissions.get(version.school_id)
        state = state_of(submission)
        part = _child_code(region, version.region_id)
        town = towns.setdefault(part, Tally(part, names.get(part, part)))
        for tally in (total, town):
            tally.total += 1
            tally.counts[state] += 1
        if state in (MISSING, RETURNED):
            chase.append((version, state, submission.return_reason if submission else ""))
        elif state == SUBMITTED and submission is not None:
            pending.append((version, submission))
    return Completeness(year, total, [towns[k] for k in sorted(towns)], chase, pending)


def _child_code(region: Region, code: str) -> str:
    """The child of ``region`` a school's region code lies in: the town of a county, the county of a city, the city
    of a province (a school placed on the region itself counts under the region's own code)."""
    length = {"province": 4, "city": 6, "county": 9}.get(region.level)
    if length is None or len(code) < length:
        return code
    return code[:length].ljust(6, "0")
