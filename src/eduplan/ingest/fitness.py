"""Raw student fitness results (体测成绩) of one school and test year: read, check, or a located error.

The layout is the one schools export from the national fitness data system (docs/fitness.md): one row per
student with 学籍号, 年级 (or 年级编号 11–16/21–23/31–33), 班级, 性别, 出生日期, 身高, 体重 and the items; the
runs as 3'45", 3′45″, 3:45, 3分45秒 or seconds. 姓名 and other personal columns are ignored (never stored).
A 测试状态 of 免测 or 缓测 keeps the student as such: no item is required and nothing is scored. Every problem
names the file, sheet, row and column; a file with any error yields nothing. The raw 学籍号 leaves this module
only for the store to pseudonymise.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from eduplan.core.fitness import EXEMPT_STATUSES, ITEMS
from eduplan.errors import IngestError, Problem
from eduplan.ingest.census_reader import column_letters
from eduplan.ingest.plans.reading import decode
from eduplan.ingest.scores import _Checker, _finite, _per_distinct, normalise_grade
from eduplan.ingest.workbook import WORKBOOK_SUFFIXES, checked_file, open_workbook
from eduplan.standards import fitness as fs

SHEET = "体测成绩"
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000  # a school; a whole county is imported school by school


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    low: float = -math.inf  # plausible range (inclusive); outside = impossible value
    high: float = math.inf
    unit: str = ""


FIELDS: tuple[Field, ...] = (
    Field("student_id", "学籍号", ("学生编号", "学号"), required=True),
    Field("grade", "年级", ("年级编号",), required=True),
    Field("class_name", "班级", ("班级名称", "班级编号")),
    Field("sex", "性别", required=True),
    Field("birth_date", "出生日期"),
    Field("school_code", "学校标识码", ("学校代码",)),
    Field("status", "测试状态", ("免测缓测", "备注")),
    Field("height", "身高", ("身高(cm)", "身高（厘米）"), low=80, high=230, unit="厘米"),
    Field("weight", "体重", ("体重(kg)", "体重（千克）"), low=10, high=200, unit="千克"),
    Field("vital_capacity", "肺活量", ("肺活量(ml)", "肺活量（毫升）"), low=200, high=9999, unit="毫升"),
    Field("run_50m", "50米跑", ("50米", "50米跑(秒)"), low=5.0, high=30.0, unit="秒"),
    Field("sit_and_reach", "坐位体前屈", ("坐位体前屈(cm)",), low=-40, high=50, unit="厘米"),
    Field("rope_skip_1min", "一分钟跳绳", ("1分钟跳绳", "跳绳"), low=0, high=300, unit="次"),
    Field("sit_up_1min", "一分钟仰卧起坐", ("1分钟仰卧起坐", "仰卧起坐"), low=0, high=100, unit="次"),
    Field("shuttle_50x8", "50米×8往返跑", ("50米x8往返跑", "50米*8往返跑", "50×8往返跑"), low=60, high=400, unit="秒"),
    Field("standing_long_jump", "立定跳远", ("立定跳远(cm)",), low=30, high=400, unit="厘米"),
    Field("pull_up", "引体向上", (), low=0, high=60, unit="次"),
    Field("run_1000m", "1000米跑", ("1000米",), low=150, high=900, unit="秒"),
    Field("run_800m", "800米跑", ("800米",), low=130, high=900, unit="秒"),
    Field("vision_left", "左眼裸眼视力", ("左眼视力",), low=3.0, high=5.3),
    Field("vision_right", "右眼裸眼视力", ("右眼视力",), low=3.0, high=5.3),
)
BY_KEY = {f.key: f for f in FIELDS}
IGNORED = ("姓名", "身份证号", "家庭住址", "民族代码", "民族")  # personal data: read past, never kept
TIMED = ("shuttle_50x8", "run_1000m", "run_800m")
COUNTS = ("rope_skip_1min", "sit_up_1min", "pull_up", "vital_capacity")
_GRADE_CODES = {
    f"{s}{n}": g
    for s, first, last in (("1", 1, 6), ("2", 7, 9), ("3", 10, 12))
    for n, g in zip(range(1, last - first + 2), range(first, last + 1), strict=True)
}
_SEXES = {"男": "male", "1": "male", "男生": "male", "女": "female", "2": "female", "女生": "female"}
# A value that is plausible in the wrong unit: (low, high, what the unit probably was)
_WRONG_UNIT: dict[str, tuple[float, float, str]] = {
    "height": (0.5, 2.5, "米（应以厘米填写，如 1.45 米填 145）"),
    "weight": (10_000, 200_000, "克（应以千克填写）"),
    "vital_capacity": (0.2, 9.9, "升（应以毫升填写，如 2.3 升填 2300）"),
    "run_1000m": (2.0, 15.0, "分（应填秒数或 3'45\" 形式）"),
    "run_800m": (2.0, 15.0, "分（应填秒数或 3'45\" 形式）"),
    "shuttle_50x8": (1.0, 6.0, "分（应填秒数或 1'45\" 形式）"),
    "standing_long_jump": (0.3, 4.0, "米（应以厘米填写）"),
}


@dataclass(frozen=True)
class FitnessFile:
    """A checked file: ``core.fitness.INPUT_COLUMNS`` (raw ``student_id`` instead of ``student``) plus
    ``class_name``, ``birth_date``, the vision columns and ``row``; and the warnings."""

    frame: pd.DataFrame
    warnings: tuple[Problem, ...]
    sheet: str
    letters: dict[str, str]


def parse_time(text: str) -> float:
    """Seconds from 225, 225.5, 3'45", 3′45″, 3:45, 3分45秒, 3'45.2"; NaN when unreadable."""
    t = text.strip().replace("″", '"').replace("′", "'").replace("＇", "'").replace("“", '"').replace("”", '"')
    match = re.fullmatch(r"(\d+)\s*(?:'|:|：|分)\s*(\d{1,2}(?:\.\d+)?)\s*(?:\"|''|秒)?", t)
    if match:
        seconds = float(match.group(2))
        return math.nan if seconds >= 60 else int(match.group(1)) * 60 + seconds
    return _finite(t.removesuffix("秒").removesuffix('"'))


