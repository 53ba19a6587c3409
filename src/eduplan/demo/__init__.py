"""The demo province: a deterministic, seeded, synthetic but realistic Guangdong for trying eduplan.

The generator is pure Python/pandas, no Django; ``demo.seed`` (and ``demo.seed_plans``) load its output into the
store, through the store's own ``do_*`` writes, for ``eduplan demo``. docs/demo-data.md lists
every figure it is calibrated to, with the seed plan and line it comes from.
"""

from __future__ import annotations

from eduplan.demo.anchors import DEMO_CLOSED_2022, DEMO_MOVED, DEMO_RENAMED, MovedSchool
from eduplan.demo.province import (
    DEFAULT_SEED,
    DEFAULT_YEARS,
    REGISTRY_COLUMNS,
    CensusYear,
    DemoProvince,
    generate_demo,
    registry_for_year,
)
from eduplan.demo.regions import read_region_table

__all__ = [
    "DEFAULT_SEED",
    "DEFAULT_YEARS",
    "DEMO_CLOSED_2022",
    "DEMO_MOVED",
    "DEMO_RENAMED",
    "REGISTRY_COLUMNS",
    "CensusYear",
    "DemoProvince",
    "MovedSchool",
    "generate_demo",
    "read_region_table",
    "registry_for_year",
]
