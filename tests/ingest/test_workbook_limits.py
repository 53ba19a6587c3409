"""Every workbook reader bounds its file before a parser sees it (ingest/workbook.py): the scores, fitness,
teachers, applicants and monitoring readers refuse a decompression bomb and an entity declaration with the same
Chinese words as the census import, quickly, and read nothing."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from eduplan.errors import IngestError
from eduplan.ingest.admission import read_applicants
from eduplan.ingest.fitness import read_fitness
from eduplan.ingest.quality import read_monitoring
from eduplan.ingest.scores import read_scores
from eduplan.ingest.teachers import read_teachers

from .census_corpus import write_base
from .hostile_files import MB, SHEET_XML, _add_rows, _repeat_inside, _sheet, replace_members

READERS: dict[str, Callable[[Path], object]] = {
    "scores": lambda p: read_scores(p),
    "fitness": lambda p: read_fitness(p, school_code="4418020001"),
    "teachers": lambda p: read_teachers(p, 2023, b"k" * 32),
    "applicants": lambda p: read_applicants(p, b"k" * 32),
    "monitoring": lambda p: read_monitoring(p, (), ()),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile-books")
    base = write_base(folder, "_base.xlsx")
    text_cell = b'<c r="B7" t="inlineStr"><is><t>'
    with_text = _add_rows(_sheet(base, 1), b'<row r="7">' + text_cell + b"</t></is></c></row>")
    bomb = _repeat_inside(with_text, text_cell, b" " * MB, 300)  # 300 MB of spaces in one cell
    entity = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>' + _sheet(base, 1).split(b"?>", 1)[1]
    return {
        "解压后过大": replace_members(base, folder / "bomb.xlsx", {SHEET_XML.format(1): bomb}),
        "DTD": replace_members(base, folder / "entity.xlsx", {SHEET_XML.format(1): entity}),
    }


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("words", ["解压后过大", "DTD"])
def test_every_workbook_reader_refuses_a_hostile_file_before_parsing(
    hostile: dict[str, Path], reader: str, words: str
) -> None:
    path = hostile[words]
    started = time.perf_counter()
    with pytest.raises(IngestError) as refused:
        READERS[reader](path)
    assert time.perf_counter() - started < 10  # a bound, not a speed measurement: unbounded parsing takes minutes
    problem = refused.value.problems[0]
    assert problem.file == path.name
    assert words in problem.message + problem.expected + problem.found
