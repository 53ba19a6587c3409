"""Reading published monitoring figures: located errors, nothing returned from a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from eduplan.errors import IngestError
from eduplan.ingest.quality import read_monitoring

HEADER = ["层级", "代码", "学年", "监测项目", "学科", "年级", "平均分", "达标率", "优秀率", "全省平均分", "全省达标率"]
GOOD = [
    ["县区", "441802", "2023", "国家义务教育质量监测", "数学", "八年级", 498.5, "82.5%", 12.0, 503.0, 85.0],
    ["学校", "4418020001", 2023, "国家义务教育质量监测", "数学", 8, 510, 88, 15, None, None],
]
SCHOOLS, REGIONS = {"4418020001"}, {"441802", "441802001"}


def write(tmp_path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "监测结果"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "监测.xlsx"
    book.save(path)
    return path


def test_a_good_file_gives_typed_rows(tmp_path: Path) -> None:
    read = read_monitoring(write(tmp_path, GOOD), SCHOOLS, REGIONS)
    county, school = read.rows
    assert (county["level"], county["year"], county["grade"], county["mean"], county["pass_rate"]) == (
        "县区",
        2023,
        "8",
        498.5,
        82.5,
    )
    assert (county["province_mean"], county["province_pass_rate"], county["nation_mean"]) == (503.0, 85.0, None)
    assert (school["code"], school["grade"], school["excellent_rate"]) == ("4418020001", "8", 15.0)


def test_every_bad_cell_is_located(tmp_path: Path) -> None:
    bad = [
        ["乡镇", "441802", "2023", "省级监测", "数学", "8", 70, 101, None, None, None],
        ["学校", "4418029999", "2023", "省级监测", "数学", "八年级", "七十", None, None, None, None],
        ["县区", "441802", "2023", "省级监测", "数学", "8", None, None, None, None, None],
    ]
    with pytest.raises(IngestError) as caught:
        read_monitoring(write(tmp_path, bad), SCHOOLS, REGIONS)
    assert str(caught.value).splitlines() == [
        "监测.xlsx:监测结果!A2: “层级”无法识别；应为 学校 或 县区，实际为 乡镇",
        "监测.xlsx:监测结果!H2: “达标率”无法识别；应为 0–100 的百分数，实际为 101",
        "监测.xlsx:监测结果!B3: 学校标识码不在本区域的学校名录中；应为 名录中的 10 位学校标识码，实际为 4418029999",
        "监测.xlsx:监测结果!G3: “平均分”无法识别；应为 数字，实际为 七十",
        "监测.xlsx:监测结果!G4: 平均分、达标率、优秀率至少填一项；应为 数字，实际为 （空白）",
    ]


def test_a_duplicate_row_names_the_first(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="B3: 与第 2 行重复"):
        read_monitoring(write(tmp_path, [GOOD[0], GOOD[0]]), SCHOOLS, REGIONS)


def test_a_missing_required_column(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="缺少必填列“学科”"):
        read_monitoring(write(tmp_path, [], [h for h in HEADER if h != "学科"]), SCHOOLS, REGIONS)
