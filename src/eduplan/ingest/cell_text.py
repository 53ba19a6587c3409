"""The one reading of a workbook cell as text, for every roster and result workbook (scores, teachers, applicants,
monitoring results)."""

from __future__ import annotations

import datetime as dt


def cell_text(value: object) -> str:
    """A cell as the text a person typed: empty for a blank, 2023 for the float 2023.0 Excel stores, a date as
    YYYY-MM-DD, anything else stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
