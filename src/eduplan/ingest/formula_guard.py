"""Formula injection in exported spreadsheets (OWASP "CSV Injection"): a text cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written with a leading apostrophe, so that neither Excel nor a program
that re-reads the sheet or its CSV copy takes it for a formula. Every workbook and CSV eduplan writes passes its
text through :func:`neutralise`; the census reader undoes it (:func:`restore`) so that an exported census
re-imports to the same values.
"""

from __future__ import annotations

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` as it must be written into a cell: a leading apostrophe before a formula trigger."""
    return "'" + text if text.startswith(TRIGGERS) else text


def restore(text: str) -> str:
    """The text :func:`neutralise` was given (an apostrophe is dropped only before a trigger)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(TRIGGERS) else text
