"""A plan document uploaded on the plans page, read in a second request so the page can say what it is doing.

1. ``keep_upload``: the bytes are kept under ``MEDIA_ROOT/plan-uploads/<sha256>/<file name>``; the page that
   answers shows the file and starts step 2 at once (htmx, ``hx-trigger="load"``), with a running clock.
2. ``read_upload``: the plan reader (``ingest.plans.parse_plan_file``, the one ``eduplan import plan`` calls) reads
   the kept file and ``store.plans.do_import_plan`` stores every document of it, all or nothing; the kept bytes are
   then forgotten. A file the reader refuses is forgotten too (the analyst uploads a corrected one).

The token is the file's SHA-256, which the store keeps with the plan: uploading a file already stored as a plan of
the same region leads to that plan instead of storing it twice.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

from django.conf import settings
from django.db.models import QuerySet
from django.utils.text import get_valid_filename

from eduplan.errors import NotFound, UsageError
from eduplan.ingest.file_limits import check_size, limits_for
from eduplan.ingest.plans import parse_plan_file
from eduplan.store.models import Plan
from eduplan.store.plans import do_import_plan
from eduplan.web.access import AnyUser, plans_for_user
from eduplan.web.areas.census import expire_uploads

_TOKEN = re.compile(r"^[0-9a-f]{64}$")


def _folder(token: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "plan-uploads" / token


def keep_upload(data: bytes, filename: str) -> Path:
    """Keep the uploaded bytes under their hash and (sanitised) name; a file above the plan limit is refused (and
    the uploads never read, the page closed before step 2, are forgotten after EDUPLAN_UPLOAD_EXPIRY_HOURS)."""
    expire_uploads(kind="plan-uploads")
    name = get_valid_filename(Path(filename).name) or "plan.txt"
    check_size(name, len(data), limits_for("plan"))
    if not data:
        raise UsageError(f"文件 {name} 是空的：请选择规划文件")
    folder = _folder(hashlib.sha256(data).hexdigest())
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def check_token(token: str, filename: str) -> tuple[str, str]:
    name = get_valid_filename(Path(filename).name)
    if not _TOKEN.match(token) or not name:
        raise UsageError("上传的文件标识不对，请重新上传")
    return token, name


def stored_already(user: AnyUser, token: str, region_code: str) -> QuerySet[Plan]:
    """The plans of ``region_code`` the user sees that were imported from a file with these bytes."""
    return plans_for_user(user).filter(source_sha256=token, region_id=region_code).order_by("id")


def read_upload(user: AnyUser, token: str, filename: str, region_code: str) -> list[Plan]:
    """Read the kept file and store its plans in ``region_code`` (checked in the user's scope by the caller)."""
    token, name = check_token(token, filename)
    path = _folder(token) / name
    if not path.is_file():
        raise NotFound("上传的文件已失效，请重新上传")
    try:
        documents = parse_plan_file(path)
        return do_import_plan(documents, region_code, user, file_bytes=path.read_bytes())
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
