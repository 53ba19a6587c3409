"""The teacher registry in the store: versioned, atomic, audited imports; edits; the tables core reads.

``do_import_teachers`` checks a roster workbook (``ingest.teachers``), then in one transaction makes a new current
``RosterVersion`` of the school year: the workbook's schools get the workbook's teachers, transfers and training
hours; every other school keeps what the previous current version held. The periods (``TeacherPeriod``) are then
rebuilt from the current versions of all years, and the audit entry is written — all or nothing. The uploaded
file is not kept (it holds 身份证号 in clear); its SHA-256 is.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from eduplan.contract import county_of
from eduplan.core import teachers as core
from eduplan.errors import NotFound, UsageError
from eduplan.ingest.pseudonyms import pseudonym_key
from eduplan.ingest.teachers import TeacherWorkbook, read_teachers
from eduplan.standards.teachers import BACKBONE_LEVELS, EDUCATION_LEVELS, ESTABLISHMENTS, TITLES
from eduplan.store import audit
from eduplan.store.models import (
    RosterVersion,
    Teacher,
    TeacherPeriod,
    TeacherRecord,
    TeacherTransfer,
    TitleRatio,
    TrainingRecord,
)
from eduplan.store.regions import region_prefix
from eduplan.store.registry import registry_frame

UserLike = AbstractBaseUser | AnonymousUser | None
TITLE_SHARES = ("senior_share", "mid_share", "senior_within", "mid_within")  # suppressed with the counts
BATCH = 2000
RECORD_FIELDS = (
    "school_code",
    "stage",
    "since",
    "post_kind",
    "education",
    "first_education",
    "title",
    "post_level",
    "establishment",
    "subjects",
    "backbone_level",
    "backbone_since",
    "head_teacher",
    "certificate",
)
# What the personnel page may edit in place (a change of school is a transfer: it comes with the next import).
EDITABLE: dict[str, tuple[str, ...]] = {
    "education": EDUCATION_LEVELS,
    "first_education": ("", *EDUCATION_LEVELS),
    "title": TITLES,
    "post_level": (),
    "establishment": ESTABLISHMENTS,
    "subjects": (),
    "backbone_level": ("", *BACKBONE_LEVELS),
    "certificate": (),
}


def _key() -> bytes:
    from eduplan.settings import VAR_DIR  # read late: tests point EDUPLAN_VAR elsewhere

    return pseudonym_key(VAR_DIR)


def known_schools(year: int) -> set[str]:
    return set(registry_frame(year)["school_code"])


def check_teachers(path: Path, year: int) -> TeacherWorkbook:
    """Read and check a workbook against the registry of ``year`` (raises ``IngestError``; stores nothing)."""
    return read_teachers(path, year, _key(), known_schools(year))


def do_import_teachers(
    path: Path,
    year: int,
    *,
    user: UserLike = None,
    source: str = "import",
    checked: TeacherWorkbook | None = None,
    file_bytes: bytes | None = None,
) -> RosterVersion:
    """Check and store a roster workbook as the new current version of school ``year`` (see the module doc)."""
    book = checked if checked is not None else check_teachers(path, year)
    data = file_bytes if file_bytes is not None else path.read_bytes()
    with transaction.atomic():
        previous = RosterVersion.objects.select_for_update().filter(year=year).order_by("-number").first()
        current = RosterVersion.objects.filter(year=year, is_current=True).first()
        RosterVersion.objects.filter(year=year, is_current=True).update(is_current=False)
        version = RosterVersion.objects.create(
            year=year,
            number=previous.number + 1 if previous else 1,
            is_current=True,
            source=source,
            filename=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            loaded_by=user if isinstance(user, User) else None,
            warnings=[w.as_dict() for w in book.warnings],
        )
        ids = _teacher_ids(book.roster)
        ids |= _teacher_ids(book.transfers, ids) | _teacher_ids(book.training, ids)
        schools = set(book.roster["school_code"])
        _store_rows(version, book, ids)
        carried = _carry_forward(current, version, schools, set(book.roster["teacher_id"]))
        version.row_counts = {
            "teachers": version.records.count(),
            "transfers": version.transfers.count(),
            "training": version.training.count(),
            "carried_forward": carried,
        }
        version.save(update_fields=["row_counts"])
        rebuild_periods()
        audit.record(
            user,
            "teachers.import" if source == "import" else f"teachers.{source}",
            "RosterVersion",
            version.pk,
            summary=f"{year}学年 教师名册 第{version.number}版（{path.name}）：{len(book.roster)} 名教师",
            before={"current_version": current.number} if current else None,
            after={"current_version": version.number, "rows": version.row_counts, "sha256": version.sha256},
        )
    return version


def _teacher_ids(frame: pd.DataFrame, known: dict[str, int] | None = None) -> dict[str, int]:
    """pseudonym → Teacher pk, creating identities met for the first time (roster rows carry sex and birth)."""
    if frame.empty:
        return {}
    wanted = set(frame["teacher_id"]) - set(known or {})
    found = dict(Teacher.objects.filter(pseudonym__in=wanted).values_list("pseudonym", "pk"))
    new = frame[frame["teacher_id"].isin(wanted - set(found))].drop_duplicates("teacher_id")
    if len(new) and "sex" in new.columns:
        Teacher.objects.bulk_create(
            [
                Teacher(pseudonym=t, sex=s, birth_year=int(y), birth_month=int(m))
                for t, s, y, m in new[["teacher_id", "sex", "birth_year", "birth_month"]].itertuples(index=False)
            ],
            batch_size=BATCH,
        )
        found |= dict(Teacher.objects.filter(pseudonym__in=set(new["teacher_id"])).values_list("pseudonym", "pk"))
    missing = wanted - set(found)
    if missing:
        raise UsageError(f"交流调动或培训学时中有 {len(missing)} 名教师既不在本名册中，也不在已有教师记录中")
    return found


def _value(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and value != value) else value


def _store_rows(version: RosterVersion, book: TeacherWorkbook, ids: dict[str, int]) -> None:
    records = []
    for row in book.roster.to_dict("records"):
        fields = {k: _value(row.get(k)) for k in RECORD_FIELDS}
        fields = {k: ("" if v is None and k not in ("backbone_since",) else v) for k, v in fields.items()}
        fields["head_teacher"] = bool(fields["head_teacher"])
        records.append(TeacherRecord(version=version, teacher_id=ids[row["teacher_id"]], row=row["row"], **fields))
    TeacherRecord.objects.bulk_create(records, batch_size=BATCH)
    TeacherTransfer.objects.bulk_create(
        [
            TeacherTransfer(
                version=version,
                teacher_id=ids[r["teacher_id"]],
                row=r["row"],
                year=int(r.get("year") or version.year),
                date=r["date"],
                kind=r["kind"],
                from_school=r["from_school"],
                to_school=r["to_school"],
            )
            for r in book.transfers.to_dict("records")
        ],
        batch_size=BATCH,
    )
    TrainingRecord.objects.bulk_create(
        [
            TrainingRecord(
                version=version,
                teacher_id=ids[r["teacher_id"]],
                row=r["row"],
                year=int(r.get("year") or version.year),
                kind=r["kind"],
                hours=r["hours"],
            )
            for r in book.training.to_dict("records")
        ],
        batch_size=BATCH,
    )


def _carry_forward(
    current: RosterVersion | None, version: RosterVersion, schools: Collection[str], teachers: Collection[str]
) -> int:
    """Copy the previous current version's rows of the schools the workbook does not hold (and of teachers it does
    not name) into the new version. Returns how many teacher rows were carried."""
    if current is None:
        return 0
    kept = TeacherRecord.objects.filter(version=current).exclude(school_code__in=schools)
    kept = kept.exclude(teacher__pseudonym__in=teachers)
    rows = list(kept)
    for r in rows:
        r.pk = None
        r.version = version
    TeacherRecord.objects.bulk_create(rows, batch_size=BATCH)
    carried_teachers = {r.teacher_id for r in rows}
    transfers = list(TeacherTransfer.objects.filter(version=current, teacher_id__in=carried_teachers))
    training = list(TrainingRecord.objects.filter(version=current, teacher_id__in=carried_teachers))
    for transfer in transfers:
        transfer.pk, transfer.version = None, version
    for hours in training:
        hours.pk, hours.version = None, version
    TeacherTransfer.objects.bulk_create(transfers, batch_size=BATCH)
    TrainingRecord.objects.bulk_create(training, batch_size=BATCH)
    return len(rows)


def rebuild_periods() -> None:
    """The periods from the current versions: a teacher's first record opens a period at his 到校学年; a record at
    another school closes it (at the new 到校学年, or that year) and opens the next; a roster year without him
    closes it at that year."""
    records = TeacherRecord.objects.filter(version__is_current=True).values_list(
        "teacher_id", "version__year", "school_code", "since"
    )
    years = sorted(set(RosterVersion.objects.filter(is_current=True).values_list("year", flat=True)))
    by_teacher: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
    for teacher, year, school, since in records:
        by_teacher[teacher].append((year, school, since))
    periods: list[TeacherPeriod] = []
    for teacher, rows in by_teacher.items():
        periods.extend(_periods(teacher, sorted(rows), years))
    TeacherPeriod.objects.all().delete()
    TeacherPeriod.objects.bulk_create(periods, batch_size=BATCH)


def _periods(teacher: int, rows: list[tuple[int, str, int]], years: list[int]) -> Iterable[TeacherPeriod]:
    open_school, open_from, last_year = "", 0, 0
    out: list[TeacherPeriod] = []
    for year, school, since in rows:
        gap = [y for y in years if last_year < y < year] if last_year else []
        if open_school and gap:  # absent from a roster year in between: the period ended then
            out.append(
                TeacherPeriod(teacher_id=teacher, school_code=open_school, valid_from=open_from, valid_to=gap[0])
            )
            open_school = ""
        if not open_school:
            open_school, open_from = school, min(since, year)
        elif school != open_school:
            change = since if open_from < since <= year else year
            out.append(
                TeacherPeriod(teacher_id=teacher, school_code=open_school, valid_from=open_from, valid_to=change)
            )
            open_school, open_from = school, change
        last_year = year
    after = [y for y in years if y > last_year]
    out.append(
        TeacherPeriod(
            teacher_id=teacher, school_code=open_school, valid_from=open_from, valid_to=after[0] if after else None
        )
    )
    return out


def do_restore_teachers(year: int, number: int, user: UserLike = None) -> RosterVersion:
    with transaction.atomic():
        target = RosterVersion.objects.select_for_update().filter(year=year, number=number).first()
        if target is None:
            raise NotFound(f"{year}学年没有第 {number} 版教师名册")
        current = RosterVersion.objects.filter(year=year, is_current=True).first()
        RosterVersion.objects.filter(year=year, is_current=True).update(is_current=False)
        target.is_current = True
        target.save(update_fields=["is_current"])
        rebuild_periods()
        audit.record(
            user,
            "teachers.restore",
            "RosterVersion",
            target.pk,
            summary=f"{year}学年 教师名册 恢复为第{number}版",
            before={"current_version": current.number} if current else None,
            after={"current_version": number},
        )
    return target


def current_record(year: int, pseudonym: str) -> TeacherRecord:
    record = (
        TeacherRecord.objects.select_related("teacher", "version")
        .filter(version__year=year, version__is_current=True, teacher__pseudonym=pseudonym)
        .first()
    )
    if record is None:
        raise NotFound(f"{year}学年的教师名册中没有教师 {pseudonym[:8]}…")
    return record


def do_edit_teacher(year: int, pseudonym: str, changes: dict[str, str], *, user: UserLike = None) -> TeacherRecord:
    """Correct a teacher's record in the current roster of ``year`` (fields of ``EDITABLE``), audited."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise UsageError(f"不能修改的字段：{'、'.join(unknown)}（调往其他学校请通过交流调动导入）")
    for field, value in changes.items():
        allowed = EDITABLE[field]
        if allowed and value not in allowed:
            raise UsageError(f"“{field}”的值 {value!r} 不可用；可用：{'、'.join(a or '（空）' for a in allowed)}")
        if len(value) > 100:
            raise UsageError(f"“{field}”过长：最多 100 个字符")
    with transaction.atomic():
        record = current_record(year, pseudonym)
        before = {f: getattr(record, f) for f in changes}
        for field, value in changes.items():
            setattr(record, field, value)
        record.save(update_fields=list(changes))
        audit.record(
            user,
            "teachers.edit",
            "TeacherRecord",
            record.pk,
            summary=f"{year}学年 教师 {pseudonym[:8]}…（{record.school_code}）：{'、'.join(changes)}",
            before=before,
            after=dict(changes),
            region_code=county_of(record.school_code),
        )
    return record


