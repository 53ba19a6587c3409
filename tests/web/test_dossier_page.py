"""The 创建 dossier page: an analyst attaches evidence, the county's users see it, the other county's do not."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eduplan.store.models.supervision import Evidence
from tests.web.conftest import client_for
from tests.web.world import OUTSIDER, WebWorld

pytestmark = pytest.mark.django_db


def test_an_analyst_attaches_evidence_and_only_the_county_sees_it(web: WebWorld, as_role: Any) -> None:
    url = reverse("dossier_evidence", args=[web.county, 2023])
    form = {"standard": "quality_balance_2017", "item_key": "recognition"}
    pdf = SimpleUploadedFile("满意度调查.pdf", b"%PDF-1.7 survey", content_type="application/pdf")
    assert as_role("supervision").post(url, form | {"evidence": pdf}).status_code == 302
    page = as_role("leader").get(reverse("dossier", args=[web.county, 2023])).content.decode()
    row = page[page.index('id="item-recognition"') :]
    row = row[: row.index("</tr>")]
    assert "满意度调查.pdf" in row and "尚未填报状态或数值" in row and "缺少证明材料" not in row
    evidence = Evidence.objects.get()
    assert as_role("leader").get(reverse("evidence_file", args=[evidence.pk])).content == b"%PDF-1.7 survey"
    assert client_for(OUTSIDER).get(reverse("evidence_file", args=[evidence.pk])).status_code == 404
    assert as_role("clerk").get(reverse("evidence_file", args=[evidence.pk])).status_code == 404
    # the county's verdict page shows the file and what is missing beside the item
    verdict = as_role("leader").get(reverse("assessments", args=[web.county, 2023])).content.decode()
    cell = verdict[verdict.index('id="dossier-recognition"') :]
    cell = cell[: cell.index("</td>")]
    assert f'href="/evidence/{evidence.pk}/"' in cell and "满意度调查.pdf" in cell and "尚未填报状态或数值" in cell
    refused = as_role("leader").post(url, form | {"evidence": pdf})
    assert refused.status_code == 403 and Evidence.objects.count() == 1


def test_the_assessment_report_prints_the_dossier_after_the_hand_recorded_items(web: WebWorld, as_role: Any) -> None:
    """The 优质均衡 report of 清城区 carries the dossier: 社会认可度 recorded 91.5 by 督导室 with its file, complete;
    every other item still lacks its status and evidence (nothing else was recorded in the test world)."""
    import io

    import openpyxl

    from eduplan.store.assessments import do_record_manual_item
    from eduplan.store.models import AuditEntry

    office = as_role("supervision")
    pdf = SimpleUploadedFile("满意度调查.pdf", b"%PDF-1.7 survey", content_type="application/pdf")
    form = {"standard": "quality_balance_2017", "item_key": "recognition", "evidence": pdf}
    assert office.post(reverse("dossier_evidence", args=[web.county, 2023]), form).status_code == 302
    do_record_manual_item("quality_balance_2017", "recognition", web.county, 2023, status="达标", value=91.5,
                          user=AuditEntry.objects.get(action="dossier.evidence").user)  # fmt: skip
    confirmed = AuditEntry.objects.get(action="manual_item.record")
    base = reverse("report_download", args=[web.county, 2023, "balanced.xlsx"])
    book = openpyxl.load_workbook(io.BytesIO(as_role("leader").get(base).content))
    rows = list(book["创建材料"].iter_rows(min_row=2, values_only=True))
    recognition = [r for r in rows if "满意度调查.pdf" in str(r[4])]
    assert recognition == [
        (recognition[0][0], recognition[0][1], "达标", 91.5, "满意度调查.pdf", f"t-supervision {confirmed.at.date()}",
         "齐全")
    ]  # fmt: skip
    assert sum(r[6] == "尚未填报状态或数值；缺少证明材料" for r in rows) == len(rows) - 1
    names = book.sheetnames  # the dossier's section right after the hand-recorded items' (and their census check)
    assert names.index("人工填报项目") < names.index("创建材料") < names.index("不参评学校")
