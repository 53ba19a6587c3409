"""The county's 创建 dossier: the hand-recorded items of 优质均衡 and 学前普及普惠 (政府保障程度, 社会认可度,
教育质量 …) with their status, evidence files, who confirmed them and when, and what is still missing.

It reuses the manual-items mechanism (``store.models.ManualItem`` written by ``store.assessments.
do_record_manual_item``, judged by ``core.manual_items.judge_item``); this module adds only the evidence files
(``Evidence.manual_item``) and the reading of the whole dossier.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction

from eduplan.core.manual_items import ItemRecord, judge_item
from eduplan.errors import NotFound, UsageError
from eduplan.store import audit
from eduplan.store.assessments import ASSESSMENTS, manual_records
from eduplan.store.models import AuditEntry, ManualItem, Region
from eduplan.store.models.supervision import Evidence
from eduplan.store.supervision import AnyUser, Upload, check_uploads, store_uploads

DOSSIER_KINDS = ("balanced", "preschool")


def _standard(standard_id: str) -> Any:
    found = next((ASSESSMENTS[k].standard for k in DOSSIER_KINDS if ASSESSMENTS[k].standard.id == standard_id), None)
    if found is None:
        raise NotFound(
            f"创建材料没有标准 {standard_id!r}：应为 {'、'.join(ASSESSMENTS[k].standard.id for k in DOSSIER_KINDS)}"
        )
    return found


def missing_of(status: str, has_evidence: bool, recorded_status: str) -> list[str]:
    """What the item still lacks, in words: a recorded status, a met requirement, evidence."""
    missing = []
    if recorded_status in ("", "未填报"):
        missing.append("尚未填报状态或数值")
    elif status == "not_met":
        missing.append("未达到要求")
    if recorded_status != "不适用" and not has_evidence:
        missing.append("缺少证明材料")
    return missing


def dossier(region: Region, year: int) -> list[dict[str, Any]]:
    """Every hand-recorded item of the two standards for the county and year, as JSON-ready rows."""
    rows = {(m.standard_id, m.item_key): m for m in ManualItem.objects.filter(region=region, year=year)}
    files_of: dict[int, list[Evidence]] = {}
    for f in Evidence.objects.filter(manual_item__in=rows.values()).defer("content"):
        files_of.setdefault(f.manual_item_id or 0, []).append(f)
    confirmations = {
        e.object_id: e
        for e in AuditEntry.objects.filter(
            object_type="ManualItem", object_id__in=[str(m.pk) for m in rows.values()], action="manual_item.record"
        ).order_by("at", "id")
    }  # the latest record of each item wins
    out = []
    for kind in DOSSIER_KINDS:
        standard = ASSESSMENTS[kind].standard
        records: dict[str, ItemRecord] = manual_records(standard.id, region.code, year)
        for item in standard.manual_items:
            stored = rows.get((standard.id, item.key))
            judged = judge_item(item, records.get(item.key), year=year)
            files = files_of.get(stored.pk, []) if stored else []
            confirmed = confirmations.get(str(stored.pk)) if stored else None
            recorded = stored.status if stored else ""
            has_evidence = bool(files) or bool(stored and stored.evidence.strip())
            out.append(
                {
                    "standard": standard.id,
                    "standard_title": ASSESSMENTS[kind].title,
                    "key": item.key,
                    "dimension": item.dimension,
                    "name": item.name,
                    "threshold": judged.threshold,
                    "status": judged.status,
                    "recorded_status": recorded or "未填报",
                    "value": judged.value,
                    "evidence": judged.evidence,
                    "files": [
                        {"id": f.pk, "filename": f.filename, "type": f.content_type, "size": f.size} for f in files
                    ],
                    "confirmed_by": confirmed.username if confirmed else "",
                    "confirmed_at": confirmed.at.date().isoformat() if confirmed else "",
                    "missing": missing_of(judged.status, has_evidence, recorded),
                }
            )
    return out


def do_attach_dossier_evidence(
    actor: AnyUser, standard_id: str, item_key: str, region: Region, year: int, uploads: Sequence[Upload]
) -> int:
    """Attach evidence files to a hand-recorded item (created 未填报 if it was never recorded); returns how many."""
    standard = _standard(standard_id)
    if item_key not in {m.key for m in standard.manual_items}:
        raise NotFound(f"标准 {standard_id} 没有人工填报项目 {item_key!r}")
    if region.level != "county":
        raise UsageError(f"创建材料以县（市、区）为单位：{region.name}不是县级区划")
    if not uploads:
        return 0
    types = check_uploads(uploads)
    with transaction.atomic():
        item, _ = ManualItem.objects.get_or_create(standard_id=standard_id, item_key=item_key, region=region, year=year)
        store_uploads(actor, uploads, types, region_code=region.code, manual_item=item)
        audit.record(actor, "dossier.evidence", "ManualItem", item.pk,
                     summary=f"{standard_id} {item_key} {region.code} {year}：证明材料 {len(uploads)} 份",
                     after={"files": [u.filename for u in uploads]}, region_code=region.code)  # fmt: skip
    return len(uploads)
