"""Backing up and restoring the whole store: the database, the score files and the pseudonym key, at one moment.

A backup is one tar file:

- ``manifest.json``: format, when, the database engine, and the SHA-256 of every member;
- ``db.sqlite3`` (SQLite's online backup API: a consistent copy while the app keeps reading and writing) or
  ``db.pgdump`` (``pg_dump --format=custom``, one snapshot transaction, on PostgreSQL);
- ``scores/``: ``var/scores`` as it is (snapshots, hard links and the ``current`` symlink);
- ``pseudonym.key``: ``var/pseudonym.key`` when the key is kept there (not when it comes from
  ``EDUPLAN_PSEUDONYM_KEY``: then the operator keeps it, and the manifest says so).

Consistency: the backup holds the score store's lock (a score import is never half in it) while it copies the
database and the score files; census imports and every other write are single database transactions, so the
database copy has each of them entirely or not at all. Census originals are stored in the database. Uploads
awaiting confirmation (``var/uploads``) are transient and not backed up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

from eduplan.errors import IngestError, Problem, UsageError
from eduplan.store.score_files import default_root, locked_scores

FORMAT = "eduplan-backup-1"


def _engine() -> str:
    return "sqlite" if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else "postgresql"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432)]
    args += ["--username", str(db.get("USER") or os.environ.get("USER", "postgres")), "--dbname", str(db["NAME"])]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    return args, env


def _dump_database(folder: Path) -> str:
    if _engine() == "sqlite":
        target = folder / "db.sqlite3"
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        try:
            with sqlite3.connect(str(target)) as copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        return target.name
    target = folder / "db.pgdump"
    args, env = _pg_env()
    done = subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise UsageError(f"pg_dump 失败：{done.stderr.strip()[:500]}")
    return target.name


def do_backup(out: Path) -> dict[str, Any]:
    """Write the backup of the whole store to ``out`` (a tar file); its manifest."""
    var = Path(settings.VAR_DIR)
    scores = default_root()
    key = var / "pseudonym.key"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="eduplan-backup-") as tmp:
        folder = Path(tmp)
        with locked_scores(scores):
            database = _dump_database(folder)
            if scores.exists():
                shutil.copytree(scores, folder / "scores", symlinks=True, ignore=shutil.ignore_patterns(".lock"))
            if key.exists():
                shutil.copy2(key, folder / "pseudonym.key")
        members = sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
        manifest = {
            "format": FORMAT,
            "created": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "engine": _engine(),
            "database": database,
            "key": "file" if key.exists() else ("environment" if settings.PSEUDONYM_KEY else "none"),
            "sha256": {str(p.relative_to(folder)): _sha256(p) for p in members},
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        partial = out.with_name(f".{out.name}.part")
        with tarfile.open(partial, "w") as archive:
            for path in sorted(folder.iterdir()):
                archive.add(path, arcname=path.name)
        partial.replace(out)
    return manifest


def _refuse(file: Path, message: str) -> IngestError:
    return IngestError([Problem(file.name, message, expected="eduplan backup 写出的备份文件")])


def _read_backup(path: Path, folder: Path) -> dict[str, Any]:
    try:
        with tarfile.open(path, "r") as archive:
            archive.extractall(folder, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise _refuse(path, f"不是可读的备份文件：{exc}") from None
    try:
        manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise _refuse(path, "备份文件缺少 manifest.json") from None
    if manifest.get("format") != FORMAT:
        raise _refuse(path, f"备份格式不对：{manifest.get('format')!r}")
    for name, digest in manifest["sha256"].items():
        member = folder / name
        if not member.is_file() or _sha256(member) != digest:
            raise _refuse(path, f"备份已损坏：{name} 的校验和不符")
    if manifest["engine"] != _engine():
        raise _refuse(path, f"备份来自 {manifest['engine']} 数据库，当前存储是 {_engine()}")
    return manifest


def do_restore(path: Path) -> dict[str, Any]:
    """Replace the whole store (database, score files, pseudonym key) with the backup at ``path``."""
    var = Path(settings.VAR_DIR)
    scores = default_root()
    with tempfile.TemporaryDirectory(prefix="eduplan-restore-") as tmp:
        folder = Path(tmp)
        manifest = _read_backup(path, folder)
        with locked_scores(scores):
            connections.close_all()
            if manifest["engine"] == "sqlite":
                with sqlite3.connect(str(folder / manifest["database"])) as source:
                    target = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
                    try:
                        source.backup(target)
                    finally:
                        target.close()
                source.close()
            else:
                args, env = _pg_env()
                done = subprocess.run(
                    ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args,
                     str(folder / manifest["database"])],
                    capture_output=True, text=True, env=env, check=False,
                )  # fmt: skip
                if done.returncode != 0:
                    raise UsageError(f"pg_restore 失败：{done.stderr.strip()[:500]}")
            _replace_scores(folder / "scores", scores)
            if (folder / "pseudonym.key").exists():
                var.mkdir(parents=True, exist_ok=True)
                shutil.copy2(folder / "pseudonym.key", var / "pseudonym.key")
                os.chmod(var / "pseudonym.key", 0o600)
    return manifest


def _replace_scores(source: Path, scores: Path) -> None:
    """Everything under ``scores`` but its lock file, replaced by the backup's."""
    if scores.exists():
        for entry in scores.iterdir():
            if entry.name == ".lock":
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    if source.exists():
        scores.mkdir(parents=True, exist_ok=True)
        for entry in source.iterdir():
            shutil.move(str(entry), str(scores / entry.name))


def manifest_lines(manifest: dict[str, Any]) -> str:
    """The manifest as an operator reads it."""
    out = io.StringIO()
    out.write(f"{manifest['created']}  {manifest['engine']}  {len(manifest['sha256'])} 个文件")
    if manifest["key"] == "environment":
        out.write("；假名化密钥来自 EDUPLAN_PSEUDONYM_KEY，未包含在备份中，请另行保管")
    return out.getvalue()
