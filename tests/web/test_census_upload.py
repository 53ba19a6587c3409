"""The census upload page: a dry run first (located errors in a table, nothing stored), the import only on confirmation.

The files are the census corpus's (tests/data/bad_census): school year 2022 of 清城区, whose expected messages are
pinned in tests/ingest/test_census_corpus.py. The uploader is a planner of the whole province, so the page's scope
rules (tests/web/test_access.py) let him replace the year.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from eduplan.store.models import CensusVersion, Job
from tests.ingest.census_corpus import CORPUS, make_corpus, store_dump, write_base
from tests.web.world import PASSWORD, WebWorld

YEAR = 2022


@pytest.fixture
def uploader(web: WebWorld, settings: Any, tmp_path: Path) -> Client:
    from django.contrib.auth.models import User

    from eduplan.store.models import UserScope

    settings.MEDIA_ROOT = tmp_path / "media"
    user = User.objects.create_user("t-province", password=PASSWORD)
    UserScope.objects.create(user=user, role="planning", region_id="440000")
    client = Client()
    assert client.login(username="t-province", password=PASSWORD)
    return client


def _upload(client: Client, path: Path, name: str | None = None) -> Any:
    """The upload, then (it is a background job, run at once in tests) its job's page, then the check's result."""
    upload = SimpleUploadedFile(name or path.name, path.read_bytes())
    return client.post(reverse("census_upload"), {"year": str(YEAR), "file": upload}, follow=True)


def _table_rows(body: str, table_class: str) -> list[list[str]]:
    """The cells of each data row of one table of the page, as text."""
    table = re.search(rf'<table class="{table_class}">(.*?)</table>', body, re.S)
    assert table is not None, body
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S)
    return [[html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows[1:]]


@pytest.mark.django_db
def test_a_bad_file_shows_its_located_errors_in_a_table_and_stores_nothing(uploader: Client, tmp_path: Path) -> None:
    before = store_dump()
    response = _upload(uploader, CORPUS / "stage_total_mismatch.xlsx")
    assert response.status_code == 400  # refused: the page lists why
    body = response.content.decode()
    assert "文件有 1 处问题，未导入任何数据" in body
    assert _table_rows(body, "problems") == [
        [
            "stage_total_mismatch.xlsx",
            "学段",
            "2",
            "C",
            "学段!C2",
            "在校生数与年级合计不符：学段!C2 = 610，年级!D2:D7 合计 = 600",
            "等于年级合计 600",
            "610",
        ]
    ]
    assert 'id="dry-run"' not in body and 'name="token"' not in body  # nothing to confirm
    assert store_dump() == before
    assert list((tmp_path / "media" / "census-uploads").iterdir()) == []  # the bad file is not kept either


@pytest.mark.django_db
def test_every_error_of_a_file_is_listed_in_reading_order(uploader: Client) -> None:
    response = _upload(uploader, CORPUS / "coordinates_swapped.xlsx")
    rows = _table_rows(response.content.decode(), "problems")
    assert [(r[4], r[7]) for r in rows] == [("学校!J2", "23.68"), ("学校!K2", "113.05")]
    assert "文件有 2 处问题" in response.content.decode()


@pytest.mark.django_db
def test_a_file_that_is_not_a_workbook_is_a_located_error_too(uploader: Client) -> None:
    before = store_dump()
    response = _upload(uploader, CORPUS / "pdf_renamed.xlsx")
    assert _table_rows(response.content.decode(), "problems") == [
        ["pdf_renamed.xlsx", "", "", "", "", "不是 Excel 工作簿，无法读取", "Excel 工作簿（.xlsx）", "PDF 文件"]
    ]
    assert store_dump() == before


@pytest.mark.django_db
def test_the_dry_run_stores_nothing_and_the_confirmation_imports_the_file_checked(
    uploader: Client, tmp_path: Path
) -> None:
    corpus = make_corpus()
    book = corpus.base_book()
    book["学校"] = [[*row, "备注" if i == 0 else ""] for i, row in enumerate(book["学校"])]  # an unknown column
    path = tmp_path / "普查2022.xlsx"
    corpus.write_xlsx(path, book)
    before = store_dump()
    checked = _upload(uploader, path)
    assert checked.status_code == 200
    check = Job.objects.get(kind="census.check")  # the dry run ran as a job: upload → its page → its result
    assert (check.state, check.progress, check.owner.username) == ("done", 100, "t-province")
    assert checked.redirect_chain == [
        (reverse("job", kwargs={"job_id": check.pk}), 302),
        (f"{reverse('census_upload')}?job={check.pk}", 302),
    ]
    body = checked.content.decode()
    assert 'id="dry-run"' in body and "problems" not in checked.context
    assert "学校 5 行，学段 7 行，年级 30 行，人口 6 行" in body
    # Against the web world's 2022 registry of 清城区: 城南幼儿园 and 东城九年一贯制学校 are new, 城南小学 gains
    # coordinates; 河西小学 and 新城小学 are as registered.
    assert "变更 1 所，开办 2 所" in body
    assert _table_rows(body, "warnings") == [["学校!L1", "未知的列，已忽略", "", "备注"]]
    assert store_dump() == before
    token = checked.context["token"]
    kept = tmp_path / "media" / "census-uploads" / token / "普查2022.xlsx"
    assert kept.read_bytes() == path.read_bytes()

    done = uploader.post(reverse("census_upload"), {"year": str(YEAR), "token": token, "filename": "普查2022.xlsx"})
    assert done.status_code == 302  # to the import job's page (a background job; run at once in tests)
    job = Job.objects.get(kind="census.import")
    assert done["Location"] == reverse("job", kwargs={"job_id": job.pk})
    assert (job.kind, job.state, job.progress, job.owner.username) == ("census.import", "done", 100, "t-province")
    job_page = uploader.get(done["Location"]).content.decode()
    assert "已导入 普查2022.xlsx：2022学年第2版，现为当前版本" in job_page
    assert 'hx-trigger="every 1s"' not in job_page  # finished: the page stops polling
    current = CensusVersion.objects.get(year=YEAR, is_current=True)
    assert (current.number, current.filename, current.loaded_by.username) == (2, "普查2022.xlsx", "t-province")
    assert bytes(current.original_file) == path.read_bytes()
    assert current.row_counts == {"学校": 5, "学段": 7, "年级": 30, "人口": 6}
    assert [w["message"] for w in current.warnings] == ["未知的列，已忽略"]  # warnings are kept, not blocking
    assert not kept.parent.exists()  # the upload is in the store now, not in the media folder


@pytest.mark.django_db
def test_a_confirmation_without_a_kept_file_imports_nothing(uploader: Client) -> None:
    before = store_dump()
    response = uploader.post(reverse("census_upload"), {"year": str(YEAR), "token": "0" * 64, "filename": "x.xlsx"})
    assert response.status_code == 404
    assert store_dump() == before


@pytest.mark.django_db
def test_a_file_of_another_type_is_refused_with_its_name(uploader: Client, tmp_path: Path) -> None:
    path = write_base(tmp_path)
    response = _upload(uploader, path, name="普查2022.pdf")
    assert response.status_code == 400
    assert "文件 普查2022.pdf 的类型不对" in html.unescape(response.content.decode())
    assert CensusVersion.objects.filter(year=YEAR).count() == 1


@pytest.mark.django_db
def test_a_zip_of_gbk_csv_files_is_checked_and_imported_byte_for_byte(uploader: Client, tmp_path: Path) -> None:
    import zipfile

    corpus = make_corpus()
    folder = tmp_path / "csv"
    corpus.write_csv_folder(folder, corpus.base_book(), "gbk")
    path = tmp_path / "普查2022.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(folder.iterdir()):
            archive.write(member, member.name)
    checked = _upload(uploader, path)
    assert "problems" not in checked.context, checked.context.get("problems")
    assert "学校 5 行，学段 7 行，年级 30 行，人口 6 行" in checked.content.decode()
    token = checked.context["token"]
    done = uploader.post(reverse("census_upload"), {"year": str(YEAR), "token": token, "filename": "普查2022.zip"})
    assert done.status_code == 302
    current = CensusVersion.objects.get(year=YEAR, is_current=True)
    assert (current.number, current.filename) == (2, "普查2022.zip")
    assert bytes(current.original_file) == path.read_bytes()


@pytest.mark.django_db
def test_the_check_s_result_is_shown_to_its_owner_only(uploader: Client, web: WebWorld) -> None:
    checked = _upload(uploader, CORPUS / "coordinates_swapped.xlsx")
    check = Job.objects.get(kind="census.check")
    assert (check.state, check.result["total"]) == ("failed", 2)
    url = f"{reverse('census_upload')}?job={check.pk}"
    assert checked.redirect_chain[-1] == (url, 302)
    from django.contrib.auth.models import User

    from eduplan.store.models import UserScope

    other = User.objects.create_user("t-province-2", password=PASSWORD)
    UserScope.objects.create(user=other, role="planning", region_id="440000")
    client = Client()
    assert client.login(username="t-province-2", password=PASSWORD)
    assert client.get(url).status_code == 404  # another planner's check: not his to see
    assert uploader.get(f"{reverse('census_upload')}?job=x").status_code == 404
