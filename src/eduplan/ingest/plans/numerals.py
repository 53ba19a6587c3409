"""Chinese numerals in target sentences as digits: 百分之九十五 → 95%, 三所 → 3所, 两千个 → 2000个, 1.2万个 → 12000个.

Only numerals that count something (followed by a counting unit) or that follow 百分之 are converted, so names
("第一幼儿园", "十四五", "三年行动") are left alone.
"""

from __future__ import annotations

import re

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_CN = "零〇一二两三四五六七八九十百千万亿"
# what a count is counted in; 万/亿 inside a numeral are handled by the numeral itself
_UNITS = r"(?:所|个|班|名|人|项|家|门|支|座|平方米|学位|间|套|台|亩)"
_PERCENT = re.compile(rf"百分之([{_CN}点]+)")
_COUNT = re.compile(rf"(?<![第{_CN}])([{_CN}]+)(?={_UNITS})")
_WAN = re.compile(r"(\d+(?:\.\d+)?)(万|亿)(?=(?:余|多)?(?:所|个|班|名|人|项|家|平方米|学位|间|套|台|亩))")
_YI_YUAN = re.compile(r"(\d+(?:\.\d+)?)亿元")


def chinese_number(text: str) -> float | None:
    """``"九十五"`` → 95, ``"两千"`` → 2000, ``"一万二千"`` → 12000, ``"九十五点五"`` → 95.5; None if not a numeral."""
    if not text:
        return None
    whole, _, fraction = text.partition("点")
    total = section = 0
    digit: int | None = None
    for char in whole:
        if char in _DIGIT:
            digit = _DIGIT[char]
        elif char in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[char]
            digit = None
        elif char in _BIG:
            total += (section + (digit or 0)) * _BIG[char]
            section, digit = 0, None
        else:
            return None
    value = float(total + section + (digit or 0))
    if fraction:
        if any(char not in _DIGIT for char in fraction):
            return None
        value += float("0." + "".join(str(_DIGIT[char]) for char in fraction))
    return value


def _digits(value: float) -> str:
    return str(int(value)) if value.is_integer() else f"{value:g}"


def normalise(text: str) -> str:
    """Chinese numerals that count or give a percentage as digits; 万/亿 before a unit multiplied out
    (亿元 as 万元, the unit plans count money in)."""

    def percent(match: re.Match[str]) -> str:
        value = chinese_number(match.group(1))
        return match.group(0) if value is None else _digits(value) + "%"

    def count(match: re.Match[str]) -> str:
        value = chinese_number(match.group(1))
        # a lone 一 is mostly "a" ("建设一支…队伍", "一个中心"), not a count to track
        if value is None or match.group(1) in ("万", "亿", "千", "百", "一"):
            return match.group(0)
        return _digits(value)

    def wan(match: re.Match[str]) -> str:
        return _digits(round(float(match.group(1)) * _BIG[match.group(2)], 6))

    text = _PERCENT.sub(percent, text)
    text = _COUNT.sub(count, text)
    text = _YI_YUAN.sub(lambda m: _digits(round(float(m.group(1)) * 10_000, 6)) + "万元", text)  # money in 万元
    return _WAN.sub(wan, text)