# ---------------------------------------------------------------- the tables core reads


@dataclass(frozen=True)
class TeacherFrames:
    year: int
    version: int | None
    schools: pd.DataFrame  # the registry of the year in the region
    roster: pd.DataFrame
    periods: pd.DataFrame
    transfers: pd.DataFrame
    training: pd.DataFrame


def roster_years() -> list[int]:
    return sorted(set(RosterVersion.objects.filter(is_current=True).values_list("year", flat=True)))


def has_roster(year: int) -> bool:
    return RosterVersion.objects.filter(year=year, is_current=True).exists()


def teacher_frames(region_code: str, year: int, school_code: str = "") -> TeacherFrames:
    """The current roster of ``year`` for the schools of the region (or one school), with the periods, transfers
    (every year up to ``year``) and training hours of those teachers."""
    schools = registry_frame(year, region_prefix(region_code))
    if school_code:
        schools = schools[schools["school_code"] == school_code]
    codes = set(schools["school_code"])
    version = RosterVersion.objects.filter(year=year, is_current=True).first()
    fields = ("teacher__pseudonym", "teacher__sex", "teacher__birth_year", "teacher__birth_month", *RECORD_FIELDS)
    rows = TeacherRecord.objects.filter(version=version, school_code__in=codes).values_list(*fields)
    columns = ["teacher_id", "sex", "birth_year", "birth_month", *RECORD_FIELDS]
    roster = pd.DataFrame.from_records(list(rows), columns=columns)
    place = schools.set_index("school_code")
    roster["county_code"] = roster["school_code"].map(place["county_code"])
    roster["town_code"] = roster["school_code"].map(place["region_code"])
    roster["school_name"] = roster["school_code"].map(place["name"])
    teachers = set(roster["teacher_id"])
    periods = pd.DataFrame.from_records(
        list(
            TeacherPeriod.objects.filter(teacher__pseudonym__in=teachers).values_list(
                "teacher__pseudonym", "school_code", "valid_from", "valid_to"
            )
        ),
        columns=["teacher_id", "school_code", "valid_from", "valid_to"],
    )
    transfers = pd.DataFrame.from_records(
        list(
            TeacherTransfer.objects.filter(version__is_current=True, year__lte=year)
            .filter(teacher__pseudonym__in=teachers)
            .values_list("teacher__pseudonym", "year", "date", "kind", "from_school", "to_school")
        ),
        columns=["teacher_id", "year", "date", "kind", "from_school", "to_school"],
    )
    training = pd.DataFrame.from_records(
        list(
            TrainingRecord.objects.filter(version__is_current=True, year__lte=year)
            .filter(teacher__pseudonym__in=teachers)
            .values_list("teacher__pseudonym", "year", "kind", "hours")
        ),
        columns=["teacher_id", "year", "kind", "hours"],
    )
    return TeacherFrames(year, version.number if version else None, schools, roster, periods, transfers, training)


