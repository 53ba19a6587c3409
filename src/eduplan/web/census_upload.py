"""The census upload in two steps: a dry run that checks the file (nothing stored), then the confirmed import.

The uploaded bytes are kept under ``MEDIA_ROOT/census-uploads/<sha256>`` between the two steps, so the
confirmation imports exactly the file that was checked. Checking and importing are the census importer's
(``eduplan.store.census_import``); the CLI's ``eduplan import census`` calls the same functions.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from eduplan.errors import NotFound, UsageError
from eduplan.store.models import CensusVersion
from eduplan.web.access import AnyUser

_TOKEN = re.compile(r"^[0-9a-f]{64}$")
SUFFIXES = (".xlsx", ".xls", ".csv", ".zip")


@dataclass
class DryRun:
    token: str
    filename: str
    year: int
    row_counts: dict[str, int] = field(default_factory=dict)
    warnings: list[dict[str, Any]] = field(default_factory=list)


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "census-uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(data: bytes, filename: str) -> tuple[str, Path]:
    """Store the uploaded bytes under their hash (keeping the suffix the importer reads by)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"文件 {filename} 的类型不对：应为 {'、'.join(SUFFIXES)}（普查数据模板）")
    token = hashlib.sha256(data).hexdigest()
    path = _folder() / f"{token}{suffix}"
    path.write_bytes(data)
    return token, path


def kept_upload(token: str, filename: str) -> Path:
    suffix = Path(filename).suffix.lower()
    if not _TOKEN.match(token) or suffix not in SUFFIXES:
        raise UsageError("上传的文件标识不对，请重新上传")
    path = _folder() / f"{token}{suffix}"
    if not path.exists():
        raise NotFound("上传的文件已失效，请重新上传")
    return path


def dry_run(path: Path, filename: str, year: int) -> DryRun:
    """Check the file as the importer would; raises IngestError with every located problem."""
    from eduplan.store.census_import import check_census_file

    checked = check_census_file(path, year=year)
    return DryRun(
        token=path.stem,
        filename=filename,
        year=year,
        row_counts={name: len(frame) for name, frame in checked.tables.items()},
        warnings=[w.as_dict() for w in checked.warnings],
    )


def confirm(path: Path, filename: str, year: int, user: AnyUser) -> CensusVersion:
    from eduplan.store.census_import import do_import_census

    version = do_import_census(path, year=year, user=user, filename=filename)
    path.unlink(missing_ok=True)
    return version
