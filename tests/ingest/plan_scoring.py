"""Scoring the plan parser against hand-made answer keys: written once, used by the tests and the benchmark.

Seeds (tests/ingest/plan_keys/*.json): an extracted item matches a key item when every keyed field is equal
(line, group, stage, name, unit, comparator, values, years); see ``SCOPES``.

Real corpus (tests/data/plans/real/, keys/<id>.json): an extracted item matches a key item by value and unit —
an indicator or sentence target when its target value and unit are the key's; a project when the key's name
part is in its name or text and its investment (万元), seats (all stages together) and classes equal the key's
where the key states them; a task when its text holds the key's words, its departments include the key's and
its deadline year is the key's (only tasks that name a department are scored: the keys hold
those, with their lead and deadline); a published figure (差异系数 tables) when its value, stage, measure (差异系数/均值) and area
are the key's. Matching is one to one, and a target counts once: an extracted target that repeats a matched one (same value,
unit and year: the same target read from the table and from a sentence, or from two sentences) is neither a match
nor an extra.
Names are compared in Simplified characters (OpenCC), so a Traditional page is scored against its key.

Precision is the share of extracted items that match a key item, recall the share of key items matched.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from eduplan.errors import IngestError
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


def add(a: Score, b: Score) -> Score:
    return Score(
        a.expected + b.expected, a.found + b.found, a.matched + b.matched, a.missed + b.missed, a.extra + b.extra
    )


EMPTY = Score(0, 0, 0, [], [])

# ---- the real corpus ---------------------------------------------------------------------------------------------

REAL = Path(__file__).resolve().parents[1] / "data" / "plans" / "real"
CATEGORIES = ("indicators", "projects", "tasks", "published")


def manifest() -> list[dict[str, Any]]:
    documents: list[dict[str, Any]] = json.loads((REAL / "manifest.json").read_text(encoding="utf-8"))["documents"]
    return documents


def real_key(doc_id: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REAL / "keys" / f"{doc_id}.json").read_text(encoding="utf-8"))
    return data


@cache
def _simplify() -> Callable[[str], str]:
    try:
        import opencc
    except ImportError:  # names are then compared as written
        return lambda text: text
    return opencc.OpenCC("t2s").convert


def simplified(text: str) -> str:
    return _simplify()(text)


def real_indicator_matches(item: Indicator, row: dict[str, Any]) -> bool:
    return _close(item.target_value, row["target_value"]) and item.unit == row["unit"]


def _seat_total(item: Project) -> float | None:
    total = sum(v for v in item.seats.values() if v)
    return total or None


def real_project_matches(item: Project, row: dict[str, Any]) -> bool:
    if simplified(row["name_contains"]) not in simplified(item.name + item.text):
        return False
    keyed = {"investment": item.investment, "seats": _seat_total(item), "classes": item.classes}
    return all(_close(found, row[field]) for field, found in keyed.items() if row.get(field) is not None)


def real_task_matches(item: Any, row: dict[str, Any]) -> bool:
    departments = set(item.lead) | set(item.responsible)
    return (
        row["contains"] in simplified(item.text)
        and set(row["responsible"]) <= departments
        and set(row["lead"]) <= set(item.lead)
        and (row.get("deadline_year") is None or item.deadline_year == row["deadline_year"])
    )


def real_published_matches(item: Any, row: dict[str, Any]) -> bool:
    return (
        _close(item.value, row["value"])
        and item.stage == row["stage"]
        and item.measure == row["measure"]
        and row["area"] in simplified(item.area)
    )


def _target_mark(item: Any) -> tuple[Any, ...]:
    return (getattr(item, "target_value", None), getattr(item, "unit", None), getattr(item, "target_year", None))


def _repeats(item: Any, matched: list[tuple[Any, ...]]) -> bool:
    value, unit, year = _target_mark(item)
    return any(value == v and unit == u and (year == y or year is None or y is None) for v, u, y in matched)


def without_repeats(result: Score, extracted: list[Any]) -> Score:
    """A target counts once: an unmatched item with the value and unit of a matched one, and its year (or no year
    on one side), is the same target read again (the 主要指标 table and a sentence, or two sentences) and is neither
    a match nor an extra."""
    extra_ids = {id(item) for item in result.extra}
    matched = [_target_mark(item) for item in extracted if id(item) not in extra_ids]
    extra = [item for item in result.extra if not _repeats(item, matched)]
    repeats = len(result.extra) - len(extra)
    return Score(result.expected, result.found - repeats, result.matched, result.missed, extra)


def _distinct(items: Iterable[Any]) -> list[Any]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for item in items:
        mark = (
            getattr(item, "name", None),
            getattr(item, "target_value", None),
            getattr(item, "unit", None),
            getattr(item, "target_year", None),
        )
        if mark[1] is not None and mark in seen:
            continue
        seen.add(mark)
        out.append(item)
    return out


def extracted(documents: Iterable[PlanDocument], category: str) -> list[Any]:
    """What the parser gave for one category, over every plan document it found in the file."""
    items: list[Any] = []
    for document in documents:
        if category == "indicators":
            items.extend(document.indicators)
            items.extend(document.targets)
        elif category == "published":
            items.extend(document.published)
        elif category == "projects":
            items.extend(document.projects)
        else:  # tasks: those that name a department (a task the key could hold: its lead and deadline)
            items.extend(task for task in document.tasks if task.lead or task.responsible)
    return _distinct(items) if category == "indicators" else items


MATCHERS: dict[str, Callable[[Any, dict[str, Any]], bool]] = {
    "indicators": real_indicator_matches,
    "projects": real_project_matches,
    "tasks": real_task_matches,
    "published": real_published_matches,
}


@dataclass(frozen=True)
class DocumentResult:
    """One corpus document: its scores per category, or why the parser refused it."""

    doc_id: str
    scores: dict[str, Score]
    refused: str | None


@cache
def parse_real(doc_id: str) -> tuple[tuple[PlanDocument, ...], str | None]:
    entry = next(d for d in manifest() if d["id"] == doc_id)
    try:
        return tuple(parse_plan_file(REAL / entry["file"])), None
    except IngestError as exc:
        return (), "；".join(problem.message for problem in exc.problems)


def score_real(doc_id: str) -> DocumentResult:
    documents, refused = parse_real(doc_id)
    data = real_key(doc_id)
    scores = {}
    for category in CATEGORIES:
        items = extracted(documents, category)
        scores[category] = score(items, data.get(category, []), MATCHERS[category])
        if category == "indicators":
            scores[category] = without_repeats(scores[category], items)
    return DocumentResult(doc_id, scores, refused)
