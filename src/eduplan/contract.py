"""The census data contract (``shared/spec/census.md``) and eduplan's one vocabulary.

Column names are the English keys of the contract everywhere (ingest output, store
fields, core inputs, JSON); enumeration values are the contract's Chinese terms.
This module is the only place they are spelled out. Pure: no Django, no engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from eduplan.errors import UsageError

ColumnType = Literal["code", "text", "enum", "bool", "int", "number", "year"]

# --- Enumerations (the contract's Chinese terms) -----------------------------------------

STAGE_PRESCHOOL = "学前"
STAGE_PRIMARY = "小学"
STAGE_JUNIOR = "初中"
STAGE_SENIOR = "高中"
STAGE_WHOLE_SCHOOL = "全校"  # a row of shared resources, apportioned to the stages
STAGES: tuple[str, ...] = (STAGE_PRESCHOOL, STAGE_PRIMARY, STAGE_JUNIOR, STAGE_SENIOR)
STAGE_ROWS: tuple[str, ...] = (*STAGES, STAGE_WHOLE_SCHOOL)
COMPULSORY_STAGES: tuple[str, ...] = (STAGE_PRIMARY, STAGE_JUNIOR)

KINDERGARTEN = "幼儿园"
PRIMARY = "小学"
TEACHING_POINT = "小学教学点"
JUNIOR = "初级中学"
NINE_YEAR = "九年一贯制学校"
COMPLETE_SECONDARY = "完全中学"
SENIOR = "高级中学"
TWELVE_YEAR = "十二年一贯制学校"
SPECIAL = "特殊教育学校"
VOCATIONAL = "中等职业学校"
SCHOOL_TYPES: tuple[str, ...] = (
    KINDERGARTEN,
    PRIMARY,
    TEACHING_POINT,
    JUNIOR,
    NINE_YEAR,
    COMPLETE_SECONDARY,
    SENIOR,
    TWELVE_YEAR,
    SPECIAL,
    VOCATIONAL,
)

# Which 学段 rows a school of each type may report (全校 is allowed wherever there are
# two or more stages). Special and vocational schools report no 学段 rows in this contract's
# scope of assessment, but a special school may teach 小学 and 初中 pupils.
STAGES_BY_SCHOOL_TYPE: dict[str, tuple[str, ...]] = {
    KINDERGARTEN: (STAGE_PRESCHOOL,),
    PRIMARY: (STAGE_PRIMARY,),
    TEACHING_POINT: (STAGE_PRIMARY,),
    JUNIOR: (STAGE_JUNIOR,),
    NINE_YEAR: (STAGE_PRIMARY, STAGE_JUNIOR),
    COMPLETE_SECONDARY: (STAGE_JUNIOR, STAGE_SENIOR),
    SENIOR: (STAGE_SENIOR,),
    TWELVE_YEAR: (STAGE_PRIMARY, STAGE_JUNIOR, STAGE_SENIOR),
    SPECIAL: (STAGE_PRIMARY, STAGE_JUNIOR),
    VOCATIONAL: (STAGE_SENIOR,),
}

SPONSOR_PUBLIC = "公办"
SPONSOR_PRIVATE = "民办"
SPONSORS: tuple[str, ...] = (SPONSOR_PUBLIC, SPONSOR_PRIVATE)

URBAN = "城区"
TOWNSHIP = "镇区"
RURAL = "乡村"
URBAN_RURAL: tuple[str, ...] = (URBAN, TOWNSHIP, RURAL)

YES = "是"
NO = "否"

GRADES_BY_STAGE: dict[str, tuple[str, ...]] = {
    STAGE_PRESCHOOL: ("小班", "中班", "大班"),
    STAGE_PRIMARY: ("1", "2", "3", "4", "5", "6"),
    STAGE_JUNIOR: ("7", "8", "9"),
    STAGE_SENIOR: ("10", "11", "12"),
}

# Entry age of each stage's first grade (a school year is named by the year it starts).
ENTRY_AGE: dict[str, int] = {STAGE_PRESCHOOL: 3, STAGE_PRIMARY: 6, STAGE_JUNIOR: 12, STAGE_SENIOR: 15}

REGION_LEVELS: tuple[str, ...] = ("province", "city", "county", "town", "village")


# --- School years --------------------------------------------------------------------------

# A school year is named by the calendar year it starts (2023 = 2023–2024学年); a census, plan or score year outside
# these bounds is a typo. The one rule and the one message, for the web forms, the store and the CLI.
SCHOOL_YEAR_MIN, SCHOOL_YEAR_MAX = 1990, 2100
SCHOOL_YEAR_RULE = f"应为 {SCHOOL_YEAR_MIN}–{SCHOOL_YEAR_MAX} 之间的四位年份（2023 表示 2023–2024学年）"


def school_year(value: object, label: str = "学年") -> int:
    """``value`` (an int, or text such as ``"2023"``) as a school year, or ``UsageError`` with the one message."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isascii() or not text.isdigit() or len(text) != 4:
        raise UsageError(f"{label} {text!r} 不对：{SCHOOL_YEAR_RULE}")
    year = int(text)
    if not SCHOOL_YEAR_MIN <= year <= SCHOOL_YEAR_MAX:
        raise UsageError(f"{label} {text!r} 不对：{SCHOOL_YEAR_RULE}")
    return year


