"""Report downloads on the web: the user's county or plan as PDF and XLSX, with the numbers the API shows; out of
scope is 404 and no document (who may reach each URL at all is tests/web/test_access.py)."""

from __future__ import annotations

import io
import re
from typing import Any
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse

from eduplan.standards.quality_balance import STANDARD as QUALITY_BALANCE
from tests.reports.pdftools import compact, lines_with, missing_glyphs, numbers, pdf_text, save_pages
from tests.web.conftest import client_for
from tests.web.world import CITY_ANALYST, OUTSIDER, WebWorld

# 城南小学 in the web world's 2023 census (tests/web/world.py): 960 pupils, 21 classes, 52 teachers, of whom 50
# above the required qualification and 5 backbone; 3 + 2 + 2 PE/music/art; 4.5 and 7.0 ㎡ per pupil; 0.25 万元
# equipment per pupil; 22 multimedia rooms. Per 100 pupils: 50/9.6, 5/9.6, 7/9.6, 22/9.6.
CHENGNAN = ["960", "5.208", "0.521", "0.729", "4.500", "7.000", "2500.00", "2.292"]
# Met: teachers (≥ 4.2), teaching rooms (≥ 4.5), equipment (≥ 2000): 3 of 7, so the school fails.
CHENGNAN_MET = "3"


def _download(client: Any, region: str, name: str) -> Any:
    return client.get(reverse("report_download", kwargs={"region": region, "year": 2023, "name": name}))


@pytest.mark.django_db
def test_balanced_pdf_holds_the_apis_numbers_for_the_users_county(web: WebWorld, as_role: Any) -> None:
    client = as_role("leader")
    # The reports page generates the PDF as a background job (run at once in tests), then offers its download.
    page = client.get(reverse("reports", kwargs={"region": web.county, "year": 2023})).content.decode()
    job_url = reverse("report_job", kwargs={"region": web.county, "year": 2023, "name": "balanced.pdf"})
    assert f'action="{job_url}"' in page
    submitted = client.post(job_url)
    assert submitted.status_code == 302
    job_page = client.get(submitted["Location"]).content.decode()
    assert 'data-state="done"' in job_page and "已生成 优质均衡自评_441802_2023.pdf" in job_page
    [download] = re.findall(r'id="job-download" href="([^"]+)"', job_page)
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert (
        f"filename*=utf-8''{quote('优质均衡自评_441802_2023.pdf')}".lower() in response["Content-Disposition"].lower()
    )
    content = b"".join(response.streaming_content)
    text = pdf_text(content)
    save_pages(content, "web-balanced-441802-2023")
    assert "\ufffd" not in text and missing_glyphs(text) == set()

    table = text.split("小学学校指标达标情况")[1].split("未达标学校及改进途径")[0]
    [row] = lines_with(table, "城南小学")
    assert numbers(row.split("城南小学", 1)[1]) == [*CHENGNAN, CHENGNAN_MET]
    assert row.rstrip().endswith("未达标")

    api = reverse("api_quality_balance", kwargs={"code": web.county, "year": 2023})
    [county] = client.get(api).json()
    primary = county["result"]["stages"]["小学"]
    assert f"总体结论：{county['result']['verdict']}" in compact(text)
    cvs = text.split("小学校际差异系数")[1]
    for ind in QUALITY_BALANCE.indicators:
        line = lines_with(cvs, ind.name)[0]
        assert numbers(line.split(ind.unit, 1)[1])[2] == f"{primary['cv'][ind.key]:.3f}"
    for school in primary["schools"]:
        [line] = lines_with(table, school["name"])
        assert numbers(line.split(school["name"], 1)[1])[-1] == str(school["met"])
    assert [s["name"] for s in primary["schools"]] == ["城南小学", "河西小学", "新城小学"]
    assert "外县小学" not in text


