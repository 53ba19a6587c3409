"""Numbers, comparators, years and units as the plans print them ("≧3.5万", "2020 年", "(%)")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from eduplan.core.plan_tracking import AT_LEAST, AT_MOST, KEEP, KEEP_HIGH, LESS_THAN, MORE_THAN

_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．≧≦＞＜", "0123456789%.≥≤><")
_SPACE = re.compile(r"[\s\u3000]+")
NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_VALUE = re.compile(rf"^(≥|≤|>|<|=)?({NUMBER})(万|亿)?(%)?$")
_EMPTY = {"", "_", "-", "—", "--", "---", "——", "/", "无"}
_UNIT = re.compile(r"[(（]\s*([^()（）]{1,6}?)\s*[)）]$")
_YEAR = re.compile(r"^(20\d\d)\s*年?$")
_COMPARATORS = {"≥": AT_LEAST, "≤": AT_MOST, ">": MORE_THAN, "<": LESS_THAN}
_MULTIPLIER = {"万": 10_000.0, "亿": 100_000_000.0}
_QUALIFIED = re.compile(
    rf"^(不低于|不少于|不高于|不超过|高于|低于|达到|大于|小于)?({NUMBER})(万|亿)?(?:%|年|所|个|人|项|名|家|万人|平方米|元)?"
    r"(以上|及以上|以下|及以下|以内|左右)?$"
)
_QUALIFIERS = {
    "以上": AT_LEAST,
    "及以上": AT_LEAST,
    "不低于": AT_LEAST,
    "不少于": AT_LEAST,
    "达到": AT_LEAST,
    "以下": AT_MOST,
    "及以下": AT_MOST,
    "以内": AT_MOST,
    "不高于": AT_MOST,
    "不超过": AT_MOST,
    "高于": MORE_THAN,
    "大于": MORE_THAN,
    "低于": LESS_THAN,
    "小于": LESS_THAN,
}


def squash(text: str) -> str:
    """Drop the spaces the PDF-to-text step scattered through Chinese text, and unify full-width signs."""
    return _SPACE.sub("", text.translate(_FULL_WIDTH))


def number(text: str, multiplier: str | None = None) -> float:
    """``"1,620"`` → 1620.0; ``"3.5", "万"`` → 35000.0."""
    value = float(text.replace(",", ""))
    if multiplier:
        value *= _MULTIPLIER[multiplier]
    return round(value, 6)


@dataclass(frozen=True)
class Value:
    comparator: str | None
    value: float | None
    is_value: bool  # False when the cell is not a value at all (a label)


def parse_value(cell: str) -> Value:
    """A table cell as a comparator and a number; ``保持高水平``, ``保持`` and empty markers are values without
    number, and ``保持100`` keeps the level 100."""
    text = squash(cell)
    if text in _EMPTY:
        return Value(None, None, True)
    if text in ("保持高水平", "保持较高水平"):
        return Value(KEEP_HIGH, None, True)
    if text.startswith("保持"):
        kept = text.removeprefix("保持")
        level = _VALUE.match(kept)
        if not kept or (level and level.group(1) is None):
            return Value(KEEP, number(level.group(2), level.group(3)) if level else None, True)
    match = _VALUE.match(text)
    qualified = _QUALIFIED.match(text) if not match else None
    if qualified:  # "99%以上", "12.3年以上", "不低于95%": a value with its qualifier after or before it
        before, digits, multiplier, after = (
            qualified.group(1),
            qualified.group(2),
            qualified.group(3),
            qualified.group(4),
        )
        comparator = _QUALIFIERS.get(after or "") or _QUALIFIERS.get(before or "") or (AT_LEAST if after else None)
        return Value(comparator, number(digits, multiplier), True)
    if not match:
        return Value(None, None, False)
    comparator, digits, multiplier, _percent = match.groups()
    return Value(_COMPARATORS.get(comparator or "", comparator), number(digits, multiplier), True)


def investment_wan(text: str) -> float | None:
    """An investment cell in 万元 (a cell may say ``1.3亿``)."""
    match = re.fullmatch(rf"约?({NUMBER})(万|亿)?元?", squash(text))
    if not match:
        return None
    digits, unit = match.groups()
    value = number(digits)
    return round(value * 10_000, 6) if unit == "亿" else value


def year(cell: str) -> int | None:
    match = _YEAR.match(squash(cell))
    return int(match.group(1)) if match else None


def split_unit(label: str) -> tuple[str, str]:
    """``"幼儿园数(所)"`` → (``"幼儿园数"``, ``"所"``); a label without a unit gives ``""``."""
    text = squash(label)
    match = _UNIT.search(text)
    if not match:
        return text, ""
    return text[: match.start()], match.group(1)
