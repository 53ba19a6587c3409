"""Storing plans and their tracking. Every write is one ``do_*`` function: one transaction, one audit entry.

The package is split by job:

- ``imports``: ``do_import_plan``, parsed ``PlanDocument``s → ``Plan`` rows with indicators, targets, projects, tasks;
- ``review``: ``do_correct_plan_item`` / ``do_confirm_plan_item``, an analyst's review, before and after in the audit;
- ``tracking``: ``do_record_actual``, ``do_record_progress``, ``do_set_task_status``, the census-bound actuals;
- ``manual``: ``do_create_plan`` / ``do_add_plan_item``, a plan and its items typed in by hand;
- ``detail``: ``plan_detail``, a plan with every item, its source, its flags and its tracking, as one JSON-able dict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eduplan import lazy_exports

if TYPE_CHECKING:
    from eduplan.store.plans.detail import indicator_spec, plan_detail, review_year
    from eduplan.store.plans.imports import UserLike, already_imported, do_import_plan, get_plan
    from eduplan.store.plans.manual import do_add_plan_item, do_create_plan
    from eduplan.store.plans.review import CORRECTABLE, ITEM_MODELS, do_confirm_plan_item, do_correct_plan_item
    from eduplan.store.plans.tracking import (
        do_bind_metric,
        do_compute_actuals,
        do_record_actual,
        do_record_progress,
        do_set_task_status,
        suggested_metrics,
    )

# Each name is imported from its module when first asked for: ``tracking`` brings the analytics stack (pandas, Ibis)
# for the census-bound actuals, which ``eduplan plan show`` or a review should not wait for (docs/development.md).
_HOME = {
    **dict.fromkeys(("indicator_spec", "plan_detail", "review_year"), "detail"),
    **dict.fromkeys(("UserLike", "already_imported", "do_import_plan", "get_plan"), "imports"),
    **dict.fromkeys(("do_add_plan_item", "do_create_plan"), "manual"),
    **dict.fromkeys(("CORRECTABLE", "ITEM_MODELS", "do_confirm_plan_item", "do_correct_plan_item"), "review"),
    **dict.fromkeys(
        (
            "do_bind_metric",
            "do_compute_actuals",
            "do_record_actual",
            "do_record_progress",
            "do_set_task_status",
            "suggested_metrics",
        ),
        "tracking",
    ),
}


__getattr__ = lazy_exports(__name__, _HOME)

__all__ = [
    "CORRECTABLE",
    "ITEM_MODELS",
    "UserLike",
    "already_imported",
    "do_add_plan_item",
    "do_bind_metric",
    "do_compute_actuals",
    "do_confirm_plan_item",
    "do_correct_plan_item",
    "do_create_plan",
    "do_import_plan",
    "do_record_actual",
    "do_record_progress",
    "do_set_task_status",
    "get_plan",
    "indicator_spec",
    "plan_detail",
    "review_year",
    "suggested_metrics",
]
