"""One error hierarchy for eduplan. The CLI maps each class to a message and an exit status;
the web shows the same message."""

from __future__ import annotations

from dataclasses import dataclass, field


class EduplanError(Exception):
    """Base of every error eduplan reports to a person."""

    exit_status = 1


class UsageError(EduplanError):
    exit_status = 2


class NotFound(EduplanError):
    exit_status = 3


class OutOfScope(EduplanError):
    exit_status = 3


class StoreMissing(EduplanError):
    exit_status = 3


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file: file, sheet, Excel cell, expected, found."""

    file: str
    message: str
    sheet: str = ""
    row: int | None = None  # as Excel shows it (1-based)
    column: str = ""  # Excel column letters, e.g. "F"
    column_key: str = ""  # the contract key, e.g. "students"
    expected: str = ""
    found: str = ""
    severity: str = "error"  # "error" blocks the import, "warning" does not

    @property
    def cell(self) -> str:
        if self.sheet and self.row is not None and self.column:
            return f"{self.sheet}!{self.column}{self.row}"
        if self.sheet and self.row is not None:
            return f"{self.sheet}!{self.row}"
        return self.sheet

    def __str__(self) -> str:
        where = ":".join(p for p in (self.file, self.cell) if p)
        detail = self.message
        if self.expected:
            detail += f"；应为 {self.expected}"
        if self.found:
            detail += f"，实际为 {self.found}"
        return f"{where}: {detail}" if where else detail

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "column_key": self.column_key,
            "cell": self.cell,
            "message": self.message,
            "expected": self.expected,
            "found": self.found,
            "severity": self.severity,
        }


@dataclass
class IngestError(EduplanError):
    """Bad input: carries every located problem of the file (capped), never a partial result."""

    problems: list[Problem] = field(default_factory=list)
    total: int = 0  # how many problems there were before the cap

    exit_status = 3

    def __post_init__(self) -> None:
        if not self.total:
            self.total = len(self.problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.total > len(self.problems):
            lines.append(f"……另有 {self.total - len(self.problems)} 处问题未列出")
        return "\n".join(lines)
