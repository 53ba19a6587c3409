"""A scores import is one write: the Parquet snapshot and its audit entry are stored together or not at all."""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest
from django.db import DatabaseError, connections

from eduplan.ingest.scores import read_scores
from eduplan.store.models import AuditEntry
from eduplan.store.scores import do_import_scores
from tests.ingest.test_scores import KNOWN, write_csv

FIRST = ["G1,4418020001,2023,7,数学,80,期末统考,120", "G2,4418020002,2023,7,数学,70,期末统考,120"]
SECOND = ["G1,4418020001,2023,7,数学,85,期末统考,120"]


@pytest.fixture(autouse=True)
def fixed_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eduplan.settings.PSEUDONYM_KEY", "store-test-key-0123456789")


def _import(tmp_path: Path, rows: list[str], name: str) -> None:
    folder = tmp_path / name
    folder.mkdir()
    do_import_scores(read_scores(write_csv(folder, rows), KNOWN), f"{name}.csv", root=tmp_path / "scores")


def _state(tmp_path: Path) -> tuple[str, list[str], list[str]]:
    """Where current points, the snapshot folders, and the audit entries of score imports."""
    root = tmp_path / "scores"
    entries = list(AuditEntry.objects.filter(action="scores.import").order_by("id").values_list("object_id", flat=True))
    return os.readlink(root / "current"), sorted(p.name for p in (root / "snapshots").iterdir()), entries


@pytest.mark.django_db
def test_an_import_is_audited_with_its_summary(tmp_path: Path) -> None:
    _import(tmp_path, FIRST, "first")
    entry = AuditEntry.objects.get(action="scores.import")
    assert (entry.object_type, entry.object_id, entry.username) == ("Scores", "first.csv", "system")
    assert entry.summary == (
        "已导入 first.csv：2 行成绩，2 名学生，2 所学校，学年 2023；替换旧成绩 0 行；缺考（成绩空白）0 行"
    )
    assert entry.after == {
        "rows": 2,
        "replaced": 0,
        "students": 2,
        "schools": 2,
        "years": [2023],
        "exams": ["期末统考"],
        "without_score": 0,
    }
    assert _state(tmp_path) == ("snapshots/1", ["1"], ["first.csv"])


@pytest.mark.django_db
def test_when_the_audit_entry_cannot_be_written_the_scores_stay_as_they_were(tmp_path: Path) -> None:
    _import(tmp_path, FIRST, "first")
    with (
        mock.patch("eduplan.store.audit.AuditEntry.objects.create", side_effect=DatabaseError("database is locked")),
        pytest.raises(DatabaseError),
    ):
        _import(tmp_path, SECOND, "second")
    assert _state(tmp_path) == ("snapshots/1", ["1"], ["first.csv"])


@pytest.mark.django_db
def test_when_the_swap_fails_the_audit_entry_is_rolled_back(tmp_path: Path) -> None:
    _import(tmp_path, FIRST, "first")
    with (
        mock.patch("eduplan.store.score_files._swap_current", side_effect=OSError("read-only file system")),
        pytest.raises(OSError, match="read-only file system"),
    ):
        _import(tmp_path, SECOND, "second")
    assert _state(tmp_path) == ("snapshots/1", ["1"], ["first.csv"])


@pytest.mark.django_db(transaction=True)
def test_when_the_commit_fails_current_goes_back_and_the_new_snapshot_is_deleted(tmp_path: Path) -> None:
    """The swap has happened when the database refuses the commit: it is undone."""
    _import(tmp_path, FIRST, "first")
    with (
        mock.patch.object(connections["default"], "commit", side_effect=DatabaseError("disk I/O error")),
        pytest.raises(DatabaseError, match="disk I/O error"),
    ):
        _import(tmp_path, SECOND, "second")
    assert _state(tmp_path) == ("snapshots/1", ["1"], ["first.csv"])
    _import(tmp_path, SECOND, "third")  # and the next import works on the untouched snapshot
    assert _state(tmp_path) == ("snapshots/2", ["1", "2"], ["first.csv", "third.csv"])


@pytest.mark.django_db(transaction=True)
def test_the_first_import_failing_at_commit_leaves_no_current(tmp_path: Path) -> None:
    with (
        mock.patch.object(connections["default"], "commit", side_effect=DatabaseError("disk I/O error")),
        pytest.raises(DatabaseError),
    ):
        _import(tmp_path, FIRST, "first")
    root = tmp_path / "scores"
    assert not (root / "current").exists() and not (root / "current").is_symlink()
    assert list((root / "snapshots").iterdir()) == []
    assert not AuditEntry.objects.filter(action="scores.import").exists()
