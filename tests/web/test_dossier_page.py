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
    refused = as_role("leader").post(url, form | {"evidence": pdf})
    assert refused.status_code == 403 and Evidence.objects.count() == 1
