"""``eduplan backup OUT`` and ``eduplan restore FILE`` on a real SQLite store in a child process: after a backup,
another census version, changed score files and a changed key are all undone by the restore, and the census
export is byte for byte the one made before the backup."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ingest.census_corpus import make_corpus, write_base

_SCRIPT = r"""
import json, sys
from pathlib import Path
from click.testing import CliRunner
from eduplan.cli import main

work = Path(sys.argv[1])
var = work / "var"
run = lambda *args: CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
steps = {}
steps["init"] = run("init")
steps["import"] = run("import", "census", work / "base.xlsx", "--year", 2022)
steps["export1"] = run("export", "census", "--year", 2022, "--out", work / "before.xlsx")
(var / "scores" / "snapshots" / "1").mkdir(parents=True)
(var / "scores" / "snapshots" / "1" / "year=2022.parquet").write_bytes(b"scores of 2022")
(var / "scores" / "current").symlink_to("snapshots/1")
(var / "pseudonym.key").write_bytes(b"k" * 32)
steps["backup"] = run("backup", work / "store.tar")
steps["import2"] = run("import", "census", work / "changed.xlsx", "--year", 2022)
steps["export2"] = run("export", "census", "--year", 2022, "--out", work / "changed-export.xlsx")
(var / "scores" / "snapshots" / "1" / "year=2022.parquet").unlink()
(var / "pseudonym.key").write_bytes(b"x" * 32)
steps["restore"] = run("restore", work / "store.tar", "--yes")
steps["export3"] = run("export", "census", "--year", 2022, "--out", work / "after.xlsx")
steps["versions"] = run("versions", "census", "--year", 2022)
print(json.dumps({k: [r.exit_code, r.output] for k, r in steps.items()}, ensure_ascii=False))
"""


def test_a_restore_gives_back_byte_identical_exports_scores_and_key(tmp_path: Path) -> None:
    var = tmp_path / "var"
    backup_and_restore(tmp_path, f"sqlite:///{var / 'eduplan.sqlite3'}")


def backup_and_restore(tmp_path: Path, database_url: str) -> None:
    """The script above on the store at ``database_url`` (a fresh one), and what its restore must give back."""
    write_base(tmp_path, "base.xlsx")
    corpus = make_corpus()
    book = corpus.base_book()
    book["学校"][2][1] = "河西实验小学"
    corpus.write_xlsx(tmp_path / "changed.xlsx", book)
    var = tmp_path / "var"
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDUPLAN_") and k != "DJANGO_SETTINGS_MODULE"}
    env |= {"EDUPLAN_VAR": str(var), "EDUPLAN_DATABASE_URL": database_url}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    steps = json.loads(done.stdout.splitlines()[-1])
    assert all(code == 0 for code, _ in steps.values()), steps
    assert "已备份到" in steps["backup"][1] and "已从" in steps["restore"][1]
    before = (tmp_path / "before.xlsx").read_bytes()
    assert (tmp_path / "changed-export.xlsx").read_bytes() != before  # the second import did change the export
    assert (tmp_path / "after.xlsx").read_bytes() == before
    assert (var / "scores" / "current" / "year=2022.parquet").read_bytes() == b"scores of 2022"
    assert (var / "pseudonym.key").read_bytes() == b"k" * 32


def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    import tarfile

    from django.test import override_settings

    from eduplan.errors import IngestError
    from eduplan.store.backup import do_restore

    member = tmp_path / "manifest.json"
    member.write_text(json.dumps({"format": "eduplan-backup-1", "engine": "sqlite", "sha256": {"db.sqlite3": "0"}}))
    (tmp_path / "db.sqlite3").write_bytes(b"not the database")
    with tarfile.open(tmp_path / "b.tar", "w") as archive:
        archive.add(member, "manifest.json")
        archive.add(tmp_path / "db.sqlite3", "db.sqlite3")
    with override_settings(VAR_DIR=tmp_path / "var"):
        try:
            do_restore(tmp_path / "b.tar")
        except IngestError as error:
            assert "备份已损坏：db.sqlite3 的校验和不符" in str(error)
        else:
            raise AssertionError("restored a damaged backup")
