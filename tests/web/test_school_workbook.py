"""The school's own workbook in the collection (docs/collection.md): downloaded with the school's rows, filled in and
uploaded into the same draft, checked like the form, each finding shown on its field and on its cell."""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from eduplan.store.models import AuditEntry, CensusSubmission, CensusVersion
from tests.web.world import WebWorld


def _url(web: WebWorld, name: str) -> str:
    return reverse(name, kwargs={"code": web.school, "year": 2023})


def _download(client: Any, web: WebWorld) -> openpyxl.Workbook:
    response = client.get(_url(web, "school_workbook"))
    assert response.status_code == 200
    assert "filename*=utf-8''%E5%9F%8E%E5%8D%97" in response["Content-Disposition"]  # 城南小学2023学年普查填报.xlsx
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def _upload(client: Any, web: WebWorld, book: openpyxl.Workbook, tmp_path: Path) -> Any:
    path = tmp_path / "城南小学.xlsx"
    book.save(path)
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(_url(web, "school_workbook_upload"), {"file": upload})


def _find(sheet: Any, header: str, **keys: str) -> Any:
    """The cell of column ``header`` in the row whose key columns (by header) hold ``keys``."""
    names = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if all(str(row[names.index(k)].value) == v for k, v in keys.items()):
            return row[names.index(header)]
    raise AssertionError(f"no row {keys}")


@pytest.mark.django_db
def test_the_workbook_typo_is_stopped_on_its_field_and_its_cell(web: WebWorld, as_role: Any, tmp_path: Path) -> None:
    clerk = as_role("clerk")
    book = _download(clerk, web)
    assert book.sheetnames == ["学段", "年级"]
    stages, grades = book["学段"], book["年级"]
    assert [c.value for c in stages[1]][:4] == ["学校标识码", "学段", "在校生数", "班级数"]
    assert {r[0].value for r in stages.iter_rows(min_row=2)} == {web.school}  # his school's rows only
    assert _find(stages, "专任教师数", 学段="小学").value == 52
    cell = _find(grades, "在校生数", 学段="小学", 年级="1")
    assert cell.value == 160
    cell.value = 9_999_999  # the report's case, with the 学段 total raised to match (9,999,999 + 5 × 160)
    _find(stages, "在校生数", 学段="小学").value = 10_000_799
    response = _upload(clerk, web, book, tmp_path)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "已读入工作簿 城南小学.xlsx" in page and "已保存草稿：3 处错误" in page
    field = page.split('id="f-年级-小学-1-students"')[1].split("</td>")[0]
    assert 'value="9999999"' in field and 'aria-invalid="true"' in field
    message = "平均每班 2,499,999.8 人（9,999,999 人 ÷ 4 班），超过 132 人，不可能：请检查在校生数和班级数"
    assert message in field
    rows = page.split('id="cell-findings"')[1].split("</table>")[0]
    assert f"<td>年级!{cell.column_letter}{cell.row}</td><td>小学 1年级 在校生数</td><td>{message}" in rows
    submission = CensusSubmission.objects.get()
    assert submission.status == "draft" and submission.data["年级"][0]["students"] == 9_999_999
    entry = AuditEntry.objects.get(action="collection.save")
    assert entry.after == {"年级|小学/1|students": 9_999_999, "学段|小学|students": 10_000_799}
    assert CensusVersion.objects.filter(year=2023).count() == 1  # a draft never builds a version
    # Submitting the draft is refused like the form's (the same cycle).
    refused = clerk.post(_url(web, "school_census"), {"action": "submit"})
    assert refused.status_code == 400 and "未上报：3 处错误" in html.unescape(refused.content.decode())


@pytest.mark.django_db
def test_a_row_of_another_school_refuses_the_workbook_with_its_cell(
    web: WebWorld, as_role: Any, tmp_path: Path
) -> None:
    clerk = as_role("clerk")
    book = _download(clerk, web)
    grades = book["年级"]
    grades.cell(row=3, column=1).value = web.sibling_school  # 河西小学's code on the second grade row
    grades.cell(row=2, column=4).value = 161
    response = _upload(clerk, web, book, tmp_path)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    problems = page.split('id="problems"')[1]
    assert "<td>年级!A3</td><td>不是本校的行：本工作簿只填写本校的数据</td>" in problems
    assert f"<td>{web.school}</td><td>{web.sibling_school}</td>" in problems
    assert not CensusSubmission.objects.exists()  # nothing read, not even the good grade-1 value
