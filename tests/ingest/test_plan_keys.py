"""The parser against answer keys written by hand from the seed plans (tests/ingest/plan_keys/*.json).

Each key lists every item of its scope (an indicator table, project tables, or the sentence targets of
a document). An extracted item matches a key item when every keyed field is equal; precision is the
share of extracted items (in the key's scope) that match, recall the share of key items matched.
"""

from __future__ import annotations

import pytest

from tests.ingest.plan_scoring import (
    SCOPES,
    THRESHOLD,
    Score,
    add,
    document_of,
    indicator_matches,
    key,
    rows,
    scope_score,
    score,
)


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
        per_seed[seed] = add(per_seed.get(seed, Score(0, 0, 0, [], [])), result)
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
