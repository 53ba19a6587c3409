"""The supervision pages: recording a visit, the school's reply, bad input answered 400 with nothing written,
the inspector held to his 责任区, evidence served as stored, and the office page's figures equal to its JSON."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eduplan.store.models import AuditEntry
from eduplan.store.models.supervision import Evidence, Rectification, RectificationReport, Visit
from tests.reports.pdftools import compact, pdf_text
from tests.web.supervision_world import PNG, VISIT_FORM, supervision_ids
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(web: WebWorld) -> dict[str, int]:
    return supervision_ids(web)


def test_an_inspector_records_a_visit_and_a_finding_becomes_a_rectification(
    web: WebWorld, ids: Any, as_role: Any
) -> None:
    form = VISIT_FORM | {"result_regular_02": "不合格", "note_regular_02": "违规收取资料费"}
    form |= {"severity_regular_02": "严重", "responsible_regular_02": "李副校长", "deadline_regular_02": "2023-11-15"}
    form |= {"evidence": SimpleUploadedFile("收费单.png", PNG, content_type="image/png")}
    response = as_role("inspector").post(reverse("supervision_visit", args=[web.school]), form)
    assert response.status_code == 302
    rect = Rectification.objects.get(item_key="regular_02")  # 清城区 had 1–3号 (two at 城南小学, one at 河西小学)
    assert (rect.number, rect.finding, rect.severity, rect.responsible) == (
        "清城督整〔2023〕4号",
        "违规收取资料费",
        "严重",
        "李副校长",
    )
    page = as_role("clerk").get(reverse("school_supervision", args=[web.school])).content.decode()
    assert "清城督整〔2023〕4号" in page and "违规收取资料费" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": "2099-01-01"}, "督导日期 2099-01-01 晚于今天"),
        ({"result_regular_03": "不合格", "severity_regular_03": "一般", "responsible_regular_03": "王老师",
          "deadline_regular_03": "2023-10-01"}, "的整改期限 2023-10-01 不晚于督导日期 2023-10-09：期限应在督导之后"),
        ({"date": "十月九日"}, "督导日期 '十月九日' 不对：应为日期，如 2023-10-09"),
    ],
)  # fmt: skip
def test_a_bad_visit_is_400_with_its_message_and_nothing_written(
    web: WebWorld, ids: Any, as_role: Any, changes: dict[str, str], message: str
) -> None:
    before = (Visit.objects.count(), Rectification.objects.count(), AuditEntry.objects.count())
    response = as_role("supervision").post(reverse("supervision_visit", args=[web.school]), VISIT_FORM | changes)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert (Visit.objects.count(), Rectification.objects.count(), AuditEntry.objects.count()) == before


def test_an_inspector_reads_and_writes_only_his_area_until_the_office_allows_reading(
    web: WebWorld, ids: Any, as_role: Any
) -> None:
    """王督学's 责任区 holds 城南小学, not 河西小学: by default 河西小学's supervision records are not found for him
    (404, like anything out of scope); once the office allows reading they are shown, and still never written."""
    inspector, office = as_role("inspector"), as_role("supervision")
    sibling_urls = [
        reverse("school_supervision", args=[web.sibling_school]),
        reverse("supervision_visit", args=[web.sibling_school]),
        reverse("rectification", args=[ids["sibling_rect"]]),
        reverse("rectification_notice", args=[ids["sibling_rect"]]),
        reverse("api_rectification", args=[ids["sibling_rect"]]),
        reverse("api_visit", args=[ids["sibling_visit"]]),
        reverse("visit_report", args=[ids["sibling_visit"], "xlsx"]),
        reverse("evidence_file", args=[ids["sibling_evidence"]]),
    ]
    assert [inspector.get(url).status_code for url in sibling_urls] == [404] * 8
    assert inspector.get(reverse("rectification", args=[ids["rect"]])).status_code == 200  # his own school
    assert inspector.post(sibling_urls[1], VISIT_FORM).status_code == 404
    assert "河西小学的发现" not in inspector.get(reverse("supervision_home")).content.decode()
    # the inspector cannot open the switch himself
    allow = reverse("supervision_reading", args=[web.county, 2023])
    assert inspector.post(allow, {"wider": "on"}).status_code == 403
    assert office.post(allow, {"wider": "maybe"}).status_code == 400
    assert office.post(allow, {"wider": "on"}).status_code == 302
    entry = AuditEntry.objects.get(action="supervision.reading")
    assert (entry.username, entry.before, entry.after) == ("t-supervision", {"wider": False}, {"wider": True})
    assert [inspector.get(url).status_code for url in sibling_urls] == [200] * 8
    refused = inspector.post(sibling_urls[1], VISIT_FORM)
    assert refused.status_code == 403 and "不在您的责任区内" in refused.content.decode()
    assert (
        inspector.post(reverse("rectification_recheck", args=[ids["sibling_rect"]]), {"outcome": "close"}).status_code
        == 403
    )
    action = {"kind": "约谈", "date": "2023-11-20", "who": "校长"}
    assert inspector.post(reverse("rectification_action", args=[ids["sibling_rect"]]), action).status_code == 403
    assert Visit.objects.filter(school_code=web.sibling_school).count() == 1
    assert Rectification.objects.get(pk=ids["sibling_rect"]).state == "open"
    # switched off again: back to his 责任区 only
    assert office.post(allow, {"wider": "off"}).status_code == 302
    assert inspector.get(sibling_urls[0]).status_code == 404


def test_the_clerk_answers_with_evidence_and_a_wrong_file_is_refused(web: WebWorld, ids: Any, as_role: Any) -> None:
    clerk = as_role("clerk")
    url = reverse("rectification_report", args=[ids["rect"]])
    fake = SimpleUploadedFile("整改照片.png", b"GIF89a not allowed", content_type="image/png")
    refused = clerk.post(url, {"text": "已清理", "evidence": fake})
    assert refused.status_code == 400
    assert "只接受 PNG、JPEG 图片或 PDF 文件" in refused.content.decode()
    assert Rectification.objects.get(pk=ids["rect"]).state == "open"
    assert RectificationReport.objects.filter(rectification_id=ids["rect"]).count() == 0
    pdf = SimpleUploadedFile("整改说明.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    assert clerk.post(url, {"text": "已清理", "evidence": pdf}).status_code == 302
    assert clerk.post(url, {"text": "已清理"}).status_code == 302  # double submit: recognised, not stored twice
    assert RectificationReport.objects.filter(rectification_id=ids["rect"]).count() == 1
    evidence = Evidence.objects.get(report__rectification_id=ids["rect"])
    shown = clerk.get(reverse("evidence_file", args=[evidence.pk]))
    assert (shown["Content-Type"], shown["X-Content-Type-Options"], shown.content) == (
        "application/pdf",
        "nosniff",
        b"%PDF-1.4 ok",
    )
    # another school's rectification is not even found for him
    assert clerk.post(reverse("rectification_report", args=[ids["sibling_rect"]]), {"text": "x"}).status_code == 404


def test_the_office_page_shows_the_figures_of_its_json(web: WebWorld, ids: Any, as_role: Any) -> None:
    client = as_role("leader")
    data = client.get(reverse("api_supervision", args=[web.county, 2023])).json()
    term = data["term"]
    # 清城区 in 2023: 城南小学, 河西小学, 新城小学 open; visits on 2023-10-09 at 城南小学 and 河西小学
    assert term["coverage"] == {"schools": 3, "covered": 2, "required": 1, "share": 2 / 3,
                                "not_covered": ["4418020004"]}  # fmt: skip
    assert term["rectifications"]["total"] == 3 and term["rectifications"]["reported"] == 1
    assert term["rectifications"]["overdue"] == 2  # deadline 2023-11-30, still with the schools
    page = client.get(reverse("supervision_office", args=[web.county, 2023])).content.decode()
    assert "<dt>计划内学校</dt><dd>3</dd>" in page and "<dt>已达次数的学校</dt><dd>2</dd>" in page
    assert '<dt>逾期</dt><dd class="fail">2</dd>' in page
    assert client.get(reverse("supervision_office", args=[web.county, 2023]) + "?plan=abc").status_code == 400
    # the leader's card on the dashboard: the same overdue count and coverage
    card = client.get(reverse("dashboard", args=[web.county, 2023])).content.decode()
    card = card[card.index('id="supervision-card"') :]
    assert '<div class="big fail">2</div>' in card[:400] and "校校到 2/3" in card[:600]


def test_the_responsible_person_is_named_only_to_the_office_his_inspector_and_his_school(
    web: WebWorld, ids: Any, as_role: Any
) -> None:
    """张主任 (城南小学) by name for 督导室, admin, 王督学 (城南小学 is in his 责任区) and 城南小学's clerk — each view
    audited; a pseudonym for everyone else in scope, and on the letter they download."""
    url = reverse("rectification", args=[ids["rect"]])
    shown = {}
    for role in ROLE_USERS:
        page = as_role(role).get(url).content.decode()
        shown[role] = page[page.index('id="responsible">') + 17 :].split("<", 1)[0]
    named = {role for role, text in shown.items() if text == "张主任"}
    assert named == {"admin", "supervision", "inspector", "clerk"}
    pseudonyms = {shown[role] for role in set(ROLE_USERS) - named}
    assert len(pseudonyms) == 1 and re.fullmatch("化名 R-[0-9a-f]{8}", pseudonyms.pop())
    reads = AuditEntry.objects.filter(action="supervision.named_view")
    assert sorted(reads.values_list("username", flat=True)) == sorted(ROLE_USERS[r] for r in named)
    # the inspector reading a school outside his 责任区 (the office allows it) sees the pseudonym, nothing is audited
    from eduplan.store.models import Region
    from eduplan.store.supervision import do_set_reading

    do_set_reading(None, Region.objects.get(code=web.county), True)
    sibling = as_role("inspector").get(reverse("rectification", args=[ids["sibling_rect"]])).content.decode()
    assert "张主任" not in sibling and reads.count() == 4
    letter = compact(pdf_text(as_role("leader").get(reverse("rectification_notice", args=[ids["rect"]])).content))
    assert "学校责任人化名" in letter and "张主任" not in letter and reads.count() == 4
    named_letter = as_role("supervision").get(reverse("rectification_notice", args=[ids["rect"]])).content
    assert "学校责任人张主任" in compact(pdf_text(named_letter)) and reads.count() == 5
    # the person summoned (约谈) is personal data too: named on the school's page for the office, audited; a
    # pseudonym on the leader's, and in the term's figures (office page, API, report) for every role
    from eduplan.store.models.supervision import Rectification as Rect
    from eduplan.store.supervision import do_record_action

    do_record_action(None, web.school, "约谈", dt.date(2023, 12, 5), "张主任", "清城督办〔2023〕9号",
                     rect=Rect.objects.get(pk=ids["rect"]))  # fmt: skip
    history = reverse("school_supervision", args=[web.school])
    assert "张主任" in as_role("supervision").get(history).content.decode() and reads.count() == 6
    assert "张主任" not in as_role("leader").get(history).content.decode() and reads.count() == 6
    term = as_role("supervision").get(reverse("api_supervision", args=[web.county, 2023])).json()["term"]
    assert [a["who"][:5] for a in term["actions"]] == ["化名 R-"] and "张主任" not in str(term)


def test_a_visit_report_downloads_the_numbers_of_the_visit_json(web: WebWorld, ids: Any, as_role: Any) -> None:
    import io

    import openpyxl

    clerk = as_role("clerk")
    data = clerk.get(reverse("api_visit", args=[ids["visit"]])).json()
    # the 2023-10-09 visit to 城南小学: 校园及周边安全情况 and 食堂… 不合格, six items 合格, one photo
    assert data["counts"] == {"合格": 6, "基本合格": 0, "不合格": 2, "不适用": 0}
    assert [r["number"] for r in data["rectifications"]] == ["清城督整〔2023〕1号", "清城督整〔2023〕2号"]
    assert [f["filename"] for f in data["evidence"]] == ["现场.png"] and "张主任" not in str(data)
    xlsx = clerk.get(reverse("visit_report", args=[ids["visit"], "xlsx"]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert dict(book["结果汇总"].iter_rows(min_row=2, values_only=True)) == data["counts"]
    assert clerk.get(reverse("visit_report", args=[ids["visit"], "doc"])).status_code == 400


def test_the_notice_letter_prints_the_numbers_of_the_rectification_json(web: WebWorld, ids: Any, as_role: Any) -> None:
    office = as_role("supervision")
    data = office.get(reverse("api_rectification", args=[ids["rect"]])).json()
    # the fixture's first finding at 城南小学: 2023-10-09 visit, deadline 2023-11-30, never answered, so overdue
    assert (data["number"], data["item"], data["severity"], data["deadline"], data["state"], data["overdue"]) == (
        "清城督整〔2023〕1号", "校园及周边安全情况", "较重", "2023-11-30", "open", True
    )  # fmt: skip
    assert data["visit"]["date"] == "2023-10-09" and "张主任" not in str(data)
    pages = pdf_text(office.get(reverse("rectification_notice", args=[ids["rect"]])).content).split("\f")
    letter = compact(pages[0])
    assert len([p for p in pages if p.strip()]) == 1
    year, month, day = (int(x) for x in data["deadline"].split("-"))
    for part in (data["number"], f"{data['school_name']}：", f"督导事项{data['item']}", f"问题{data['finding']}",
                 f"严重程度{data['severity']}", f"整改期限{year}年{month}月{day}日前", "2023年10月9日"):  # fmt: skip
        assert part in letter, part


def _office_counts() -> tuple[int, int, int, int]:
    from eduplan.store.models.supervision import Assignment, Inspector, PlannedVisit

    return (
        Inspector.objects.count(),
        Assignment.objects.count(),
        PlannedVisit.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"inspector": "9999", "schools": "4418020002"}, "督学：没有编号为 '9999' 的清城区督学"),
        ({"schools": "4418030001"}, "学校：学校标识码 4418030001 不在清城区的学校名录中，不能划入责任区"),
        ({"schools": "4418020002", "valid_to": "2024-01-01"}, "结束日期：2024-01-01 应晚于开始日期 2024-02-01"),
        ({"schools": "4418020001"}, "学校：城南小学（4418020001）在 2024-02-01 已在王督学的责任区内，不必重复划入"),
        ({"schools": "4418020002 4418020002"}, "学校：学校标识码 4418020002 填写了两次"),
        ({"schools": ""}, "学校：请至少填写一所学校的学校标识码"),
        ({"valid_from": "二月一日", "schools": "4418020002"}, "开始日期 '二月一日' 不对：应为日期"),
        ({"inspector": "", "new_name": "李督学", "new_kind": "全职", "schools": "4418020002"}, "督学类别：'全职' 不对"),
        # a new inspector with one good and one bad school: neither the inspector nor the good school is written
        ({"inspector": "", "new_name": "李督学", "new_kind": "兼职", "schools": "4418020002,4418030001"},
         "学校：学校标识码 4418030001 不在清城区"),
    ],
)  # fmt: skip
def test_a_bad_assignment_is_400_naming_its_field_and_nothing_written(
    web: WebWorld, ids: Any, as_role: Any, form: dict[str, str], message: str
) -> None:
    from eduplan.store.models.supervision import Inspector

    wang = Inspector.objects.get(name="王督学").pk
    before = _office_counts()
    data = {"inspector": str(wang), "valid_from": "2024-02-01"} | form
    response = as_role("supervision").post(reverse("supervision_assign", args=[web.county, 2023]), data)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert _office_counts() == before


def test_the_office_assigns_a_responsibility_area_and_the_inspector_reads_it(
    web: WebWorld, ids: Any, as_role: Any
) -> None:
    from eduplan.store.models.supervision import Assignment, Inspector

    office, inspector = as_role("supervision"), as_role("inspector")
    url = reverse("supervision_assign", args=[web.county, 2023])
    page = office.get(reverse("supervision_office", args=[web.county, 2023])).content.decode()
    assert 'id="assign-form"' in page and "王督学（专职）" in page
    assert (
        'id="assign-form"' not in inspector.get(reverse("supervision_office", args=[web.county, 2023])).content.decode()
    )
    sibling = reverse("school_supervision", args=[web.sibling_school])
    assert inspector.get(sibling).status_code == 404
    wang = Inspector.objects.get(name="王督学")
    assert (
        office.post(
            url, {"inspector": str(wang.pk), "schools": web.sibling_school, "valid_from": "2024-02-01"}
        ).status_code
        == 302
    )
    assert inspector.get(sibling).status_code == 200  # 河西小学 is his now: read and written
    # a new part-time inspector takes 新城小学 and, from 2024-03-01, 河西小学: 王督学's assignment ends that day
    new = {"new_name": "李督学", "new_kind": "兼职", "schools": "4418020004，4418020002", "valid_from": "2024-03-01"}
    assert office.post(url, new).status_code == 302
    li = Inspector.objects.get(name="李督学")
    assert (li.kind, li.region_id) == ("兼职", web.county)
    rows = Assignment.objects.filter(school_code=web.sibling_school).order_by("valid_from")
    assert [(a.inspector.name, str(a.valid_from), str(a.valid_to)) for a in rows] == [
        ("王督学", "2024-02-01", "2024-03-01"),
        ("李督学", "2024-03-01", "None"),
    ]
    assert inspector.get(sibling).status_code == 404  # no longer his
    audited = AuditEntry.objects.filter(username="t-supervision")
    assert sorted(audited.values_list("action", flat=True)) == ["supervision.assign"] * 3 + ["supervision.inspector"]
    # the planning office and the inspector may not assign
    for role in ("planning", "inspector"):
        assert as_role(role).post(url, new | {"valid_from": "2024-04-01"}).status_code == 403
    assert Assignment.objects.count() == 4  # 城南小学 (the fixture), 河西小学 twice, 新城小学


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"plan": "9999"}, "督导计划：'9999' 不存在"),
        ({"schools": "4418030001"}, "学校：学校标识码 4418030001 不是清城区2023年秋季学期计划的学校"),
        ({"due": "2024-03-01"}, "计划督导日期：2024-03-01 不在计划期 2023-09-01 至 2024-01-31 之内"),
        ({"schools": "4418020002 4418020002"}, "学校：河西小学（4418020002）2023-12-01 的回头看已在计划中，不必重复添加"),
        ({"kind": "巡查"}, "督导类型 '巡查' 不对"),
        ({"due": ""}, "计划督导日期 '' 不对：应为日期"),
    ],
)  # fmt: skip
def test_a_bad_visit_due_is_400_naming_its_field_and_nothing_written(
    web: WebWorld, ids: Any, as_role: Any, form: dict[str, str], message: str
) -> None:
    before = _office_counts()
    data = {"schools": "4418020002", "kind": "回头看", "checklist": "regular", "due": "2023-12-01"} | form
    response = as_role("supervision").post(reverse("supervision_due", args=[web.county, 2023]), data)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert _office_counts() == before


def test_the_office_adds_visits_due_to_the_term_plan(web: WebWorld, ids: Any, as_role: Any) -> None:
    from eduplan.store.models.supervision import PlannedVisit, SupervisionPlan

    office = as_role("supervision")
    plan = SupervisionPlan.objects.get(region_id=web.county)
    url = reverse("supervision_due", args=[web.county, 2023])
    data = {"plan": str(plan.pk), "schools": "4418020001、4418020004", "kind": "专项督导", "checklist": "five",
            "due": "2023-11-20"}  # fmt: skip
    response = office.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith(f"?plan={plan.pk}")
    rows = plan.visits_due.order_by("school_code")
    assert [(v.school_code, v.kind, v.checklist, str(v.due)) for v in rows] == [
        ("4418020001", "专项督导", "five", "2023-11-20"),
        ("4418020004", "专项督导", "five", "2023-11-20"),
    ]
    entry = AuditEntry.objects.get(action="supervision.due")
    assert (entry.username, entry.object_id, len(entry.after)) == ("t-supervision", str(plan.pk), 2)
    again = office.post(url, data)  # the same visits again: a duplicate, nothing more
    assert again.status_code == 400 and "已在计划中，不必重复添加" in html.unescape(again.content.decode())
    assert PlannedVisit.objects.count() == 2
    assert as_role("inspector").post(url, data | {"due": "2023-11-21"}).status_code == 403


def test_a_city_scoped_inspector_reads_wider_only_in_the_county_that_allows_it(
    web: WebWorld, ids: Any, as_role: Any
) -> None:
    """Like the demo's 陈督学: his login's scope is the city, his 督学 post is 清城区's. 清城区's switch opens 河西小学
    to him, read-only; 外县小学 (清新区, no switch) stays not found."""
    from eduplan.store.models import Region, UserScope
    from eduplan.store.supervision import do_set_reading

    UserScope.objects.filter(user__username=ROLE_USERS["inspector"]).update(region_id="441800")
    inspector = as_role("inspector")
    sibling = reverse("rectification", args=[ids["sibling_rect"]])
    outside = reverse("rectification", args=[ids["other_rect"]])
    assert (inspector.get(sibling).status_code, inspector.get(outside).status_code) == (404, 404)
    do_set_reading(None, Region.objects.get(code=web.county), True)
    assert (inspector.get(sibling).status_code, inspector.get(outside).status_code) == (200, 404)
    assert inspector.get(reverse("school_supervision", args=[web.other_school])).status_code == 404
