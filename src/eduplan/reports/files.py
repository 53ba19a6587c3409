"""Writing a finished report: to a temporary file in the target's folder, renamed over the target on success.

A report is rendered to bytes before anything touches the disk, so bad input never leaves a file; the rename
means a reader never sees half a file, and an existing report is replaced only by a complete one.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from eduplan.errors import UsageError


def output_folder(out: Path) -> Path:
    """The folder ``out`` goes in, or a UsageError when it does not exist (checked before a report is rendered too,
    so a typo in --out costs no rendering)."""
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"输出目录不存在：{folder}")
    return folder


def write_atomically(out: Path, data: bytes) -> None:
    folder = output_folder(out)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
