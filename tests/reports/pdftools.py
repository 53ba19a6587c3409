"""Reading a rendered PDF back as a reader would: its text layer (pdftotext), its pages as PNG (pdftoppm), and
whether every character printed has a glyph in the Noto CJK fonts."""

from __future__ import annotations

import functools
import os
import re
import subprocess
from pathlib import Path

from fontTools.ttLib import TTCollection

from eduplan.reports.fonts import SANS, SERIF, font_file

# The PostgreSQL run (at the same time as the SQLite one under `make test`) saves its pages apart.
_BACKEND = "postgresql" if os.environ.get("EDUPLAN_DATABASE_URL", "").startswith("postgres") else ""
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports" / _BACKEND
NUMBER = re.compile(r"-?\d+(?:\.\d+)?%?")


def pdf_text(pdf: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def save_pages(pdf: bytes, name: str) -> list[Path]:
    """Every page as a PNG under test-artifacts/reports/<name>-NN.png, for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name)], check=True)
    return sorted(ARTIFACTS.glob(f"{name}-*.png"))


@functools.cache
def _covered() -> frozenset[int]:
    points: set[int] = set()
    for family in (SANS, SERIF):
        for font in TTCollection(str(font_file(family))).fonts:
            points.update(font.getBestCmap())
    return frozenset(points)


def missing_glyphs(text: str) -> set[str]:
    """Characters of the text layer no report font can draw (they would print as empty boxes)."""
    return {ch for ch in text if not ch.isspace() and ord(ch) not in _covered()}


def compact(text: str) -> str:
    """The text without any white space (layout spaces and line breaks inside wrapped cells vary)."""
    return re.sub(r"\s+", "", text)


def lines_with(text: str, *words: str) -> list[str]:
    return [line for line in text.splitlines() if all(w in line for w in words)]


def numbers(line: str) -> list[str]:
    return NUMBER.findall(line)
