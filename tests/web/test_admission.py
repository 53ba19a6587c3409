"""积分入学 pages: names only for the admissions office (audited), small cells suppressed, rubric edits versioned."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from eduplan.store.models import AdmissionRubric, AuditEntry
from tests.web.conftest import client_for
from tests.web.test_access import _admission
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.django_db


def _url(name: str, w: WebWorld) -> str:
    return reverse(name, kwargs={"region": w.county, "year": 2025})


def test_applicants_are_named_for_the_admissions_office_and_each_view_is_audited(web: WebWorld) -> None:
    _admission(web, {})
    body = client_for(ROLE_USERS["admissions"]).get(_url("admission_applicants", web)).content.decode()
    assert "申请人1" in body and "申请人3" in body
    assert "第 1 志愿 城南小学 尚有学位，予以录取" in body
    entry = AuditEntry.objects.filter(action="admission.applicants.view").get()
    assert (entry.username, entry.summary) == (ROLE_USERS["admissions"], "查看 2025 年积分入学申请人名单（3 人）")
    assert client_for(ROLE_USERS["planning"]).get(_url("admission_applicants", web)).status_code == 403


def test_other_roles_see_aggregates_without_small_cells_or_names(web: WebWorld) -> None:
    _admission(web, {})
    leader = client_for(ROLE_USERS["leader"]).get(_url("admission", web)).content.decode()
    assert "申请人1" not in leader
    assert "&lt;5人，不公布" in leader  # 2 admitted at 城南小学: its lowest points are not shown
    office = client_for(ROLE_USERS["admissions"]).get(_url("admission", web)).content.decode()
    assert "不公布" not in office


def test_a_rubric_edit_on_the_page_is_a_new_version_showing_unconfirmed_rows(web: WebWorld) -> None:
    _admission(web, {})
    client = client_for(ROLE_USERS["admissions"])
    data = AdmissionRubric.objects.get(code="qc-own", version=1).data
    data["rows"][0]["rate"] = 9
    response = client.post(_url("admission_rubric", web), {"rubric": json.dumps(data), "based_on": "qc-own@1"})
    assert response.status_code == 302
    assert list(AdmissionRubric.objects.filter(code="qc-own").values_list("version", flat=True)) == [2, 1]
    page = client.get(_url("admission_rubric", web) + "?code=qc-own").content.decode()
    assert "每满1年 9 分" in page and "U 未经证实" in page
    assert "已用于派位" not in page  # version 2 has not been run
    bad = client.post(_url("admission_rubric", web), {"rubric": "{"})
    assert bad.status_code == 400
    assert "积分细则不是有效的 JSON：第 1 行第 2 列" in bad.content.decode()


def test_another_districts_rubric_is_out_of_scope(web: WebWorld) -> None:
    from eduplan.store.admission import do_save_rubric

    _admission(web, {})
    data = AdmissionRubric.objects.get(code="qc-own", version=1).data | {"id": "qx-own", "title": "清新区积分细则"}
    do_save_rubric(data, region_code=web.other_county)
    client = client_for(ROLE_USERS["admissions"])
    assert client.get(_url("admission_rubric", web) + "?code=qx-own").status_code == 404
    assert client.post(_url("admission_run", web), {"rubric": "qx-own@1"}).status_code == 404
    assert "清新区积分细则" not in client.get(_url("admission", web)).content.decode()


def test_the_office_sees_the_forecast_beside_the_census_and_takes_it(web: WebWorld) -> None:
    """2023 (the web world's census year): intakes 157, 112, 75 (tests/store/test_admission.py), 凤城街道 160
    forecast entrants; the rows come back as CSV in the form, and saved with 户籍 150, 100, 70 leave 7, 12, 5."""
    from eduplan.store.admission import seats_frame

    url = reverse("admission", kwargs={"region": web.county, "year": 2023}) + "?forecast=1"
    office = client_for(ROLE_USERS["admissions"])
    body = office.get(url).content.decode()
    assert '<td>城南小学</td><td>凤城街道</td><td>1</td><td class="num">157</td><td class="num">160</td>' in body
    csv = body.split('<textarea name="csv" rows="5">', 1)[1].split("</textarea>", 1)[0]
    assert csv.splitlines()[0].endswith("source,hukou,policy,reserve")
    lines = csv.splitlines()
    filled = "\n".join(
        [
            lines[0],
            *(line.rsplit(",0,0,0", 1)[0] + f",{h},0,0" for line, h in zip(lines[1:], (150, 100, 70), strict=True)),
        ]
    )
    response = office.post(reverse("admission_seats", kwargs={"region": web.county, "year": 2023}), {"csv": filled})
    assert response.status_code == 302
    assert seats_frame(web.county, 2023)["seats"].tolist() == [7, 12, 5]
    planning = client_for(ROLE_USERS["planning"]).get(url).content.decode()
    assert "学位预测建议" not in planning  # the office's suggestion only
