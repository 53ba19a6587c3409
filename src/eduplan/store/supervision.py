"""The supervision loop's writes, each a ``do_*`` function in one transaction with its audit entry, and the reads
core needs (plain rows, see ``core.supervision``).

Checks come before the transaction opens, so a refused write stores nothing: a visit dated after today, a deadline
before the visit, an evidence file too big or not a PNG/JPEG/PDF by its first bytes, a 整改报告 naming another
school, a 复查 of a rectification with nothing to re-check. A double submit of the same form (the browser's back
button, a second click) is recognised and answered with the first write instead of a second one.

The legacy finding notes (``SupervisionNote``, before visits existed) are kept as they were: shown on the school
page and still editable through ``do_add_note`` / ``do_update_rectification``; new findings are rectifications.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import Q, QuerySet

from eduplan.contract import county_of
from eduplan.core.supervision import ActionRow, RectificationRow, VisitRow
from eduplan.errors import UsageError
from eduplan.standards.supervision import (
    CHECKLISTS,
    ESCALATIONS,
    FAILING_RESULT,
    INCENTIVES,
    INSPECTOR_KINDS,
    RESULTS,
    SEVERITIES,
    VISIT_KINDS,
    item_text,
)
from eduplan.store import audit
from eduplan.store.models import Region, SchoolVersion, SupervisionNote
from eduplan.store.models.supervision import (
    Assignment,
    Evidence,
    Inspector,
    ItemResult,
    PlannedVisit,
    Recheck,
    Rectification,
    RectificationReport,
    SupervisionAction,
    SupervisionPlan,
    SupervisionReading,
    Visit,
)
from eduplan.store.registry import versions_in_year

AnyUser = AbstractBaseUser | AnonymousUser | None
NOTE_STATUSES = ("待整改", "整改中", "已整改")
MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
MAX_EVIDENCE_FILES = 10
MAGIC = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"%PDF-", "application/pdf"))
# A photo of a certificate or a classroom is a few megapixels; a small file declaring far more is an image bomb
# (it decompresses to gigabytes in whatever viewer opens it). 50 MP is a 8,660 × 5,770 photograph.
MAX_EVIDENCE_PIXELS = 50_000_000
# Names of PDF actions that run code or open other files when the document is viewed; evidence is never active.
PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/OpenAction")


def _real(user: AnyUser) -> User | None:
    return user if isinstance(user, User) else None


def school_region(school_code: str) -> str:
    """The region code of the school's latest registry version ("" for an unknown code)."""
    found = SchoolVersion.objects.filter(school_id=school_code).order_by("valid_from").values_list("region_id")
    last = found.last()
    return str(last[0]) if last else ""


def school_name(school_code: str) -> str:
    found = SchoolVersion.objects.filter(school_id=school_code).order_by("valid_from").values_list("name").last()
    return str(found[0]) if found else school_code


# --- evidence ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


def check_evidence(upload: Upload) -> str:
    """The file's content type from its first bytes; a clear message for a file too big or of another type."""
    if len(upload.content) > MAX_EVIDENCE_BYTES:
        size_mb = len(upload.content) / 1024 / 1024
        raise UsageError(f"证明材料 {upload.filename}：文件 {size_mb:.1f} MB，超过上限 5 MB，请压缩后再上传")
    if not upload.content:
        raise UsageError(f"证明材料 {upload.filename}：文件是空的")
    for magic, content_type in MAGIC:
        if upload.content.startswith(magic):
            if content_type == "application/pdf":
                _check_pdf_is_passive(upload)
            else:
                _check_image_size(upload)
            return content_type
    raise UsageError(f"证明材料 {upload.filename}：只接受 PNG、JPEG 图片或 PDF 文件（按文件内容判断，不看扩展名）")


def _check_image_size(upload: Upload) -> None:
    """Width × height from the image's header (Pillow reads no pixel data to open it)."""
    from PIL import Image, UnidentifiedImageError

    too_many = f"超过上限 {MAX_EVIDENCE_PIXELS // 1_000_000} 百万像素，请缩小后再上传"
    try:
        with Image.open(io.BytesIO(upload.content)) as image:
            width, height = image.size
    except Image.DecompressionBombError as exc:  # Pillow's own bound, far above ours
        raise UsageError(f"证明材料 {upload.filename}：图片像素{too_many}") from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise UsageError(f"证明材料 {upload.filename}：图片已损坏，无法读取（{exc}）") from exc
    if width * height > MAX_EVIDENCE_PIXELS:
        raise UsageError(f"证明材料 {upload.filename}：图片 {width} × {height} 像素，{too_many}")


def _check_pdf_is_passive(upload: Upload) -> None:
    found = [name.decode() for name in PDF_ACTIVE if name in upload.content]
    if found:
        raise UsageError(
            f"证明材料 {upload.filename}：PDF 含有脚本或自动动作（{'、'.join(found)}），不予接收；"
            "请用“打印为 PDF”另存后再上传"
        )