def _suppressed_records(frame: pd.DataFrame, size: str, columns: list[str], named: bool) -> list[dict[str, Any]]:
    shown = frame if named else core.suppress_small(frame, size, columns)
    return core.records(shown)


def assess_teachers(
    region_code: str, year: int, *, named: bool = False, school_code: str = "", cycle_anchor: int = 2021
) -> dict[str, Any]:
    """Every teacher metric of a region (or one school) and year, as JSON. ``named`` adds the lists of teachers (by
    pseudonym) and leaves groups of fewer than 5 teachers unsuppressed: for the personnel office and admins only."""
    frames = teacher_frames(region_code, year, school_code)
    if frames.version is None or frames.roster.empty:
        raise NotFound(f"{year}学年 {region_code} 没有教师名册（eduplan import teachers 导入）")
    roster = frames.roster
    rotation = core.rotation(roster, frames.periods, frames.transfers, year)
    training = core.training(roster, frames.training, frames.periods, year, cycle_anchor=cycle_anchor)
    names = frames.schools.set_index("school_code")["name"].to_dict()
    group = "school_code" if school_code else "county_code"
    pyramid = core.age_pyramid(roster, year, by=group)
    wave = core.retirements(roster, year)
    waves_by_stage = core.retirements(roster, year, by="stage")
    waves_by_subject = core.retirement_summary_by_subject(roster, year)
    titles = core.title_structure(roster, own=title_ratios(region_code))
    balance = core.balance_counts(roster)
    balance_size = balance.assign(size=balance["teachers"])
    school_rotation = rotation.schools.assign(name=rotation.schools["school_code"].map(names))
    school_training = training.schools.assign(name=training.schools["school_code"].map(names))
    rotation_dict = rotation.as_dict(named=named)
    rotation_dict["schools"] = core.records(school_rotation)
    training_dict = training.as_dict(named=named)
    training_dict["schools"] = _suppressed_records(school_training, "teachers", ["completed", "behind"], named)
    return {
        "region": region_code,
        "school_code": school_code,
        "year": year,
        "roster_version": frames.version,
        "teachers": len(roster),
        "named": named,
        "rotation": rotation_dict,
        "training": training_dict,
        "age_pyramid": _suppressed_records(pyramid, "group_size", ["男", "女"], named),
        "retirements": core.records(wave),
        "retirements_by_stage": core.records(waves_by_stage),
        "retirements_by_subject": _suppressed_records(waves_by_subject, "teachers", ["within_5", "within_10"], named),
        "titles": _suppressed_records(titles, "teachers", [*TITLES, *TITLE_SHARES], named),
        "balance": _suppressed_records(
            balance_size.assign(name=balance_size["school_code"].map(names)), "size", list(core.BALANCE_COLUMNS), named
        ),
        "plan_metrics": core.plan_metrics(roster, rotation, training),
        "min_cell": core.MIN_CELL,
    }


