"""A school's census rows in the web: the clerk's draft and submission with messages on the field, the office's
review and completeness page, the county restore button, and the administrator's account forms."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from eduplan.store.models import AuditEntry, CensusStage, CensusSubmission, CensusVersion
from tests.web.world import WebWorld


def _url(web: WebWorld, name: str = "school_census") -> str:
    return reverse(name, kwargs={"code": web.school, "year": 2023})


def _teachers(code: str) -> int:
    return int(CensusStage.objects.get(version__year=2023, version__is_current=True, school_code=code).teachers)


def _page(response: Any) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_the_clerk_saves_a_draft_in_place_and_nothing_goes_live(web: WebWorld, as_role: Any) -> None:
    clerk = as_role("clerk")
    school = _page(clerk.get(reverse("school", kwargs={"code": web.school})))
    links = school.split('id="collect"')[1].split("</p>")[0]  # the latest census year and the next
    assert f'href="/schools/{web.school}/census/2023/">2023–2024学年' in links
    assert f'href="/schools/{web.school}/census/2024/">2024–2025学年' in links
    form = _page(clerk.get(_url(web)))
    assert 'name="学段|小学|teachers" size="7" aria-label="小学 专任教师数" value="52"' in form
    assert "尚未填报" in form
    response = clerk.post(_url(web), {"学段|小学|teachers": "53", "action": "save"})
    assert response.status_code == 302
    assert CensusVersion.objects.filter(year=2023).count() == 1 and _teachers(web.school) == 52
    page = _page(clerk.get(_url(web)))
    assert "已保存草稿，检查未发现问题" in page and ">草稿<" in page
    assert 'aria-label="小学 专任教师数" value="53"' in page


@pytest.mark.django_db
def test_nine_million_pupils_are_stopped_with_the_message_on_the_field(web: WebWorld, as_role: Any) -> None:
    """Grade 1 of 城南小学 = 9,999,999 and the 学段 total raised to match (9,999,999 + 5 × 160)."""
    posted = {"年级|小学/1|students": "9999999", "学段|小学|students": "10000799", "action": "submit"}
    response = as_role("clerk").post(_url(web), posted)
    assert response.status_code == 400
    page = _page(response)
    assert "未上报：3 处错误，1 处提醒未填写原因。请按各栏下的提示修改后再上报" in page
    field = page.split('id="f-年级-小学-1-students"')[1].split("</td>")[0]
    assert 'value="9999999"' in field and 'aria-invalid="true"' in field
    assert "平均每班 2,499,999.8 人（9,999,999 人 ÷ 4 班），超过 132 人，不可能：请检查在校生数和班级数" in field
    assert "工作表" not in page and "单元格" not in page  # the user's words, not a spreadsheet's
    assert CensusSubmission.objects.get().status == "draft"
    assert CensusVersion.objects.filter(year=2023).count() == 1
    assert (
        not CensusStage.objects.filter(students=10_000_799)
        .exclude(version__isnull=True)
        .filter(version__is_current=True)
        .exists()
    )


@pytest.mark.django_db
def test_a_leader_reads_the_rows_without_a_form(web: WebWorld, as_role: Any) -> None:
    leader = as_role("leader")
    page = _page(leader.get(_url(web)))
    assert 'id="f-学段-小学-teachers">52' in page and "<input name=" not in page.split('id="census-form"')[1]
    assert leader.post(_url(web), {"学段|小学|teachers": "53"}).status_code == 403


@pytest.mark.django_db
def test_the_office_approves_from_the_completeness_page(web: WebWorld, as_role: Any) -> None:
    clerk, office = as_role("clerk"), as_role("planning")
    clerk.post(_url(web), {"学段|小学|teachers": "53", "action": "submit"})
    assert CensusSubmission.objects.get().status == "submitted"
    progress = _page(office.get(reverse("collection", kwargs={"region": web.county, "year": 2023})))
    row = progress.split("<th>合计</th>")[1].split("</tr>")[0]
    assert [c.split(">")[1] for c in row.split("</th>")[:5]] == ["3", "1", "0", "0", "2"]
    assert f'href="{_url(web, "school_review")}"' in progress
    assert "本学年的正式普查数据：当前第1版（来源 演示数据）" in progress
    assert f'<a href="/r/{web.county}/2023/schools/?town=441802002">东城街道</a>' in progress  # drill down
    review = _page(office.get(_url(web, "school_review")))
    assert "学段 · 小学 · 专任教师数" in review and '<td class="num">52</td><td class="num">53</td>' in review
    office.post(_url(web, "school_review"), {"decision": "return", "reason": "教师数请与人事科核对"})
    returned = _page(clerk.get(_url(web)))
    assert "已退回" in returned and "退回原因：</strong>教师数请与人事科核对" in returned
    clerk.post(_url(web), {"action": "submit"})
    response = office.post(_url(web, "school_review"), {"decision": "approve"})
    assert response["Location"] == reverse("collection", kwargs={"region": web.county, "year": 2023})
    assert (CensusVersion.objects.get(is_current=True, year=2023).number, _teachers(web.school)) == (2, 53)
    assert AuditEntry.objects.filter(action="collection.approve", username="t-planning").count() == 1


@pytest.mark.django_db
def test_the_county_office_restores_its_own_county(web: WebWorld, as_role: Any) -> None:
    """The census of 2022 holds 清新区 too: the whole-year restore is refused, the county restore is offered."""
    from eduplan.store.census import do_load_census
    from tests.web.world import current_tables

    do_load_census(2022, current_tables(2022), filename="第二版")
    office = as_role("planning")
    page = _page(office.get(reverse("census")))
    assert "把清城区恢复为此版" in page
    response = office.post(reverse("census_restore_county", kwargs={"year": 2022, "number": 1}), {"county": "441802"})
    assert response.status_code == 302
    assert CensusVersion.objects.get(year=2022, is_current=True).number == 3
    refused = office.post(reverse("census_restore_county", kwargs={"year": 2022, "number": 1}), {"county": "441803"})
    assert refused.status_code == 404  # another county is out of his scope


@pytest.mark.django_db
def test_the_administrator_creates_and_deactivates_a_user(web: WebWorld, as_role: Any) -> None:
    admin = as_role("admin")
    new = {"username": "clerk-hexi", "password": "initial-pass-1", "role": "clerk", "where": "4418020002"}
    assert admin.post(reverse("user_create"), new).status_code == 302
    user = User.objects.get(username="clerk-hexi")
    assert user.scope.school_code == "4418020002"
    assert admin.post(reverse("user_create"), {**new, "where": "4418030001"}).status_code == 400  # another county
    admin.post(reverse("user_account", kwargs={"user_id": user.pk}), {"action": "deactivate"})
    user.refresh_from_db()
    assert not user.is_active
    assert "已停用" in _page(admin.get(reverse("users")))


def test_the_collection_states_are_marked_for_translation() -> None:
    from eduplan.store.models.collection import STATUSES
    from eduplan.web.vocabulary import COLLECTION_STATUS_NAMES

    assert tuple(STATUSES.values()) == COLLECTION_STATUS_NAMES
