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
