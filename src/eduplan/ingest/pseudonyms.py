"""Pseudonyms: a person's national id (学籍号, 身份证号) replaced by a keyed hash as it is read.

The key is kept outside the data (``EDUPLAN_PSEUDONYM_KEY``, or ``var/pseudonym.key`` created on first use): the same
person gets the same pseudonym in every import, so this year's and last year's records can be joined, and the raw id is
never written.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

import pandas as pd

from eduplan.errors import UsageError

KEY_ENV = "EDUPLAN_PSEUDONYM_KEY"
PSEUDONYM_HEX = 32  # 128 bits: no collision in any realistic number of students


def pseudonym_key(var_dir: Path) -> bytes:
    """The HMAC key: from the environment, else from ``var/pseudonym.key`` (made on first use, mode 600)."""
    from eduplan import settings

    from_env = settings.PSEUDONYM_KEY
    if from_env:
        if len(from_env) < 16:
            raise UsageError(f"{KEY_ENV} 太短：至少 16 个字符（建议 64 位十六进制随机数）")
        return from_env.encode()
    path = var_dir / "pseudonym.key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def pseudonymise(student_ids: pd.Series, key: bytes) -> pd.Series:
    """HMAC-SHA256 of each 学籍号 (upper-cased, trimmed), as 32 hex characters."""
    distinct = student_ids.unique()  # each student has a row per subject and exam: hash each id once
    hashed = (
        hmac.new(key, sid.strip().upper().encode(), hashlib.sha256).hexdigest()[:PSEUDONYM_HEX] for sid in distinct
    )
    return student_ids.map(dict(zip(distinct, hashed, strict=True)))
