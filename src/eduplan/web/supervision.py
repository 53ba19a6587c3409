"""督学 findings at a school and the school's rectification: the writes, each audited in its transaction.

(These belong with the store's other ``do_*`` functions; they live here until the store has a supervision module.)
"""

from __future__ import annotations

from django.db import transaction
from django.http import Http404

from eduplan.errors import UsageError
from eduplan.store import audit
from eduplan.store.models import SchoolVersion, SupervisionNote
from eduplan.web.access import AnyUser, get_school_for_user

NOTE_STATUSES = ("待整改", "整改中", "已整改")


def _snapshot(note: SupervisionNote) -> dict[str, object]:
    return {"year": note.year, "finding": note.finding, "rectification": note.rectification, "status": note.status}


def do_add_note(user: AnyUser, school: SchoolVersion, year: str, finding: str) -> SupervisionNote:
    if not year.isdigit() or not 1990 <= int(year) <= 2100:
        raise UsageError(f"学年 {year!r} 不对：应为四位年份，如 2023")
    if not finding.strip():
        raise UsageError("督导发现不能为空")
    with transaction.atomic():
        note = SupervisionNote.objects.create(
            school_code=school.school_id,
            year=int(year),
            finding=finding.strip(),
            author=user if user.is_authenticated else None,  # type: ignore[misc]
        )
        audit.record(
            user,
            "supervision.note",
            "SupervisionNote",
            note.pk,
            summary=f"{school.name} 督导发现",
            after=_snapshot(note),
            region_code=school.region_id,
        )
    return note


def do_update_rectification(user: AnyUser, note: SupervisionNote, text: str, status: str) -> SupervisionNote:
    if status not in NOTE_STATUSES:
        raise UsageError(f"整改状态 {status!r} 不对：应为 {'、'.join(NOTE_STATUSES)}")
    region_code = SchoolVersion.objects.filter(school_id=note.school_code).values_list("region_id", flat=True).last()
    with transaction.atomic():
        before = _snapshot(note)
        note.rectification, note.status = text.strip(), status
        note.save(update_fields=["rectification", "status"])
        audit.record(
            user,
            "supervision.rectify",
            "SupervisionNote",
            note.pk,
            summary=f"整改：{status}",
            before=before,
            after=_snapshot(note),
            region_code=region_code or "",
        )
    return note


def get_note_for_user(user: AnyUser, school_code: str, note_id: int) -> SupervisionNote:
    get_school_for_user(user, school_code)
    note = SupervisionNote.objects.filter(pk=note_id, school_code=school_code).first()
    if note is None:
        raise Http404("没有这条督导记录")
    return note
