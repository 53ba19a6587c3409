"""Every change made through the web app leaves an audit entry with who, what, before and after."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eduplan.store.models import AuditEntry, CensusVersion, UserScope
from tests.web.conftest import client_for
from tests.web.world import CITY_ANALYST, WebWorld, workbook


@pytest.mark.django_db
def test_an_upload_is_checked_then_imported_and_audited(web: WebWorld, tmp_path: Path) -> None:
    client = client_for(CITY_ANALYST)  # the census holds both counties: only a city-wide scope may replace it
    url = reverse("census_upload")
    data = workbook(tmp_path / "普查2023.xlsx").read_bytes()
    checked = client.post(url, {"year": "2023", "file": SimpleUploadedFile("普查2023.xlsx", data)}, follow=True)
    assert checked.status_code == 200
    assert checked.context.get("problems") is None, checked.context.get("problems")
    assert 'id="dry-run"' in checked.content.decode()
    assert CensusVersion.objects.filter(year=2023).count() == 1  # the dry run stored nothing
    token = checked.context["token"]
    done = client.post(url, {"year": "2023", "token": token, "filename": "普查2023.xlsx"})
    assert done.status_code == 302
    current = CensusVersion.objects.get(year=2023, is_current=True)
    assert (current.number, current.filename, current.loaded_by.username) == (2, "普查2023.xlsx", CITY_ANALYST)
    entry = AuditEntry.objects.get(action="census.import")
    assert entry.username == CITY_ANALYST
    assert entry.before == {"current_version": 1}
    assert entry.after["current_version"] == 2


@pytest.mark.django_db
def test_a_correction_keeps_before_and_after(web: WebWorld, as_role: Any) -> None:
    client = as_role("planning")
    url = reverse("plan_correct", kwargs={"plan_id": web.plan_id, "kind": "indicator", "item_id": web.indicator_id})
    response = client.post(url, {"name": "学前三年毛入园率", "target_value": "99", "target_year": "2025"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="plan.correct")
    assert (entry.username, entry.object_type, entry.object_id) == (
        "t-planning",
        "PlanIndicator",
        str(web.indicator_id),
    )
    assert entry.before == {"target_value": 98.0}
    assert entry.after == {"target_value": 99.0}
    assert entry.region_code == web.county


@pytest.mark.django_db
def test_an_unchanged_form_confirms_the_item(web: WebWorld, as_role: Any) -> None:
    client = as_role("planning")
    url = reverse("plan_correct", kwargs={"plan_id": web.plan_id, "kind": "indicator", "item_id": web.indicator_id})
    assert client.post(url, {"name": "学前三年毛入园率", "target_value": "98"}).status_code == 302
    assert list(AuditEntry.objects.filter(action__startswith="plan.").values_list("action", flat=True)) == [
        "plan.confirm"
    ]


@pytest.mark.django_db
def test_a_bad_correction_says_which_field(web: WebWorld, as_role: Any) -> None:
    client = as_role("planning")
    url = reverse("plan_correct", kwargs={"plan_id": web.plan_id, "kind": "indicator", "item_id": web.indicator_id})
    response = client.post(url, {"target_value": "九十八"})
    assert response.status_code == 400
    assert "target_value：'九十八' 的格式不对（应为浮点数）" in html.unescape(response.content.decode())
    assert not AuditEntry.objects.filter(action__startswith="plan.").exists()


@pytest.mark.django_db
def test_a_role_change_keeps_before_and_after(web: WebWorld, as_role: Any) -> None:
    client = as_role("admin")
    leader = UserScope.objects.get(user__username="t-leader")
    url = reverse("user_scope", kwargs={"user_id": leader.user_id})
    assert client.post(url, {"role": "inspector", "where": "441802001"}).status_code == 302
    entry = AuditEntry.objects.get(action="user.scope")
    assert (entry.username, entry.object_id, entry.region_code) == ("t-admin", "t-leader", "441802001")
    assert entry.before == {"role": "leader", "region": "441802", "school_code": ""}
    assert entry.after == {"role": "inspector", "region": "441802001", "school_code": ""}


@pytest.mark.django_db
def test_an_admin_cannot_grant_a_region_outside_his_own(web: WebWorld, as_role: Any) -> None:
    client = as_role("admin")
    leader = UserScope.objects.get(user__username="t-leader")
    response = client.post(
        reverse("user_scope", kwargs={"user_id": leader.user_id}), {"role": "leader", "where": "441803"}
    )
    assert response.status_code == 404
    assert UserScope.objects.get(pk=leader.pk).region_id == "441802"
    assert not AuditEntry.objects.filter(action="user.scope").exists()


@pytest.mark.django_db
def test_the_audit_page_filters_by_object_and_user(web: WebWorld, as_role: Any) -> None:
    admin = as_role("admin")
    leader = UserScope.objects.get(user__username="t-leader")
    admin.post(reverse("user_scope", kwargs={"user_id": leader.user_id}), {"role": "leader", "where": "441802"})
    page = admin.get(reverse("audit"), {"object_type": "User", "username": "t-admin"})
    entries = list(page.context["page"])
    assert [(e.action, e.object_id) for e in entries] == [("user.scope", "t-leader")]
    by_object = admin.get(reverse("audit"), {"object_type": "User", "object_id": "t-leader"}).context["page"]
    assert [(e.action, e.username) for e in by_object] == [("user.scope", "t-admin")]
    assert list(admin.get(reverse("audit"), {"object_type": "User", "object_id": "t-clerk"}).context["page"]) == []
    api = admin.get(reverse("api_audit"), {"object_type": "User"}).json()
    assert [(e["action"], e["before"]["role"], e["after"]["role"]) for e in api] == [("user.scope", "leader", "leader")]


@pytest.mark.django_db
def test_audit_entries_cannot_be_changed(web: WebWorld) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.summary = "改写"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


@pytest.mark.django_db
def test_a_hand_recorded_item_counts_in_the_verdict_and_is_audited(web: WebWorld, as_role: Any) -> None:
    client = as_role("supervision")
    url = reverse("assessment_item", kwargs={"region": web.county, "year": 2023})
    data = {"item_key": "gov_01_layout", "status": "达标", "value": "", "evidence": "布局规划已批复"}
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(action="manual_item.record")
    assert (entry.username, entry.before, entry.region_code) == ("t-supervision", None, web.county)
    assert entry.after == {"status": "达标", "value": None, "evidence": "布局规划已批复"}
    page = client.get(reverse("assessments", kwargs={"region": web.county, "year": 2023}))
    items = {i["key"]: i for i in page.context["verdicts"][0].result["items"]}
    assert (items["gov_01_layout"]["status"], items["gov_01_layout"]["evidence"]) == ("met", "布局规划已批复")


@pytest.mark.django_db
def test_saving_a_project_unchanged_keeps_its_blank_category(web: WebWorld, as_role: Any) -> None:
    from eduplan.store.models import PlanProject

    project = PlanProject.objects.get(plan_id=web.plan_id)
    project.category = ""
    project.save()
    client = as_role("planning")
    page = client.get(reverse("plan_review", kwargs={"plan_id": web.plan_id}))
    (rows,) = [rows for kind, _, rows in page.context["sections"] if kind == "project"]
    ((_, fields),) = rows
    form = {f["name"]: f["value"] for f in fields}
    assert form["category"] == ""
    url = reverse("plan_correct", kwargs={"plan_id": web.plan_id, "kind": "project", "item_id": project.pk})
    assert client.post(url, form).status_code == 302
    project.refresh_from_db()
    assert (project.category, project.confirmed) == ("", True)
    assert AuditEntry.objects.filter(action__startswith="plan.").get().action == "plan.confirm"


@pytest.mark.django_db
def test_an_admin_cannot_change_his_own_role(web: WebWorld, as_role: Any) -> None:
    admin = UserScope.objects.get(user__username="t-admin")
    response = as_role("admin").post(
        reverse("user_scope", kwargs={"user_id": admin.user_id}), {"role": "clerk", "where": web.school}
    )
    assert response.status_code == 400
    assert "不能修改自己的角色与范围" in response.content.decode()
    assert UserScope.objects.get(pk=admin.pk).role == "admin"


@pytest.mark.django_db
def test_an_htmx_correction_returns_the_item_card(web: WebWorld, as_role: Any) -> None:
    url = reverse("plan_correct", kwargs={"plan_id": web.plan_id, "kind": "indicator", "item_id": web.indicator_id})
    response = as_role("planning").post(url, {"target_value": "99"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith('<div class="card beside" id="indicator-')  # the item beside its source
    assert 'name="target_value" value="99.0"' in body
    assert "已保存" in body
