"""The store's models, split by domain (regions, registry, census, plans, runs, audit, accounts)."""

from eduplan.store.models import supervision as supervision_models  # noqa: F401  (issue 18)
from eduplan.store.models.accounts import UserScope
from eduplan.store.models.admission import AdmissionApplicant, AdmissionImport, AdmissionRubric, AdmissionSeats
from eduplan.store.models.attendance import AttendanceCase, CaseStep
from eduplan.store.models.audit import AuditEntry
from eduplan.store.models.census import CensusGrade, CensusPopulation, CensusSchool, CensusStage, CensusVersion
from eduplan.store.models.collection import CensusSubmission  # the yearly collection (docs/collection.md)
from eduplan.store.models.fitness import FitnessUpload
from eduplan.store.models.investment import UnitCostVersion
from eduplan.store.models.jobs import Job  # background jobs (docs/operations.md)
from eduplan.store.models.plans import (
    IndicatorActual,
    Plan,
    PlanIndicator,
    PlanProject,
    PlanTask,
    ProjectProgress,
)
from eduplan.store.models.quality import BenchmarkSchool, CutScore, MonitoringFigure, MonitoringImport
from eduplan.store.models.regions import Region
from eduplan.store.models.registry import School, SchoolVersion
from eduplan.store.models.runs import AnalysisRun, ManualItem, SupervisionNote
from eduplan.store.models.teachers import (  # teachers as people (docs/teachers.md)
    RosterVersion,
    Teacher,
    TeacherPeriod,
    TeacherRecord,
    TeacherTransfer,
    TitleRatio,
    TrainingRecord,
)

__all__ = [
    "AdmissionApplicant",
    "AdmissionImport",
    "AdmissionRubric",
    "AdmissionSeats",
    "AnalysisRun",
    "AttendanceCase",
    "AuditEntry",
    "BenchmarkSchool",
    "CaseStep",
    "CensusGrade",
    "CensusPopulation",
    "CensusSchool",
    "CensusStage",
    "CensusSubmission",
    "CensusVersion",
    "CutScore",
    "FitnessUpload",
    "IndicatorActual",
    "Job",
    "ManualItem",
    "MonitoringFigure",
    "MonitoringImport",
    "Plan",
    "PlanIndicator",
    "PlanProject",
    "PlanTask",
    "ProjectProgress",
    "Region",
    "RosterVersion",
    "School",
    "SchoolVersion",
    "SupervisionNote",
    "Teacher",
    "TeacherPeriod",
    "TeacherRecord",
    "TeacherTransfer",
    "TitleRatio",
    "TrainingRecord",
    "UnitCostVersion",
    "UserScope",
]