# --- Region codes (统计用区划代码) -------------------------------------------------------------

# The length of a code's prefix every descendant shares: province 2 digits, city 4, county 6, town 9.
PREFIX_LENGTH: dict[str, int] = {"province": 2, "city": 4, "county": 6, "town": 9}
COUNTY_CODE_LENGTH = PREFIX_LENGTH["county"]


def level_of(code: str) -> str:
    """The level a 统计用区划代码 names: 440000 province, 441800 city, 441802 county, 9 digits town.

    A 12-digit code is a village, or its town when it ends in 000. Any other length raises ``ValueError``."""
    if len(code) == 12:
        return "village" if code[9:] != "000" else "town"
    if len(code) == 9:
        return "town"
    if len(code) == 6:
        if code[2:] == "0000":
            return "province"
        if code[4:] == "00":
            return "city"
        return "county"
    raise ValueError(code)


def subtree_prefix(code: str, level: str | None = None) -> str:
    """The prefix every code under ``code`` shares (440000 → "44", 441800 → "4418", 441802 → "441802",
    441802100 → "441802100"); a village is its own code. ``level`` when the caller knows it, else from the code."""
    length = PREFIX_LENGTH.get(level or level_of(code))
    return code[:length] if length else code


def county_of(code: str) -> str:
    """The county (区县) a code at or below county level lies in: its first six digits."""
    return code[:COUNTY_CODE_LENGTH]


def town_of(code: str) -> str:
    """The town (乡镇街道) a code at or below town level lies in: its first nine digits."""
    return code[: PREFIX_LENGTH["town"]]


# --- Sheets and columns -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Chinese header as the contract writes it
    type: ColumnType
    required: bool = False
    unit: str = ""
    enum: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str  # the sheet's Chinese name, also the CSV file stem
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # columns that identify a row

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)


SCHOOLS = Sheet(
    name="学校",
    key=("school_code",),
    columns=(
        Column("school_code", "学校标识码", "code", True, note="10 位全国学校标识码，工作簿内唯一"),
        Column("name", "学校名称", "text", True),
        Column("region_code", "行政区划代码", "code", True, note="县(6位)、乡镇街道(9位)或村(12位)统计用区划代码"),
        Column("school_type", "办学类型", "enum", True, enum=SCHOOL_TYPES),
        Column("sponsor", "举办者", "enum", True, enum=SPONSORS),
        Column("inclusive", "普惠性", "bool", False, enum=(YES, NO), note="幼儿园必填；民办普惠计入普惠性幼儿园覆盖率"),
        Column("urban_rural", "城乡分类", "enum", True, enum=URBAN_RURAL),
        Column("parent_code", "所属学校标识码", "code", False, note="教学点、校区填写所属学校"),
        Column("group_name", "教育集团", "text", False),
        Column("lon", "经度", "number", False, note="WGS-84"),
        Column("lat", "纬度", "number", False, note="WGS-84"),
    ),
)

