"""The shipped 积分入学 rubrics and policies: valid, every fact cited, and every rule in docs/admission.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.standards.admission import POLICIES, RUBRICS, SOURCES, Policy, Rubric, rubric_for, validate_rubric

DOC = Path(__file__).resolve().parents[2] / "docs" / "admission.md"


def render_rubric(r: Rubric) -> list[str]:
    """The doc's lines for one rubric (print these to regenerate the section)."""
    lines = [f"### `{r.id}` — {r.title}（{r.valid_from} — {r.valid_to or '…'}）[{r.status}]"]
    lines += [
        f"| `{row.key}` | {row.item} | {row.name} | {row.describe()} | {row.status} | {', '.join(row.sources)} |"
        for row in r.rows
    ]
    return lines


def render_policy(p: Policy) -> list[str]:
    lines = [f"### `{p.id}` — {p.title} [{p.status}]"]
    lines += [f"| 资格 | {g.name} | {g.describe()} | {g.status} | {', '.join(g.sources)} |" for g in p.gates]
    lines += [
        f"| 优先批次 | {b.name} | {'且'.join(c.describe() for c in b.all_of)} | {b.status} | {', '.join(b.sources)} |"
        for b in p.batches
    ]
    facts = [("志愿数上限", str(p.max_choices)), ("滑档", "是" if p.slide else "否"), ("补录", "是" if p.supplementary else "否"),
             ("入围名单（按片区学位数截取）", "是" if p.pool_cut else "否"),
             ("合并派位的片区", "；".join(f"{k}：{'、'.join(v)}" for k, v in p.area_pools.items()) or "否"),
             ("本片区申请人优先", "、".join(p.local_first) or "否"),
             ("截止日", p.cutoff), ("同分", "、".join(p.tie_break) or "随机（种子记录）")]  # fmt: skip
    keys = ("max_choices", "slide", "supplementary", "pool_cut", "area_pools", "local_first", "cutoff", "tie_break")
    lines += [
        f"| 规则 | {name} | {value} | {p.facts_status.get(k, p.status)} | |"
        for (name, value), k in zip(facts, keys, strict=True)
    ]
    return lines


@pytest.mark.parametrize("rubric", list(RUBRICS.values()), ids=list(RUBRICS))
def test_every_shipped_rubric_is_valid_and_cited(rubric: Rubric) -> None:
    assert validate_rubric(rubric) == []
    for row in rubric.rows:
        assert row.sources and set(row.sources) <= set(SOURCES), row.key


@pytest.mark.parametrize("policy", list(POLICIES.values()), ids=list(POLICIES))
def test_every_policy_names_a_shipped_rubric_and_cites_its_gates(policy: Policy) -> None:
    assert policy.rubric_id in RUBRICS
    for gate in policy.gates:
        assert gate.sources and set(gate.sources) <= set(SOURCES), gate.key


@pytest.mark.parametrize("item", [*RUBRICS.values(), *POLICIES.values()], ids=[*RUBRICS, *POLICIES])
def test_every_rule_is_in_the_doc_with_its_status(item: Rubric | Policy) -> None:
    lines = render_rubric(item) if isinstance(item, Rubric) else render_policy(item)
    doc = DOC.read_text(encoding="utf-8").splitlines()
    missing = [line for line in lines if line not in doc]
    assert not missing, "docs/admission.md is stale; regenerate these lines:\n" + "\n".join(missing)


def test_rubrics_are_effective_dated() -> None:
    import datetime as dt

    assert rubric_for("4401", "440114", dt.date(2020, 6, 1)).id == "gz-2018"
    assert rubric_for("4401", "440114", dt.date(2021, 11, 16)).id == "gz-2021"
    assert rubric_for("4401", "440113", dt.date(2015, 6, 1)).id == "panyu-2015"  # the district's own wins
    assert rubric_for("4419", "441900", dt.date(2023, 4, 1)).row("permit").rate == 1.5
    assert rubric_for("4419", "441900", dt.date(2022, 4, 1)).row("permit").rate == 1.0