def _grade(text: str) -> int | None:
    if text in _GRADE_CODES:
        return _GRADE_CODES[text]
    grade = normalise_grade(text)
    return None if grade is None else int(grade)


def _read(path: Path) -> tuple[pd.DataFrame, str]:
    if not path.exists():
        raise IngestError([Problem(file=path.name, message="文件不存在")])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(
            [
                Problem(
                    path.name,
                    "文件太大",
                    expected=f"不超过 {MAX_BYTES // 1024 // 1024} MB（按学校分别导入）",
                    found=f"{size / 1024 / 1024:.1f} MB",
                )
            ]
        )
    checked_file(path, "fitness")
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        text = decode(path.read_bytes(), path)
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=False), SHEET
    book = open_workbook(path, "fitness")
    names = [n for n in book.sheet_names if n != "说明"]
    if SHEET not in names and len(names) != 1:
        raise IngestError(
            [Problem(path.name, "工作簿有多个工作表", expected=f"名为“{SHEET}”的工作表", found="、".join(names))]
        )
    sheet = SHEET if SHEET in names else names[0]
    rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    cells = [
        ["" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v).strip() for v in row]
        for row in rows
    ]
    width = max((len(r) for r in cells), default=0)
    cells = [r + [""] * (width - len(r)) for r in cells]
    return (pd.DataFrame(cells[1:], columns=[str(c) for c in cells[0]]) if cells else pd.DataFrame()), sheet


def _header(frame: pd.DataFrame, file: str, sheet: str) -> tuple[dict[str, str], list[Problem]]:
    names = {n: f.key for f in FIELDS for n in (f.label, f.key, *f.aliases)}
    found: dict[str, str] = {}
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for position, header in enumerate(frame.columns):
        name = re.sub(r"\s+", "", str(header))
        key = names.get(name)
        letters = column_letters(position)
        if key is None:
            if name in IGNORED:
                warnings.append(Problem(file, f"“{name}”列不导入、不保存", sheet, 1, letters, severity="warning"))
            elif name and not name.startswith("Unnamed"):
                warnings.append(Problem(file, f"未知的列“{name}”，已忽略", sheet, 1, letters, severity="warning"))
        elif key in found:
            errors.append(Problem(file, f"列“{name}”重复", sheet, 1, letters, column_key=key))
        else:
            found[key] = str(header)
    for f in FIELDS:
        if f.required and f.key not in found:
            errors.append(
                Problem(
                    file,
                    f"缺少必填列“{f.label}”",
                    sheet,
                    1,
                    column_key=f.key,
                    expected="、".join(x.label for x in FIELDS if x.required),
                )
            )
    if errors:
        raise IngestError(errors)
    return found, warnings


