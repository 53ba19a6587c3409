"""The personnel pages: named lists only for the responsible office, each view audited; aggregates for the others;
the report's numbers are the JSON's and the export names who made it."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from eduplan.store.models import AuditEntry
from tests.web.conftest import client_for
from tests.web.test_access import _teacher_ids
from tests.web.world import ROLE_USERS, WebWorld


@pytest.mark.django_db
def test_named_views_are_for_personnel_and_audited(web: WebWorld) -> None:
    ids = _teacher_ids(web)
    registry = reverse("teacher_registry", kwargs={"region": web.county, "year": 2023})
    body = client_for(ROLE_USERS["personnel"]).get(registry).content.decode()
    assert ids["own"][:12] in body and ids["sibling"][:12] in body and ids["other"][:12] not in body
    entry = AuditEntry.objects.get(action="teachers.view_named")
    assert entry.username == ROLE_USERS["personnel"] and entry.summary == "查看教师名册：441802 2023学年，2 名教师"
    assert client_for(ROLE_USERS["leader"]).get(registry).status_code == 403
    assert AuditEntry.objects.filter(action="teachers.view_named").count() == 1
    # The leader's rotation page shows the shares, never the list of people.
    rotation = reverse("teacher_rotation", kwargs={"region": web.county, "year": 2023})
    leader = client_for(ROLE_USERS["leader"]).get(rotation).content.decode()
    assert "符合交流条件" in leader and ids["own"][:12] not in leader
    personnel = client_for(ROLE_USERS["personnel"]).get(rotation).content.decode()
    assert ids["own"][:12] in personnel  # due: 13 years at 城南小学
    assert AuditEntry.objects.filter(action="teachers.view_named").count() == 2
    # The clerk sees and edits his own school's teachers.
    clerk = client_for(ROLE_USERS["clerk"])
    mine = clerk.get(reverse("school_teachers", kwargs={"code": web.school, "year": 2023})).content.decode()
    assert ids["own"][:12] in mine and ids["sibling"][:12] not in mine
    edit = reverse("school_teacher_edit", kwargs={"code": web.school, "year": 2023, "teacher": ids["own"]})
    assert clerk.post(edit, {"title": "一级", "subjects": "<b>数学</b>"}).status_code == 302
    after = clerk.get(reverse("school_teachers", kwargs={"code": web.school, "year": 2023})).content.decode()
    assert "&lt;b&gt;数学&lt;/b&gt;" in after and "<b>数学</b>" not in after  # user text is escaped
    assert AuditEntry.objects.get(action="teachers.edit").username == ROLE_USERS["clerk"]
    bad = clerk.post(edit, {"title": "中级"})
    assert bad.status_code == 400 and "不可用" in bad.content.decode()


@pytest.mark.django_db
def test_aggregates_suppress_small_groups(web: WebWorld) -> None:
    _teacher_ids(web)
    page = client_for(ROLE_USERS["planning"]).get(reverse("teachers", kwargs={"region": web.county, "year": 2023}))
    body = page.content.decode()
    assert page.status_code == 200 and "人数不足 5，不显示" in body
    api = client_for(ROLE_USERS["planning"]).get(reverse("api_teachers", kwargs={"code": web.county, "year": 2023}))
    data = api.json()
    assert data["named"] is False and all(row["suppressed"] for row in data["balance"])
    assert all(row["teachers"] is None for row in data["balance"])


@pytest.mark.django_db
def test_report_numbers_equal_the_json_and_name_the_exporter(web: WebWorld) -> None:
    from openpyxl import load_workbook

    from eduplan.reports.teachers import render_teacher_report
    from eduplan.store.teachers import assess_teachers

    _teacher_ids(web)
    content, _, name = render_teacher_report(web.county, 2023, "xlsx", "t-personnel")
    assert name == "教师队伍_441802_2023.xlsx"
    book = load_workbook(io.BytesIO(content))
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    result = assess_teachers(web.county, 2023)
    assert "t-personnel" in cells and any(str(c).startswith(f"{datetime.now():%Y-%m-%d}") for c in cells)
    sheet = book["交流轮岗"]
    rows = [
        r
        for r in sheet.iter_rows(values_only=True)
        if r and r[0] in {s["school_code"] for s in result["rotation"]["schools"]}
    ]
    assert {r[0]: r[2] for r in rows} == {s["school_code"]: s["eligible"] for s in result["rotation"]["schools"]}
    waves = {str(r[0]): r[1] for r in book["退休"].iter_rows(values_only=True) if r and str(r[0]).isdigit()}
    assert waves == {str(w["year"]): w["retiring"] for w in result["retirements"]}
    response = client_for(ROLE_USERS["leader"]).get(
        reverse("teacher_report", kwargs={"region": web.county, "year": 2023, "fmt": "pdf"})
    )
    assert response.status_code == 200 and response.content[:4] == b"%PDF"
    assert AuditEntry.objects.get(action="teachers.export").username == ROLE_USERS["leader"]


@pytest.mark.django_db
def test_upload_stores_a_good_roster_and_refuses_a_bad_one(
    web: WebWorld, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    monkeypatch.setenv("EDUPLAN_PSEUDONYM_KEY", "web-test-key-0123456789")
    from eduplan.store.models import RosterVersion
    from tests.ingest.teacher_books import id_number, workbook

    url = reverse("teacher_upload", kwargs={"region": web.county, "year": 2023})
    personnel = client_for(ROLE_USERS["personnel"])
    bad = workbook(tmp_path / "bad.xlsx", [{"身份证号": "123", "学校标识码": web.school}]).read_bytes()
    refused = personnel.post(url, {"file": SimpleUploadedFile("bad.xlsx", bad)})
    assert refused.status_code == 400 and "bad.xlsx:教师名册!A2: 身份证号无效" in refused.content.decode()
    assert RosterVersion.objects.count() == 0
    # A workbook naming a school of the other county is outside the county analyst's scope: nothing stored.
    outside = workbook(tmp_path / "o.xlsx", [{"身份证号": id_number("19800101", 1), "学校标识码": web.other_school}])
    assert personnel.post(url, {"file": SimpleUploadedFile("o.xlsx", outside.read_bytes())}).status_code == 403
    assert RosterVersion.objects.count() == 0
    good = workbook(tmp_path / "g.xlsx", [{"身份证号": id_number("19800101", 1), "学校标识码": web.school}])
    stored = personnel.post(url, {"file": SimpleUploadedFile("g.xlsx", good.read_bytes())})
    assert stored.status_code == 302 and RosterVersion.objects.get().loaded_by.username == ROLE_USERS["personnel"]


@pytest.mark.django_db
def test_the_school_page_links_the_clerk_to_his_teachers(web: WebWorld) -> None:
    _teacher_ids(web)
    link = reverse("school_teachers", kwargs={"code": web.school, "year": 2023})
    assert link in client_for(ROLE_USERS["clerk"]).get(reverse("school", kwargs={"code": web.school})).content.decode()
    leader = client_for(ROLE_USERS["leader"]).get(reverse("school", kwargs={"code": web.school})).content.decode()
    assert link not in leader


@pytest.mark.django_db
def test_retirements_by_subject_are_on_the_page_and_in_the_report(web: WebWorld) -> None:
    from openpyxl import load_workbook

    from eduplan.reports.teachers import render_teacher_report
    from eduplan.store.teachers import assess_teachers

    _teacher_ids(web)
    rows = assess_teachers(web.county, 2023)["retirements_by_subject"]
    assert rows and all(r["suppressed"] and r["within_10"] is None for r in rows)  # the test world: groups under 5
    body = client_for(ROLE_USERS["planning"]).get(reverse("teachers", kwargs={"region": web.county, "year": 2023}))
    assert "今后退休教师（按学段、任教学科）" in body.content.decode()
    content, _, _ = render_teacher_report(web.county, 2023, "xlsx", "t-personnel")
    sheet = load_workbook(io.BytesIO(content))["学科退休"]
    assert any(r and r[0] == rows[0]["stage"] and r[1] == rows[0]["subject"] for r in sheet.iter_rows(values_only=True))


@pytest.mark.django_db
def test_the_personnel_office_records_the_title_ratios_on_the_page(web: WebWorld) -> None:
    from eduplan.store.models import TitleRatio

    _teacher_ids(web)
    url = reverse("teacher_title_ratios", kwargs={"region": web.county, "year": 2023})
    personnel = client_for(ROLE_USERS["personnel"])
    bad = personnel.post(url, {"senior-小学": "15", "senior-初中": "120"})
    assert bad.status_code == 400 and "初中高级岗位比例应为 0–100 之间的百分数，实际为 120" in bad.content.decode()
    assert TitleRatio.objects.count() == 0  # nothing stored, not even the good 小学 value
    assert client_for(ROLE_USERS["leader"]).post(url, {"senior-小学": "15"}).status_code == 403
    saved = personnel.post(url, {"senior-小学": "15", "mid-小学": "40", "document": "<i>清城</i>"})
    assert saved.status_code == 302
    assert TitleRatio.objects.get().senior_share == 15.0
    assert AuditEntry.objects.get(action="teachers.title_ratios").username == ROLE_USERS["personnel"]
    page = personnel.get(reverse("teachers", kwargs={"region": web.county, "year": 2023})).content.decode()
    assert 'name="senior-小学" inputmode="decimal" size="6" value="15.0"' in page
