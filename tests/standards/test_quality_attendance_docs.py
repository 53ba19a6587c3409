"""docs/quality.md and docs/attendance.md name every rule record and every key of the JSON they describe."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import ibis

from eduplan.core.attendance import monthly_report, retention
from eduplan.core.quality import Comparison, assess_quality
from eduplan.standards import attendance, quality
from tests.core import quality_county as hc
from tests.core.test_attendance import _cases

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return {str(k) for k in value} | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _missing(keys: set[str], doc: str) -> list[str]:
    """Keys the doc does not name: English keys as words, Chinese ones (by_kind) anywhere in the text."""
    text = (DOCS / doc).read_text(encoding="utf-8")
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    return sorted(k for k in keys if (k not in words if k.isascii() else k not in text))


def test_every_quality_rule_and_json_key_is_in_the_doc() -> None:
    result = assess_quality(
        ibis.memtable(hc.scores()),
        hc.schools(),
        region_code=hc.COUNTY,
        year=2023,
        grade="8",
        subject="数学",
        comparisons=[Comparison("平均分", 1.0, 2.0, 3.0)],
    ).as_dict()
    rules = {r.key for r in quality.RULES}
    missing = _missing(_keys(result) | rules, "quality.md")
    assert missing == [], f"docs/quality.md does not name: {missing}"


def test_every_attendance_rule_and_json_key_is_in_the_doc() -> None:
    report = monthly_report(_cases(), "2024-03", school_names={}, town_names={}, suppress=True, today=date(2024, 3, 9))
    now = ibis.memtable({"school_code": ["A"], "grade": ["9"], "students": [1], "entrants": [0]})
    then = ibis.memtable({"school_code": ["A"], "grade": ["1"], "students": [1], "entrants": [1]})
    keys = _keys(report) | _keys(retention(now, then, "九年义务教育", code="A").as_dict()) | {"estimated", "missing"}
    missing = _missing(keys | {r.key for r in attendance.RULES}, "attendance.md")
    assert missing == [], f"docs/attendance.md does not name: {missing}"