_STAGE_MEASURES: tuple[Column, ...] = (
    Column("students", "在校生数", "int", unit="人"),
    Column("classes", "班级数", "int", unit="班"),
    Column("migrant_students", "随迁子女数", "int", unit="人", note="进城务工人员随迁子女"),
    Column("disabled_students", "随班就读残疾学生数", "int", unit="人"),
    Column("teachers", "专任教师数", "int", unit="人"),
    Column(
        "teachers_above_required", "高于规定学历专任教师数", "int", unit="人", note="小学：专科及以上；初中：本科及以上"
    ),
    Column("teachers_bachelor_plus", "本科及以上学历专任教师数", "int", unit="人"),
    Column("teachers_postgraduate", "研究生学历专任教师数", "int", unit="人"),
    Column("teachers_associate_plus", "专科及以上学历专任教师数", "int", unit="人"),
    Column("backbone_teachers", "县级及以上骨干教师数", "int", unit="人"),
    Column("pe_teachers", "体育专任教师数", "int", unit="人"),
    Column("music_teachers", "音乐专任教师数", "int", unit="人"),
    Column("art_teachers", "美术专任教师数", "int", unit="人"),
    Column("certified_teachers", "持证专任教师数", "int", unit="人", note="持有教师资格证"),
    Column("senior_title_teachers", "高级职称专任教师数", "int", unit="人"),
    Column("psych_teachers", "专职心理健康教师数", "int", unit="人"),
    Column("nursery_staff", "保育员数", "int", unit="人", note="学前"),
    Column("authorized_posts", "核定编制数", "int", unit="个"),
    Column("staff_on_establishment", "在编教职工数", "int", unit="人"),
    Column("teaching_aux_area", "教学及辅助用房面积", "number", unit="㎡", note="不含室内体育用房"),
    Column("sports_area", "体育运动场馆面积", "number", unit="㎡"),
    Column("building_area", "校舍建筑面积", "number", unit="㎡"),
    Column("site_area", "占地面积", "number", unit="㎡"),
    Column("equipment_value", "教学仪器设备值", "number", unit="万元"),
    Column("multimedia_rooms", "网络多媒体教室数", "int", unit="间"),
    Column("music_rooms", "音乐专用教室数", "int", unit="间"),
    Column("art_rooms", "美术专用教室数", "int", unit="间"),
    Column("books", "图书册数", "int", unit="册"),
    Column("dangerous_area", "C、D级危房面积", "number", unit="㎡"),
)

STAGES_SHEET = Sheet(
    name="学段",
    key=("school_code", "stage"),
    columns=(
        Column("school_code", "学校标识码", "code", True),
        Column("stage", "学段", "enum", True, enum=STAGE_ROWS),
        *_STAGE_MEASURES,
    ),
)

# Measures that a 全校 row may carry (shared facilities); teacher counts are always per stage.
SHARED_RESOURCE_KEYS: tuple[str, ...] = (
    "teaching_aux_area",
    "sports_area",
    "building_area",
    "site_area",
    "equipment_value",
    "multimedia_rooms",
    "music_rooms",
    "art_rooms",
    "books",
    "dangerous_area",
)

GRADES_SHEET = Sheet(
    name="年级",
    key=("school_code", "stage", "grade"),
    columns=(
        Column("school_code", "学校标识码", "code", True),
        Column("stage", "学段", "enum", True, enum=STAGES),
        Column("grade", "年级", "text", True, note="学前：小班/中班/大班；小学 1–6；初中 7–9；高中 10–12"),
        Column("students", "在校生数", "int", unit="人"),
        Column("entrants", "招生数", "int", unit="人"),
        Column("classes", "班级数", "int", unit="班"),
        Column("classes_over_standard", "超标准班额班级数", "int", unit="班"),
        Column("classes_56_65", "大班额班级数", "int", unit="班", note="56–65 人"),
        Column("classes_66_plus", "超大班额班级数", "int", unit="班", note="66 人及以上"),
    ),
)

POPULATION_SHEET = Sheet(
    name="人口",
    key=("region_code", "year", "age"),
    columns=(
        Column("region_code", "行政区划代码", "code", True),
        Column("year", "年份", "year", True, note="年末人口"),
        Column("age", "年龄", "int", True, note="0–17 单岁"),
        Column("resident", "常住人口数", "int", True, unit="人"),
        Column("registered", "户籍人口数", "int", False, unit="人"),
    ),
)

SHEETS: tuple[Sheet, ...] = (SCHOOLS, STAGES_SHEET, GRADES_SHEET, POPULATION_SHEET)
SHEETS_BY_NAME: dict[str, Sheet] = {s.name: s for s in SHEETS}