def check_uploads(uploads: Sequence[Upload]) -> list[str]:
    if len(uploads) > MAX_EVIDENCE_FILES:
        raise UsageError(f"一次最多上传 {MAX_EVIDENCE_FILES} 个证明材料，收到 {len(uploads)} 个")
    return [check_evidence(u) for u in uploads]


def store_uploads(
    actor: AnyUser, uploads: Sequence[Upload], types: Sequence[str], school_code: str = "", **owner: object
) -> None:
    Evidence.objects.bulk_create(
        Evidence(
            school_code=school_code,
            filename=u.filename[:200],
            content_type=t,
            size=len(u.content),
            sha256=hashlib.sha256(u.content).hexdigest(),
            content=u.content,
            uploaded_by=_real(actor),
            **owner,
        )
        for u, t in zip(uploads, types, strict=True)
    )


# --- inspectors, 责任区, plans ------------------------------------------------------------------------------------


def do_add_inspector(actor: AnyUser, name: str, kind: str, region: Region, user: User | None = None) -> Inspector:
    if kind not in INSPECTOR_KINDS:
        raise UsageError(f"督学类别 {kind!r} 不对：应为 {'、'.join(INSPECTOR_KINDS)}")
    if not name.strip():
        raise UsageError("督学姓名不能为空")
    with transaction.atomic():
        inspector = Inspector.objects.create(name=name.strip(), kind=kind, region=region, user=user)
        audit.record(
            actor,
            "supervision.inspector",
            "Inspector",
            inspector.pk,
            summary=str(inspector),
            after={"name": inspector.name, "kind": kind},
            region_code=region.code,
        )
    return inspector


def do_assign_school(
    actor: AnyUser, inspector: Inspector, school_code: str, valid_from: dt.date, valid_to: dt.date | None = None
) -> Assignment:
    """Put a school in the inspector's 责任区 from ``valid_from``; the school's earlier assignment ends that day."""
    region = school_region(school_code)
    if not region.startswith(inspector.region.subtree_prefix()):
        raise UsageError(f"学校 {school_code} 不在{inspector.region.name}，不能划入该督学的责任区")
    if valid_to is not None and valid_to <= valid_from:
        raise UsageError(f"责任区的结束日期 {valid_to} 应晚于开始日期 {valid_from}")
    with transaction.atomic():
        Assignment.objects.filter(school_code=school_code, valid_from__lt=valid_from).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=valid_from)
        ).update(valid_to=valid_from)
        assignment = Assignment.objects.create(
            inspector=inspector, school_code=school_code, valid_from=valid_from, valid_to=valid_to
        )
        audit.record(
            actor,
            "supervision.assign",
            "School",
            school_code,
            summary=f"划入{inspector.name}的责任区",
            after={"inspector": inspector.pk, "from": str(valid_from)},
            region_code=region,
        )
    return assignment


