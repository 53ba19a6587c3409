"""Helpers shared by the census import tests: the corpus's base workbook and a dump of the whole store."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bad_census"
YEAR = 2022  # the corpus describes school year 2022 of the shared test world's county


def make_corpus() -> ModuleType:
    """tests/data/bad_census/make_corpus.py as a module (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_base(folder: Path, name: str = "base.xlsx", **changes: Any) -> Path:
    """The corpus's valid base workbook, written to ``folder``."""
    corpus = make_corpus()
    path = folder / name
    corpus.write_xlsx(path, corpus.base_book(), **changes)
    return path


def store_dump() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table an import may touch: census versions and rows, registry, audit (but the audit of a
    background job's submission: on the web the upload's check is a job, whose own row and audit are expected)."""
    from eduplan.store.models import AuditEntry, CensusVersion, School, SchoolVersion
    from eduplan.store.models.census import ROW_MODELS

    dump: dict[str, list[dict[str, Any]]] = {}
    for model in (CensusVersion, School, SchoolVersion, AuditEntry, *ROW_MODELS.values()):
        rows = []
        rows_of = model._default_manager.order_by("pk")
        if model is AuditEntry:
            rows_of = rows_of.exclude(action__startswith="jobs.")
        for row in rows_of.values():
            rows.append({k: bytes(v) if isinstance(v, memoryview) else v for k, v in row.items()})
        dump[model.__name__] = rows
    return dump