def registry_census_comparison(region_code: str, year: int) -> dict[str, Any]:
    """The registry's counts beside the census's per school and 学段, and every disagreement (data quality)."""
    from eduplan.store.census import census_frames

    frames = teacher_frames(region_code, year)
    if frames.version is None:
        raise NotFound(f"{year}学年没有教师名册")
    census = census_frames(region_code, year)
    people = core.balance_counts(frames.roster)
    diff = core.registry_vs_census(people, census.stages)
    names = frames.schools.set_index("school_code")["name"].to_dict()
    return {
        "region": region_code,
        "year": year,
        "roster_version": frames.version,
        "census_version": census.version,
        "disagreements": core.records(diff.assign(name=diff["school_code"].map(names))),
        "schools_compared": int(people["school_code"].nunique()),
        "missing_from_registry": [
            {"school_code": code, "name": names.get(code)} for code in core.missing_from_registry(people, census.stages)
        ],
    }


def registry_counts_for_census(region_code: str, year: int) -> pd.DataFrame | None:
    """The registry's teacher counts per school and 学段 of the year, or None when the year has no roster."""
    if not has_roster(year):
        return None
    frames = teacher_frames(region_code, year)
    return core.balance_counts(frames.roster) if not frames.roster.empty else None


def teacher_plan_metrics(region_code: str, year: int, cycle_anchor: int = 2021) -> dict[str, float | None]:
    """The teacher metrics a plan indicator can bind to (``core.teachers.PLAN_METRIC_LABELS``), for a region and
    year with a roster; all None when the year has none."""
    frames = teacher_frames(region_code, year)
    if frames.version is None or frames.roster.empty:
        return dict.fromkeys(core.PLAN_METRIC_LABELS)
    rotation = core.rotation(frames.roster, frames.periods, frames.transfers, year)
    training = core.training(frames.roster, frames.training, frames.periods, year, cycle_anchor=cycle_anchor)
    return core.plan_metrics(frames.roster, rotation, training)


