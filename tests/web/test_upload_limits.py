"""Hostile uploads on the web and the CLI: answered 400 / exit status 3 with the Chinese message, nothing stored,
nothing kept; unconfirmed uploads expire; the census download leaves no folder behind."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.ingest.census_corpus import store_dump
from tests.ingest.hostile_files import MB, SHEET_XML, laughs, repeated_deflate, replace_members, write_zip
from tests.web.test_census_upload import YEAR, uploader  # noqa: F401  (the fixture)
from tests.web.world import WebWorld


def _bomb(tmp_path: Path) -> Path:
    data, crc, size = repeated_deflate(b"0" * MB, 300)
    return write_zip(tmp_path / "普查.zip", [("学校.csv", data, crc, size, 8)])


@pytest.mark.django_db
def test_hostile_uploads_are_400_with_the_message_and_leave_nothing(
    uploader: Client,  # noqa: F811
    tmp_path: Path,
    settings: Any,
) -> None:
    from tests.ingest.census_corpus import write_base

    base = write_base(tmp_path)
    with __import__("zipfile").ZipFile(base) as archive:
        sheet = archive.read(SHEET_XML.format(1))
    entities = replace_members(base, tmp_path / "entities.xlsx", {SHEET_XML.format(1): laughs(sheet)})
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "census": 3 * MB}
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK" + os.urandom(3 * MB))
    before = store_dump()
    for path, words in ((_bomb(tmp_path), "解压后过大"), (entities, "含有 DTD 或实体定义"), (big, "文件过大")):
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        response = uploader.post(reverse("census_upload"), {"year": str(YEAR), "file": upload}, follow=True)
        assert response.status_code == 400, path
        assert words in response.content.decode(), path
    assert store_dump() == before
    kept = tmp_path / "media" / "census-uploads"
    assert not kept.exists() or list(kept.iterdir()) == []


@pytest.mark.django_db
def test_the_cli_refuses_a_bomb_with_status_3(web: WebWorld, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from eduplan.cli import main

    before = store_dump()
    result = CliRunner().invoke(main, ["import", "census", str(_bomb(tmp_path)), "--year", str(YEAR)])
    assert result.exit_code == 3, result.output
    assert "解压后过大，未读取" in result.output
    assert store_dump() == before


@pytest.mark.django_db
def test_unconfirmed_uploads_expire(settings: Any, tmp_path: Path) -> None:
    from eduplan.web.areas.census import expire_uploads, keep_upload

    settings.MEDIA_ROOT = tmp_path
    old = keep_upload(b"old", "old.xlsx").parent
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    fresh = keep_upload(b"fresh", "fresh.xlsx").parent  # keeping one forgets the expired ones
    assert not old.exists() and fresh.exists()
    assert expire_uploads(now=time.time() + 25 * 3600) == 1 and not fresh.exists()


@pytest.mark.django_db
def test_the_census_download_leaves_no_temporary_folder(web: WebWorld, as_role: Any, tmp_path: Path) -> None:
    import tempfile

    before = set(Path(tempfile.gettempdir()).glob("eduplan-census-*"))
    response = as_role("planning").get(reverse("report_download", args=[web.county, 2023, "census.xlsx"]))
    assert response.status_code == 200, response.content[:300]
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert set(Path(tempfile.gettempdir()).glob("eduplan-census-*")) == before
