"""Property-based: whatever bytes arrive as a census file (anything, a zip of anything, a CSV of anything, a workbook
with a sheet part replaced by anything), the reader answers with its tables or an IngestError, never another
exception. Hypothesis draws the inputs; its database is off so the run is the same on every machine."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eduplan.errors import IngestError
from eduplan.ingest.census_validate import validate_census

from .census_corpus import write_base

FUZZ = settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _read(path: Path) -> None:
    try:
        validate_census(path)
    except IngestError as error:
        assert error.problems and all(p.message for p in error.problems)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write_base(tmp_path_factory.mktemp("fuzz-base")).read_bytes()


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".xlsx", ".zip"]))
def test_any_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"f{suffix}"
    path.write_bytes(data)
    _read(path)


@FUZZ
@given(text=st.text(max_size=2000), name=st.sampled_from(["学校.csv", "学段.csv", "年级.csv", "人口.csv", "x.csv"]))
def test_a_zip_of_any_csv_text(tmp_path_factory: pytest.TempPathFactory, text: str, name: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, text.encode("utf-8", "surrogatepass"))
    _read(path)


@FUZZ
@given(part=st.binary(max_size=3000), member=st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml",
                                                             "xl/sharedStrings.xml", "[Content_Types].xml"]))  # fmt: skip
def test_a_workbook_with_one_part_replaced(
    tmp_path_factory: pytest.TempPathFactory, base: bytes, part: bytes, member: str
) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, part if info.filename == member else source.read(info))
    path = tmp_path_factory.mktemp("fuzz") / "f.xlsx"
    path.write_bytes(out.getvalue())
    _read(path)
