"""Validating whole census files: the tolerated forms give the same tables as the clean base; warnings don't block."""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import xlsxwriter

from eduplan.errors import IngestError
from eduplan.ingest.census_validate import validate_census

from .census_corpus import make_corpus, write_base

KNOWN = {"440000", "441800", "441802", "441802001", "441802002"}
FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")


def _untidy(value: Any, r: int, c: int) -> Any:
    """The same value as a clerk might type it: as text, full-width, grouped, padded — in turn."""
    if isinstance(value, str):
        return f"  {value} "
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{value:,}" if (r + c) % 3 == 0 else str(value)
        return text.translate(FULL_WIDTH) if (r + c) % 2 else f" {text}"
    return value


def write_untidy(path: Path, book: dict[str, list[list[Any]]]) -> None:
    """Title row above the header, English keys on 学校, numbers as text, trailing blank formatted rows and columns."""
    workbook = xlsxwriter.Workbook(str(path))
    fill = workbook.add_format({"bg_color": "#FFFF00"})
    keys = {"学校": ["school_code", "name", "region_code", "school_type", "sponsor", "inclusive", "urban_rural"]}
    for name, rows in book.items():
        ws = workbook.add_worksheet(f" {name} ")
        ws.merge_range(0, 0, 0, 5, f"{name}（2022学年）")  # a merged title row above the header is fine
        header = rows[0][:]
        for i, key in enumerate(keys.get(name, [])):
            header[i] = key
        ws.write_row(2, 0, header)  # header on row 3: a title row and an empty row above it
        for r, row in enumerate(rows[1:], start=3):
            for c, value in enumerate(row):
                if value is not None:
                    ws.write_string(r, c, str(_untidy(value, r, c)))
        for r in range(len(rows) + 2, len(rows) + 40):
            ws.write_blank(r, 0, None, fill)
            ws.write_blank(r, len(header) + 3, None, fill)
    workbook.close()


def test_an_untidy_but_unambiguous_workbook_gives_exactly_the_clean_tables(tmp_path):
    clean = validate_census(write_base(tmp_path), known_regions=KNOWN)
    untidy = tmp_path / "untidy.xlsx"
    write_untidy(untidy, make_corpus().base_book())
    result = validate_census(untidy, known_regions=KNOWN)
    for name, frame in clean.tables.items():
        pd.testing.assert_frame_equal(result.tables[name], frame)
    assert result.row_numbers["学校"] == [4, 5, 6, 7, 8]
    assert [str(w) for w in result.warnings] == []


def test_the_clean_base_gives_the_hand_checked_values(tmp_path):
    result = validate_census(write_base(tmp_path), known_regions=KNOWN)
    stages = result.tables["学段"]
    assert stages["students"].tolist()[:6] == [600, 400, 120, 90, 300, 150]
    assert pd.isna(stages["students"].iloc[6])  # the 全校 row reports no pupils: NULL, never 0
    assert stages["building_area"].iloc[0] == 8200.5
    assert result.tables["学校"]["inclusive"].tolist()[3] is True
    assert result.row_numbers["年级"][:2] == [2, 3]
    assert len(result.tables["年级"]) == 30


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_csv_folder_in_any_usual_encoding_gives_the_same_tables(tmp_path, encoding):
    corpus = make_corpus()
    clean = validate_census(write_base(tmp_path), known_regions=KNOWN)
    folder = tmp_path / f"csv-{encoding}"
    corpus.write_csv_folder(folder, corpus.base_book(), encoding)
    result = validate_census(folder, known_regions=KNOWN)
    for name, frame in clean.tables.items():
        pd.testing.assert_frame_equal(result.tables[name], frame)


def test_unknown_columns_and_sheets_are_warnings_and_are_ignored(tmp_path):
    corpus = make_corpus()
    book = corpus.base_book()
    book["学校"] = [[*row, "备注" if i == 0 else "新建"] for i, row in enumerate(book["学校"])]
    book["填表人"] = [["姓名"], ["张三"]]
    path = tmp_path / "extra.xlsx"
    corpus.write_xlsx(path, book)
    result = validate_census(path, known_regions=KNOWN)
    assert [str(w) for w in result.warnings] == [
        "extra.xlsx:学校!L1: 未知的列，已忽略，实际为 备注",
        "extra.xlsx:填表人: 未知的工作表，已忽略",
    ]
    assert list(result.tables["学校"].columns)[-1] == "lat"


def test_a_school_whose_pupils_fell_by_half_is_a_warning(tmp_path):
    result = validate_census(
        write_base(tmp_path), known_regions=KNOWN, previous_students={"4418020001": 1200, "4418020002": 790}
    )
    # 600 ≤ 1200 / 2 warns; 400 > 790 / 2 does not.
    assert [str(w) for w in result.warnings] == [
        "base.xlsx:学校!A2: 在校生比上一学年减少一半以上：上一学年 1200 人，本学年 600 人（请核对），实际为 600"
    ]


def test_a_region_check_is_made_only_against_the_region_table_given(tmp_path):
    with pytest.raises(IngestError) as caught:
        validate_census(write_base(tmp_path), known_regions={"441802001"})
    assert [p.cell for p in caught.value.problems] == ["学校!C3", "学校!C4", "学校!C6", "人口!A5", "人口!A6", "人口!A7"]


