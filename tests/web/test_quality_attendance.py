"""The quality and 控辍保学 pages on the web world (scores of tests/web/scores.py, 3 pupils per school):
hand values, small-cell suppression, named views only for the office and the clerk, each audited."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse

from eduplan.store.models import AttendanceCase, AuditEntry
from tests.web.conftest import client_for
from tests.web.world import ROLE_USERS, WebWorld

QUERY = "?grade=6&subject=%E6%95%B0%E5%AD%A6"


def _json(web: WebWorld) -> dict[str, object]:
    from eduplan.store.quality import quality_result

    return quality_result(web.county, 2023, "6", "数学")


@pytest.mark.django_db
def test_the_quality_page_shows_the_county_and_suppresses_small_schools(web: WebWorld) -> None:
    body = client_for(ROLE_USERS["planning"]).get(reverse("quality", args=[web.county, 2023]) + QUERY).content.decode()
    # nine pupils: (51+61+68+44+53+65+61+72+83)/9 = 62; 合格 6/9
    assert "<dt>全县平均分</dt><dd>62</dd>" in body and "<dd>66.67%</dd>" in body
    assert body.count("不足 5 人，不显示") == 4  # three schools (3 pupils each) and one town
    assert "差异率 = (基准 − 本校) / 基准 × 100%" in body
    assert "教育局尚未认定城区优质学校" in body


@pytest.mark.django_db
def test_the_workbook_holds_the_numbers_of_the_json(web: WebWorld) -> None:
    result = _json(web)
    town = next(t for t in result["towns"] if t["code"] == "441802002")  # type: ignore[attr-defined]
    assert (town["students"], town["mean"]) == (6, 63.0)  # 河西 44 53 65 + 新城 61 72 83
    response = client_for(ROLE_USERS["planning"]).get(
        reverse("quality_report", args=[web.county, 2023, "xlsx"]) + QUERY
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = [r for r in book["乡镇"].iter_rows(values_only=True) if r and r[0] == "441802002"]
    assert rows[0][2:6] == (6, 63.0, town["pass_rate"], town["excellent_rate"])


@pytest.mark.django_db
def test_the_bureau_marks_its_benchmark_schools(web: WebWorld) -> None:
    url = reverse("quality_settings", args=[web.county, 2023])
    response = client_for(ROLE_USERS["planning"]).post(url, {"benchmark": [web.school, web.other_school]})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="quality.benchmarks")
    assert entry.after == [web.school]  # the other county's school is not in scope: dropped
    assert _json(web)["benchmark_schools"] == [web.school]


def _report(client: object, web: WebWorld, absent: date) -> int:
    data = {
        "student_id": "G123",
        "name": "王小红",
        "birth_year": "2013",
        "grade": "6",
        "kind": "长期缺勤",
        "reason": "家庭经济困难",
        "responsible": "陈老师",
        "absent_since": absent.isoformat(),
        "reported_on": absent.isoformat(),
        "groups": ["留守儿童"],
    }
    response = client.post(reverse("school_case_new", args=[web.school]), data)  # type: ignore[attr-defined]
    assert response.status_code == 302, response.content.decode()
    return AttendanceCase.objects.get(name="王小红").pk


@pytest.mark.django_db
def test_a_clerks_case_reaches_the_office_and_only_the_office(web: WebWorld) -> None:
    absent = date.today() - timedelta(days=5)
    case_id = _report(client_for(ROLE_USERS["clerk"]), web, absent)
    office = (
        client_for(ROLE_USERS["planning"]).get(reverse("attendance_cases", args=[web.county, 2023])).content.decode()
    )
    assert "王小红" in office and "无理由未返校满 3 天应家访：未家访" in office
    assert client_for(ROLE_USERS["leader"]).get(reverse("case", args=[case_id])).status_code == 403
    leader = client_for(ROLE_USERS["leader"]).get(reverse("attendance", args=[web.county, 2023])).content.decode()
    assert "王小红" not in leader and "&lt;5" in leader  # one case: a small cell
    views = AuditEntry.objects.filter(action="attendance.named_view").values_list("username", flat=True)
    assert sorted(views) == sorted([ROLE_USERS["planning"]])
    assert client_for(ROLE_USERS["clerk"]).get(reverse("case", args=[case_id])).status_code == 200
    assert AuditEntry.objects.filter(action="attendance.named_view").count() == 2


@pytest.mark.django_db
def test_a_bad_report_is_a_400_naming_the_problem_and_stores_nothing(web: WebWorld) -> None:
    response = client_for(ROLE_USERS["clerk"]).post(
        reverse("school_case_new", args=[web.school]), {"birth_year": "2013", "absent_since": "昨天"}
    )
    assert response.status_code == 400
    assert "缺勤起始日期应为日期（YYYY-MM-DD），实际为 &#x27;昨天&#x27;" in response.content.decode()
    assert AttendanceCase.objects.count() == 0


@pytest.mark.django_db
def test_the_api_gives_the_json_of_the_page(web: WebWorld) -> None:
    response = client_for(ROLE_USERS["leader"]).get(reverse("api_quality", args=[web.county, 2023]) + QUERY)
    data = response.json()
    assert data["choices"] == [{"grade": "6", "subject": "数学"}]
    assert data["result"]["county"] == _json(web)["county"]
    assert data["result"]["county"]["mean"] == 62.0
    assert client_for(ROLE_USERS["clerk"]).get(reverse("api_quality", args=[web.county, 2023])).status_code == 404
