"""Apportion a school's 全校 (whole-school) resources to its 学段 by pupil-equivalent weights.

Practice of the balanced-development assessments (spec/standards.md §1.4.3, S10): with A 小学, B 初中 and
C 高中 pupils and weights 1 : 1.1 : 1.32, the 小学 part of a shared resource R is R·A/(A + 1.1B + 1.32C),
the 初中 part R·1.1B/(…), the 高中 part R·1.32C/(…). For a 完全中学 this is the documented 1 : 1.2 split,
since 1.32 / 1.1 = 1.2. Only the shared facility measures of the contract (``SHARED_RESOURCE_KEYS``) are
apportioned; teacher counts are always reported per 学段. After apportionment each part is assessed as a
separate school of its 学段.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import ibis
from ibis.expr.types import Table

from eduplan import contract as c
from eduplan.core.census_input import float_column

DEFAULT_WEIGHT = 1.0  # a 学段 the weights do not name (学前) counts one pupil-equivalent per pupil


def apportion_shared(
    stages: Table,
    weights: Mapping[str, float],
    keys: Iterable[str] = c.SHARED_RESOURCE_KEYS,
) -> Table:
    """The 学段 rows (without 全校 rows), each shared measure = its own value + its share of the 全校 row.

    Adds ``apportioned`` (bool): whether a 全校 row of the school contributed. A measure blank both on the
    学段 row and on the 全校 row stays blank; if the school's parts have no pupils, nothing is apportioned.
    """
    keys = [k for k in keys if k in stages.columns]
    weight = ibis.cases(*((stages.stage == s, w) for s, w in weights.items()), else_=DEFAULT_WEIGHT)
    parts = stages.filter(stages.stage != c.STAGE_WHOLE_SCHOOL).mutate(
        _pe=float_column(stages, "students").fill_null(0) * weight
    )
    totals = parts.group_by("school_code").aggregate(_pe_total=parts._pe.sum())
    whole = stages.filter(stages.stage == c.STAGE_WHOLE_SCHOOL)
    whole = whole.select(
        "school_code", _has_whole=ibis.literal(True), **{f"_w_{k}": float_column(whole, k) for k in keys}
    )
    joined = parts.left_join(totals, "school_code").drop("school_code_right")
    joined = joined.left_join(whole, "school_code").drop("school_code_right")
    share = ibis.ifelse(joined._pe_total > 0, joined._pe / joined._pe_total, ibis.null().cast("float64"))
    updates = {}
    for k in keys:
        own, from_whole = float_column(joined, k), joined[f"_w_{k}"] * share
        updates[k] = ibis.ifelse(from_whole.isnull(), own, own.fill_null(0) + from_whole)
    out = joined.mutate(apportioned=joined._has_whole.fill_null(False) & share.notnull(), **updates)
    return out.drop("_pe", "_pe_total", "_has_whole", *(f"_w_{k}" for k in keys))
