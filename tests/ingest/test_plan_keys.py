"""The parser against answer keys written by hand from the seed plans (tests/ingest/plan_keys/*.json).

Each key lists every item of its scope (an indicator table, project tables, or the sentence targets of
a document). An extracted item matches a key item when every keyed field is equal; precision is the
share of extracted items (in the key's scope) that match, recall the share of key items matched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from eduplan.ingest.plans import Indicator, PlanDocument, Project, parse_plan_file

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
KEYS = Path(__file__).resolve().parent / "plan_keys"
THRESHOLD = 0.95


@cache
def documents(seed: str) -> tuple[PlanDocument, ...]:
    return tuple(parse_plan_file(SEEDS / seed))


def key(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((KEYS / name).read_text(encoding="utf-8"))
    return data


def rows(section: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(zip(section["columns"], row, strict=True)) for row in section["rows"]]


def document_of(data: dict[str, Any]) -> PlanDocument:
    found = [d for d in documents(data["seed"]) if d.plan.title == data["document"]]
    assert len(found) == 1, [d.plan.title for d in documents(data["seed"])]
    return found[0]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 1e-9


def indicator_matches(item: Indicator, expected: dict[str, Any], years: tuple[int, int]) -> bool:
    return (
        item.source.line == expected["line"]
        and item.group == expected["group"]
        and item.stage == expected["stage"]
        and item.name == expected["name"]
        and item.unit == expected["unit"]
        and item.baseline_comparator == expected["baseline_comparator"]
        and _close(item.baseline_value, expected["baseline_value"])
        and item.comparator == expected["comparator"]
        and _close(item.target_value, expected["target_value"])
        and (item.baseline_year, item.target_year) == years
    )


def project_matches(item: Project, expected: dict[str, Any]) -> bool:
    same = all(
        _close(getattr(item, field), expected[field]) if isinstance(expected[field], (int, float)) else True
        for field in ("investment", "area", "floor_area", "classes")
        if field in expected
    )
    same = same and all(
        getattr(item, field) == expected[field]
        for field in ("number", "category", "stage", "start_year", "start_pending", "finish_year", "responsible")
        if field in expected
    )
    for field in ("investment", "classes"):
        if field in expected and expected[field] is None:
            same = same and getattr(item, field) is None
    if "seats" in expected:
        same = same and {k: v for k, v in item.seats.items() if v} == {
            k: float(v) for k, v in expected["seats"].items()
        }
    return same and expected["name_contains"] in item.name + item.text


def target_matches(item: Indicator, expected: dict[str, Any]) -> bool:
    return (
        item.source.line == expected["line"]
        and item.target_year == expected["target_year"]
        and item.stage == expected["stage"]
        and _close(item.target_value, expected["target_value"])
        and item.unit == expected["unit"]
        and item.comparator == expected["comparator"]
        and expected["name_contains"] in item.name
    )


def score(extracted: list[Any], expected: list[dict[str, Any]], match: Callable[[Any, dict[str, Any]], bool]):  # type: ignore[no-untyped-def]
    """(precision, recall, unmatched key rows, unmatched extracted items), matching one to one."""
    free = list(extracted)
    missed = []
    for row in expected:
        hit = next((item for item in free if match(item, row)), None)
        if hit is None:
            missed.append(row)
        else:
            free.remove(hit)
    matched = len(expected) - len(missed)
    precision = matched / len(extracted) if extracted else 0.0
    recall = matched / len(expected) if expected else 0.0
    return precision, recall, missed, free


def report(label: str, precision: float, recall: float, missed: list[Any], extra: list[Any]) -> None:
    print(f"\n{label}: precision {precision:.3f}, recall {recall:.3f}")
    for row in missed:
        print("  missed:", row)
    for item in extra:
        print("  extra:", getattr(item, "source", item))


def test_qingcheng_indicator_table_matches_the_key() -> None:
    data = key("000_qingcheng.json")
    section = data["indicators"]
    years = (section["baseline_year"], section["target_year"])
    result = score(document_of(data).indicators, rows(section), lambda i, r: indicator_matches(i, r, years))
    report("000 indicators", *result)
    assert result[0] >= THRESHOLD and result[1] >= THRESHOLD


def test_qingcheng_project_tables_match_the_key() -> None:
    data = key("000_qingcheng.json")
    result = score(document_of(data).projects, rows(data["projects"]), project_matches)
    report("000 projects", *result)
    assert result[0] >= THRESHOLD and result[1] >= THRESHOLD


def test_huadu_indicator_table_matches_the_key() -> None:
    data = key("004_huadu.json")
    section = data["indicators"]
    years = (section["baseline_year"], section["target_year"])
    result = score(document_of(data).indicators, rows(section), lambda i, r: indicator_matches(i, r, years))
    report("004 indicators", *result)
    assert result[0] >= THRESHOLD and result[1] >= THRESHOLD


def test_huadu_project_table_matches_the_key() -> None:
    data = key("004_huadu.json")
    result = score(document_of(data).projects, rows(data["projects"]), project_matches)
    report("004 projects", *result)
    assert result[0] >= THRESHOLD and result[1] >= THRESHOLD


def test_liwan_project_table_matches_the_key() -> None:
    data = key("003_liwan.json")
    result = score(document_of(data).projects, rows(data["projects"]), project_matches)
    report("003 projects", *result)
    assert result[0] >= THRESHOLD and result[1] >= THRESHOLD


def test_qingyuan_sentence_targets_match_the_key() -> None:
    data = key("001_qingyuan_actions.json")
    result = score(document_of(data).targets, rows(data["targets"]), target_matches)
    report("001 targets", *result)
    assert result[0] >= THRESHOLD and result[1] >= THRESHOLD


def test_qingyuan_villages_task_table_duties_match_the_key() -> None:
    data = key("002_qingyuan_villages.json")
    # one extracted item per key project: its section, and the departments every one of its tasks carries
    items: dict[str, set[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for task in document_of(data).tasks:
        if task.section.startswith("重点任务 "):
            items.setdefault(task.section, set()).add((tuple(task.lead), tuple(task.responsible)))

    def match(section: str, row: dict[str, Any]) -> bool:
        duties = {(tuple(row["lead"]), tuple(row["responsible"]))}
        return section == f"重点任务 {row['number']} {row['project']}" and items[section] == duties

    result = score(list(items), rows(data["duties"]), match)
    report("002 task-table duties", *result)
    assert result[0] >= THRESHOLD and result[1] >= THRESHOLD


@pytest.mark.parametrize(
    ("seed", "item", "field", "minimum"),
    [
        ("000_qingcheng.json", "indicators", "rows", 22),
        ("000_qingcheng.json", "projects", "rows", 49),
        ("004_huadu.json", "indicators", "rows", 13),
        ("004_huadu.json", "projects", "rows", 23),
        ("001_qingyuan_actions.json", "targets", "rows", 10),
        ("003_liwan.json", "projects", "rows", 25),
        ("002_qingyuan_villages.json", "duties", "rows", 12),
    ],
)
def test_keys_cover_what_the_issue_asks_for(seed: str, item: str, field: str, minimum: int) -> None:
    assert len(key(seed)[item][field]) >= minimum
