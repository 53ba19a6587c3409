"""Every standard eduplan knows, by id."""

from __future__ import annotations

from eduplan.errors import NotFound
from eduplan.standards import basic_balance, class_size, preschool, quality_balance, staffing
from eduplan.standards.base import Standard

STANDARDS: dict[str, Standard] = {
    s.id: s
    for s in (
        quality_balance.STANDARD,
        basic_balance.STANDARD,
        preschool.STANDARD,
        class_size.STANDARD,
        *staffing.ALL_STANDARDS,  # 编制 norms (docs/staffing.md)
    )
}


def get_standard(standard_id: str) -> Standard:
    try:
        return STANDARDS[standard_id]
    except KeyError:
        known = "、".join(STANDARDS)
        raise NotFound(f"没有标准 {standard_id!r}；已有：{known}") from None