def read_fitness(path: Path, *, school_code: str, display_name: str | None = None) -> FitnessFile:
    """Read and check one school's results. ``school_code``: the school the file is imported for (a 学校标识码
    column, if present, must agree)."""
    file = display_name or path.name
    raw, sheet = _read(path)
    headers, warnings = _header(raw, file, sheet)
    letters = {k: column_letters(list(raw.columns).index(h)) for k, h in headers.items()}
    text = pd.DataFrame({k: _per_distinct(raw[h].astype(str), str.strip) for k, h in headers.items()})
    text = text[(text != "").any(axis=1)]
    if text.empty:
        raise IngestError([Problem(file, "文件没有数据行", sheet, expected="每名学生一行")])
    if len(text) > MAX_ROWS:
        raise IngestError(
            [
                Problem(
                    file, "行数太多", sheet, expected=f"不超过 {MAX_ROWS} 行（按学校分别导入）", found=f"{len(text)} 行"
                )
            ]
        )
    for f in FIELDS:
        if f.key not in text:
            text[f.key] = ""
    check = _Checker(Path(file), sheet, letters)
    blank = {str(k): text[k] == "" for k in text}
    for f in FIELDS:
        if f.required:
            check.flag(blank[f.key], f.key, f"“{f.label}”不能为空", "非空", text[f.key])
    grade = _per_distinct(text["grade"], _grade)
    check.flag(
        ~blank["grade"] & grade.isna(), "grade", "年级无法识别", "1–12、初一、高二或年级编号 11–33", text["grade"]
    )
    sex = text["sex"].map(_SEXES)
    check.flag(~blank["sex"] & sex.isna(), "sex", "性别无法识别", "男 或 女（或 1、2）", text["sex"])
    status = text["status"].replace({"正常": "", "已测": ""})
    check.flag(~status.isin(("", *EXEMPT_STATUSES)), "status", "测试状态无法识别", "空白、免测 或 缓测", text["status"])
    exempt = status.isin(EXEMPT_STATUSES)
    codes = text["school_code"]
    check.flag(
        ~blank["school_code"] & (codes != school_code), "school_code", "学校标识码与导入的学校不符", school_code, codes
    )
    dup = text["student_id"].duplicated(keep="first") & ~blank["student_id"]
    check.flag(dup, "student_id", "同一学生出现多行", "每名学生一行", text["student_id"])
    values = _values(text, blank, check)
    _check_applicability(values, grade, sex, exempt, blank, text, check)
    check.raise_if_any()
    frame = pd.DataFrame(
        {
            "student_id": text["student_id"],
            "school_code": school_code,
            "grade": grade.astype("int64"),
            "sex": sex,
            "status": status,
            "class_name": text["class_name"],
            "birth_date": text["birth_date"],
            **{k: values[k] for k in ("height", "weight", *ITEMS, "vision_left", "vision_right")},
            "row": text.index + 2,
        }
    )
    return FitnessFile(frame=frame, warnings=tuple(warnings), sheet=sheet, letters=letters)


