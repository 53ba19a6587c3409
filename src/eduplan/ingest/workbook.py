"""Opening an uploaded workbook or table file: its bounds checked first, then calamine, one message for a broken file.

Every reader of a school's or a bureau's workbook (scores, fitness, teachers, applicants, monitoring results) starts
here, so that none of them hands a file to a parser before ``file_limits`` has bounded it (size, zip members,
compression ratio, sheet extent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from eduplan.errors import IngestError, Problem
from eduplan.ingest.file_limits import check_file, limits_for

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def checked_file(path: Path, kind: str) -> Path:
    """``path`` once it exists and is within the upload limits of ``kind`` (census, plan, scores, fitness, ...)."""
    if not path.exists():
        raise IngestError([Problem(file=path.name, message="文件不存在")])
    check_file(path, limits_for(kind))
    return path


def open_workbook(path: Path, kind: str) -> Any:
    """The calamine workbook of ``path``, after ``checked_file``; a file calamine cannot read is an IngestError."""
    from python_calamine import CalamineWorkbook  # imported here: CSV imports never pay for it

    checked_file(path, kind)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own types for broken files
        raise IngestError([Problem(file=path.name, message="无法读取 Excel 文件", found=str(exc))]) from exc
