"""docs/assessments.md lists every standard record exactly as the code holds it (regenerate with ``render``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.standards.base import Standard
from eduplan.standards.registry import STANDARDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "assessments.md"


def render(s: Standard) -> list[str]:
    """The doc's table rows for one standard (print these to regenerate the tables)."""
    lines = [f"### `{s.id}` — {s.title}（{s.document_number}），version {s.version}"]
    for i in s.indicators:
        th = "; ".join(f"{k if k != '*' else '全县'} {i.comparator} {v:g}" for k, v in i.thresholds.items())
        lines.append(
            f"| `{i.key}` | {i.name} | {i.unit} | {th or '— (information)'} | {i.status} | {', '.join(i.sources)} |"
        )
    for r in s.rules:
        values = "; ".join(f"{k}: {v:g}" for k, v in r.values.items())
        lines.append(f"| `{r.key}` | {r.name} | {values} | {r.status} |")
    lines += [f"| `{m.key}` | {m.dimension} | {m.name} | {m.status} |" for m in s.manual_items]
    return lines


@pytest.mark.parametrize("standard", list(STANDARDS.values()), ids=list(STANDARDS))
def test_every_record_of_the_standard_is_in_the_doc(standard: Standard) -> None:
    doc = DOC.read_text(encoding="utf-8").splitlines()
    missing = [line for line in render(standard) if line not in doc]
    assert not missing, "docs/assessments.md is stale; regenerate these rows:\n" + "\n".join(missing)


def test_the_json_keys_of_the_issue_are_documented() -> None:
    doc = DOC.read_text(encoding="utf-8")
    for key in ("region", "year", "standard", "passed", "stages", "cv_threshold", "cv_passed", "school_code", "gap"):
        assert f"`{key}`" in doc or f'"{key}"' in doc, key


def _keys(value: object) -> set[str]:
    """Every dict key of a JSON value, at any depth, except the indicator keys (listed in the doc's own tables)."""
    if isinstance(value, dict):
        return {str(k) for k in value} | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _results() -> dict[str, dict[str, object]]:
    from eduplan.core.basic_balance import assess_basic_balance
    from eduplan.core.class_size import assess_class_size
    from eduplan.core.preschool import assess_preschool
    from eduplan.core.quality_balance import assess_quality_balance
    from tests.core import qb_county, test_census_checks, test_class_size, test_preschool

    schools, stages = qb_county.county()
    checked = test_census_checks.census()
    return {
        "balanced": assess_quality_balance(schools, stages, region=qb_county.COUNTY, year=2023).as_dict(),
        "balanced with census checks": assess_quality_balance(
            *checked[:2], region=qb_county.COUNTY, year=2023, grades=checked[2]
        ).as_dict(),
        "basic": assess_basic_balance(schools, stages, region=qb_county.COUNTY, year=2015).as_dict(),
        "preschool": assess_preschool(*test_preschool.census(), region=test_preschool.COUNTY, year=2023).as_dict(),
        "class-size": assess_class_size(*test_class_size.census(), region=test_class_size.COUNTY, year=2023).as_dict(),
    }


def test_every_key_of_every_result_is_documented() -> None:
    """The whole JSON schema is in the doc: a key added to a result without a word in docs/assessments.md fails."""
    import re

    doc = DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", doc))  # keys are written in `…`, "…" or {a, b} lists
    from eduplan.contract import STAGES

    # Indicator keys have the doc's tables above; 学段 names (小学, 初中 …) are keys of `stages`.
    other = {i.key for s in STANDARDS.values() for i in s.indicators} | set(STAGES)
    missing = {kind: sorted(_keys(result) - other - named) for kind, result in _results().items()}
    assert all(not keys for keys in missing.values()), missing
