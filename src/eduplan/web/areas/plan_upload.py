"""A plan document uploaded on the plans page, read in a background job so the page can say what it is doing.

1. ``keep_upload``: the bytes are kept under ``MEDIA_ROOT/plan-uploads/<sha256>/file/<file name>``; the upload
   submits the ``plan.read`` job (web/areas/jobs.py), whose page polls its progress (a PDF's pages, then its OCR
   pages) and goes on to the review page when it is done.
2. ``read_upload`` (in the job): the plan reader (``ingest.plans.read_plan_file``, the one ``eduplan import plan``
   calls) reads the kept file, and ``store.plans.do_import_plan`` stores every document of it, all or nothing; the
   kept bytes are then forgotten. A file the reader refuses is forgotten too (the analyst uploads a corrected one).
   A document the region holds already (the same text, in any file or format) is not stored again: the file is kept
   so the analyst may choose to replace the stored plan.

The token is the file's SHA-256, which the store keeps with the plan: uploading the very file a plan of the region
was read from leads to that plan.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils.text import get_valid_filename

from eduplan.errors import IngestError, NotFound, UsageError
from eduplan.ingest.file_limits import check_size, limits_for
from eduplan.ingest.plans import read_plan_file
from eduplan.ingest.plans.pdf import Progress
from eduplan.store.models import Plan
from eduplan.store.plans import already_imported, do_import_plan
from eduplan.web.access import AnyUser, plans_for_user
from eduplan.web.areas.census import expire_uploads

_TOKEN = re.compile(r"^[0-9a-f]{64}$")
KIND = "plan-uploads"


class Duplicate(Exception):
    """The file holds a document the region has stored already (``plans``); nothing was stored."""

    def __init__(self, plans: list[Plan]) -> None:
        super().__init__("同一文件已导入过")
        self.plans = plans


def _folder(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / KIND / token


def keep_upload(data: bytes, filename: str) -> Path:
    """Keep the uploaded bytes under their hash and (sanitised) name; a file above the plan limit is refused (and
    the uploads never read, the page closed before step 2, are forgotten after EDUPLAN_UPLOAD_EXPIRY_HOURS)."""
    expire_uploads(kind=KIND)
    name = get_valid_filename(Path(filename).name) or "plan.txt"
    check_size(name, len(data), limits_for("plan"))
    if not data:
        raise UsageError(f"文件 {name} 是空的：请选择规划文件")
    token = hashlib.sha256(data).hexdigest()
    path = _folder(token) / "file" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def token_of(path: Path) -> str:
    """The token of a file ``keep_upload`` kept: its folder's name, the SHA-256 of its bytes."""
    return path.parent.parent.name


def check_token(token: str, filename: str) -> tuple[str, str]:
    name = get_valid_filename(Path(filename).name)
    if not _TOKEN.match(token) or not name:
        raise UsageError("上传的文件标识不对，请重新上传")
    return token, name


def stored_already(user: AnyUser, token: str, region_code: str) -> QuerySet[Plan]:
    """The plans of ``region_code`` the user sees that were imported from a file with these bytes."""
    return plans_for_user(user).filter(source_sha256=token, region_id=region_code).order_by("id")


def read_upload(
    user: AnyUser, token: str, filename: str, region_code: str, progress: Progress, *, replace: bool = False
) -> tuple[list[Plan], list[str]]:
    """Read the kept file and store its plans in ``region_code`` (checked in the user's scope by the caller),
    reporting ``progress(stage, done, total)`` per page of a PDF; ``replace`` replaces the stored plans holding the
    same document (raises ``Duplicate`` without it). Returns the plans and the documents of the file left out, with
    why (a transport plan printed in the same gazette)."""
    token, name = check_token(token, filename)
    folder = _folder(token)
    path = folder / "file" / name
    if not path.is_file():
        raise NotFound("上传的文件已失效，请重新上传")
    finished = False
    try:
        read = read_plan_file(path, progress)
        stored = already_imported(read.documents, region_code)
        if stored and not replace:
            raise Duplicate(stored)  # the file is kept: the analyst may choose to replace
        progress("保存规划", 0, 0)
        plans = do_import_plan(read.documents, region_code, user, file_bytes=path.read_bytes(), replace=replace)
        finished = True
        return plans, list(read.left_out)
    except (IngestError, UsageError):
        finished = True
        raise
    finally:
        if finished:
            shutil.rmtree(folder, ignore_errors=True)