def _public_staff(region_code: str, year: int) -> pd.DataFrame | None:
    """The registry's 在编 teachers of the region's public schools in ``year``, or None without a roster."""
    from eduplan import contract as c

    if not has_roster(year):
        return None
    frames = teacher_frames(region_code, year)
    public = set(frames.schools.loc[frames.schools["sponsor"] == c.SPONSOR_PUBLIC, "school_code"])
    staff = frames.roster[frames.roster["school_code"].isin(public) & (frames.roster["establishment"] == "在编")]
    return None if staff.empty else staff


def staffing_leavers(
    region_code: str, year: int, totals: list[dict[str, Any]], projected: list[dict[str, Any]]
) -> list[dict[str, Any]] | None:
    """The staffing forecast's projected rows with the registry's retirements (在编 teachers of public schools)
    taken off the base year's staff, or None when the year has no roster or nothing is projected."""
    staff = _public_staff(region_code, year) if projected else None
    if staff is None:
        return None
    last = max(int(p["year"]) for p in projected)
    retiring = core.retirements(staff, year, horizon=max(1, last - year), by="stage")
    return core.staff_after_leavers(totals, projected, retiring)


def staffing_subject_leavers(
    region_code: str, year: int, projected: list[dict[str, Any]], pe_art_need: list[dict[str, Any]]
) -> list[dict[str, Any]] | None:
    """The staffing forecast by 学段 and subject (``core.teachers.subject_staff_after_leavers``) for the projected
    years, or None without a roster or projection. An aggregate: a (学段, subject) group of fewer than 5 teachers
    shows no figures. ``pe_art_need`` rows of other areas than the region are not used."""
    staff = _public_staff(region_code, year) if projected else None
    if staff is None:
        return None
    need = [n for n in pe_art_need if str(n.get("area_code")) == region_code]
    rows = core.subject_staff_after_leavers(staff, year, [int(p["year"]) for p in projected], need)
    columns = ["retired_since_base", "remaining", "gap_with_leavers"]
    return core.records(core.suppress_small(rows, "teachers", columns))


