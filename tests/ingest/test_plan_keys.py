"""The parser against answer keys written by hand from the seed plans (tests/ingest/plan_keys/*.json).

Each key lists every item of its scope (an indicator table, project tables, or the sentence targets of
a document). An extracted item matches a key item when every keyed field is equal; precision is the
share of extracted items (in the key's scope) that match, recall the share of key items matched.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Score:
    """Key items, extracted items (in the key's scope) and how many match one to one."""

    expected: int
    found: int
    matched: int
    missed: list[dict[str, Any]]  # key rows nothing matched
    extra: list[Any]  # extracted items no key row matched

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0


def score(extracted: list[Any], expected: list[dict[str, Any]], match: Callable[[Any, dict[str, Any]], bool]) -> Score:
    free = list(extracted)
    missed = []
    for row in expected:
        hit = next((item for item in free if match(item, row)), None)
        if hit is None:
            missed.append(row)
        else:
            free.remove(hit)
    return Score(len(expected), len(extracted), len(expected) - len(missed), missed, free)


def _indicator_scope(name: str) -> Score:
    data = key(name)
    section = data["indicators"]
    years = (section["baseline_year"], section["target_year"])
    return score(document_of(data).indicators, rows(section), lambda i, r: indicator_matches(i, r, years))


def _project_scope(name: str) -> Score:
    data = key(name)
    return score(document_of(data).projects, rows(data["projects"]), project_matches)


def _target_scope(name: str) -> Score:
    data = key(name)
    return score(document_of(data).targets, rows(data["targets"]), target_matches)


def _duty_scope(name: str) -> Score:
    data = key(name)
    # one extracted item per key project: its section, and the departments every one of its tasks carries
    items: dict[str, set[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for task in document_of(data).tasks:
        if task.section.startswith("重点任务 "):
            items.setdefault(task.section, set()).add((tuple(task.lead), tuple(task.responsible)))

    def match(section: str, row: dict[str, Any]) -> bool:
        duties = {(tuple(row["lead"]), tuple(row["responsible"]))}
        return section == f"重点任务 {row['number']} {row['project']}" and items[section] == duties

    return score(list(items), rows(data["duties"]), match)


# (seed file, scope as the table prints it, key file, how that scope is scored)
SCOPES: list[tuple[str, str, str, Callable[[str], Score]]] = [
    ("000", "主要预期指标表", "000_qingcheng.json", _indicator_scope),
    ("000", "附件2、附件4 项目", "000_qingcheng.json", _project_scope),
    ("001", "句中量化目标", "001_qingyuan_actions.json", _target_scope),
    ("002", "重点任务 责任部门", "002_qingyuan_villages.json", _duty_scope),
    ("003", "重大建设项目汇总表", "003_liwan.json", _project_scope),
    ("004", "主要发展指标", "004_huadu.json", _indicator_scope),
    ("004", "附件2 项目", "004_huadu.json", _project_scope),
]


@cache
def scope_score(index: int) -> Score:
    _, _, name, scorer = SCOPES[index]
    return scorer(name)


@pytest.mark.parametrize("index", range(len(SCOPES)), ids=[f"{s[0]} {s[1]}" for s in SCOPES])
def test_each_scope_matches_its_key(index: int) -> None:
    result = scope_score(index)
    assert result.precision >= THRESHOLD and result.recall >= THRESHOLD, (
        result.missed,
        [getattr(item, "source", item) for item in result.extra],
    )


def test_precision_and_recall_per_seed(capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the per-seed table (the closing note quotes it) and requires ≥ 0.95 for each seed as a whole."""
    header = f"{'seed':<6}{'key':>5}{'found':>7}{'match':>7}{'precision':>11}{'recall':>8}  scope"
    lines = [header]

    def line(seed: str, scope: str, result: Score) -> str:
        return (
            f"{seed:<6}{result.expected:>5}{result.found:>7}{result.matched:>7}"
            f"{result.precision:>11.3f}{result.recall:>8.3f}  {scope}"
        )

    per_seed: dict[str, Score] = {}
    for index, (seed, scope, _, _) in enumerate(SCOPES):
        result = scope_score(index)
        lines.append(line(seed, scope, result))
        before = per_seed.get(seed, Score(0, 0, 0, [], []))
        per_seed[seed] = Score(
            before.expected + result.expected,
            before.found + result.found,
            before.matched + result.matched,
            before.missed + result.missed,
            before.extra + result.extra,
        )
    lines.append("-" * 50)
    lines.extend(line(seed, "该文件合计", result) for seed, result in per_seed.items())
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert sorted(per_seed) == ["000", "001", "002", "003", "004"]
    for seed, result in per_seed.items():
        assert result.precision >= THRESHOLD and result.recall >= THRESHOLD, seed


def test_one_wrong_field_in_a_key_row_costs_one_match() -> None:
    # the matcher is strict: 适龄残疾儿童义务教育入学率 keyed with target 99 instead of 100 no longer matches,
    # so 21 of 22 rows match and the one extracted row it should have matched is left over
    data = key("000_qingcheng.json")
    section = data["indicators"]
    keyed = rows(section)
    wrong = next(row for row in keyed if row["name"] == "适龄残疾儿童义务教育入学率")
    wrong["target_value"] = 99
    years = (section["baseline_year"], section["target_year"])
    result = score(document_of(data).indicators, keyed, lambda i, r: indicator_matches(i, r, years))
    assert (result.expected, result.found, result.matched) == (22, 22, 21)
    assert [item.source.line for item in result.extra] == [305]


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
