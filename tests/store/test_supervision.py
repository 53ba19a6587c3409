"""The supervision loop's writes: visit → rectification → 整改报告 → 复查, each refused write leaving nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from eduplan.errors import UsageError
from eduplan.standards.supervision import REGULAR
from eduplan.store.models import AuditEntry, Region
from eduplan.store.models.supervision import Evidence, Rectification, Visit
from eduplan.store.supervision import (
    Finding,
    Upload,
    VisitInput,
    assigned_schools,
    do_add_inspector,
    do_assign_school,
    do_recheck,
    do_record_action,
    do_record_visit,
    do_submit_report,
)
from tests.images import tiny_png

TODAY = dt.date(2023, 11, 1)
PNG = tiny_png()
ALL_GOOD = {item.key: ("合格", "") for item in REGULAR.items}


def _visit(school: str, **changes: Any) -> VisitInput:
    results = {**ALL_GOOD, "regular_06": ("不合格", "消防通道堆放杂物")}
    finding = Finding("消防通道堆放杂物", "严重", "张校长", dt.date(2023, 11, 30), item_key="regular_06")
    fields: dict[str, Any] = {
        "school_code": school, "date": dt.date(2023, 10, 9), "kind": "挂牌督导", "checklist": "regular",
        "results": results, "findings": (finding,), "evidence": (Upload("现场.png", PNG),),
    }  # fmt: skip
    return VisitInput(**(fields | changes))


def _nothing_written(before: int) -> None:
    assert Visit.objects.count() == 0 and Rectification.objects.count() == 0 and Evidence.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_visit_opens_a_numbered_rectification_with_evidence(world: Any) -> None:
    visit, created = do_record_visit(None, _visit(world.open_school), TODAY)
    assert created and visit.results.count() == 8
    rect = Rectification.objects.get()
    assert (rect.number, rect.state, rect.item_key) == ("清城督整〔2023〕1号", "open", "regular_06")
    ev = Evidence.objects.get()
    assert (ev.content_type, ev.size, len(ev.sha256)) == ("image/png", len(PNG), 64)
    # the same form sent twice is recognised: nothing written the second time
    again, created_again = do_record_visit(None, _visit(world.open_school), TODAY)
    assert (again.pk, created_again) == (visit.pk, False)
    assert Visit.objects.count() == 1 and Rectification.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": dt.date(2023, 11, 2)}, "督导日期 2023-11-02 晚于今天（2023-11-01）：只能记录已经进行的督导"),
        (
            {"findings": (Finding("消防通道堆放杂物", "严重", "张校长", dt.date(2023, 10, 9), "regular_06"),)},
            "整改事项“消防通道堆放杂物”的整改期限 2023-10-09 不晚于督导日期 2023-10-09：期限应在督导之后",
        ),
        ({"findings": ()}, "检查事项“校园及周边安全情况”不合格：请填写整改要求（严重程度、责任人、整改期限）"),
        (
            {"evidence": (Upload("大.png", PNG + b"\0" * (5 * 1024 * 1024)),)},
            "证明材料 大.png：文件 5.0 MB，超过上限 5 MB，请压缩后再上传",
        ),
        (
            {"evidence": (Upload("假.png", b"MZ\x90\0 not a picture"),)},
            "证明材料 假.png：只接受 PNG、JPEG 图片或 PDF 文件（按文件内容判断，不看扩展名）",
        ),
        ({"kind": "巡视"}, "督导类型 '巡视' 不对：应为 挂牌督导、专项督导、回头看"),
    ],
)
def test_a_bad_visit_is_refused_with_a_message_and_nothing_written(world: Any, changes: Any, message: str) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(UsageError) as err:
        do_record_visit(None, _visit(world.open_school, **changes), TODAY)
    assert str(err.value) == message
    _nothing_written(before)


def test_report_recheck_return_and_close(world: Any) -> None:
    do_record_visit(None, _visit(world.open_school), TODAY)
    rect = Rectification.objects.get()
    with pytest.raises(UsageError, match="不是学校 4418020002 的：只能答复本校的整改"):
        do_submit_report(None, rect, world.moved_school, "已清理")
    assert rect.reports.count() == 0
    with pytest.raises(UsageError, match="学校提交整改报告后才能复查"):
        do_recheck(None, rect, closed=True)
    report, created = do_submit_report(None, rect, world.open_school, "已清理", [Upload("a.pdf", b"%PDF-1.4 x")])
    assert created and rect.state == "reported" and report.evidence.get().content_type == "application/pdf"
    assert do_submit_report(None, rect, world.open_school, "已清理")[1] is False  # double submit
    assert rect.reports.count() == 1
    with pytest.raises(UsageError, match="退回整改须写明理由"):
        do_recheck(None, rect, closed=False)
    do_recheck(None, rect, closed=False, reason="杂物仍在", today=dt.date(2023, 11, 5))
    assert Rectification.objects.get().state == "returned"
    do_submit_report(None, rect, world.open_school, "已全部清理并拍照")
    check, _ = do_recheck(None, rect, closed=True, today=dt.date(2023, 11, 20))
    rect.refresh_from_db()
    assert (rect.state, rect.closed_on, check.report.text) == ("closed", dt.date(2023, 11, 20), "已全部清理并拍照")
    with pytest.raises(UsageError, match="现为“已销号”，不能再提交整改报告"):
        do_submit_report(None, rect, world.open_school, "再补充")
    actions = [a.action for a in AuditEntry.objects.filter(object_type="Rectification").order_by("id")]
    assert actions == ["supervision.rectification", *["supervision.report", "supervision.recheck"] * 2]


def test_escalation_in_the_future_is_refused(world: Any) -> None:
    with pytest.raises(UsageError, match="约谈日期 2023-11-02 晚于今天"):
        do_record_action(None, world.open_school, "约谈", dt.date(2023, 11, 2), "张校长", today=TODAY)
    action, created = do_record_action(
        None, world.open_school, "约谈", TODAY, "张校长", "清城督办〔2023〕5号", today=TODAY
    )
    assert created and action.document == "清城督办〔2023〕5号"
    assert do_record_action(None, world.open_school, "约谈", TODAY, "张校长", today=TODAY)[1] is False


def test_responsibility_areas_are_effective_dated(world: Any) -> None:
    county = Region.objects.get(code=world.county)
    wang = do_add_inspector(None, "王督学", "专职", county)
    li = do_add_inspector(None, "李督学", "兼职", county)
    do_assign_school(None, wang, world.open_school, dt.date(2023, 9, 1))
    do_assign_school(None, li, world.open_school, dt.date(2024, 2, 1))  # handed over for the spring term
    assert assigned_schools(wang, dt.date(2024, 1, 31)) == [world.open_school]
    assert assigned_schools(wang, dt.date(2024, 2, 1)) == []
    assert assigned_schools(li, dt.date(2024, 2, 1)) == [world.open_school]
    other = Region.objects.create(code="441803", name="清新区", level="county", parent_id="441800")
    with pytest.raises(UsageError, match="学校 4418020001 不在清新区，不能划入该督学的责任区"):
        do_assign_school(None, do_add_inspector(None, "外县督学", "专职", other), world.open_school, TODAY)


def test_an_image_bomb_or_an_active_pdf_is_refused_as_evidence() -> None:
    from eduplan.store.supervision import Upload, check_evidence
    from tests.images import png_declaring

    assert check_evidence(Upload("ok.png", PNG)) == "image/png"
    assert check_evidence(Upload("8000x6000.png", png_declaring(8000, 6000))) == "image/png"  # 48 MP: a photo
    with pytest.raises(UsageError, match=r"图片 10000 × 6000 像素，超过上限 50 百万像素"):
        check_evidence(Upload("60mp.png", png_declaring(10_000, 6_000)))
    with pytest.raises(UsageError, match=r"bomb.png：图片像素超过上限 50 百万像素"):  # past Pillow's own bound
        check_evidence(Upload("bomb.png", png_declaring(100_000, 100_000)))
    with pytest.raises(UsageError, match="图片已损坏"):
        check_evidence(Upload("cut.png", PNG[:20]))
    passive = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n%%EOF"
    assert check_evidence(Upload("ok.pdf", passive)) == "application/pdf"
    active = passive.replace(b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    with pytest.raises(UsageError, match=r"PDF 含有脚本或自动动作（/JavaScript、/JS、/OpenAction）"):
        check_evidence(Upload("active.pdf", active))
