"""Bad or unusual input: a clear result or a located IngestError, never a crash."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from eduplan.errors import IngestError
from eduplan.ingest.plans import parse_plan_file

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def error_of(path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        parse_plan_file(path)
    return str(caught.value)


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert error_of(path) == "empty.txt: 文件为空；应为 规划文本"


def test_a_blank_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\n \n\u3000\n", encoding="utf-8")
    assert error_of(path) == "blank.txt: 文件为空；应为 规划文本"


def test_a_damaged_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert error_of(path).startswith(
        "plan.pdf: PDF 文件已损坏，无法读取：请重新下载或重新导出后再导入；应为 完整的 PDF，实际为 "
    )


def test_binary_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 4)
    assert error_of(path).startswith("data.txt: ")


def test_a_text_that_is_not_a_plan_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n\n今天上午召开了例会，大家交流了近期工作情况。\n", encoding="utf-8")
    assert error_of(path) == (
        "notes.txt: 文件不像规划文件：没有找到规划标题、指标表、项目表、量化目标或任务；"
        "应为 规划、计划或实施方案的正文，实际为 会议纪要"
    )


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nowhere.txt") == "nowhere.txt: 文件不存在"


def test_a_gbk_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("某县教育发展规划（2021—2025年）\n\n到2025年，全县创建10所劳动教育特色学校。\n".encode("gbk"))
    (plan,) = parse_plan_file(path)
    assert plan.plan.title == "某县教育发展规划（2021—2025年）"
    assert [(t.name, t.target_value) for t in plan.targets] == [("劳动教育特色学校", 10.0)]


@pytest.mark.parametrize("text", ["到2025年，创建10所学校。", "规划", "幼儿园数(所)\t204\t210"])
@pytest.mark.parametrize("encoding", ["gbk", "gb2312"])
def test_a_short_gbk_text_is_not_taken_for_korean_or_big5(text: str, encoding: str) -> None:
    # charset-normalizer alone reads the first as cp949 ("돕2025쾨…") and the others as Big5
    from eduplan.ingest.plans.reading import decode

    assert decode(text.encode(encoding), Path("short.txt")) == text


def test_a_gb18030_file_reads_like_its_utf8_original(tmp_path: Path) -> None:
    original = SEEDS / "004_458e35a3c5bc5943.txt"
    path = tmp_path / original.name
    path.write_bytes(original.read_text(encoding="utf-8").encode("gb18030"))
    (from_gbk,) = parse_plan_file(path)
    (from_utf8,) = parse_plan_file(original)
    assert (from_gbk.plan.format, from_utf8.plan.format) == ("文本（GB18030）", "文本（UTF-8）")
    from_gbk.plan.format = from_utf8.plan.format
    assert from_gbk.as_dict() == from_utf8.as_dict()
    assert from_gbk.indicators[12].target_value == 35000.0  # ≧3.5万


def test_a_plan_without_tables_still_gives_its_targets_and_tasks(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("某县教育发展规划（2021—2025年）\n\n到2025年，全县创建10所劳动教育特色学校。\n", encoding="utf-8")
    (plan,) = parse_plan_file(path)
    assert (plan.plan.period_start, plan.plan.period_end) == (2021, 2025)
    assert (plan.indicators, plan.projects, plan.rollups) == ([], [], [])
    (target,) = plan.targets
    assert (target.name, target.target_value, target.unit, target.target_year) == ("劳动教育特色学校", 10.0, "所", 2025)
    (task,) = plan.tasks
    assert (task.deadline, task.source.line) == ("2025年", 3)


def test_a_project_table_cut_off_at_the_end_of_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_text(
        "测试区幼儿园建设规划（2021—2025年）\n\n一、新建幼儿园\n\n"
        "编号\t建设项目\t启动时间\t完成时间\t计划投入资金(万元)\t责任单位\n"
        "1\t新建测试区第一幼儿园，办学规模 9 个班、270 个学位。\t2021 年\t2022 年\t2000\t测试区政府\n"
        "2\t新建测试区第二幼儿园，办学规模 12 个班、360 个学位。\t2022 年\t2023 年\t3500\t测试区政府\n"
        "3\t新建测试区第三幼儿园，办学规\n",
        encoding="utf-8",
    )
    assert error_of(path) == (
        "cut.txt: 第 8 行：项目表在文件末尾被截断，最后一行缺少finish_year、investment、responsible；"
        "应为 完整的表格行，实际为 3 | 新建测试区第三幼儿园，办学规"
    )


def test_an_indicator_table_cut_off_after_the_baseline_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_text(
        "测试区教育发展规划（2021—2025年）\n\n主要预期指标表\n\n"
        "指 标\t\t2020 年\t2025 年 (目标值)\t备注\n"
        "学前教育\t幼儿园数(所)\t204\t210\t\n"
        "\t公办幼儿园数(所)\t14\n",
        encoding="utf-8",
    )
    assert error_of(path) == (
        "cut.txt: 第 7 行：指标“公办幼儿园数”缺少目标值，表格可能被截断；应为 基期值和目标值两列，实际为 公办幼儿园数(所) | 14"
    )


def test_a_docx_plan_reads_its_paragraphs_and_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("测试区教育发展规划（2021—2025年）")
    document.add_paragraph("到2025年，全区创建10所劳动教育特色学校。")
    table = document.add_table(rows=3, cols=4)
    for row, values in zip(
        table.rows,
        [
            ("指标", "", "2020年", "2025年"),
            ("学前教育", "幼儿园数(所)", "204", "210"),
            ("", "公办幼儿园数(所)", "14", "16"),
        ],
        strict=True,
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    (plan,) = parse_plan_file(path)
    assert plan.plan.title == "测试区教育发展规划（2021—2025年）"
    assert [(i.group, i.name, i.baseline_value, i.target_value) for i in plan.indicators] == [
        ("学前教育", "幼儿园数", 204.0, 210.0),
        ("学前教育", "公办幼儿园数", 14.0, 16.0),
    ]
    assert [(t.name, t.target_value) for t in plan.targets] == [("劳动教育特色学校", 10.0)]


def test_a_broken_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert error_of(path).startswith(
        "broken.docx: 无法读取 .docx 文件（文件已损坏，或不是 Word 文件）；应为 Word 2007 及以上的 .docx"
    )
