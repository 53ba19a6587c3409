"""The 积分入学 applicant workbook: located Chinese errors, bounds, pseudonyms."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter

from eduplan.errors import IngestError
from eduplan.ingest.admission import read_applicants, write_applicants, write_template
from eduplan.ingest.pseudonyms import pseudonymise

KEY = b"k" * 32
SCHOOLS = {"4401140001", "4401140002"}


def _book(path: Path, rows: list[list[object]], sheet: str = "申请人") -> Path:
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    book.close()
    return path


HEADER = ["申请编号", "子女姓名", "申请年级", "片区", "居住证起始日期", "养老保险月数", "文化程度", "合法产权住所",
          "志愿1", "志愿2", "志愿3"]  # fmt: skip


def test_a_good_workbook_is_read_with_pseudonyms_and_typed_facts(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "a.xlsx",
        [HEADER, ["HD001", "李四", "1", "新华街道", "2019年5月31日", 60, "本科", "是", "4401140001", "4401140002", ""]],
    )
    frame = read_applicants(path, KEY, schools=SCHOOLS, max_choices=4).frame
    row = frame.iloc[0]
    assert row["applicant"] == pseudonymise(pd.Series(["HD001"]), KEY).iloc[0]
    assert "HD001" not in frame.astype(str).to_numpy().ravel().tolist()
    assert row["permit_start"] == dt.date(2019, 5, 31)
    assert row["ins_pension_months"] == 60
    assert bool(row["owns_home"]) is True
    assert row["choices"] == ["4401140001", "4401140002"]
    assert row["name"] == "李四"


def test_every_problem_is_located_and_nothing_is_returned(tmp_path: Path) -> None:
    path = _book(
        tmp_path / "bad.xlsx",
        [
            HEADER,
            ["HD001", "", "一", "新华街道", "2019-02-30", "12.5", "博士", "也许", "4401140001", "", "4401140002"],
            ["HD001", "", "7", "", "2019-01-01", 800, "本科", "否", "4401149999", "4401149999", ""],
        ],
    )
    with pytest.raises(IngestError) as caught:
        read_applicants(path, KEY, schools=SCHOOLS, max_choices=2)
    assert str(caught.value).splitlines() == [
        "bad.xlsx:申请人!C2: 申请年级无法识别；应为 1–9 的整数，实际为 一",
        "bad.xlsx:申请人!E2: 日期无法识别；应为 如 2019-05-31，实际为 2019-02-30",
        "bad.xlsx:申请人!F2: 月数应为整数；应为 0–720，实际为 12.5",
        "bad.xlsx:申请人!G2: 取值不在可选范围；应为 研究生 / 本科 / 专科 / 高中 / 初中及以下，实际为 博士",
        "bad.xlsx:申请人!H2: 应填是或否；应为 是 / 否，实际为 也许",
        "bad.xlsx:申请人!J2: 志愿中间有空缺；应为 按志愿顺序连续填写",
        "bad.xlsx:申请人!K2: 志愿数超过上限；应为 至多 2 个，实际为 3",
        "bad.xlsx:申请人!A3: 申请编号重复，实际为 与第 2 行相同",
        "bad.xlsx:申请人!D3: 片区为空；应为 片区或镇街名称",
        "bad.xlsx:申请人!F3: 月数应为整数；应为 0–720，实际为 800",
        "bad.xlsx:申请人!I3: 该校没有本年度积分入学学位；应为 学位表中的学校，实际为 4401149999",
        "bad.xlsx:申请人!J3: 该校没有本年度积分入学学位；应为 学位表中的学校，实际为 4401149999",
        "bad.xlsx:申请人!I3: 同一学校重复填报，实际为 4401149999",
    ]


def test_missing_sheet_and_columns_are_named(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="缺少工作表；应为 名为“申请人”的工作表，实际为 Sheet1"):
        read_applicants(_book(tmp_path / "s.xlsx", [HEADER], sheet="Sheet1"), KEY)
    with pytest.raises(IngestError, match="申请人!1: 缺少必填列；应为 志愿1"):
        read_applicants(_book(tmp_path / "c.xlsx", [HEADER[:4], ["x", "", "1", "a"]]), KEY)


def test_the_template_and_a_written_workbook_read_back(tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx")
    with pytest.raises(IngestError, match="没有申请记录"):
        read_applicants(tmp_path / "t.xlsx", KEY)
    frame = pd.DataFrame(
        [{"applicant": "A1", "name": "王五", "grade": 7, "area": "花山镇", "birth_date": dt.date(1985, 3, 1),
          "skill_in_trade": True, "choices": ["4401140002"]}]
    )  # fmt: skip
    write_applicants(tmp_path / "w.xlsx", frame)
    back = read_applicants(tmp_path / "w.xlsx", KEY, schools=SCHOOLS).frame.iloc[0]
    assert (back["grade"], back["area"], back["birth_date"], back["choices"]) == (
        7, "花山镇", dt.date(1985, 3, 1), ["4401140002"]
    )  # fmt: skip
    assert bool(back["skill_in_trade"]) is True


def test_a_choice_of_a_school_without_seats_in_the_childs_grade_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path / "g.xlsx", [HEADER, ["HD9", "", "7", "新华街道", "", "", "", "", "4401140001", "", ""]])
    with pytest.raises(IngestError) as caught:
        read_applicants(path, KEY, schools={"4401140001": {1}, "4401140002": {1, 7}})
    assert str(caught.value) == "g.xlsx:申请人!I2: 该校没有本年级的积分入学学位；应为 1 年级，实际为 4401140001"