def title_ratios(region_code: str) -> dict[str, dict[str, Any]]:
    """The county's own 岗位设置 ratios per 学段 (``senior_share``, ``mid_share`` in %, ``document``); {} if none.
    A town or school region reads its county's."""
    rows = TitleRatio.objects.filter(region_id=county_of(region_code)).values(
        "stage", "senior_share", "mid_share", "document"
    )
    return {
        r["stage"]: {"senior_share": r["senior_share"], "mid_share": r["mid_share"], "document": r["document"]}
        for r in rows
    }


def _share_value(text: object, what: str) -> float | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        value = float(str(text).strip().rstrip("%"))
    except ValueError:
        raise UsageError(f"{what}应为 0–100 之间的百分数，实际为 {text}") from None
    if not 0 <= value <= 100:
        raise UsageError(f"{what}应为 0–100 之间的百分数，实际为 {text}")
    return value


def do_set_title_ratios(
    region_code: str, ratios: dict[str, tuple[object, object]], *, document: str = "", user: UserLike = None
) -> dict[str, dict[str, Any]]:
    """Record the county's own 岗位设置 ratios: ``ratios`` maps a 学段 to (高级 %, 中级 % or blank). Checked (学段,
    0–100, 高级 + 中级 ≤ 100) before anything is written; one transaction with its audit entry (before/after)."""
    from eduplan import contract as c
    from eduplan.store.regions import get_region

    region = get_region(region_code)
    if region.level != "county":
        raise UsageError(f"岗位设置比例按县（市、区）登记：{region_code} 是 {region.level} 级区划")
    checked: dict[str, tuple[float, float | None]] = {}
    for stage, (senior_text, mid_text) in ratios.items():
        if stage not in c.STAGES:
            raise UsageError(f"学段应为 {'、'.join(c.STAGES)}，实际为 {stage}")
        senior = _share_value(senior_text, f"{stage}高级岗位比例")
        if senior is None:
            raise UsageError(f"{stage}缺少高级岗位比例")
        mid = _share_value(mid_text, f"{stage}中级岗位比例")
        if mid is not None and senior + mid > 100:
            raise UsageError(f"{stage}高级与中级岗位比例之和超过 100%：{senior:g} + {mid:g}")
        checked[stage] = (senior, mid)
    if not checked:
        raise UsageError("没有要登记的岗位设置比例（--set 学段=高级[/中级]）")
    before = title_ratios(region.code)
    with transaction.atomic():
        for stage, (senior, mid) in checked.items():
            TitleRatio.objects.update_or_create(
                region=region,
                stage=stage,
                defaults={"senior_share": senior, "mid_share": mid, "document": document[:200]},
            )
        after = title_ratios(region.code)
        audit.record(
            user,
            "teachers.title_ratios",
            "TitleRatio",
            region.code,
            summary=f"{region.code} 岗位设置比例：" + "；".join(f"{s} 高级 {v[0]:g}%" for s, v in checked.items()),
            before=before or None,
            after=after,
            region_code=region.code,
        )
    return after


DEMO_COUNTY = "441802"  # 清城区: the county whose staffing figures the seeds give (7,308 / 5,251 / 4,842)


DEMO_MAX_TEACHERS = 1500  # keeps the demo build short; the towns are taken in code order up to this size


def demo_schools(frames: Any, limit: int = DEMO_MAX_TEACHERS) -> list[str]:
    """The public 小学/初中 schools of the first towns (in code order) of the county, up to ``limit`` teachers."""
    from eduplan import contract as c

    public = frames.schools[frames.schools["sponsor"] == c.SPONSOR_PUBLIC]
    rows = frames.stages[frames.stages["stage"].isin(c.COMPULSORY_STAGES)]
    rows = rows[rows["school_code"].isin(set(public["school_code"]))]
    teachers = pd.to_numeric(rows["teachers"], errors="coerce").fillna(0).groupby(rows["school_code"]).sum()
    town = public.set_index("school_code")["region_code"]
    chosen: list[str] = []
    total = 0.0
    for _, group in teachers.groupby(teachers.index.map(town)):
        if chosen and total + group.sum() > limit:
            break
        chosen += sorted(group.index)
        total += group.sum()
    return chosen