def assigned_schools(inspector: Inspector, on: dt.date) -> list[str]:
    return sorted(
        Assignment.objects.filter(inspector=inspector, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .values_list("school_code", flat=True)
    )


def in_area(user: AnyUser, school_code: str, on: dt.date) -> bool:
    """Whether the school is in the 责任区 of the inspector this user is, on that day."""
    real = _real(user)
    if real is None:
        return False
    return (
        Assignment.objects.filter(inspector__user=real, school_code=school_code, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .exists()
    )


@dataclass(frozen=True)
class Due:
    school_code: str
    kind: str
    checklist: str
    due: dt.date


def do_create_plan(
    actor: AnyUser,
    region: Region,
    name: str,
    start: dt.date,
    end: dt.date,
    required_visits: int,
    visits_due: Iterable[Due] = (),
) -> SupervisionPlan:
    if end <= start:
        raise UsageError(f"督导计划的结束日期 {end} 应晚于开始日期 {start}")
    if required_visits < 1:
        raise UsageError("每校应督导次数至少为 1")
    due = list(visits_due)
    for d in due:
        _check_kind(d.kind, d.checklist)
        if not start <= d.due <= end:
            raise UsageError(f"计划督导日期 {d.due}（学校 {d.school_code}）不在计划期 {start} 至 {end} 之内")
    with transaction.atomic():
        plan = SupervisionPlan.objects.create(
            region=region, name=name, start=start, end=end, required_visits=required_visits
        )
        PlannedVisit.objects.bulk_create(
            PlannedVisit(plan=plan, school_code=d.school_code, kind=d.kind, checklist=d.checklist, due=d.due)
            for d in due
        )
        audit.record(
            actor,
            "supervision.plan",
            "SupervisionPlan",
            plan.pk,
            summary=f"{region.name}{name}督导计划",
            after={"visits_due": len(due), "required_visits": required_visits},
            region_code=region.code,
        )
    return plan


def _check_kind(kind: str, checklist: str) -> None:
    if kind not in VISIT_KINDS:
        raise UsageError(f"督导类型 {kind!r} 不对：应为 {'、'.join(VISIT_KINDS)}")
    if checklist not in CHECKLISTS:
        names = "、".join(c.name for c in CHECKLISTS.values())
        raise UsageError(f"督导清单 {checklist!r} 不存在：应为 {names} 之一")


# --- visits and findings -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A rectification to open from the visit: a 不合格 item's (``item_key``) or a free-form one (``item_key`` "")."""

    finding: str
    severity: str
    responsible: str
    deadline: dt.date
    item_key: str = ""
    requirement: str = ""


@dataclass(frozen=True)
class VisitInput:
    school_code: str
    date: dt.date
    kind: str
    checklist: str
    results: dict[str, tuple[str, str]]  # item key → (result, note)
    findings: tuple[Finding, ...] = ()
    summary: str = ""
    inspectors: tuple[Inspector, ...] = ()
    evidence: tuple[Upload, ...] = field(default_factory=tuple)


def _check_visit(v: VisitInput, today: dt.date) -> list[str]:
    _check_kind(v.kind, v.checklist)
    if v.date > today:
        raise UsageError(f"督导日期 {v.date} 晚于今天（{today}）：只能记录已经进行的督导")
    items = {i.key: i for i in CHECKLISTS[v.checklist].items}
    unknown = sorted(set(v.results) - set(items))
    if unknown:
        raise UsageError(f"检查事项 {'、'.join(unknown)} 不在“{CHECKLISTS[v.checklist].name}”中")
    missing = [items[k].text for k in items if k not in v.results]
    if missing:
        raise UsageError(f"检查事项“{missing[0]}”没有填写结果：每项应为 {'、'.join(RESULTS)} 之一")
    for key, (result, _) in v.results.items():
        if result not in RESULTS:
            raise UsageError(f"检查事项“{items[key].text}”的结果 {result!r} 不对：应为 {'、'.join(RESULTS)} 之一")
    failing = {k for k, (r, _) in v.results.items() if r == FAILING_RESULT}
    with_finding = {f.item_key for f in v.findings if f.item_key}
    if failing - with_finding:
        first = items[sorted(failing - with_finding)[0]].text
        raise UsageError(f"检查事项“{first}”不合格：请填写整改要求（严重程度、责任人、整改期限）")
    if with_finding - failing:
        first = sorted(with_finding - failing)[0]
        raise UsageError(f"检查事项 {first} 不是“不合格”，不能据此下发整改")
    for f in v.findings:
        _check_finding(f, v.date)
    return check_uploads(v.evidence)


def _check_finding(f: Finding, visit_date: dt.date) -> None:
    what = f"整改事项“{f.finding[:20]}”"
    if not f.finding.strip():
        raise UsageError("整改事项的问题描述不能为空")
    if f.severity not in SEVERITIES:
        raise UsageError(f"{what}的严重程度 {f.severity!r} 不对：应为 {'、'.join(SEVERITIES)} 之一")
    if not f.responsible.strip():
        raise UsageError(f"{what}没有填写学校责任人")
    if f.deadline <= visit_date:
        raise UsageError(f"{what}的整改期限 {f.deadline} 不晚于督导日期 {visit_date}：期限应在督导之后")


def _next_number(region_code: str, year: int) -> str:
    county = Region.objects.filter(code=county_of(region_code)).values_list("name", flat=True).first() or county_of(
        region_code
    )
    short = county[:-1] if len(county) > 2 and county[-1] in "区县市" else county
    prefix = f"{short}督整〔{year}〕"
    taken = Rectification.objects.filter(number__startswith=prefix).count()
    return f"{prefix}{taken + 1}号"


def _rect_snapshot(r: Rectification) -> dict[str, object]:
    return {"number": r.number, "state": r.state, "severity": r.severity, "deadline": str(r.deadline)}


def _open_rectification(
    actor: AnyUser, school_code: str, region: str, visit: Visit | None, f: Finding, issued_on: dt.date
) -> Rectification:
    rect = Rectification.objects.create(
        number=_next_number(region, issued_on.year),
        school_code=school_code,
        visit=visit,
        item_key=f.item_key,
        finding=f.finding.strip(),
        requirement=f.requirement.strip(),
        severity=f.severity,
        responsible=f.responsible.strip(),
        issued_on=issued_on,
        deadline=f.deadline,
        created_by=_real(actor),
    )
    audit.record(
        actor,
        "supervision.rectification",
        "Rectification",
        rect.pk,
        summary=f"下发整改通知 {rect.number}",
        after=_rect_snapshot(rect),
        region_code=region,
    )
    return rect


def do_record_visit(actor: AnyUser, v: VisitInput, today: dt.date | None = None) -> tuple[Visit, bool]:
    """Record a visit, its results, evidence and the rectifications of its findings. Returns (visit, created):
    the same school, date, kind and recorder already recorded is a double submit and writes nothing."""
    types = _check_visit(v, today or dt.date.today())
    region = school_region(v.school_code)
    if not region:
        raise UsageError(f"学校 {v.school_code} 不在学校名录中")
    same = Visit.objects.filter(
        school_code=v.school_code, date=v.date, kind=v.kind, checklist=v.checklist, recorded_by=_real(actor)
    ).first()
    if same is not None:
        return same, False
    with transaction.atomic():
        visit = Visit.objects.create(
            school_code=v.school_code,
            date=v.date,
            kind=v.kind,
            checklist=v.checklist,
            summary=v.summary.strip(),
            recorded_by=_real(actor),
        )
        visit.inspectors.set(v.inspectors)
        ItemResult.objects.bulk_create(
            ItemResult(visit=visit, item_key=k, result=r, note=n.strip()) for k, (r, n) in v.results.items()
        )
        store_uploads(actor, v.evidence, types, v.school_code, visit=visit)
        failing = sum(r == FAILING_RESULT for r, _ in v.results.values())
        audit.record(
            actor,
            "supervision.visit",
            "Visit",
            visit.pk,
            summary=f"{school_name(v.school_code)} {v.kind}（{v.date}），不合格 {failing} 项",
            after={"school": v.school_code, "date": str(v.date), "kind": v.kind, "results": len(v.results)},
            region_code=region,
        )
        for f in v.findings:
            _open_rectification(actor, v.school_code, region, visit, f, v.date)
    return visit, True


def do_open_finding(
    actor: AnyUser, school_code: str, f: Finding, issued_on: dt.date, today: dt.date | None = None
) -> Rectification:
    """A free-form finding outside a recorded visit (a complaint checked, a report received)."""
    if issued_on > (today or dt.date.today()):
        raise UsageError(f"下发日期 {issued_on} 晚于今天")
    _check_finding(f, issued_on)
    region = school_region(school_code)
    if not region:
        raise UsageError(f"学校 {school_code} 不在学校名录中")
    with transaction.atomic():
        return _open_rectification(actor, school_code, region, None, f, issued_on)


# --- the school's 整改报告 and the inspector's 复查 -----------------------------------------------------------------


def do_submit_report(
    actor: AnyUser,
    rect: Rectification,
    school_code: str,
    text: str,
    evidence: Sequence[Upload] = (),
    today: dt.date | None = None,
) -> tuple[RectificationReport, bool]:
    """The school's 整改报告 for its own rectification. Returns (report, created); the same text sent again while
    the rectification waits for its 复查 is a double submit and writes nothing."""
    if rect.school_code != school_code:
        raise UsageError(f"整改通知 {rect.number} 不是学校 {school_code} 的：只能答复本校的整改")
    if not text.strip():
        raise UsageError("整改报告的内容不能为空")
    last = rect.reports.last()
    if rect.state == "reported" and last is not None and last.text == text.strip():
        return last, False
    if rect.state not in ("open", "returned"):
        raise UsageError(f"整改通知 {rect.number} 现为“{rect.state_label}”，不能再提交整改报告")
    types = check_uploads(evidence)
    with transaction.atomic():
        before = _rect_snapshot(rect)
        report = RectificationReport.objects.create(
            rectification=rect, text=text.strip(), submitted_by=_real(actor), submitted_on=today or dt.date.today()
        )
        store_uploads(actor, evidence, types, rect.school_code, report=report)
        rect.state = "reported"
        _save_state(actor, rect, before, "supervision.report", f"整改报告 {rect.number}")
    return report, True


def do_recheck(
    actor: AnyUser, rect: Rectification, closed: bool, reason: str = "", today: dt.date | None = None
) -> tuple[Recheck, bool]:
    """复查: close the rectification, or return it to the school with a reason. Returns (recheck, created)."""
    last_check = rect.rechecks.last()
    state_after = "closed" if closed else "returned"
    repeated = last_check is not None and (last_check.closed, last_check.reason) == (closed, reason.strip())
    if last_check is not None and repeated and rect.state == state_after:
        return last_check, False
    if rect.state != "reported":
        raise UsageError(f"整改通知 {rect.number} 现为“{rect.state_label}”：学校提交整改报告后才能复查")
    if not closed and not reason.strip():
        raise UsageError("退回整改须写明理由")
    report = rect.reports.last()
    assert report is not None  # a reported rectification has a report
    day = today or dt.date.today()
    with transaction.atomic():
        before = _rect_snapshot(rect)
        check = Recheck.objects.create(
            rectification=rect,
            report=report,
            closed=closed,
            reason=reason.strip(),
            checked_by=_real(actor),
            checked_on=day,
        )
        rect.state, rect.closed_on = state_after, day if closed else None
        _save_state(actor, rect, before, "supervision.recheck", f"复查 {rect.number}：{'销号' if closed else '退回'}")
    return check, True


def _save_state(actor: AnyUser, rect: Rectification, before: dict[str, object], action: str, summary: str) -> None:
    rect.save(update_fields=["state", "closed_on"])
    audit.record(
        actor,
        action,
        "Rectification",
        rect.pk,
        summary=summary,
        before=before,
        after=_rect_snapshot(rect),
        region_code=school_region(rect.school_code),
    )


def do_record_action(
    actor: AnyUser,
    school_code: str,
    kind: str,
    date: dt.date,
    who: str,
    document: str = "",
    note: str = "",
    rect: Rectification | None = None,
    today: dt.date | None = None,
) -> tuple[SupervisionAction, bool]:
    """An escalation (约谈, 通报, 问责) or incentive (激励, 表扬). Returns (action, created)."""
    if kind not in ESCALATIONS + INCENTIVES:
        raise UsageError(f"处理类型 {kind!r} 不对：应为 {'、'.join(ESCALATIONS + INCENTIVES)} 之一")
    if date > (today or dt.date.today()):
        raise UsageError(f"{kind}日期 {date} 晚于今天：只能记录已经发生的{kind}")
    if not who.strip():
        raise UsageError(f"请填写{kind}的对象或决定人")
    if rect is not None and rect.school_code != school_code:
        raise UsageError(f"整改通知 {rect.number} 不是学校 {school_code} 的")
    same = SupervisionAction.objects.filter(
        school_code=school_code, kind=kind, date=date, who=who.strip(), rectification=rect
    ).first()
    if same is not None:
        return same, False
    with transaction.atomic():
        action = SupervisionAction.objects.create(
            school_code=school_code,
            rectification=rect,
            kind=kind,
            date=date,
            who=who.strip(),
            document=document.strip(),
            note=note.strip(),
            created_by=_real(actor),
        )
        audit.record(
            actor,
            "supervision.action",
            "School",
            school_code,
            summary=f"{kind}：{who.strip()}",
            after={"kind": kind, "date": str(date), "document": document.strip()},
            region_code=school_region(school_code),
        )
    return action, True


# --- legacy finding notes ------------------------------------------------------------------------------------------


def _note_snapshot(note: SupervisionNote) -> dict[str, object]:
    return {"year": note.year, "finding": note.finding, "rectification": note.rectification, "status": note.status}


def do_add_note(user: AnyUser, school: SchoolVersion, year: str, finding: str) -> SupervisionNote:
    if not year.isdigit() or not 1990 <= int(year) <= 2100:
        raise UsageError(f"学年 {year!r} 不对：应为四位年份，如 2023")
    if not finding.strip():
        raise UsageError("督导发现不能为空")
    with transaction.atomic():
        note = SupervisionNote.objects.create(
            school_code=school.school_id, year=int(year), finding=finding.strip(), author=_real(user)
        )
        audit.record(
            user,
            "supervision.note",
            "SupervisionNote",
            note.pk,
            summary=f"{school.name} 督导发现",
            after=_note_snapshot(note),
            region_code=school.region_id,
        )
    return note


def do_update_rectification(user: AnyUser, note: SupervisionNote, text: str, status: str) -> SupervisionNote:
    if status not in NOTE_STATUSES:
        raise UsageError(f"整改状态 {status!r} 不对：应为 {'、'.join(NOTE_STATUSES)}")
    with transaction.atomic():
        before = _note_snapshot(note)
        note.rectification, note.status = text.strip(), status
        note.save(update_fields=["rectification", "status"])
        audit.record(
            user,
            "supervision.rectify",
            "SupervisionNote",
            note.pk,
            summary=f"整改：{status}",
            before=before,
            after=_note_snapshot(note),
            region_code=school_region(note.school_code),
        )
    return note


def visit_figures(visit: Visit) -> dict[str, Any]:
    """One visit as JSON-ready data — the checklist's results and their counts, the rectifications it opened, its
    evidence files: the one function the visit's API and its report read. No responsible person (personal data)."""
    from eduplan.core.supervision import FREE_FINDING

    results = [
        {"key": r.item_key, "item": item_text(r.item_key), "result": r.result, "note": r.note}
        for r in visit.results.all()
    ]
    rects = [
        {
            "number": r.number,
            "item": item_text(r.item_key) if r.item_key else FREE_FINDING,
            "finding": r.finding,
            "severity": r.severity,
            "deadline": str(r.deadline),
            "state": r.state_label,
        }
        for r in visit.rectifications.order_by("id")
    ]
    files = visit.evidence.defer("content")
    checklist = CHECKLISTS.get(visit.checklist)
    return {
        "id": visit.pk,
        "school_code": visit.school_code,
        "school_name": school_name(visit.school_code),
        "region_code": school_region(visit.school_code),
        "date": str(visit.date),
        "kind": visit.kind,
        "checklist": checklist.name if checklist else visit.checklist,
        "inspectors": [i.name for i in visit.inspectors.order_by("id")],
        "summary": visit.summary,
        "results": results,
        "counts": {result: sum(r["result"] == result for r in results) for result in RESULTS},
        "rectifications": rects,
        "evidence": [
            {"filename": f.filename, "type": f.content_type, "size": f.size, "sha256": f.sha256} for f in files
        ],
    }


def rectification_figures(rect: Rectification, today: dt.date) -> dict[str, Any]:
    """One rectification as JSON-ready data (the API's; the 整改通知书 prints the same fields). No responsible
    person: the name is personal data, shown only on the audited page and letter."""
    from eduplan.core.supervision import FREE_FINDING

    visit = rect.visit
    return {
        "id": rect.pk,
        "number": rect.number,
        "school_code": rect.school_code,
        "school_name": school_name(rect.school_code),
        "item": item_text(rect.item_key) if rect.item_key else FREE_FINDING,
        "finding": rect.finding,
        "requirement": rect.requirement,
        "severity": rect.severity,
        "issued_on": str(rect.issued_on),
        "deadline": str(rect.deadline),
        "state": rect.state,
        "overdue": rect.state in ("open", "returned") and rect.deadline < today,
        "closed_on": str(rect.closed_on) if rect.closed_on else None,
        "visit": {"id": visit.pk, "date": str(visit.date), "kind": visit.kind} if visit else None,
        "reports": rect.reports.count(),
        "actions": [{"kind": a.kind, "date": str(a.date), "document": a.document} for a in rect.actions.all()],
    }


# --- the school's responsible person (personal data) ----------------------------------------------------------


def responsible_as_shown(rect: Rectification, named: bool) -> str:
    """The responsible person as a page or letter shows him: by name for those who may see it (the caller decides,
    ``web.access.may_see_responsible``, and audits with ``record_responsible_read``), else by a keyed pseudonym
    (the same person is the same pseudonym everywhere, the name cannot be read back)."""
    return rect.responsible if named else pseudonym_of(rect.responsible)


def pseudonym_of(name: str) -> str:
    """A person's keyed pseudonym as pages show it ("R-": never read as a bare number)."""
    from eduplan.store.attendance import pseudonym

    return f"化名 R-{pseudonym(name)[:8]}"


def record_responsible_read(user: AnyUser, rect: Rectification, where: str) -> None:
    """Audit a page or letter that showed a rectification's responsible person (or its escalations') by name."""
    record_names_read(user, rect.school_code, f"{where} {rect.number}", "Rectification", rect.pk)


def record_names_read(
    user: AnyUser, school_code: str, where: str, object_type: str = "School", object_id: object = ""
) -> None:
    """Audit a page that showed the people of a school's rectifications or escalations by name."""
    audit.do_record_personal_read(
        user,
        "supervision.named_view",
        object_type,
        object_id or school_code,
        summary=f"查看学校责任人：{where}",
        region_code=school_region(school_code),
    )


# --- reads for core ------------------------------------------------------------------------------------------------


def _towns(codes: Iterable[str]) -> dict[str, tuple[str, str, str]]:
    """school code → (name, town code, town name) from the latest registry version."""
    out: dict[str, tuple[str, str, str]] = {}
    for v in SchoolVersion.objects.filter(school_id__in=list(codes)).select_related("region").order_by("valid_from"):
        out[v.school_id] = (v.name, v.region_id, v.region.name)
    return out


def plan_schools(plan: SupervisionPlan, within: str = "") -> list[str]:
    """The schools a plan covers (``plan_schools_of`` its county), optionally only those within the subtree
    ``within`` (a town's prefix under the plan's county; a prefix above the county changes nothing)."""
    county = plan.region.subtree_prefix()
    return plan_schools_of(within if within.startswith(county) else county, plan.start)


def visit_rows(school_codes: Sequence[str], start: dt.date, end: dt.date) -> list[VisitRow]:
    visits = Visit.objects.filter(school_code__in=school_codes, date__gte=start, date__lte=end)
    return [VisitRow(v.school_code, v.date, v.kind) for v in visits]


def rectification_rows(
    school_codes: Sequence[str], start: dt.date | None = None, end: dt.date | None = None
) -> list[RectificationRow]:
    qs = Rectification.objects.filter(school_code__in=school_codes)
    if start is not None and end is not None:
        qs = qs.filter(issued_on__gte=start, issued_on__lte=end)
    towns = _towns({r.school_code for r in qs})
    return [
        RectificationRow(
            number=r.number,
            school_code=r.school_code,
            school_name=towns.get(r.school_code, (r.school_code,))[0],
            town_code=towns.get(r.school_code, ("", "", ""))[1],
            town_name=towns.get(r.school_code, ("", "", ""))[2],
            item_key=r.item_key,
            severity=r.severity,
            issued_on=r.issued_on,
            deadline=r.deadline,
            state=r.state,
            closed_on=r.closed_on,
        )
        for r in qs.order_by("deadline", "id")
    ]


def action_rows(school_codes: Sequence[str], start: dt.date, end: dt.date) -> list[ActionRow]:
    qs = SupervisionAction.objects.filter(school_code__in=school_codes, date__gte=start, date__lte=end)
    names = _towns({a.school_code for a in qs})
    return [
        ActionRow(
            a.school_code,
            names.get(a.school_code, (a.school_code,))[0],
            a.kind,
            a.date,
            pseudonym_of(a.who),
            a.document,
        )  # the person summoned or praised: never by name in the term's figures, read by every role
        for a in qs.order_by("date", "id")
    ]


def rectifications_for(school_codes: Sequence[str]) -> QuerySet[Rectification]:
    return Rectification.objects.filter(school_code__in=school_codes)


def term_figures(plan: SupervisionPlan, today: dt.date, within: str = "") -> dict[str, Any]:
    """The term's figures (``core.supervision.term_summary``) for the plan's schools, optionally only those of the
    region subtree ``within``: the one function the office page, the API and the term report read."""
    from eduplan.core.supervision import term_summary

    schools = plan_schools(plan, within)
    summary = term_summary(
        schools,
        visit_rows(schools, plan.start, plan.end),
        plan.required_visits,
        rectification_rows(schools, plan.start, plan.end),
        action_rows(schools, plan.start, plan.end),
        today,
    )
    plan_info = {"id": plan.pk, "name": plan.name, "region": plan.region_id, "start": str(plan.start)}
    return {"plan": plan_info | {"end": str(plan.end), "required_visits": plan.required_visits}, **summary}


def overdue_in(region: Region, today: dt.date) -> list[dict[str, Any]]:
    """Every rectification of the region's schools (any term) overdue on ``today``, by town, school and deadline."""
    from eduplan.core.supervision import overdue_list

    codes = SchoolVersion.objects.filter(region__code__startswith=region.subtree_prefix()).values_list("school_id")
    return overdue_list(rectification_rows(sorted({c for (c,) in codes})), today)


def plan_schools_of(prefix: str, start: dt.date) -> list[str]:
    """The county's 中小学 (kindergartens are not under 挂牌督导) on the registry of the school year of ``start``."""
    school_year = start.year if start.month >= 8 else start.year - 1
    qs = versions_in_year(school_year).filter(region__code__startswith=prefix)
    return sorted(set(qs.exclude(school_type="幼儿园").values_list("school_id", flat=True)))


def plans_for(region: Region, year: int) -> list[SupervisionPlan]:
    """Plans of the region's subtree (or of the county above a town) whose term starts in school year ``year``."""
    qs = SupervisionPlan.objects.filter(start__gte=dt.date(year, 8, 1), start__lt=dt.date(year + 1, 8, 1))
    county = county_of(region.code) if region.level in ("town", "village") else None
    qs = qs.filter(region_id=county) if county else qs.filter(region__code__startswith=region.subtree_prefix())
    return list(qs.select_related("region").order_by("start", "id"))


def office_figures(
    region: Region, year: int, chosen: str, today: dt.date
) -> tuple[list[SupervisionPlan], dict[str, Any] | None]:
    """The region's plans of the school year and the figures of the chosen one (the latest if ``chosen`` is "")."""
    plans = plans_for(region, year)
    if not chosen:
        plan = plans[-1] if plans else None
    else:
        plan = next((p for p in plans if str(p.pk) == chosen), None)
        if plan is None:
            raise UsageError(f"督导计划 {chosen!r} 不存在：请从本区域本学年的计划中选择")
    return plans, (term_figures(plan, today, region.subtree_prefix()) if plan else None)


# --- the office's page: its switch for inspectors' reading, 责任区 and visits due ---------------------------------


def reads_wider(region_code: str) -> bool:
    """Whether the office of the county of ``region_code`` lets its inspectors read (never write) the supervision
    records of the county's schools outside their 责任区. Off unless the office switched it on."""
    return SupervisionReading.objects.filter(region_id=county_of(region_code), wider=True).exists()


def wider_counties(user: AnyUser, scope_region: str) -> list[str]:
    """The counties whose office lets this inspector read outside his 责任区: among the county of his scope and the
    counties he is a 督学 of (a city-scoped inspector is a county's 督学), those with the switch on."""
    counties = {county_of(scope_region)} | set(
        Inspector.objects.filter(user=_real(user) or 0).values_list("region_id", flat=True)
    )
    return sorted(
        SupervisionReading.objects.filter(region_id__in=counties, wider=True).values_list("region_id", flat=True)
    )


def area_codes(user: AnyUser, on: dt.date) -> QuerySet[Assignment, Any]:
    """The school codes of the 责任区 of the inspector this user is, on that day (a subquery)."""
    real = _real(user)
    return (
        Assignment.objects.filter(inspector__user_id=real.pk if real else -1, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
        .values("school_code")
    )


def do_set_reading(actor: AnyUser, region: Region, wider: bool) -> SupervisionReading:
    """Switch the county's inspectors' reading outside their 责任区 on (read-only) or off, audited."""
    county = county_of(region.code)
    if not Region.objects.filter(code=county).exists():
        raise UsageError(f"区域：{region.name} 不属于任何区县，不能设置督学的查阅范围")
    before = reads_wider(county)
    with transaction.atomic():
        row, _ = SupervisionReading.objects.update_or_create(
            region_id=county, defaults={"wider": wider, "changed_by": _real(actor)}
        )
        audit.record(
            actor,
            "supervision.reading",
            "Region",
            county,
            summary="督学可只读查阅责任区以外的学校" if wider else "督学只能查阅本人责任区的学校",
            before={"wider": before},
            after={"wider": wider},
            region_code=county,
        )
    return row


def inspectors_in(region: Region) -> QuerySet[Inspector]:
    """The inspectors of the region's subtree, or of the county above a town."""
    return Inspector.objects.filter(
        Q(region__code__startswith=region.subtree_prefix()) | Q(region_id=county_of(region.code))
    ).order_by("id")


def _inspector_for(region: Region, ref: str, new_name: str, new_kind: str) -> Inspector | None:
    """The chosen inspector (None: a new one, checked here, created by the caller)."""
    if new_name.strip():
        if new_kind not in INSPECTOR_KINDS:
            raise UsageError(f"督学类别：{new_kind!r} 不对，应为 {'、'.join(INSPECTOR_KINDS)}")
        return None
    found = inspectors_in(region).filter(pk=int(ref)).first() if ref.strip().isdigit() else None
    if found is None:
        raise UsageError(f"督学：没有编号为 {ref!r} 的{region.name}督学，请从列表中选择或填写新督学的姓名")
    return found


def do_assign_area(
    actor: AnyUser,
    region: Region,
    inspector_ref: str,
    school_codes: Sequence[str],
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    new_name: str = "",
    new_kind: str = "",
) -> list[Assignment]:
    """Put schools in an inspector's 责任区 from ``valid_from`` (the office's form): an inspector of the region,
    or a new one (``new_name``, 专职/兼职) added in the same transaction. Every school is checked before anything
    is written: in the region, not already his that day, no later assignment of the school."""
    inspector = _inspector_for(region, inspector_ref, new_name, new_kind)
    if valid_to is not None and valid_to <= valid_from:
        raise UsageError(f"结束日期：{valid_to} 应晚于开始日期 {valid_from}")
    codes = [c.strip() for c in school_codes if c.strip()]
    if not codes:
        raise UsageError("学校：请至少填写一所学校的学校标识码")
    if len(set(codes)) < len(codes):
        twice = next(c for c in codes if codes.count(c) > 1)
        raise UsageError(f"学校：学校标识码 {twice} 填写了两次")
    prefix = region.subtree_prefix()
    for code in codes:
        if not (code.isdigit() and school_region(code).startswith(prefix)):
            raise UsageError(f"学校：学校标识码 {code} 不在{region.name}的学校名录中，不能划入责任区")
        later = Assignment.objects.filter(school_code=code, valid_from__gte=valid_from).select_related("inspector")
        if first := later.order_by("valid_from").first():
            who = first.inspector.name
            if inspector is not None and first.inspector == inspector and first.valid_from == valid_from:
                raise UsageError(
                    f"学校：{school_name(code)}（{code}）自 {valid_from} 起已在{who}的责任区内，不必重复划入"
                )
            raise UsageError(
                f"开始日期：{school_name(code)}（{code}）已自 {first.valid_from} 起划入{who}的责任区，"
                f"新的划入日期应为 {first.valid_from} 之后"
            )
        if inspector is not None and in_area_of(inspector, code, valid_from):
            raise UsageError(
                f"学校：{school_name(code)}（{code}）在 {valid_from} 已在{inspector.name}的责任区内，不必重复划入"
            )
    with transaction.atomic():
        if inspector is None:
            inspector = do_add_inspector(actor, new_name, new_kind, Region.objects.get(code=county_of(region.code)))
        return [do_assign_school(actor, inspector, code, valid_from, valid_to) for code in codes]


def in_area_of(inspector: Inspector, school_code: str, on: dt.date) -> bool:
    return school_code in assigned_schools(inspector, on)


def do_add_visits_due(actor: AnyUser, plan: SupervisionPlan, visits_due: Sequence[Due]) -> list[PlannedVisit]:
    """Add visits due to a term plan (the office's form): each school one of the plan's, each date within the
    plan, none already planned (same school, kind and date); all checked before anything is written."""
    if not visits_due:
        raise UsageError("学校：请至少填写一所学校的学校标识码")
    schools = set(plan_schools(plan))
    seen: set[tuple[str, str, dt.date]] = set()
    for d in visits_due:
        _check_kind(d.kind, d.checklist)
        if d.school_code not in schools:
            raise UsageError(
                f"学校：学校标识码 {d.school_code} 不是{plan.region.name}{plan.name}计划的学校（本县的中小学）"
            )
        if not plan.start <= d.due <= plan.end:
            raise UsageError(f"计划督导日期：{d.due} 不在计划期 {plan.start} 至 {plan.end} 之内")
        key = (d.school_code, d.kind, d.due)
        if key in seen or plan.visits_due.filter(school_code=d.school_code, kind=d.kind, due=d.due).exists():
            raise UsageError(
                f"学校：{school_name(d.school_code)}（{d.school_code}）{d.due} 的{d.kind}已在计划中，不必重复添加"
            )
        seen.add(key)
    with transaction.atomic():
        added = PlannedVisit.objects.bulk_create(
            PlannedVisit(plan=plan, school_code=d.school_code, kind=d.kind, checklist=d.checklist, due=d.due)
            for d in visits_due
        )
        audit.record(
            actor,
            "supervision.due",
            "SupervisionPlan",
            plan.pk,
            summary=f"{plan.name}督导计划：增加 {len(added)} 次计划督导",
            after=[{"school": d.school_code, "kind": d.kind, "due": str(d.due)} for d in visits_due],
            region_code=plan.region_id,
        )
    return added
