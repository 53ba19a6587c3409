"""The fitness pages: a clerk uploads his school's results (located errors, nothing stored) and sees his school beside
the county figure only; a region user sees the schools of his county."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eduplan.store.models import AuditEntry, FitnessUpload
from tests.store.test_fitness import HEADER, ROWS
from tests.web.world import WebWorld


def csv(rows: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile("体测.csv", ("\n".join([HEADER, *rows]) + "\n").encode(), content_type="text/csv")


def test_a_clerk_uploads_and_sees_his_school_beside_the_county(web: WebWorld, as_role: Any) -> None:
    clerk = as_role("clerk")
    url = reverse("fitness_upload", kwargs={"code": "4418020001"})
    bad = clerk.post(url, {"year": "2023", "file": csv(["G1,张三,3,1班,男,300,17,2300,9.1,16.3,126,48,,,"])})
    assert bad.status_code == 400
    assert "体测.csv:体测成绩!F2: “身高”不可能是这个值；应为 80–230 厘米，实际为 300" in bad.content.decode()
    assert not FitnessUpload.objects.exists()
    done = clerk.post(url, {"year": "2023", "file": csv(ROWS)})
    assert done.status_code == 200 and "第 1 版，7 名学生，其中免测/缓测 1 名" in done.content.decode()
    assert AuditEntry.objects.filter(action="fitness.import", username="t-clerk").count() == 1
    sibling = reverse("fitness_upload", kwargs={"code": "4418020002"})
    assert clerk.post(sibling, {"year": "2023", "file": csv(ROWS)}).status_code == 404
    page = clerk.get(reverse("school_fitness", kwargs={"code": "4418020001"}) + "?year=2023").content.decode()
    assert "城南小学" in page and "全县（区）" in page and "83.33" in page  # 5 of 6 scored students 优秀
    assert "河西小学" not in page
    assert clerk.get(reverse("fitness", kwargs={"region": "441802", "year": 2023})).status_code == 404
    leader = as_role("leader").get(reverse("fitness", kwargs={"region": "441802", "year": 2023})).content.decode()
    assert "城南小学" in leader and "合格率" in leader and "教体艺〔2014〕5号" in leader
