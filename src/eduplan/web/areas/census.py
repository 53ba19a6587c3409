"""The census upload in two steps: a dry run that checks the file (nothing stored), then the confirmed import.

The uploaded bytes are kept under ``MEDIA_ROOT/census-uploads/<sha256>/<file name>`` between the two steps, so
the confirmation imports exactly the file that was checked, under its own name. Checking and importing are the
census importer's ``do_import_census`` (the one ``eduplan import census`` calls), with and without ``dry_run``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.text import get_valid_filename

from eduplan.errors import IngestError, NotFound, UsageError
from eduplan.ingest.file_limits import check_size, limits_for
from eduplan.store.census_import import ImportResult, do_import_census
from eduplan.web.access import AnyUser, require_regions_in_scope

_TOKEN = re.compile(r"^[0-9a-f]{64}$")
SUFFIXES = (".xlsx", ".zip", ".csv")


def _folder(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "census-uploads" / token


def check_upload_size(filename: str, size: int) -> None:
    """Refuse a file above the census upload limit before reading it (IngestError, shown like any file error)."""
    check_size(filename, size, limits_for("census"))


def expire_uploads(now: float | None = None, kind: str = "census-uploads") -> int:
    """Forget the uploads checked but never confirmed for EDUPLAN_UPLOAD_EXPIRY_HOURS; how many were removed.

    ``kind`` is the folder under MEDIA_ROOT: ``census-uploads``, or ``plan-uploads`` (web/areas/plan_upload.py)."""
    root = Path(settings.MEDIA_ROOT) / kind
    if not root.is_dir():
        return 0
    cutoff = (now or time.time()) - settings.UPLOAD_EXPIRY_HOURS * 3600
    removed = 0
    for folder in root.iterdir():
        if folder.is_dir() and _TOKEN.match(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


def keep_upload(data: bytes, filename: str) -> Path:
    """Store the uploaded bytes under their hash, keeping the (sanitised) name the importer reports (and forget
    the unconfirmed uploads that have expired)."""
    expire_uploads()
    name = get_valid_filename(Path(filename).name) or "upload.xlsx"
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UsageError(f"文件 {filename} 的类型不对：应为 {'、'.join(SUFFIXES)}（普查数据模板或 CSV 压缩包）")
    folder = _folder(hashlib.sha256(data).hexdigest())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    partial = path.with_name(path.name + ".part")
    try:  # written whole or not at all: a full disk leaves no truncated workbook to confirm later
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    return path


def kept_upload(token: str, filename: str) -> Path:
    name = get_valid_filename(Path(filename).name)
    if not _TOKEN.match(token) or not name:
        raise UsageError("上传的文件标识不对，请重新上传")
    path = _folder(token) / name
    if not path.is_file():
        raise NotFound("上传的文件已失效，请重新上传")
    return path


def dry_run(path: Path, year: int, user: AnyUser) -> ImportResult:
    """Check the file as the import would (raises IngestError with every located problem); nothing is stored.

    A file with errors is forgotten (the clerk uploads the corrected one); a file that places a school or population
    row outside the user's scope is refused (403) and forgotten too.
    """
    try:
        result = do_import_census(path, year, user, dry_run=True)
        require_regions_in_scope(user, result.regions)
    except (IngestError, PermissionDenied):
        shutil.rmtree(path.parent, ignore_errors=True)
        raise
    return result


def import_checked(path: Path, year: int, user: AnyUser) -> ImportResult:
    """Import a kept file checked again just before in the user's scope (the token alone proves nothing about whose
    scope it fits: the census.import job runs ``dry_run`` first), in one transaction; then forget the upload."""
    result = do_import_census(path, year, user)
    shutil.rmtree(path.parent, ignore_errors=True)
    return result
