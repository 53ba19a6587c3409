"""Plans as data: read a plan document (text in UTF-8/GBK, or .docx) into tracked, traceable items.

``parse_plan_file(path)`` returns one ``PlanDocument`` per document in the file (a gazette may hold
several); ``PlanDocument.as_dict()`` is the JSON shape. One module per job: ``reading`` (bytes to
lines), ``documents`` (split, metadata), ``tables``, ``indicators``, ``projects``, ``rollups``,
``sentences``, ``targets``, ``tasks``, ``checks`` (discrepancies), ``parse`` (the order of work).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eduplan import lazy_exports

if TYPE_CHECKING:
    from eduplan.ingest.plans.model import (
        Discrepancy,
        Indicator,
        PlanDocument,
        PlanMeta,
        Project,
        Rollup,
        Source,
        Task,
    )
    from eduplan.ingest.plans.parse import PlanFile, parse_lines, parse_plan_file, read_plan_file
    from eduplan.ingest.plans.pdf import Place

# Imported when first asked for: the store's models need only ``model``; the parser is for ``eduplan import plan``.
__getattr__ = lazy_exports(
    __name__,
    {
        **dict.fromkeys(
            ("Discrepancy", "Indicator", "PlanDocument", "PlanMeta", "Project", "Rollup", "Source", "Task"), "model"
        ),
        **dict.fromkeys(("PlanFile", "parse_lines", "parse_plan_file", "read_plan_file"), "parse"),
        "Place": "pdf",
    },
)

__all__ = [
    "Discrepancy",
    "Indicator",
    "Place",
    "PlanDocument",
    "PlanFile",
    "PlanMeta",
    "Project",
    "Rollup",
    "Source",
    "Task",
    "parse_lines",
    "parse_plan_file",
    "read_plan_file",
]
