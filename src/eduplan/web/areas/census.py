"""The census upload in two steps: a dry run that checks the file (nothing stored), then the confirmed import.

The uploaded bytes are kept under ``MEDIA_ROOT/census-uploads/<sha256>/<file name>`` between the two steps, so
the confirmation imports exactly the file that was checked, under its own name. Checking and importing are the
census importer's ``do_import_census`` (the one ``eduplan import census`` calls), with and without ``dry_run``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.text import get_valid_filename

from eduplan.errors import IngestError, NotFound, UsageError
from eduplan.store.census_import import ImportResult, do_import_census
from eduplan.web.access import AnyUser, require_regions_in_scope

_TOKEN = re.compile(r"^[0-9a-f]{64}$")
SUFFIXES = (".xlsx", ".zip", ".csv")


def _folder(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "census-uploads" / token


def keep_upload(data: bytes, filename: str) -> Path:
    """Store the uploaded bytes under their hash, keeping the (sanitised) name the importer reports."""
    name = get_valid_filename(Path(filename).name) or "upload.xlsx"
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UsageError(f"文件 {filename} 的类型不对：应为 {'、'.join(SUFFIXES)}（普查数据模板或 CSV 压缩包）")
    folder = _folder(hashlib.sha256(data).hexdigest())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
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


def confirm(path: Path, year: int, user: AnyUser) -> ImportResult:
    """Import the kept file, checked again first: the token alone proves nothing about whose scope it fits."""
    dry_run(path, year, user)
    result = do_import_census(path, year, user)
    shutil.rmtree(path.parent, ignore_errors=True)
    return result
