from __future__ import annotations

import io

from PIL import Image

from eduplan.reports import charts

PNG = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(png)) as image:
        return image.size


def test_each_chart_is_a_png_at_print_resolution() -> None:
    made = [
        charts.cv_bars(["生均体育场馆面积", "生均教学仪器设备值"], [0.412, None], 0.5, "小学差异系数"),
        charts.count_bars(["5项", "6项", "7项"], [1, 2, 3], "达标项数", [False, True, True]),
        charts.trajectory(
            {2021: 88.0, 2022: 90.5, 2023: 91.0},
            title="毛入园率",
            unit="%",
            target=(2025, 95.0),
            baseline=(2020, 86.0),
            projection=(2025, 93.0),
        ),
        charts.progress_bars(["小学", "初中"], [1350, 0], [2700, 1800], "学位", "个"),
    ]
    for png in made:
        assert png.startswith(PNG)
        width, _ = _size(png)
        assert width > 8 / 2.54 * charts.DPI * 0.8  # at least ~8 cm wide at print resolution


def test_a_chart_is_the_same_on_every_run() -> None:
    first = charts.cv_bars(["生均体育场馆面积"], [0.412], 0.5, "小学差异系数")
    assert charts.cv_bars(["生均体育场馆面积"], [0.412], 0.5, "小学差异系数") == first


def test_a_chart_is_drawn_once_per_data() -> None:
    drawn: list[object] = []

    @charts.kept
    def chart(values: list[float], *, title: str) -> bytes:
        drawn.append(values)
        return f"{title}{values}".encode()

    assert chart([0.1, None], title="小学") == b"\xe5\xb0\x8f\xe5\xad\xa6[0.1, None]"  # type: ignore[list-item]
    assert chart([0.1, None], title="小学") == chart([0.1, None], title="小学")  # type: ignore[list-item]
    assert len(drawn) == 1
    chart([0.1, 0.2], title="小学")  # other numbers, other title, the same numbers as a tuple: drawn again
    chart([0.1, 0.2], title="初中")
    chart((0.1, 0.2), title="初中")  # type: ignore[arg-type]
    assert len(drawn) == 4
    unhashable = [{1, 2}]
    chart(unhashable, title="x")  # type: ignore[list-item]
    chart(unhashable, title="x")  # type: ignore[list-item]
    assert len(drawn) == 6  # what cannot be a key is drawn every time
