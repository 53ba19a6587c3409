"""The roster workbook: template round trip, 身份证号 checked and hashed, every error located, nothing half-read."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.errors import IngestError
from eduplan.ingest import teachers as it
from tests.ingest.teacher_books import KEY, id_number, workbook

A, B = "4418020001", "4418020002"
T1 = id_number("19850612", 123)  # 男 (odd sequence)
T2 = id_number("19700105", 124)  # 女


def test_id_number_checksum() -> None:
    # GB 11643-1999's own example: 11010519491231002X.
    assert it.id_check_character("11010519491231002") == "X"
    assert it.parse_id_number("11010519491231002X") == ("女", 1949, 12)
    assert it.parse_id_number("110105194912310021") == "校验码不符（第 18 位）"
    assert it.parse_id_number("11010519491331002X") == "第 7–14 位不是有效的出生日期"
    assert it.parse_id_number("1101051949123100") == "应为 18 位：17 位数字加 1 位数字或 X"


def test_a_good_workbook_is_read_and_pseudonymised(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "教师2023.xlsx",
        [
            {"身份证号": T1, "学校标识码": B, "到校学年": 2023, "骨干级别": "县级", "班主任": "是"},
            {"身份证号": T2.lower(), "学校标识码": A, "任教学科": "体育;语文"},
        ],
        [{"身份证号": T1, "调动日期": "2023-09-01", "类型": "交流", "调出学校标识码": A, "调入学校标识码": B}],
        [{"身份证号": T1, "培训类别": "集中培训", "学时": 72}, {"身份证号": T2, "培训类别": "网络研修", "学时": 24.5}],
    )
    book = it.read_teachers(path, 2023, KEY, {A, B})
    roster = book.roster.set_index("teacher_id")
    assert len(roster) == 2
    t1, t2 = it.pseudonym(T1, KEY), it.pseudonym(T2, KEY)
    assert it.pseudonym(T2.lower(), KEY) == t2  # the lower-case x is the same person
    assert roster.loc[t1, ["sex", "birth_year", "birth_month", "since", "backbone_level", "head_teacher"]].tolist() == [
        "男", 1985, 6, 2023, "县级", True,
    ]  # fmt: skip
    assert roster.loc[t2, ["sex", "birth_year", "birth_month", "subjects"]].tolist() == ["女", 1970, 1, "体育;语文"]
    assert book.transfers[["teacher_id", "year", "kind", "from_school", "to_school"]].values.tolist() == [
        [t1, 2023, "交流", A, B]
    ]
    assert book.training.groupby("teacher_id")["hours"].sum().to_dict() == {t1: 72.0, t2: 24.5}
    # The number in clear is nowhere in what the reader returns.
    for frame in (book.roster, book.transfers, book.training):
        text = frame.to_csv()
        assert T1 not in text and T2 not in text and T2.lower() not in text
        assert "id_number" not in frame.columns


def test_every_error_is_located_and_nothing_is_returned(tmp_path: Path) -> None:
    bad_id = T1[:-1] + ("0" if T1[-1] != "0" else "1")
    path = workbook(
        tmp_path / "bad.xlsx",
        [
            {"身份证号": bad_id, "学校标识码": A},  # row 2: checksum
            {"身份证号": T2, "学校标识码": "4418029999", "职称": "中级"},  # row 3: unknown school, bad title
            {"身份证号": T2, "学校标识码": A, "到校学年": 2024},  # row 4: duplicate, since after the year
        ],
        [{"身份证号": T2, "调动日期": "2022-03-01", "类型": "借调", "调出学校标识码": A, "调入学校标识码": A}],
        [{"身份证号": T2, "培训类别": "集中培训", "学时": 0}],
    )
    with pytest.raises(IngestError) as caught:
        it.read_teachers(path, 2023, KEY, {A, B})
    lines = str(caught.value).splitlines()
    masked = bad_id[:6] + "********" + bad_id[-4:]
    assert (
        lines[0]
        == f"bad.xlsx:教师名册!A2: 身份证号无效：校验码不符（第 18 位）；应为 18 位有效身份证号，实际为 {masked}"
    )
    text = str(caught.value)
    assert bad_id not in text and bad_id[6:14] not in text  # never the number, nor the birth date, in clear
    assert "bad.xlsx:教师名册!B3: 学校标识码不在本学年的学校名册中；应为 本学年在册学校，实际为 4418029999" in text
    assert "bad.xlsx:教师名册!H3: “职称”不是可用的值；应为 正高级、高级、一级、二级、三级、未评，实际为 中级" in text
    assert "bad.xlsx:交流调动!C2: “类型”不是可用的值" in text
    assert "bad.xlsx:培训学时!C2: 学时超出范围；应为 大于 0，不超过 400，实际为 0" in text
    assert caught.value.total == 5  # the cross checks run only on a workbook whose cells are all good


def test_cross_sheet_checks(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "cross.xlsx",
        [{"身份证号": T2, "学校标识码": A}, {"身份证号": T2, "学校标识码": A, "到校学年": 2024}],
        [{"身份证号": T2, "调动日期": "2023-03-01", "类型": "调动", "调出学校标识码": A, "调入学校标识码": B}],
    )
    with pytest.raises(IngestError) as caught:
        it.read_teachers(path, 2023, KEY, {A, B})
    text = str(caught.value)
    assert "cross.xlsx:教师名册!A3: 同一身份证号出现两次（第一次在第 2 行）" in text
    assert "cross.xlsx:教师名册!D3: 到校学年晚于名册学年；应为 不晚于 2023，实际为 2024" in text
    assert "cross.xlsx:交流调动!B2: 调动日期不在本学年内；应为 2023-09-01 至 2024-08-31，实际为 2023-03-01" in text
    assert "cross.xlsx:交流调动!E2: 调入学校与名册中的任教学校不一致；应为 4418020001，实际为 4418020002" in text


def test_missing_sheet_and_columns(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Sheet1"  # type: ignore[union-attr]
    book.save(tmp_path / "empty.xlsx")
    with pytest.raises(IngestError, match="缺少工作表“教师名册”"):
        it.read_teachers(tmp_path / "empty.xlsx", 2023, KEY)
    book = Workbook()
    book.active.title = "教师名册"  # type: ignore[union-attr]
    book.active.append(["身份证号", "学校标识码", "备注"])  # type: ignore[union-attr]
    book.save(tmp_path / "cols.xlsx")
    with pytest.raises(IngestError, match="缺少必填列“任教学段”"):
        it.read_teachers(tmp_path / "cols.xlsx", 2023, KEY)
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(IngestError, match="无法读取 Excel 文件"):
        it.read_teachers(tmp_path / "broken.xlsx", 2023, KEY)


def test_template_has_every_sheet_and_header(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(it.write_template(tmp_path / "t.xlsx"))
    assert book.sheetnames == ["教师名册", "交流调动", "培训学时", "说明"]
    assert [c.value for c in book["教师名册"][1]][:3] == ["身份证号", "学校标识码", "任教学段"]