@pytest.mark.django_db
def test_balanced_workbook_holds_the_same_numbers(web: WebWorld, as_role: Any) -> None:
    response = _download(as_role("planning"), web.county, "balanced.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book["小学学校"].iter_rows(values_only=True))
    chengnan = next(r for r in rows if r[1] == "城南小学")
    assert chengnan[2:11] == (
        960,
        pytest.approx(50 / 9.6),
        pytest.approx(5 / 9.6),
        pytest.approx(7 / 9.6),
        pytest.approx(4.5),
        pytest.approx(7.0),
        pytest.approx(2500.0),
        pytest.approx(22 / 9.6),
        3,
    )
    assert chengnan[11] == "未达标"


@pytest.mark.django_db
def test_staffing_and_plan_reports_download(web: WebWorld, as_role: Any) -> None:
    client = as_role("personnel")
    staffing = _download(client, web.county, "staffing.xlsx")
    assert staffing.status_code == 200
    schools = {
        r[1]: r for r in openpyxl.load_workbook(io.BytesIO(staffing.content))["学校明细"].iter_rows(values_only=True)
    }
    # 2014 norm, 小学 1 post per 19 pupils: 960 / 19 = 50.53, which the result gives per school to 0.1.
    assert schools["城南小学"][3:5] == (960, 50.5)
    assert "外县小学" not in schools
    city = _download(client_for(CITY_ANALYST), "441800", "staffing.xlsx")  # not only a county's
    city_rows = openpyxl.load_workbook(io.BytesIO(city.content))["学校明细"].iter_rows(min_row=2, values_only=True)
    assert sorted(r[1] for r in city_rows) == ["城南小学", "外县小学", "新城小学", "河西小学"]

    plan = client.get(reverse("plan_report", kwargs={"plan_id": web.plan_id, "fmt": "pdf"}), {"year": "2023"})
    assert plan.status_code == 200 and plan["Content-Type"] == "application/pdf"
    text = pdf_text(plan.content)
    [line] = lines_with(text, "学前三年毛入园率")
    assert numbers(line.split("学前三年毛入园率", 1)[1])[:4] == ["2020", "95", "2025", "98"]
    assert "新城小学新建工程" in text and "完成城区学校布局专项规划" in text


@pytest.mark.django_db
def test_out_of_scope_gets_no_document(web: WebWorld) -> None:
    outsider = client_for(OUTSIDER)
    for name in ("balanced.pdf", "balanced.xlsx", "staffing.pdf"):
        response = _download(outsider, web.county, name)
        assert response.status_code == 404 and b"%PDF" not in response.content
    plan = outsider.get(reverse("plan_report", kwargs={"plan_id": web.plan_id, "fmt": "pdf"}))
    assert plan.status_code == 404
    assert _download(client_for(OUTSIDER), web.other_county, "balanced.docx").status_code == 404


@pytest.mark.django_db
def test_a_year_without_census_is_a_page_not_a_file(web: WebWorld, as_role: Any) -> None:
    # No census for 2030: the store's NotFound, which the web shows as its 404 page (as for any missing object).
    response = as_role("leader").get(
        reverse("report_download", kwargs={"region": web.county, "year": 2030, "name": "balanced.pdf"})
    )
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
    assert "未找到" in response.content.decode("utf-8")


@pytest.mark.django_db
def test_the_plan_page_offers_the_review_of_its_latest_year_with_actuals(web: WebWorld, as_role: Any) -> None:
    # The world's plan has actuals for 2021 and 2022 only: the review is of 2022, not of the calendar year.
    page = as_role("planning").get(reverse("plan", kwargs={"plan_id": web.plan_id})).content.decode()
    pdf = reverse("plan_report", kwargs={"plan_id": web.plan_id, "fmt": "pdf"})
    assert f'href="{pdf}?year=2022"' in page
    xlsx = as_role("planning").get(reverse("plan_report", kwargs={"plan_id": web.plan_id, "fmt": "xlsx"}))
    assert xlsx.status_code == 200 and "2022" in xlsx["Content-Disposition"]
