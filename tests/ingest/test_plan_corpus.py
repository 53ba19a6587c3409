"""The corpus of published planning documents (tests/data/plans/real/): complete, and read in every format.

The manifest must name, for every file, its source address, publisher, date (or why there is none), kind,
half and key; the keys must be well formed. Then, for each format, one real document of that format is
imported and hand-checked values are asserted (read from the document by hand; the keys hold the full lists).
The precision and recall over the whole corpus are the benchmark's (bench/bench_plan_extraction.py).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from eduplan.ingest.plans import Indicator, PlanDocument, parse_plan_file
from eduplan.ingest.plans.reading import read_document
from tests.ingest.plan_scoring import (
    REAL,
    extracted,
    manifest,
    real_indicator_matches,
    real_key,
    score,
    without_repeats,
)

SEED_REGIONS = ("清城", "荔湾", "花都", "清远")
KINDS = {"plan", "action-plan", "project-list", "progress", "monitoring"}
EXTENSIONS = {
    "pdf": ".pdf",
    "docx": ".docx",
    "doc": ".doc",
    "html": ".html",
    "web-text": ".txt",
    "text": ".txt",
    "text-gbk": ".txt",
    "text-gb18030": ".txt",
    "xlsx": ".xlsx",
}
MINIMUM_PER_FORMAT = {"pdf": 6, "word": 4, "html": 4, "web-text": 4, "xlsx": 2}


def _family(fmt: str) -> str:
    return "word" if fmt in ("docx", "doc") else fmt


# ---- the corpus itself -------------------------------------------------------------------------------------------


def test_manifest_names_source_publisher_date_kind_half_and_key_for_every_file() -> None:
    documents = manifest()
    assert len(documents) >= 25
    assert len({d["id"] for d in documents}) == len(documents)
    for doc in documents:
        where = doc["id"]
        assert doc["source_url"].startswith(("http://", "https://")), where
        assert doc["publisher"].strip(), where
        assert doc["date"] or doc.get("date_note", "").strip(), where
        assert doc["title"].strip() and doc["region"].strip() and doc["made"].strip(), where
        assert doc["kind"] in KINDS, where
        assert doc["half"] in ("development", "evaluation"), where
        assert doc["level"] in ("county", "city", "province"), where
        assert (REAL / doc["file"]).suffix == EXTENSIONS[doc["format"]], where
        assert (REAL / doc["file"]).is_file(), where
        assert (REAL / doc["key"]).is_file() and doc["key"] == f"keys/{doc['id']}.json", where
        assert not any(seed in doc["region"] for seed in SEED_REGIONS), where


def test_every_corpus_file_is_in_the_manifest_and_the_corpus_is_small() -> None:
    listed = {d["file"] for d in manifest()}
    on_disk = {
        p.name for p in REAL.iterdir() if p.is_file() and p.name not in ("manifest.json", "build.py", "README.md")
    }
    assert on_disk == listed
    assert sum(p.stat().st_size for p in REAL.rglob("*") if p.is_file()) < 10 * 1024 * 1024


def test_formats_kinds_and_halves_cover_what_the_issue_asks_for() -> None:
    documents = manifest()
    families = Counter(_family(d["format"]) for d in documents)
    for family, minimum in MINIMUM_PER_FORMAT.items():
        assert families[family] >= minimum, (family, families)
    assert {d["kind"] for d in documents} == KINDS
    assert {d["level"] for d in documents} == {"county", "city", "province"}
    halves = Counter(d["half"] for d in documents)
    assert abs(halves["development"] - halves["evaluation"]) <= 1
    for half in ("development", "evaluation"):
        mine = [d for d in documents if d["half"] == half]
        assert {_family(d["format"]) for d in mine} >= set(MINIMUM_PER_FORMAT), half
        assert {d["kind"] for d in mine} >= {"action-plan", "project-list", "progress", "monitoring"}, half


def _check_indicator(row: dict[str, Any], where: str) -> None:
    assert row["name"] and row["unit"], where
    assert isinstance(row["target_value"], int | float), where
    assert row["comparator"] in ("=", "≥", "≤", ">", "<", "≈"), where
    assert row["target_year"] is None or 2000 <= row["target_year"] <= 2040, where
    assert (row["baseline_value"] is None) == (row["baseline_year"] is None), where


def _check_project(row: dict[str, Any], where: str) -> None:
    assert row["name_contains"], where
    for field in ("seats", "investment", "floor_area", "classes"):
        assert row[field] is None or (isinstance(row[field], int | float) and row[field] > 0), (where, field)
    for field in ("start_year", "finish_year"):
        assert row[field] is None or 2000 <= row[field] <= 2040, (where, field)
    if row["start_year"] and row["finish_year"]:
        assert row["start_year"] <= row["finish_year"], where


@pytest.mark.parametrize("doc", manifest(), ids=lambda d: d["id"])
def test_each_key_is_well_formed(doc: dict[str, Any]) -> None:
    data = real_key(doc["id"])
    assert data["written_from"].strip()
    items = sum(len(data.get(c, [])) for c in ("indicators", "projects", "tasks", "published"))
    assert items >= 1
    for row in data.get("indicators", []):
        _check_indicator(row, doc["id"])
    for row in data.get("projects", []):
        _check_project(row, doc["id"])
    for row in data.get("tasks", []):
        assert row["contains"] and row["responsible"], doc["id"]
    for row in data.get("published", []):
        assert row["stage"] in ("小学", "初中") and row["value"] >= 0, doc["id"]
        assert row["measure"] in ("差异系数", "均值"), doc["id"]


def test_published_tables_keep_the_transcribed_figures() -> None:
    # the 差异系数 keys come from the hand transcription in sources/; one figure each, checked against the
    # published table by hand: 蜀山区 初中 师生比 差异系数 0.715, 永川区 小学 综合 0.562, 二道区 初中 生均图书 0.388
    def figure(doc_id: str, area: str, stage: str, column: int) -> float:
        source = json.loads((REAL / "sources" / f"{doc_id}.json").read_text(encoding="utf-8"))
        row = next(a for a in source["areas"] if a["area"] == area)
        return float(row["stages"][stage]["差异系数"][column])

    assert figure("r07", "蜀山区", "初中", 5) == 0.715
    assert figure("r08", "永川区", "小学", 8) == 0.562
    assert figure("r09", "二道区", "初中", 4) == 0.388
    assert len(real_key("r08")["published"]) == 4 * 2 * (8 + 9)


# ---- one real document per format --------------------------------------------------------------------------------


def _parsed(doc_id: str) -> list[PlanDocument]:
    entry = next(d for d in manifest() if d["id"] == doc_id)
    return parse_plan_file(Path(REAL / entry["file"]))


def _targets(documents: list[PlanDocument]) -> list[Indicator]:
    return [item for d in documents for item in (*d.indicators, *d.targets)]


def _has_target(items: list[Indicator], value: float, unit: str, year: int | None = None) -> bool:
    return any(i.target_value == value and i.unit == unit and (year is None or i.target_year == year) for i in items)


def _lines(doc_id: str) -> list[str]:
    entry = next(d for d in manifest() if d["id"] == doc_id)
    return read_document(REAL / entry["file"]).lines


TARGETS = [
    # r05 永嘉 (PDF printed from Word): 到2025年 新建改扩建幼儿园25所，公办幼儿园在园幼儿覆盖面达60%以上，
    # 普惠性幼儿园在园幼儿占比保持在93%以上；2024年 公办幼儿园在园幼儿覆盖面达56%
    pytest.param("r05", [(25, "所", 2025), (60, "%", 2025), (93, "%", 2025), (56, "%", 2024)], id="pdf r05"),
    # r04 峨山 (.docx): 到2024年 学前教育公办学位供给率不低于75%，学前三年毛入园率不低于95%，
    # 普惠性幼儿园覆盖率达到95%；九年义务教育巩固率不低于97.5%
    pytest.param("r04", [(75, "%", 2024), (95, "%", 2024), (97.5, "%", 2024)], id="docx r04"),
    # r02 濟寧 (saved page, Traditional): 到2025年 九年義務教育鞏固率達到99.9%，高中階段教育毛入學率達到99%以上
    pytest.param("r02", [(99.9, "%", 2025), (99, "%", 2025)], id="html-traditional r02"),
    # r22 山东 (PDF): 到2017年 学前三年入园率达到85%，东部地区达到95%以上，西部地区达到80%以上
    pytest.param("r22", [(85, "%", 2017), (95, "%", 2017), (80, "%", 2017)], id="pdf r22"),
]


@pytest.mark.parametrize(("doc_id", "expected"), TARGETS)
def test_targets_in_sentences_of_a_real_document(doc_id: str, expected: list[tuple[float, str, int]]) -> None:
    targets = _targets(_parsed(doc_id))
    for value, unit, year in expected:
        assert _has_target(targets, value, unit, year), (value, unit, year)


def test_traditional_page_is_read_in_simplified_characters() -> None:
    # r02: 九年義務教育鞏固率 is stored as 九年义务教育巩固率
    names = {item.name for item in _targets(_parsed("r02"))}
    assert "九年义务教育巩固率" in names


def test_pdf_table_of_balance_figures_jilin() -> None:
    # r09 吉林 (差异系数 table printed to PDF): 南关区 小学 综合 0.359, 朝阳区 初中 生均教学仪器设备值 0.291
    published = [item for d in _parsed("r09") for item in d.published]
    found = {(item.area, item.stage, item.measure, round(item.value, 3)) for item in published}
    assert ("南关区", "小学", "差异系数", 0.359) in found
    assert ("朝阳区", "初中", "差异系数", 0.291) in found


ROWS = [
    # (document, a cell that starts the row, the row's cells as published) — the reading step's lines, a table row
    # as tab-separated cells; what the parser makes of them is the benchmark's business
    pytest.param(
        "r09",
        "1\t长春市\t南关区\t小学\t差异系数",
        "0.393 0.578 0.372 0.246 0.208 0.311 0.311 0.455 0.359",
        id="pdf table r09",
    ),
    pytest.param(
        "r07",
        "2\t合肥市\t蜀山区\t初中\t差异系数",
        "0.505 0.484 0.325 0.275 0.199 0.715 0.421 1.021 0.493",
        id="xlsx r07",
    ),
    pytest.param("r15", "7\t鸭塘中学\t校舍改造", "4119 429 已完工", id="xlsx r15"),
]


@pytest.mark.parametrize(("doc_id", "start", "cells"), ROWS)
def test_table_rows_of_a_real_document_are_read_cell_by_cell(doc_id: str, start: str, cells: str) -> None:
    rows = [line for line in _lines(doc_id) if line.startswith(start)]
    assert len(rows) == 1, rows
    assert rows[0].rstrip("\t").split("\t")[-len(cells.split()) :] == cells.split()


@pytest.mark.parametrize(
    ("doc_id", "sentence"),
    [
        # r27 成都 (Word 97 .doc)
        pytest.param("r27", "项目总建筑面积约18万平方米，估算投资74457.49万元，计划于2016年底开工建设。", id="doc r27"),
        # r13 泉州 (saved page)
        pytest.param("r13", "规划总投资约4.4亿元；年度计划投资1亿元。预计建成后可新增学位约5400个。", id="html r13"),
        # r30 确山 (GB18030 text, CRLF)
        pytest.param("r30", "总投资6000万元。此次开工的综合楼，建筑面积1.49万平方米、投资3300万元", id="gb18030 r30"),
    ],
)
def test_text_of_a_real_document_is_read_as_published(doc_id: str, sentence: str) -> None:
    assert any(sentence in line for line in _lines(doc_id))


def test_web_copied_indicator_table() -> None:
    # r01: 普惠性幼儿园覆盖率 2020年 86.44% → 2025年 90%以上; 劳动年龄人口平均受教育年限 11.4年 → 12.3年以上
    indicators = [i for d in _parsed("r01") for i in d.indicators]
    row = next(i for i in indicators if i.name.startswith("普惠性幼儿园覆盖率"))
    assert (row.baseline_value, row.target_value, row.unit) == (86.44, 90, "%")
    years = next(i for i in indicators if i.name.startswith("劳动年龄人口平均受教育年限"))
    assert (years.baseline_value, years.target_value, years.unit) == (11.4, 12.3, "年")


def test_gbk_text_progress_kaiyang() -> None:
    # r18 开阳 (GBK text, CRLF): decoded to the sentence as published, and its 234个班 read as a target
    targets = _targets(_parsed("r18"))
    read = [i for i in targets if i.source.text == "项目全部建成后，将新增234个班10040个学位。"]
    assert read and read[0].source.line == 1
    assert _has_target(targets, 234, "个")


def test_corpus_scoring_matches_by_value_and_unit_and_counts_a_target_once() -> None:
    def target(value: float, unit: str, year: int | None) -> SimpleNamespace:
        return SimpleNamespace(name="x", target_value=value, unit=unit, target_year=year)

    # 85% read twice (table and sentence), 90% once, 7所 is not in the key; 95% is never read
    items = [target(85, "%", 2017), target(85, "%", 2017), target(90, "%", 2017), target(7, "所", None)]
    rows = [{"target_value": 85, "unit": "%"}, {"target_value": 90, "unit": "%"}, {"target_value": 95, "unit": "%"}]
    result = without_repeats(score(items, rows, real_indicator_matches), items)
    assert (result.expected, result.found, result.matched) == (3, 3, 2)
    assert [item.target_value for item in result.extra] == [7]
    assert [row["target_value"] for row in result.missed] == [95]
    # the unit is part of the match: 85 个 is not 85%
    assert score([target(85, "个", 2017)], rows[:1], real_indicator_matches).matched == 0


def test_each_category_is_taken_from_its_own_list() -> None:
    task = SimpleNamespace(lead=["县教育局"], responsible=[], text="t")
    loose = SimpleNamespace(lead=[], responsible=[], text="no department")
    document = SimpleNamespace(indicators=["i"], targets=["t"], projects=["p"], tasks=[task, loose], published=["f"])
    assert extracted([document], "projects") == ["p"]
    assert extracted([document], "tasks") == [task]
    assert extracted([document], "published") == ["f"]
