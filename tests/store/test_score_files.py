"""Stored scores: pseudonymised, replaced per school and exam, and never half-written."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from eduplan.engine import connect
from eduplan.errors import IngestError, UsageError
from eduplan.ingest.pseudonyms import pseudonym_key
from eduplan.ingest.scores import read_scores
from eduplan.store.score_files import current_snapshot, score_table
from eduplan.store.scores import do_import_scores
from tests.ingest.test_scores import KNOWN, write_csv

KEY = "test-key-0123456789abcdef"


@pytest.fixture(autouse=True)
def fixed_key(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    """A fixed pseudonym key; and the database, where each import writes its audit entry."""
    monkeypatch.setattr("eduplan.settings.PSEUDONYM_KEY", KEY)


def import_rows(tmp_path: Path, rows: list[str], name: str = "a") -> tuple[int, int]:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    known = {**KNOWN, 2022: KNOWN[2023]}
    summary = do_import_scores(read_scores(write_csv(folder, rows), known), "scores.csv", root=tmp_path / "scores")
    return summary.rows, summary.replaced


def stored(tmp_path: Path) -> list[tuple[str, str, float]]:
    con = connect("duckdb")
    table = score_table(con, tmp_path / "scores")
    frame = con.to_pandas(table.order_by(["school_code", "student"]))
    return list(zip(frame["student"], frame["school_code"], frame["score"], strict=True))


def test_student_ids_are_stored_only_as_keyed_hashes(tmp_path: Path) -> None:
    import_rows(tmp_path, ["G440000201001010011,4418020001,2023,7,数学,88,期末统考,120"])
    expected = hmac.new(KEY.encode(), b"G440000201001010011", hashlib.sha256).hexdigest()[:32]
    assert stored(tmp_path) == [(expected, "4418020001", 88.0)]
    raw = b"".join(p.read_bytes() for p in (tmp_path / "scores").rglob("*.parquet"))
    assert b"G440000201001010011" not in raw


def test_the_key_file_is_created_once_outside_the_scores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eduplan.settings.PSEUDONYM_KEY", "")
    first = pseudonym_key(tmp_path)
    assert pseudonym_key(tmp_path) == first and len(first) == 64
    assert (tmp_path / "pseudonym.key").stat().st_mode & 0o777 == 0o600


def test_a_short_key_in_the_environment_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eduplan.settings.PSEUDONYM_KEY", "short")
    with pytest.raises(UsageError) as caught:
        pseudonym_key(tmp_path)
    assert str(caught.value) == "EDUPLAN_PSEUDONYM_KEY 太短：至少 16 个字符（建议 64 位十六进制随机数）"


def test_reimporting_a_school_exam_and_subject_replaces_its_rows(tmp_path: Path) -> None:
    assert import_rows(
        tmp_path, ["G1,4418020001,2023,7,数学,80,期末统考,120", "G2,4418020002,2023,7,数学,70,期末统考,120"]
    ) == (2, 0)
    assert import_rows(tmp_path, ["G1,4418020001,2023,7,数学,85,期末统考,120"], "b") == (1, 1)
    assert sorted((school, score) for _, school, score in stored(tmp_path)) == [
        ("4418020001", 85.0),
        ("4418020002", 70.0),
    ]


def test_other_years_survive_an_import(tmp_path: Path) -> None:
    import_rows(tmp_path, ["G1,4418020001,2022,6,数学,60,期末统考,100"])
    import_rows(tmp_path, ["G1,4418020001,2023,7,数学,85,期末统考,120"], "b")
    assert sorted(score for *_, score in stored(tmp_path)) == [60.0, 85.0]
    assert sorted(p.name for p in (tmp_path / "scores" / "current").iterdir()) == [
        "year=2022.parquet",
        "year=2023.parquet",
    ]


def test_a_student_already_imported_at_another_school_stops_the_whole_import(tmp_path: Path) -> None:
    import_rows(tmp_path, ["G1,4418020001,2023,7,数学,80,期末统考,120"])
    before = sorted((tmp_path / "scores" / "snapshots").iterdir())
    with pytest.raises(IngestError) as caught:
        import_rows(
            tmp_path, ["G9,4418020002,2023,7,数学,75,期末统考,120", "G1,4418020002,2023,7,数学,81,期末统考,120"], "b"
        )
    assert str(caught.value) == (
        "scores.csv:成绩!A3: 该学生本学年这次考试、这一科目的成绩已由另一所学校导入；"
        "应为 每人每科每次考试一行，实际为 已导入的学校 4418020001"
    )
    assert sorted((tmp_path / "scores" / "snapshots").iterdir()) == before  # no staging left behind
    assert [(school, score) for _, school, score in stored(tmp_path)] == [("4418020001", 80.0)]


def test_reading_before_any_import_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(IngestError) as caught:
        score_table(connect("duckdb"), tmp_path / "scores")
    assert str(caught.value).endswith("尚未导入学生成绩；应为 先运行 eduplan import scores FILE")


def test_the_snapshot_before_current_is_kept_and_older_ones_removed(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        import_rows(tmp_path, ["G1,4418020001,2023,7,数学,80,期末统考,120"], name)
    snapshots = tmp_path / "scores" / "snapshots"
    assert sorted(p.name for p in snapshots.iterdir()) == ["2", "3"]
    assert current_snapshot(tmp_path / "scores") == "3"