def _values(text: pd.DataFrame, blank: dict[str, pd.Series], check: _Checker) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    for key in ("height", "weight", *ITEMS, "vision_left", "vision_right"):
        f = BY_KEY[key]
        parse = parse_time if key in TIMED else _finite
        value = _per_distinct(text[key], parse).astype("float64")
        bad = ~blank[key] & value.isna()
        expected = "秒数或 3'45\" 形式" if key in TIMED else "数字"
        check.flag(bad, key, f"“{f.label}”无法识别", expected, text[key])
        wrong = pd.Series(False, index=text.index)
        if key in _WRONG_UNIT:
            low, high, unit = _WRONG_UNIT[key]
            wrong = value.between(low, high) & ~value.between(f.low, f.high)
            check.flag(wrong, key, f"“{f.label}”的单位不对：看来是{unit}", f"{f.low:g}–{f.high:g} {f.unit}", text[key])
        outside = value.notna() & ~wrong & ~value.between(f.low, f.high)
        check.flag(outside, key, f"“{f.label}”不可能是这个值", f"{f.low:g}–{f.high:g} {f.unit}".strip(), text[key])
        if key in COUNTS:
            fraction = value.notna() & ~wrong & ~outside & (value != np.floor(value))
            check.flag(fraction, key, f"“{f.label}”应为整数", f"整数（{f.unit}）", text[key])
        out[key] = value
    return out


def _check_applicability(
    values: dict[str, pd.Series],
    grade: pd.Series,
    sex: pd.Series,
    exempt: pd.Series,
    blank: dict[str, pd.Series],
    text: pd.DataFrame,
    check: _Checker,
) -> None:
    std = fs.standard()
    known = grade.notna() & sex.notna()
    label = grade.map(lambda g: fs.GRADE_ZH.get(int(g), "") if g == g else "") + sex.map(
        {"male": "男生", "female": "女生"}
    ).fillna("")
    for key, item in std.items.items():
        pairs = [(s, float(g)) for s, grades in item.applies_to.items() for g in grades]
        applies = pd.Series(pd.MultiIndex.from_arrays([sex, grade.astype("float64")]).isin(pairs), index=text.index)
        present = values[key].notna()
        check.flag(
            known & ~applies & present,
            key,
            f"“{item.name}”不适用于该年级、性别",
            "空白",
            label + "：" + text[key],
        )
        check.flag(
            known & applies & ~present & blank[key] & ~exempt,
            key,
            f"缺少必测项目“{item.name}”",
            "成绩（免测、缓测请在“测试状态”列注明）",
            lambda: label,
        )
    for key in ("height", "weight"):
        check.flag(blank[key] & ~exempt, key, f"缺少“{BY_KEY[key].label}”", "数字（计算 BMI）", text[key])


def template_bytes() -> bytes:
    """The workbook schools fill in (``eduplan template fitness``, the upload page's link): the 体测成绩 sheet
    with its header and one example row, and a 说明 sheet."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"created": None})
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7"})
    sheet = book.add_worksheet(SHEET)
    example = [
        "G440000201001010011",
        "三年级",
        "3班",
        "男",
        "2015-03-01",
        "",
        "",
        "132.5",
        "29.6",
        "1450",
        "9.8",
        "8.6",
        "118",
        "30",
        "",
        "",
        "",
        "",
        "",
        "4.9",
        "5.1",
    ]
    for col, (f, ex) in enumerate(zip(FIELDS, example, strict=True)):
        sheet.write_string(0, col, f.label, bold)
        sheet.write_string(1, col, ex)
        sheet.set_column(col, col, max(10, 2 * len(f.label) + 2))
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("说明")
    lines = [
        f"依据：{fs.CITATION}",
        "每名学生一行；第 1 行为表头，列的顺序不限；姓名等个人信息列不导入。学籍号导入时以密钥哈希假名化，原值不保存。",
        "年级：1–12、一年级…六年级、初一…初三、高一…高三，或国家体质健康数据上报的年级编号 11–16、21–23、31–33。",
        "性别：男 / 女（或 1 / 2）。测试状态：空白表示已测；因病或残疾免予执行填“免测”，暂缓执行填“缓测”。",
        "单位：身高 厘米，体重 千克，肺活量 毫升，坐位体前屈与立定跳远 厘米，50米跑 秒（如 9.8）；",
        "50米×8往返跑、1000米跑、800米跑可填秒数（225）或 3'45\"、3:45、3分45秒。",
        "只填该年级、性别应测的项目（见 docs/fitness.md 的表）；不适用的项目请留空。视力列可选（5 分记录，如 4.9）。",
    ]
    for i, line in enumerate(lines):
        notes.write_string(i, 0, line)
    notes.set_column(0, 0, 120)
    book.close()
    return out.getvalue()
