from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.errors import UsageError
from eduplan.reports.files import write_atomically


def test_the_report_replaces_the_target_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "报告.pdf"
    out.write_bytes(b"old")
    write_atomically(out, b"%PDF-new")
    assert out.read_bytes() == b"%PDF-new"
    assert [p.name for p in tmp_path.iterdir()] == ["报告.pdf"]


def test_a_missing_folder_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"输出目录不存在：.*nowhere"):
        write_atomically(tmp_path / "nowhere" / "r.pdf", b"x")


def test_a_failed_write_removes_its_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: str, dst: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("eduplan.reports.files.os.replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(tmp_path / "r.xlsx", b"x")
    assert list(tmp_path.iterdir()) == []