def test_a_shared_facility_reported_on_both_the_whole_school_and_a_stage_row_is_an_error(tmp_path):
    corpus = make_corpus()
    book = copy.deepcopy(corpus.base_book())
    book["学段"][5][6] = 5000  # 东城九年一贯制学校 小学 also reports the building area of its 全校 row
    path = tmp_path / "twice.xlsx"
    corpus.write_xlsx(path, book)
    with pytest.raises(IngestError) as caught:
        validate_census(path, known_regions=KNOWN)
    assert [str(p) for p in caught.value.problems] == [
        "twice.xlsx:学段!G6: 已在“全校”行（学段!G8）填报，学段行重复填报会重复计算；应为 空白（由全校行按学段分摊），实际为 5000"
    ]


def test_values_in_a_column_without_a_header_are_a_warning_not_silently_read(tmp_path):
    corpus = make_corpus()
    book = corpus.base_book()
    book["学段"][3] = [*book["学段"][3], None, None, "备注：含附属幼儿班"]
    path = tmp_path / "unnamed.xlsx"
    corpus.write_xlsx(path, book)
    result = validate_census(path, known_regions=KNOWN)
    assert [str(w) for w in result.warnings] == [
        "unnamed.xlsx:学段!J4: 这一列没有列名，其中的数据未导入，实际为 备注：含附属幼儿班"
    ]


def test_a_gb18030_csv_folder_keeps_a_name_gbk_cannot_write(tmp_path):
    # 𫖯 (U+2B5AF, as in 赵孟𫖯) is in GB18030 but not in GBK: a GBK-only reader would fail or garble it.
    corpus = make_corpus()
    book = corpus.base_book()
    book["学校"][1][1] = "孟𫖯小学"
    with pytest.raises(UnicodeEncodeError):
        "孟𫖯小学".encode("gbk")
    folder = tmp_path / "gb18030"
    corpus.write_csv_folder(folder, book, "gb18030")
    assert (folder / "学校.csv").read_bytes().count(b"\x98\x38\xf5\x37") == 1  # 𫖯's four GB18030 bytes
    result = validate_census(folder, known_regions=KNOWN)
    assert result.tables["学校"]["name"].tolist()[:2] == ["孟𫖯小学", "河西小学"]


class _GbkNamed(zipfile.ZipInfo):
    """A member named in GBK without the UTF-8 flag, as zips made on Chinese Windows are."""

    def _encodeFilenameFlags(self):  # zipfile's own method, which would write UTF-8 and set the flag
        return self.filename.encode("gbk"), self.flag_bits


def test_a_zip_of_gbk_csv_files_with_gbk_member_names_gives_the_same_tables(tmp_path):
    corpus = make_corpus()
    clean = validate_census(write_base(tmp_path), known_regions=KNOWN)
    folder = tmp_path / "csv"
    corpus.write_csv_folder(folder, corpus.base_book(), "gbk")
    path = tmp_path / "普查2022.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for member in sorted(folder.iterdir()):
            archive.writestr(_GbkNamed(f"普查2022/{member.name}"), member.read_bytes())
        archive.writestr("__MACOSX/普查2022/._学校.csv", b"\0\5\26\7")  # a Mac's resource forks are skipped
    with zipfile.ZipFile(path) as archive:
        assert archive.infolist()[0].flag_bits & 0x800 == 0  # really written without the UTF-8 flag
    result = validate_census(path, known_regions=KNOWN)
    for name, frame in clean.tables.items():
        pd.testing.assert_frame_equal(result.tables[name], frame)


def test_errors_in_a_zip_of_csv_files_name_the_member(tmp_path):
    corpus = make_corpus()
    folder = tmp_path / "csv"
    corpus.write_csv_folder(folder, corpus.with_cell("学段", 3, 3, "四百")(corpus.base_book()), "utf-8")
    path = tmp_path / "普查.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for member in sorted(folder.iterdir()):
            archive.write(member, member.name)
    with pytest.raises(IngestError) as caught:
        validate_census(path, known_regions=KNOWN)
    assert [str(p) for p in caught.value.problems] == [
        "普查.zip/学段.csv:学段!C3: 在校生数：不是数字；应为 非负整数，实际为 四百"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "普查.zip: 文件是空的（0 字节）；应为 CSV 文件的 zip 压缩包，实际为 空文件"),
        (b"%PDF-1.4\n", "普查.zip: 不是 zip 压缩包，无法读取；应为 CSV 文件的 zip 压缩包，实际为 PDF 文件"),
        (None, "普查.zip: 压缩包里没有 CSV 文件；应为 学校.csv、学段.csv、年级.csv、人口.csv，实际为 没有 .csv 文件"),
    ],
)
def test_a_zip_that_holds_no_csv_files_says_so(tmp_path, content, message):
    path = tmp_path / "普查.zip"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("说明.txt", "没有数据")
    else:
        path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        validate_census(path)
    assert [str(p) for p in caught.value.problems] == [message]
