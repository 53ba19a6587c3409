"""The ``eduplan`` command: a thin click group over the same functions the web uses.

The groups are in ``eduplan.commands.groups``; each domain's commands are in ``eduplan.commands.<domain>`` and attach
themselves to them (``@assess.command("balanced")``). This module registers the command modules explicitly: a new
domain adds its module to ``COMMAND_MODULES`` (tests/cli/test_cli.py fails when a module of ``commands/`` is not).
"""

from __future__ import annotations

from importlib import import_module

from eduplan.commands.groups import EduplanGroup, main

# Each name once: the module is imported here and its commands attach themselves to the groups.
COMMAND_MODULES = tuple(
    import_module(f"eduplan.commands.{name}")
    for name in (
        "admission",
        "assess",
        "census",
        "collection",
        "fitness",
        "forecast",
        "investment",
        "jobs",
        "operations",
        "plans",
        "quality",
        "reports",
        "store_admin",
        "supervision",
        "teachers",
        "value_added",
    )
)

__all__ = ["COMMAND_MODULES", "EduplanGroup", "main"]

if __name__ == "__main__":
    main()
