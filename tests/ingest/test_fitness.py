from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.errors import IngestError
from eduplan.ingest import fitness as fi

HEADER = "学籍号,姓名,年级,班级,性别,身高,体重,肺活量,50米跑,坐位体前屈,一分钟跳绳,一分钟仰卧起坐,50米×8往返跑,立定跳远,引体向上,1000米跑,800米跑,测试状态,左眼裸眼视力,右眼裸眼视力"
GOOD = [
    "G1,张三,三年级,3班,男,132.5,29.6,1450,9.8,8.6,118,30,,,,,,,4.9,5.1",
    "G2,李四,初二,1班,女,158,48,2300,9.0,15.0,,35,,170,,,3'45\",,5.0,5.0",
    "G3,王五,31,2班,1,170,60,3900,7.6,12,,,,240,11,3:40,,,,",
    "G4,赵六,高一,2班,男,,,,,,,,,,,,,免测,,",
    "G5,钱七,5,1班,2,140,35,1800,9.5,10,120,30,1分50秒,,,,,,4.8,",
]


def write(tmp_path: Path, rows: list[str], name: str = "体测.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_school_export_is_read(tmp_path: Path) -> None:
    checked = fi.read_fitness(write(tmp_path, GOOD), school_code="4418020001")
    f = checked.frame.set_index("student_id")
    assert f.loc["G1", "grade"] == 3 and f.loc["G1", "sex"] == "male" and f.loc["G1", "rope_skip_1min"] == 118
    assert f.loc["G2", "run_800m"] == 225.0 and f.loc["G2", "grade"] == 8
    assert f.loc["G3", "grade"] == 10 and f.loc["G3", "run_1000m"] == 220.0 and f.loc["G3", "pull_up"] == 11
    assert f.loc["G4", "status"] == "免测" and f.loc["G4", "height"] != f.loc["G4", "height"]  # NaN, not 0
    assert f.loc["G5", "shuttle_50x8"] == 110.0 and f.loc["G5", "sex"] == "female"
    assert "name" not in checked.frame.columns and "姓名" not in checked.frame.columns
    assert [str(w) for w in checked.warnings] == ["体测.csv:体测成绩!B1: “姓名”列不导入、不保存"]
    assert (f.school_code == "4418020001").all()


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("225", 225.0), ("3'45\"", 225.0), ("3′45″", 225.0), ("3:45", 225.0), ("3分45秒", 225.0), ("3'61\"", None)],
)
def test_times(text: str, seconds: float | None) -> None:
    got = fi.parse_time(text)
    assert (got != got) if seconds is None else got == seconds


def errors_of(tmp_path: Path, rows: list[str]) -> list[str]:
    with pytest.raises(IngestError) as caught:
        fi.read_fitness(write(tmp_path, rows), school_code="4418020001")
    return [str(p) for p in caught.value.problems]


def test_impossible_values_wrong_units_and_items_of_another_grade_are_located(tmp_path: Path) -> None:
    rows = [
        "G1,张三,三年级,3班,男,300,29.6,1450,3,8.6,118,30,,,,,,,4.9,5.1",  # height 300, 50 m in 3 s
        "G2,李四,初二,1班,女,1.58,48,2.3,9.0,15.0,,35,,170,,,3.45,,5.0,5.0",  # metres, litres, minutes
        "G3,王五,高一,2班,男,170,60,3900,7.6,12,150,,,240,11,3:40,,,,",  # 跳绳 in 高一
        "G4,赵六,三年级,2班,女,130,28,1300,10.1,9,100,,,,,,,,,",  # 仰卧起坐 missing in 三年级
        "G1,重复,三年级,3班,男,132,29,1450,9.8,8.6,118,30,,,,,,,,",
        "G6,孙八,三年级,3班,未知,132,29,1450,9.8,8.6,118,30.5,,,,,,病假,,",
    ]
    assert errors_of(tmp_path, rows) == [
        "体测.csv:体测成绩!F2: “身高”不可能是这个值；应为 80–230 厘米，实际为 300",
        "体测.csv:体测成绩!I2: “50米跑”不可能是这个值；应为 5–30 秒，实际为 3",
        "体测.csv:体测成绩!F3: “身高”的单位不对：看来是米（应以厘米填写，如 1.45 米填 145）；应为 80–230 厘米，实际为 1.58",
        "体测.csv:体测成绩!H3: “肺活量”的单位不对：看来是升（应以毫升填写，如 2.3 升填 2300）；应为 200–9999 毫升，实际为 2.3",
        "体测.csv:体测成绩!Q3: “800米跑”的单位不对：看来是分（应填秒数或 3'45\" 形式）；应为 130–900 秒，实际为 3.45",
        "体测.csv:体测成绩!K4: “1分钟跳绳”不适用于该年级、性别；应为 空白，实际为 高一男生：150",
        "体测.csv:体测成绩!L5: 缺少必测项目“1分钟仰卧起坐”；应为 成绩（免测、缓测请在“测试状态”列注明），实际为 三年级女生",
        "体测.csv:体测成绩!A6: 同一学生出现多行；应为 每名学生一行，实际为 G1",
        "体测.csv:体测成绩!E7: 性别无法识别；应为 男 或 女（或 1、2），实际为 未知",
        "体测.csv:体测成绩!L7: “一分钟仰卧起坐”应为整数；应为 整数（次），实际为 30.5",
        "体测.csv:体测成绩!R7: 测试状态无法识别；应为 空白、免测 或 缓测，实际为 病假",
    ]


def test_a_missing_column_and_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("学籍号,年级,身高\nG1,3,130\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        fi.read_fitness(path, school_code="4418020001")
    assert str(caught.value.problems[0]) == "x.csv:体测成绩!1: 缺少必填列“性别”；应为 学籍号、年级、性别"
    with pytest.raises(IngestError, match="文件没有数据行"):
        fi.read_fitness(write(tmp_path, []), school_code="4418020001")


def test_the_template_reads_back(tmp_path: Path) -> None:
    path = tmp_path / "模板.xlsx"
    path.write_bytes(fi.template_bytes())
    checked = fi.read_fitness(path, school_code="4418020001")
    assert checked.sheet == "体测成绩" and len(checked.frame) == 1
    assert checked.frame.iloc[0]["vital_capacity"] == 1450.0
