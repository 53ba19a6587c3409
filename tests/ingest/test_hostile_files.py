"""Hostile census files (tests/ingest/hostile_files.py) are refused by the reader in seconds and little memory,
each with its Chinese message. Measured in one child process: before each file its peak RSS is reset
(/proc/self/clear_refs 5), after it VmHWM is read, so each figure is that file's own (the process's imports
included, about 160 MB)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .hostile_files import write_corpus

SECONDS = 5.0
PEAK_MB = 500.0

_MEASURE = """
import json, sys, time
from pathlib import Path
from eduplan.errors import IngestError
from eduplan.ingest.census_validate import validate_census

def peak_mb():
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024

for path in sys.argv[1:]:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    start = time.perf_counter()
    try:
        validate_census(Path(path))
        problems = []
    except IngestError as error:
        problems = [str(p) for p in error.problems]
    seconds = time.perf_counter() - start
    print(json.dumps({"file": Path(path).name, "seconds": seconds, "peak_mb": peak_mb(), "problems": problems},
                     ensure_ascii=False), flush=True)
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, write_corpus(folder)


@pytest.fixture(scope="module")
def measured(corpus: tuple[Path, dict[str, str]]) -> dict[str, dict[str, object]]:
    folder, expected = corpus
    paths = [str(folder / name) for name in expected]
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *paths], capture_output=True, text=True, check=False, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    return {str(m["file"]): m for m in lines}


def test_every_case_was_measured(corpus: tuple[Path, dict[str, str]], measured: dict[str, dict[str, object]]) -> None:
    assert sorted(measured) == sorted(corpus[1])
    assert len(measured) >= 18


def _cases() -> list[str]:
    # The names are fixed by hostile_files.write_corpus's expected table; listed here so each is its own test.
    return [
        "spaces_bomb.xlsx",
        "lying_sizes.xlsx",
        "csv_digits.zip",
        "csv_nul.zip",
        "csv_lying.zip",
        "csv_nul_small.zip",
        "csv_long_field.zip",
        "csv_wide.zip",
        "csv_lines.zip",
        "csv_members.zip",
        "far_cell.xlsx",
        "wide_cell.xlsx",
        "dimension_only.xlsx",
        "many_rows.xlsx",
        "rows_without_refs.xlsx",
        "entities.xlsx",
        "entities_in_sheet.xlsx",
        "nested.xlsx",
        "too_big.xlsx",
    ]


@pytest.mark.parametrize("name", _cases())
def test_a_hostile_file_is_refused_quickly_in_little_memory(
    name: str, corpus: tuple[Path, dict[str, str]], measured: dict[str, dict[str, object]]
) -> None:
    want = corpus[1][name]
    found = measured[name]
    problems = [str(p) for p in found["problems"]]  # type: ignore[union-attr]
    if want:
        assert problems and want in problems[0] and problems[0].startswith(name), problems
    else:
        assert problems == []  # let through, read as usual
    assert float(found["seconds"]) < SECONDS, found  # type: ignore[arg-type]
    assert float(found["peak_mb"]) < PEAK_MB, found  # type: ignore[arg-type]


def _docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("清城区教育发展规划")
    path = tmp_path / "plan.docx"
    document.save(str(path))
    return path


def test_a_plan_docx_holding_a_bomb_or_entities_is_refused(tmp_path: Path) -> None:
    from eduplan.errors import IngestError
    from eduplan.ingest.plans.reading import read_lines

    from .hostile_files import MB, laughs, repeated_deflate, replace_members

    base = _docx(tmp_path)
    assert read_lines(base)[0] == "清城区教育发展规划"  # the limits let a real document through
    bomb = replace_members(base, tmp_path / "bomb.docx", {"word/media/image1.png": repeated_deflate(b"\0" * MB, 1024)})
    with zipfile.ZipFile(base) as archive:
        body = archive.read("word/document.xml")
    entities = replace_members(base, tmp_path / "entities.docx", {"word/document.xml": laughs(body)})
    for path, words in ((bomb, "bomb.docx: 解压后过大，未读取"), (entities, "word/document.xml 含有 DTD 或实体定义")):
        with pytest.raises(IngestError) as refused:
            read_lines(path)
        assert words in str(refused.value.problems[0])
