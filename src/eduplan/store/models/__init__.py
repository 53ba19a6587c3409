"""The store's models, split by domain (regions, registry, census, plans, runs, audit, accounts)."""

from eduplan.store.models.accounts import UserScope
from eduplan.store.models.audit import AuditEntry
from eduplan.store.models.census import CensusGrade, CensusPopulation, CensusSchool, CensusStage, CensusVersion
from eduplan.store.models.investment import UnitCostVersion
from eduplan.store.models.plans import (
    IndicatorActual,
    Plan,
    PlanIndicator,
    PlanProject,
    PlanTask,
    ProjectProgress,
)
from eduplan.store.models.regions import Region
from eduplan.store.models.registry import School, SchoolVersion
from eduplan.store.models.runs import AnalysisRun, ManualItem, SupervisionNote

__all__ = [
    "AnalysisRun",
    "AuditEntry",
    "CensusGrade",
    "CensusPopulation",
    "CensusSchool",
    "CensusStage",
    "CensusVersion",
    "IndicatorActual",
    "ManualItem",
    "Plan",
    "PlanIndicator",
    "PlanProject",
    "PlanTask",
    "ProjectProgress",
    "Region",
    "School",
    "SchoolVersion",
    "SupervisionNote",
    "UnitCostVersion",
    "UserScope",
]
