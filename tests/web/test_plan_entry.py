"""Plan work in the browser without a command line: upload a plan file (read in a second request), type a plan in,
add items by hand, enter actuals, project progress and task status. Every write is audited and scoped; a bad field
is answered 400 with its message on the field, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eduplan.store.models import AuditEntry, IndicatorActual, Job, Plan, PlanIndicator, PlanProject, PlanTask
from tests.web.conftest import client_for
from tests.web.plan_files import TITLE, write_plan_docx
from tests.web.world import ROLE_USERS, WebWorld

pytestmark = pytest.mark.django_db

NEW_PLAN = {"title": "手工录入的测试规划", "region": "441802", "period_start": "2021", "period_end": "2025"}


@pytest.fixture
def planner(web: WebWorld, settings: Any, tmp_path: Path) -> Client:
    settings.MEDIA_ROOT = tmp_path / "media"
    return client_for(ROLE_USERS["planning"])


def _body(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_an_analyst_types_a_plan_in_and_adds_one_item_of_each_kind(planner: Client) -> None:
    response = planner.post(reverse("plan_new"), NEW_PLAN)
    plan = Plan.objects.get(title="手工录入的测试规划")
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert (plan.region_id, plan.period_start, plan.period_end, plan.source_file) == ("441802", 2021, 2025, "")
    indicator = {"name": "义务教育巩固率", "unit": "%", "baseline_year": "2020", "baseline_value": "97.5"}
    indicator |= {"target_year": "2025", "target_value": "99", "comparator": "≥", "nature": "约束性"}
    project = {"name": "城东小学新建工程", "category": "新建", "stage": "小学", "seats": "1620"}
    project |= {"investment": "8600", "start_year": "2022", "finish_year": "2024", "responsible": "县教育局"}
    task = {"text": "完成城区学校布局专项规划", "lead": "县教育局", "others": "县自然资源局、县住建局"}
    task |= {"deadline": "2024-06-30"}
    for kind, data in (("indicator", indicator), ("project", project), ("task", task)):
        response = planner.post(reverse("plan_add_item", args=[plan.pk, kind]), data)
        assert response.status_code == 302, _body(response)
    i = PlanIndicator.objects.get(plan=plan)
    assert (i.name, i.unit, i.baseline_year, i.baseline_value, i.target_year, i.target_value, i.comparator) == (
        "义务教育巩固率", "%", 2020, 97.5, 2025, 99.0, "≥",
    )  # fmt: skip
    assert (i.nature, i.kind, i.confirmed, i.source_file, i.uncertain) == ("约束性", "table", True, "", [])
    p = PlanProject.objects.get(plan=plan)
    assert (p.name, p.category, p.stage, p.seats, p.investment, p.start_year, p.finish_year, p.responsible) == (
        "城东小学新建工程", "新建", "小学", {"小学": 1620}, 8600.0, 2022, 2024, "县教育局",
    )  # fmt: skip
    t = PlanTask.objects.get(plan=plan)
    assert (t.responsible, t.deadline, t.deadline_text) == (
        ["县教育局", "县自然资源局", "县住建局"],
        dt.date(2024, 6, 30),
        "2024年6月30日前",
    )
    actions = list(AuditEntry.objects.filter(region_code="441802").order_by("pk").values_list("action", "username"))
    assert actions == [("plan.create", "t-planning")] + [("plan.add", "t-planning")] * 3
    page = _body(planner.get(reverse("plan_review", args=[plan.pk])))
    assert page.count("出处：手工录入") == 3


BAD_FIELDS = [  # (form, data, the messages on its fields)
    (
        "plan_new",
        {"title": "", "region": "441802", "period_start": "2025", "period_end": "2021"},
        ["请填写规划名称", "结束年不能早于起始年"],
    ),
    ("plan_new", NEW_PLAN | {"region": "441803"}, ["请选择您权限范围内的区域"]),  # the other county
    ("plan_new", NEW_PLAN | {"period_start": "二〇二一"}, ["规划期起始年应为四位数的年份，如 2025"]),
    ("indicator", {"name": "巩固率", "target_value": "九十九", "comparator": "≥"}, ["目标值应为数字，如 95.5"]),
    ("indicator", {"name": "巩固率", "comparator": "大于"}, ["比较方式应为 ≥、>、≤、<、=、保持、保持高水平 之一"]),
    ("project", {"name": "城东小学", "seats": "1620"}, ["填写了学位时请选择学段"]),
    ("project", {"name": "城东小学", "investment": "-5"}, ["总投资（万元）不能小于 0"]),
    ("project", {"name": "城东小学", "start_year": "2024", "finish_year": "2022"}, ["竣工年份不能早于开工年份"]),
    ("task", {"text": "", "deadline": "2024-13-01"}, ["请填写任务内容", "完成期限应为日期，如 2025-12-31"]),
]


def test_a_bad_field_is_answered_400_with_its_message_and_nothing_is_stored(planner: Client, web: WebWorld) -> None:
    counts = (
        Plan.objects.count(),
        PlanIndicator.objects.count(),
        PlanProject.objects.count(),
        AuditEntry.objects.count(),
    )
    wrong = []
    for url, data, messages in BAD_FIELDS:
        target = reverse(url) if url == "plan_new" else reverse("plan_add_item", args=[web.plan_id, url])
        response = planner.post(target, data)
        body = _body(response)
        missing = [m for m in messages if f'<span class="field-error">{m}</span>' not in body]
        if response.status_code != 400 or missing:
            wrong.append((url, data, response.status_code, missing))
    assert wrong == []
    after = (
        Plan.objects.count(),
        PlanIndicator.objects.count(),
        PlanProject.objects.count(),
        AuditEntry.objects.count(),
    )
    assert after == counts


def _project_id(web: WebWorld) -> int:
    return PlanProject.objects.get(plan_id=web.plan_id).pk


def _task_id(web: WebWorld) -> int:
    return PlanTask.objects.get(plan_id=web.plan_id).pk


def test_actuals_progress_and_task_status_are_written_through_the_store_and_audited(
    planner: Client, web: WebWorld
) -> None:
    def save(kind: str, item_id: int, data: dict[str, str], **headers: str) -> Any:
        return planner.post(reverse("plan_track_save", args=[web.plan_id, kind, item_id]), data, headers=headers)

    response = save("indicator", web.indicator_id, {"year": "2023", "value": "97.2", "note": "2023年统计年报"})
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{web.plan_id}/track/#indicator-{web.indicator_id}"
    actual = IndicatorActual.objects.get(indicator_id=web.indicator_id, year=2023)
    assert (actual.value, actual.source, actual.note) == (97.2, "manual", "2023年统计年报")
    # htmx: the row comes back in place, saved, showing the new actual beside the earlier ones
    row = _body(save("project", _project_id(web), {"year": "2023", "status": "竣工", "seats_delivered": "1620",
                                                      "investment_spent": "8450.5"}, HX_Request="true"))  # fmt: skip
    assert 'class="tag pass">已保存' in row and "已交付学位 1,620" in row and "累计完成投资（万元） 8,450.50" in row
    assert save("task", _task_id(web), {"status": "已完成", "completed_on": "2023-11-30"}).status_code == 302
    task = PlanTask.objects.get(pk=_task_id(web))
    assert (task.status, task.completed_on) == ("已完成", dt.date(2023, 11, 30))
    entries = AuditEntry.objects.filter(action__in=("plan.actual", "plan.progress", "plan.task")).order_by("pk")
    assert [(e.action, e.username, e.after) for e in entries] == [
        ("plan.actual", "t-planning", {"year": 2023, "value": 97.2, "source": "manual"}),
        ("plan.progress", "t-planning", {"year": 2023, "status": "竣工", "seats": 1620, "spent": 8450.5}),
        ("plan.task", "t-planning", {"status": "已完成"}),
    ]
    page = _body(planner.get(reverse("plan_track", args=[web.plan_id])))
    assert "2021：96" in page and "2022：96.50" in page and "2023：97.20" in page


BAD_TRACKING = [  # (kind of item, data, the message on its field)
    ("indicator", {"year": "2023", "value": "九十七"}, "实际值应为数字，如 95.5"),
    ("indicator", {"year": "1899", "value": "97"}, "年份应为 2000–2100 之间的年份"),
    ("project", {"year": "2023", "status": "在建", "seats_delivered": "-1"}, "当年交付学位不能为负数"),
    ("project", {"year": "2023", "status": "建设中"}, "项目状态应为 未开工、在建、竣工、延期 之一"),
    ("task", {"status": "进行中", "completed_on": "2023-11-30"}, "只有已完成的任务才填写完成日期"),
]


def test_a_bad_tracking_field_is_answered_400_in_place(planner: Client, web: WebWorld) -> None:
    items = {"indicator": web.indicator_id, "project": _project_id(web), "task": _task_id(web)}
    entries = AuditEntry.objects.count()
    wrong = []
    for kind, data, message in BAD_TRACKING:
        url = reverse("plan_track_save", args=[web.plan_id, kind, items[kind]])
        for headers in ({"HX-Request": "true"}, {}):  # the row alone for htmx, the whole page otherwise
            response = planner.post(url, data, headers=headers)
            body = _body(response)
            shown = f'<span class="field-error">{message}</span>' in body and ("<html" in body) is not bool(headers)
            if response.status_code != 400 or not shown:
                wrong.append((kind, data, headers, response.status_code))
    assert wrong == []
    assert AuditEntry.objects.count() == entries


def _read(client: Client, path: Path, region: str = "441802") -> tuple[Any, Any]:
    """The upload (answered with the reading job's page, or the stored plan's review page), then where it leads: the
    job (run at once in tests) goes on to the review page, or to the upload page with the file's problems. An upload
    the form refuses is followed by a reading request naming the file directly."""
    upload = client.post(
        reverse("plan_upload"), {"region": region, "file": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    if upload.status_code == 302:
        return upload, client.get(upload["Location"], follow=True)
    token = hashlib.sha256(path.read_bytes()).hexdigest()
    data = {"token": token, "filename": path.name, "region": region}
    return upload, client.post(reverse("plan_upload_read"), data, follow=True)


def _at(response: Any) -> str:
    """The path a followed response ended at."""
    return str(response.request["PATH_INFO"])


def test_an_uploaded_word_file_is_read_stored_for_review_and_not_stored_twice(planner: Client, tmp_path: Path) -> None:
    path = write_plan_docx(tmp_path / "测试县规划.docx")
    upload, read = _read(planner, path)
    job = Job.objects.get(kind="plan.read")  # read in a background job: the upload answers with its page
    assert upload.status_code == 302 and upload["Location"] == f"/jobs/{job.pk}/"
    assert (job.state, job.progress, job.title, job.scope) == ("done", 100, "读取规划文件（测试县规划.docx）", "441802")
    plan = Plan.objects.get(title=TITLE)
    assert read.status_code == 200 and _at(read) == f"/plans/{plan.pk}/review/"
    # the job's page, polling, is sent on (htmx) to the reading's result, which leads to the review page
    polled = planner.get(reverse("job_progress", args=[job.pk]), headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == f"/plans/upload/?job={job.pk}"
    assert planner.get(polled["HX-Redirect"])["Location"] == f"/plans/{plan.pk}/review/"
    assert (plan.region_id, plan.source_file, plan.source_sha256) == (
        "441802",
        "测试县规划.docx",
        hashlib.sha256(path.read_bytes()).hexdigest(),
    )
    assert [(i.name, i.target_value, i.source_line, i.confirmed) for i in plan.indicators.order_by("source_line")] == [
        ("学前三年毛入园率", 98.0, 6, False),
        ("九年义务教育巩固率", 99.0, 7, False),
        ("劳动教育特色学校", 10.0, 14, False),
    ]
    assert [(p.name, p.investment, p.source_line) for p in plan.projects.all()] == [("城东小学新建工程", 8600.0, 11)]
    review = _body(planner.get(reverse("plan_review", args=[plan.pk])))
    assert "出处：测试县规划.docx 表 2 第 2 行" in review  # the project: row 2 of the file's second table
    assert "1 | 城东小学新建工程 | 小学 | 1620 | 8600 | 2022 | 2024" in review
    # the same file again: led to the stored plan, nothing stored twice
    upload, again = _read(planner, path)
    assert upload["Location"] == _at(again) == f"/plans/{plan.pk}/review/"  # no job: nothing to read
    assert Job.objects.filter(kind="plan.read").count() == 1
    assert Plan.objects.filter(title=TITLE).count() == 1
    assert AuditEntry.objects.filter(action="plan.import").count() == 1


def test_a_file_the_reader_refuses_shows_its_located_problem_and_stores_nothing(
    planner: Client, tmp_path: Path, settings: Any
) -> None:
    path = tmp_path / "假的.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    plans = Plan.objects.count()
    _, read = _read(planner, path)
    assert read.status_code == 400
    body = _body(read)
    assert "文件有 1 处问题，未导入任何数据" in body and "无法读取 .docx 文件" in body
    assert Plan.objects.count() == plans
    assert list((Path(settings.MEDIA_ROOT) / "plan-uploads").iterdir()) == []  # the refused file is forgotten


def test_a_plan_file_is_read_only_into_a_region_of_the_users_scope(planner: Client, tmp_path: Path) -> None:
    path = write_plan_docx(tmp_path / "plan.docx")
    upload, read = _read(planner, path, region="441803")
    assert upload.status_code == 400 and "请选择您权限范围内的区域" in _body(upload)
    assert read.status_code == 404  # the reading step checks the region again
    assert not Plan.objects.filter(title=TITLE).exists()


def test_the_new_pages_speak_english_when_picked(planner: Client, web: WebWorld) -> None:
    planner.post("/i18n/setlang/", {"language": "en", "next": "/"})
    upload = _body(planner.get(reverse("plan_upload")))
    assert "<h1>Upload a plan file</h1>" in upload and "Plan file" in upload and "Upload and read" in upload
    track = _body(planner.get(reverse("plan_track", args=[web.plan_id])))
    assert "Indicator actuals" in track and "Seats delivered that year" in track and "Task status" in track


PDF = Path(__file__).parents[1] / "data" / "plans" / "formats" / "text.pdf"


def test_an_uploaded_pdf_shows_each_item_at_its_page_and_table_row(planner: Client, tmp_path: Path) -> None:
    path = tmp_path / "某某县规划.pdf"
    path.write_bytes(PDF.read_bytes())
    _, read = _read(planner, path)
    assert read.status_code == 200, _body(read)
    plan = Plan.objects.get(title="某某县教育事业发展“十四五”规划")
    review = _body(read)
    assert "出处：某某县规划.pdf 第 1 页表 1 第 2 行" in review
    assert "1 | 学前三年毛入园率（%） | 90.2 | ≥95 | 预期性" in review
    assert [(p.name, p.source_page, p.source_where) for p in plan.projects.order_by("pk")] == [
        ("城东小学", 2, "第 2 页第 8 行"),
        ("实验中学", 2, "第 2 页第 9 行"),
    ]
    page = _body(planner.get(reverse("plan", args=[plan.pk])))
    assert f"文件格式：PDF · 文件类型：{plan.kind}（{plan.kind_reason}）" in page and plan.kind == "规划"


GAZETTE = Path(__file__).parents[2] / "src" / "eduplan" / "data" / "plans" / "000_287a84df7b129c81.txt"


def test_a_gazette_upload_stores_the_education_plan_and_says_what_it_left_out(planner: Client, tmp_path: Path) -> None:
    path = tmp_path / "清城区政府公报.txt"
    path.write_bytes(GAZETTE.read_bytes())
    _, read = _read(planner, path)
    (plan,) = Plan.objects.filter(source_file="清城区政府公报.txt")
    assert plan.title == "清远市清城区教育发展“十四五”规划（2021—2025年）"
    shown = [str(m) for m in get_messages(read.wsgi_request)]
    assert shown[0].startswith("已读取 清城区政府公报.txt：《清远市清城区教育发展“十四五”规划（2021—2025年）》指标 ")
    assert (
        shown[1].startswith("《清远市清城区推进多式联运发展优化调整运输结构实施方案》")
        and "不是教育规划，未导入" in shown[1]
    )


def test_the_same_document_in_another_file_is_stored_once_unless_the_analyst_replaces_it(
    planner: Client, tmp_path: Path
) -> None:
    from eduplan.ingest.plans.reading import read_lines

    word = write_plan_docx(tmp_path / "测试县规划.docx")
    _read(planner, word)
    first = Plan.objects.get(title=TITLE)
    text = tmp_path / "测试县规划.txt"  # the same document, copied out as text
    text.write_text("\n".join(read_lines(word)), encoding="utf-8")
    _, read = _read(planner, text)
    assert read.status_code == 400
    body = _body(read)
    assert "测试县规划.txt 中的文件已导入过（内容相同），未重复导入" in body and f"/plans/{first.pk}/review/" in body
    assert 'name="replace" value="1"' in body and Plan.objects.filter(title=TITLE).count() == 1
    token = hashlib.sha256(text.read_bytes()).hexdigest()
    data = {"token": token, "filename": text.name, "region": "441802", "replace": "1"}
    replaced = planner.post(reverse("plan_upload_read"), data, follow=True)
    (second,) = Plan.objects.filter(title=TITLE)
    assert _at(replaced) == f"/plans/{second.pk}/review/" and second.pk != first.pk
    assert second.source_file == "测试县规划.txt"
    assert AuditEntry.objects.filter(action="plan.replace", object_id=str(first.pk)).count() == 1


def test_a_pdf_s_reading_reports_each_page_through_its_job(
    planner: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eduplan.store.jobs import JobContext

    steps: list[tuple[int, str]] = []
    step = JobContext.step
    monkeypatch.setattr(JobContext, "step", lambda ctx, p, m: (steps.append((p, m)), step(ctx, p, m))[1])
    path = tmp_path / "某某县规划.pdf"
    path.write_bytes(PDF.read_bytes())
    _read(planner, path)
    # text.pdf has 2 pages: 5 + 85 × 1/2 and 5 + 85 × 2/2 per cent; then the store write
    assert steps == [
        (2, "正在读取 某某县规划.pdf"),
        (47, "读取 PDF 页面 1/2"),
        (90, "读取 PDF 页面 2/2"),
        (90, "保存规划"),
    ]
    assert Job.objects.get(kind="plan.read").state == "done"
