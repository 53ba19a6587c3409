"""Server-side charts for the PDF reports, meaning the same as the web's: matplotlib (Agg), no network.

Each function takes plain numbers from a result dict and returns a PNG image, drawn in the Noto CJK font given to
matplotlib by file. PNG rather than SVG: WeasyPrint parses an SVG's glyph paths one by one, which took seconds per
chart, and a raster at print resolution looks the same on paper.
"""

from __future__ import annotations

import functools
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ParamSpec

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from eduplan.reports.fonts import SANS, font_file

PASS_COLOUR = "#2e7d32"
FAIL_COLOUR = "#c62828"
NEUTRAL_COLOUR = "#546e7a"
LIMIT_COLOUR = "#ef6c00"
CM = 1 / 2.54
DPI = 220  # print resolution at the size the chart is placed
# Plot width of the horizontal bar charts: with their long indicator names beside it the image is ~17 cm and is
# printed 16 cm wide, so its 8 pt labels print at ~7.5 pt (a 16 cm plot shrank them to 6 pt).
BAR_CHART_CM = 12


P = ParamSpec("P")
_KEPT: OrderedDict[Any, bytes] = OrderedDict()
_KEPT_LOCK = threading.Lock()
KEPT_CHARTS = 128  # a PNG is ~20–100 kB


def _frozen(value: object) -> object:
    """A hashable form of a chart's arguments (lists and dicts of numbers and text), the type named."""
    if isinstance(value, Mapping):
        return ("mapping", tuple((_frozen(k), _frozen(v)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return (type(value).__name__, tuple(_frozen(v) for v in value))
    hash(value)  # anything else must be hashable as it is, or the chart is drawn without the cache
    return (type(value).__name__, value)


def kept(draw: Callable[P, bytes]) -> Callable[P, bytes]:
    """Keep the PNGs drawn, keyed by the chart and its data: the same numbers give the same image, so a report
    downloaded again (or its PDF after its workbook) does not draw its charts again (~0.3 s each). New data — a new
    census version, a new result — is a new key."""

    @functools.wraps(draw)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> bytes:
        try:
            key = (draw.__qualname__, _frozen(args), _frozen(sorted(kwargs.items())))
        except TypeError:
            return draw(*args, **kwargs)
        with _KEPT_LOCK:
            png = _KEPT.get(key)
            if png is not None:
                _KEPT.move_to_end(key)
                return png
        png = draw(*args, **kwargs)
        with _KEPT_LOCK:
            _KEPT[key] = png
            while len(_KEPT) > KEPT_CHARTS:
                _KEPT.popitem(last=False)
        return png

    return drawn


@functools.cache
def _add_font() -> None:
    """Give matplotlib the Noto file once per process (reading the 19 MB collection took 0.25 s per chart)."""
    font_manager.fontManager.addfont(str(font_file(SANS)))


def _figure(width_cm: float, height_cm: float) -> Figure:
    _add_font()
    fig = Figure(figsize=(width_cm * CM, height_cm * CM))
    FigureCanvasAgg(fig)
    return fig


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"font.family": [SANS], "axes.unicode_minus": False}):
        fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": "eduplan"}, bbox_inches="tight")
    return buffer.getvalue()


def _style(ax: matplotlib.axes.Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=8)


@kept
def cv_bars(labels: Sequence[str], cvs: Sequence[float | None], limit: float, title: str) -> bytes:
    """One bar per indicator: its coefficient of variation, green within the limit, red above; the limit dashed."""
    with matplotlib.rc_context({"font.family": [SANS]}):
        fig = _figure(BAR_CHART_CM, 1.2 + 0.75 * len(labels))
        ax = fig.add_subplot()
        values = [v if v is not None else 0.0 for v in cvs]
        colours = [NEUTRAL_COLOUR if v is None else PASS_COLOUR if v <= limit else FAIL_COLOUR for v in cvs]
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, values, color=colours, height=0.6)
        ax.axvline(limit, color=LIMIT_COLOUR, linestyle="--", linewidth=1.2)
        # The limit's label sits in a strip kept free above the top bar, not over the title.
        ax.set_ylim(-0.6, len(labels) - 0.1)
        ax.text(limit, len(labels) - 0.45, f" 上限 {limit:.2f}", color=LIMIT_COLOUR, fontsize=8, va="center")
        for y, v in zip(positions, cvs, strict=True):
            ax.text((v or 0.0) + 0.005, y, "无法计算" if v is None else f"{v:.3f}", va="center", fontsize=8)
        ax.set_yticks(positions, labels)
        ax.set_xlim(0, max([limit, *values]) * 1.25)
        ax.set_xlabel("差异系数", fontsize=8)
        ax.set_title(title, fontsize=10)
        _style(ax)
        return _png(fig)


