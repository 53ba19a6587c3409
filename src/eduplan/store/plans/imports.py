"""Importing plan documents: parsed ``PlanDocument``s → ``Plan`` rows with indicators, targets, projects and
tasks (``do_import_plan``), each item fitted with its flags; ``get_plan``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.db.models import CharField

from eduplan.core.plan_tracking import (
    deadline_date,
)
from eduplan.errors import NotFound, UsageError
from eduplan.ingest.plans.model import Indicator, PlanDocument
from eduplan.store import audit
from eduplan.store.models import (
    Plan,
    PlanIndicator,
    PlanProject,
    PlanTask,
)
from eduplan.store.regions import get_region

UserLike = AbstractBaseUser | AnonymousUser | None


def _source(item: Any) -> dict[str, Any]:
    return {
        "source_file": item.source.file,
        "source_line": item.source.line,
        "source_text": item.source.text,
        "source_page": item.source.page,
        "source_where": item.source.where,
        "uncertain": list(item.reasons),
    }


def _indicator(plan: Plan, item: Indicator, kind: str) -> PlanIndicator:
    return PlanIndicator(
        plan=plan,
        kind=kind,
        group=item.group,
        name=item.name,
        unit=item.unit,
        stage=item.stage or "",
        baseline_year=item.baseline_year,
        baseline_value=item.baseline_value,
        target_year=item.target_year,
        target_value=item.target_value,
        comparator=item.comparator,
        nature=item.nature or "",
        **_source(item),
    )


Fitted = TypeVar("Fitted", Plan, PlanIndicator, PlanProject, PlanTask)


def _fit(item: Fitted, reasons: list[str] | None = None) -> Fitted:
    """Clip text longer than its column (PostgreSQL refuses it rather than store a plan in part) and say so in
    ``reasons`` (an item's own ``uncertain`` list unless given)."""
    said = item.uncertain if reasons is None and not isinstance(item, Plan) else reasons
    for field in item._meta.fields:
        value = getattr(item, field.attname)
        if (
            isinstance(field, CharField)
            and field.max_length
            and isinstance(value, str)
            and len(value) > field.max_length
        ):
            setattr(item, field.attname, value[: field.max_length])
            if said is not None:
                said.append(f"{field.name} 超过 {field.max_length} 字，已截断；原文见来源")
    return item


def _store_document(document: PlanDocument, region_code: str, user: UserLike, sha256: str) -> Plan:
    meta = document.plan
    clipped: list[str] = []
    plan = Plan(
        title=meta.title,
        issuing_body=meta.issuer or "",
        doc_number=meta.doc_number or "",
        issue_date=date.fromisoformat(meta.issue_date) if meta.issue_date else None,
        region=get_region(region_code),
        period_start=meta.period_start,
        period_end=meta.period_end,
        source_file=meta.file,
        source_sha256=sha256,
        content_sha256=meta.content_sha256,
        source_format=meta.format,
        kind=meta.kind,
        kind_reason=meta.kind_reason,
        notes=list(meta.notes),
        rollups=[asdict(r) for r in document.rollups],
        discrepancies=[asdict(d) for d in document.discrepancies],
        published=[asdict(p) for p in document.published],
        imported_by=user if isinstance(user, User) else None,
    )
    _fit(plan, clipped).save()
    indicators = [_indicator(plan, i, "table") for i in document.indicators]
    indicators += [_indicator(plan, t, "sentence") for t in document.targets]
    PlanIndicator.objects.bulk_create(_fit(i) for i in indicators)
    PlanProject.objects.bulk_create(
        _fit(
            PlanProject(
                plan=plan,
                name=p.name,
                category=p.category or "",
                stage=p.stage or "",
                seats=p.seats,
                classes=int(p.classes) if p.classes is not None else None,
                area=p.area,
                floor_area=p.floor_area,
                investment=p.investment,
                start_year=p.start_year,
                finish_year=p.finish_year,
                responsible=p.responsible or "",
                **_source(p),
            )
        )
        for p in document.projects
    )
    PlanTask.objects.bulk_create(
        _fit(
            PlanTask(
                plan=plan,
                text=t.text,
                responsible=t.lead + [d for d in t.responsible if d not in t.lead],
                deadline_text=t.deadline or "",
                deadline=deadline_date(t.deadline_year, t.deadline_month),
                **_source(t),
            )
        )
        for t in document.tasks
    )
    audit.record(
        user,
        "plan.import",
        "Plan",
        plan.pk,
        region_code=region_code,
        summary=f"导入规划《{plan.title}》（{meta.file} 第 {meta.first_line}–{meta.last_line} 行）",
        after={
            "indicators": len(document.indicators),
            "targets": len(document.targets),
            "projects": len(document.projects),
            "tasks": len(document.tasks),
            "discrepancies": len(document.discrepancies),
            "published": len(document.published),
            "sha256": sha256,
            **({"clipped": clipped} if clipped else {}),
        },
    )
    return plan


def already_imported(documents: list[PlanDocument], region_code: str) -> list[Plan]:
    """Plans of the region holding the same document (the same text, whatever the file or its format)."""
    hashes = [d.plan.content_sha256 for d in documents if d.plan.content_sha256]
    if not hashes:
        return []
    return list(Plan.objects.filter(region_id=region_code, content_sha256__in=hashes).order_by("id"))


def do_import_plan(
    documents: list[PlanDocument],
    region_code: str,
    user: UserLike = None,
    *,
    file_bytes: bytes | None = None,
    replace: bool = False,
) -> list[Plan]:
    """Store every document of one file as a plan of ``region_code``, all or nothing.

    A document the region already holds (same content hash) is refused, naming the stored plan; with
    ``replace`` the stored plan is replaced by the new reading (its items, actuals and progress go with it,
    audited), so a document is never held twice and its tasks never doubled."""
    if not documents:
        raise UsageError("没有可导入的规划文件内容")
    sha256 = hashlib.sha256(file_bytes).hexdigest() if file_bytes is not None else ""
    with transaction.atomic():
        get_region(region_code)
        stored = already_imported(documents, region_code)
        if stored and not replace:
            named = "、".join(f"规划 {p.pk}《{p.title}》（{p.imported_at:%Y-%m-%d} 导入）" for p in stored)
            raise UsageError(
                f"同一文件已导入过：{named}。内容相同，不再重复导入；如要用这次的读取结果替换，"
                "请加 --replace（网页上选择“替换”），原有实际值、进度和任务状态将一并删除"
            )
        for plan in stored:
            audit.record(
                user,
                "plan.replace",
                "Plan",
                plan.pk,
                region_code=region_code,
                summary=f"重新导入，替换规划 {plan.pk}《{plan.title}》",
                before={"title": plan.title, "content_sha256": plan.content_sha256},
            )
            plan.delete()
        return [_store_document(document, region_code, user, sha256) for document in documents]


def get_plan(plan_id: int) -> Plan:
    try:
        return Plan.objects.select_related("region").get(pk=plan_id)
    except Plan.DoesNotExist:
        raise NotFound(f"规划 {plan_id} 不存在（用 eduplan import plan FILE --region CODE 导入）") from None


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
