"""Benchmark: how well the plan parser reads published planning documents it was not written against.

The corpus (tests/data/plans/real/, manifest.json) holds published documents of other regions than the seeds —
plans, action plans, project lists, progress reports and 差异系数 monitoring tables, as PDF, Word, web pages,
web-copied text, plain text and spreadsheets — each with a hand-made key, split once by document into a
development half (the parser may be tuned on it) and an evaluation half (it may not). This script parses every
document and prints precision and recall per document and per half, for indicators (table rows and sentence
targets), projects, tasks and published figures separately, matching by value and unit (tests/ingest/plan_scoring.py
says exactly how; the seeds are scored by the same code as tests/ingest/test_plan_keys.py).

Targets: evaluation half recall ≥ 0.85 and precision ≥ 0.90 for indicators and for projects; each seed ≥ 0.95.

Run: .venv/bin/python bench/bench_plan_extraction.py [--check] [--misses]
  --check   exit 1 when a target is missed (without it the script only reports)
  --misses  list, per document, the key items nothing matched and the extracted items no key item matched
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the scoring lives with the tests (tests/ingest/plan_scoring.py)

from tests.ingest.plan_scoring import (  # noqa: E402
    CATEGORIES,
    EMPTY,
    SCOPES,
    DocumentResult,
    Score,
    add,
    manifest,
    parse_real,
    scope_score,
    score_real,
)

EVAL_RECALL, EVAL_PRECISION, SEED_BOTH = 0.85, 0.90, 0.95
SHORT = {"indicators": "ind", "projects": "proj", "tasks": "task", "published": "pub"}
KIND_WORDS = {  # the manifest's kinds in the parser's words (PlanMeta.kind)
    "plan": "规划",
    "action-plan": "行动计划/实施方案",
    "project-list": "项目表",
    "progress": "进展报告",
    "monitoring": "监测结果",
}


def recognised_kind(doc_id: str) -> str:
    documents, _ = parse_real(doc_id)
    return "、".join(sorted({getattr(d.plan, "kind", "") or "?" for d in documents})) or "-"


def _cell(result: Score) -> str:
    if not result.expected and not result.found:
        return f"{'·':>17}"
    precision = f"{result.precision:.2f}" if result.found else "  - "
    recall = f"{result.recall:.2f}" if result.expected else "  - "
    return f"{result.matched:>3}/{result.expected:<3}{result.found:>3} {precision}/{recall}"


def _item(item: object) -> str:
    source = getattr(item, "source", None)
    where = f"L{source.line} " if source is not None else ""
    name = getattr(item, "name", "") or getattr(item, "text", "")[:30]
    value = getattr(item, "target_value", None)
    if value is None:
        value = getattr(item, "investment", None) or getattr(item, "value", None)
    unit = getattr(item, "unit", "")
    return f"{where}{name} {value}{unit}"


def report(check: bool, misses: bool) -> int:
    documents = manifest()
    results: dict[str, DocumentResult] = {d["id"]: score_real(d["id"]) for d in documents}
    header = f"{'doc':<5}{'half':<6}{'format':<13}{'kind':<13}" + "".join(
        f"{SHORT[c] + ' m/key found P/R':>18}" for c in CATEGORIES
    )
    totals: dict[str, dict[str, Score]] = {"development": {}, "evaluation": {}}
    print("Per document (m/key = matched of key items; found = items extracted; P/R = precision/recall)")
    print(header)
    for doc in documents:
        result = results[doc["id"]]
        half = doc["half"]
        line = f"{doc['id']:<5}{half[:4]:<6}{doc['format']:<13}{doc['kind']:<13}"
        line += "".join(f"{_cell(result.scores[c]):>18}" for c in CATEGORIES)
        if result.refused:
            line += f"  refused: {result.refused[:60]}"
        print(line)
        for category in CATEGORIES:
            totals[half][category] = add(totals[half].get(category, EMPTY), result.scores[category])
        if misses:
            for category in CATEGORIES:
                scored = result.scores[category]
                for row in scored.missed:
                    print(f"      missed {category}: {row}")
                for item in scored.extra:
                    print(f"      extra  {category}: {_item(item)}")

    print("\nPer half (all documents of the half together)")
    print(f"{'half':<13}{'category':<12}{'key':>6}{'found':>7}{'match':>7}{'precision':>11}{'recall':>8}  refused")
    refused = {
        half: sum(1 for d in documents if d["half"] == half and results[d["id"]].refused)
        for half in ("development", "evaluation")
    }
    for half in ("development", "evaluation"):
        for category in CATEGORIES:
            s = totals[half][category]
            print(
                f"{half:<13}{category:<12}{s.expected:>6}{s.found:>7}{s.matched:>7}{s.precision:>11.3f}{s.recall:>8.3f}"
                f"  {refused[half]} of {sum(1 for d in documents if d['half'] == half)} files"
            )

    print("\nWorst documents (lowest share of key items matched, all categories together)")
    ranked = []
    for doc in documents:
        whole = EMPTY
        for category in CATEGORIES:
            whole = add(whole, results[doc["id"]].scores[category])
        ranked.append((whole.recall, whole.precision if whole.found else 0.0, doc))
    for recall, precision, doc in sorted(ranked, key=lambda r: (r[0], r[1]))[:8]:
        why = results[doc["id"]].refused or "read; items missed or wrong (--misses lists them)"
        print(
            f"  {doc['id']} {doc['half'][:4]} {doc['format']:<12} recall {recall:.2f} precision {precision:.2f}  {why[:70]}"
        )

    print("\nDocument kind recognised by the parser (PlanMeta.kind) against the manifest's kind")
    for half in ("development", "evaluation"):
        mine = [d for d in documents if d["half"] == half]
        right = [d for d in mine if recognised_kind(d["id"]) == KIND_WORDS[d["kind"]]]
        wrong = ", ".join(
            f"{d['id']} {KIND_WORDS[d['kind']]}→{recognised_kind(d['id'])}" for d in mine if d not in right
        )
        print(f"  {half:<12} {len(right)} of {len(mine)} right; {wrong}")

    print("\nSeeds (tests/ingest/plan_keys, strict matching: every keyed field)")
    per_seed: dict[str, Score] = {}
    for index, (seed, scope, _, _) in enumerate(SCOPES):
        s = scope_score(index)
        per_seed[seed] = add(per_seed.get(seed, EMPTY), s)
        print(f"{seed:<6}{s.expected:>5}{s.found:>7}{s.matched:>7}{s.precision:>11.3f}{s.recall:>8.3f}  {scope}")

    print("\nTargets")
    failures = 0

    def target(label: str, value: float, minimum: float) -> None:
        nonlocal failures
        ok = value >= minimum
        failures += not ok
        print(f"  {label:<48}{value:>7.3f}  (≥ {minimum:.2f})  {'met' if ok else 'MISSED'}")

    for category in ("indicators", "projects"):
        s = totals["evaluation"][category]
        target(f"evaluation {category} recall", s.recall, EVAL_RECALL)
        target(f"evaluation {category} precision", s.precision, EVAL_PRECISION)
    for seed, s in per_seed.items():
        target(f"seed {seed} precision", s.precision, SEED_BOTH)
        target(f"seed {seed} recall", s.recall, SEED_BOTH)
    print(f"{failures} target(s) missed")
    return 1 if check and failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--misses", action="store_true", help="list unmatched key and extracted items")
    args = parser.parse_args()
    sys.exit(report(args.check, args.misses))


if __name__ == "__main__":
    main()
