"""The 创建 dossier: hand-recorded items with status, evidence files, who confirmed them and when, what is missing."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from eduplan.errors import NotFound, UsageError
from eduplan.store.assessments import do_record_manual_item
from eduplan.store.dossier import do_attach_dossier_evidence, dossier
from eduplan.store.models import AuditEntry, Region
from eduplan.store.models.supervision import Evidence
from eduplan.store.supervision import Upload

QB = "quality_balance_2017"


def _item(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(r for r in rows if r["standard"] == QB and r["key"] == key)


def test_the_dossier_says_who_confirmed_what_and_what_is_missing(world: Any) -> None:
    county = Region.objects.get(code=world.county)
    officer = User.objects.create_user("督导室小王")
    rows = dossier(county, 2023)
    assert {r["standard"] for r in rows} == {QB, "preschool_2020"}
    assert _item(rows, "recognition")["missing"] == ["尚未填报状态或数值", "缺少证明材料"]
    # 社会认可度 recorded as 82% against ≥ 85%: judged not met by its value, whatever the status says
    do_record_manual_item(QB, "recognition", world.county, 2023, status="达标", value=82.0, user=officer)
    row = _item(dossier(county, 2023), "recognition")
    assert (row["status"], row["value"], row["threshold"], row["confirmed_by"]) == ("not_met", 82.0, 85.0, "督导室小王")
    assert row["missing"] == ["未达到要求", "缺少证明材料"]
    do_record_manual_item(QB, "recognition", world.county, 2023, status="达标", value=91.5, user=officer)
    assert (
        do_attach_dossier_evidence(officer, QB, "recognition", county, 2023, [Upload("问卷汇总.pdf", b"%PDF-1.7 x")])
        == 1
    )
    row = _item(dossier(county, 2023), "recognition")
    assert row["missing"] == [] and [f["filename"] for f in row["files"]] == ["问卷汇总.pdf"]
    assert Evidence.objects.get().uploaded_by == officer


def test_bad_evidence_or_an_unknown_item_writes_nothing(world: Any) -> None:
    county = Region.objects.get(code=world.county)
    before = AuditEntry.objects.count()
    with pytest.raises(UsageError, match="只接受 PNG、JPEG 图片或 PDF 文件"):
        do_attach_dossier_evidence(None, QB, "recognition", county, 2023, [Upload("问卷.docx", b"PK\x03\x04")])
    with pytest.raises(NotFound, match="没有人工填报项目 'nope'"):
        do_attach_dossier_evidence(None, QB, "nope", county, 2023, [Upload("a.pdf", b"%PDF-1.7")])
    with pytest.raises(UsageError, match="创建材料以县（市、区）为单位：凤城街道不是县级区划"):
        town = Region.objects.get(code=world.town_fengcheng)
        do_attach_dossier_evidence(None, QB, "recognition", town, 2023, [Upload("a.pdf", b"%PDF-1.7")])
    assert Evidence.objects.count() == 0 and AuditEntry.objects.count() == before
