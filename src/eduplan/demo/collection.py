"""The demo's yearly collection (docs/collection.md): which schools of the demo county have reported their census
rows of the year, been approved, been returned, or are still missing — so the completeness page shows real counts.

Pure: the schools' codes in, the plan out (a seeded shuffle). The demo clerk's school is left unreported, so the
demo clerk can walk the whole cycle himself.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

APPROVED_SHARE = 0.45
SUBMITTED_SHARE = 0.2
DRAFT_SHARE = 0.05
RETURN_REASON = "专任教师数与人事科教师名册不符，请核对后重新上报"
WARNING_REASON = "已核实，数据属实"


@dataclass(frozen=True)
class DemoCollection:
    approved: tuple[str, ...]
    submitted: tuple[str, ...]
    returned: tuple[str, ...]
    drafts: tuple[str, ...]  # saved, not submitted: still missing on the completeness page


def demo_collection(codes: Sequence[str], seed: int, keep: str = "") -> DemoCollection:
    """Shares of the schools (``keep`` aside) in each state: 45 % approved, 20 % awaiting review, one returned,
    5 % saved as drafts; the rest (and ``keep``) have not reported."""
    pool = sorted(c for c in codes if c != keep)
    random.Random(seed).shuffle(pool)
    n = len(pool)
    a, s, d = round(n * APPROVED_SHARE), round(n * SUBMITTED_SHARE), round(n * DRAFT_SHARE)
    return DemoCollection(
        approved=tuple(sorted(pool[:a])),
        submitted=tuple(sorted(pool[a : a + s])),
        returned=tuple(pool[a + s : a + s + 1]),
        drafts=tuple(sorted(pool[a + s + 1 : a + s + 1 + d])),
    )