@kept
def count_bars(
    labels: Sequence[str], counts: Sequence[int], title: str, passing: Sequence[bool] | None = None
) -> bytes:
    """Vertical bars of counts (e.g. schools by number of indicators met), coloured by whether the group passes."""
    with matplotlib.rc_context({"font.family": [SANS]}):
        fig = _figure(14, 5)
        ax = fig.add_subplot()
        ax.yaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
        colours = [PASS_COLOUR if ok else FAIL_COLOUR for ok in passing] if passing else NEUTRAL_COLOUR
        ax.bar(range(len(labels)), counts, color=colours, width=0.6)
        for x, n in enumerate(counts):
            ax.text(x, n, str(n), ha="center", va="bottom", fontsize=8)
        ax.set_ylim(0, max([*counts, 1]) * 1.15)  # room for the label of the tallest bar
        ax.set_xticks(range(len(labels)), labels)
        ax.set_ylabel("学校数", fontsize=8)
        ax.set_title(title, fontsize=10)
        _style(ax)
        return _png(fig)


@kept
def trajectory(
    actuals: Mapping[int, float],
    *,
    title: str,
    unit: str,
    baseline: tuple[int, float] | None = None,
    target: tuple[int, float] | None = None,
    projection: tuple[int, float] | None = None,
) -> bytes:
    """As the web's trajectory: the actuals by year, the planned straight path from baseline to target (dashed),
    the target as a line; and the trend's projection to the target year (dotted)."""
    with matplotlib.rc_context({"font.family": [SANS]}):
        fig = _figure(8, 5.2)
        ax = fig.add_subplot()
        points = dict(sorted({**({baseline[0]: baseline[1]} if baseline else {}), **actuals}.items()))
        ax.plot(list(points), list(points.values()), marker="o", color=NEUTRAL_COLOUR, markersize=3.5, label="实际")
        if baseline is not None and target is not None and target[0] > baseline[0]:
            ax.plot(*zip(baseline, target, strict=True), linestyle="--", color="#90a4ae", linewidth=1, label="规划路径")
        if projection is not None and actuals:
            last = max(actuals)
            ax.plot(
                [last, projection[0]], [actuals[last], projection[1]], linestyle=":", color=NEUTRAL_COLOUR, label="趋势"
            )
        if target is not None:
            ax.axhline(target[1], color=LIMIT_COLOUR, linestyle="--", linewidth=1.1, label=f"目标 {target[1]:g}{unit}")
        ax.set_title(title, fontsize=9)
        ax.set_ylabel(unit, fontsize=8)
        ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
        ax.legend(fontsize=7, frameon=False)
        _style(ax)
        return _png(fig)


@kept
def progress_bars(
    labels: Sequence[str], done: Sequence[float], planned: Sequence[float], title: str, unit: str
) -> bytes:
    """Delivered against planned per group (seats or money): a grey bar for the plan, a coloured one for the done."""
    with matplotlib.rc_context({"font.family": [SANS]}):
        fig = _figure(BAR_CHART_CM, 1.2 + 0.75 * len(labels))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))[::-1]
        ax.barh(positions, planned, color="#cfd8dc", height=0.6, label="规划")
        ax.barh(positions, done, color=PASS_COLOUR, height=0.35, label="已完成")
        for y, d, p in zip(positions, done, planned, strict=True):
            share = f"{d / p * 100:.1f}%" if p else "—"
            ax.text(max(d, p), y, f" {d:g} / {p:g}（{share}）", va="center", fontsize=8)
        ax.set_yticks(positions, labels)
        ax.set_xlim(0, max([*planned, *done, 1]) * 1.45)
        ax.set_xlabel(unit, fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=7, frameon=False, loc="lower right")
        _style(ax)
        return _png(fig)


@kept
def caterpillar(
    labels: Sequence[str], effects: Sequence[float], lower: Sequence[float], upper: Sequence[float], title: str
) -> bytes:
    """As the web's caterpillar plot: each school's value-added (a dot) and 95% interval (a line), in the order given;
    green where the interval lies above zero, red below, grey across it; zero dashed."""
    with matplotlib.rc_context({"font.family": [SANS]}):
        fig = _figure(16, 2 + 0.32 * len(labels))
        ax = fig.add_subplot()
        positions = list(range(len(labels)))[::-1]
        for y, e, lo, hi in zip(positions, effects, lower, upper, strict=True):
            colour = PASS_COLOUR if lo > 0 else FAIL_COLOUR if hi < 0 else NEUTRAL_COLOUR
            ax.plot([lo, hi], [y, y], color=colour, linewidth=1.4)
            ax.plot([e], [y], marker="o", color=colour, markersize=3.5)
        ax.axvline(0, color=LIMIT_COLOUR, linestyle="--", linewidth=1)
        ax.set_yticks(positions, labels, fontsize=7)
        ax.set_ylim(-0.8, len(labels) - 0.2)
        ax.set_xlabel("增值（分），点为估计值，线为 95% 区间", fontsize=8)
        ax.set_title(title, fontsize=10)
        _style(ax)
        return _png(fig)
