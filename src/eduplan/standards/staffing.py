"""Staffing norms (教职工编制标准) as data, in the record types of ``standards.base``.

Numbers, sources and status letters are those of ``shared/spec/standards.md`` §3.1–3.3 (source ids of §7).
Core code reads these records and never spells a ratio itself; a result that uses a number with status
1 or U says so through ``Standard.unconfirmed()``.
"""

from __future__ import annotations

from eduplan.contract import RURAL, STAGE_JUNIOR, STAGE_PRIMARY, STAGE_SENIOR, TOWNSHIP, URBAN
from eduplan.standards.base import ALL_STAGES, Rule, Standard

STUDENTS_PER_POST = "students_per_post"  # rule key: 教职工 : 学生 = 1 : value

# 2001 area classes: "城市" = 省辖市以上大中城市市区, "县镇" = 县(市)政府所在地城区, "农村" (S21).
AREA_CITY, AREA_COUNTY_TOWN, AREA_RURAL = "城市", "县镇", "农村"
# The census's 城乡分类 is not the 2001 area class; this mapping is an inference (U), used only with the 2001 standard.
AREA_BY_URBAN_RURAL: dict[str, str] = {URBAN: AREA_CITY, TOWNSHIP: AREA_COUNTY_TOWN, RURAL: AREA_RURAL}

_ROUNDING = Rule(
    key="posts_rounding",
    name="编制核定的取整规则",
    values={ALL_STAGES: 0.0},
    status="U",
    sources=("SPEC",),
    notes="原文未读到；eduplan 按学段累加不取整的编制数，仅在显示时四舍五入到整数",
)

STAFFING_2014 = Standard(
    id="staffing_2014",
    version="2014",
    title="城乡统一的中小学教职工编制标准",
    document_number="中央编办发〔2014〕72号（文号与标题未证实）",
    issued="2014",
    indicators=(),
    rules=(
        Rule(
            key=STUDENTS_PER_POST,
            name="教职工与学生比（每个编制对应的学生数，城乡统一按城市标准）",
            values={STAGE_PRIMARY: 19.0, STAGE_JUNIOR: 13.5, STAGE_SENIOR: 12.5},
            status="S",
            sources=("S22", "S23"),
            unit="学生/编制",
            notes="乡村小规模学校按师生比与班师比相结合核定、寄宿制学校适当增加编制：具体算法未见原文，未实现",
        ),
        Rule(
            key="non_teaching_share_cap",
            name="职员、教学辅助和工勤人员占教职工编制的上限",
            values={STAGE_PRIMARY: 9.0, STAGE_JUNIOR: 12.0, STAGE_SENIOR: 15.0},
            status="U",
            sources=("S24",),
            comparator="<=",
            unit="%",
            notes="山东省规定；全国标准未证实，仅供参考，不参与计算",
        ),
        Rule(
            key="special_school_students_per_post",
            name="特殊教育学校编制比例（每个编制对应的学生数）",
            values={ALL_STAGES: 4.0},
            status="U",
            sources=("S55",),
            unit="学生/编制",
            notes="安徽 2009 年表格（S55）中为 1:4，全国标准未证实；仅供参考，不参与计算",
        ),
        _ROUNDING,
    ),
    notes=(
        "核定编制 = Σ 学段 在校生数 / 每个编制对应的学生数（standards.md §3.1）",
        "文号 中央编办发〔2014〕72号 及文件标题未经证实（U）；比例本身有两个来源（S22、S23）",
    ),
    sources=("S22", "S23"),
)

STAFFING_2001 = Standard(
    id="staffing_2001",
    version="2001",
    title="中小学教职工编制标准",
    document_number="国办发〔2001〕74号",
    issued="2001",
    indicators=(),
    rules=(
        *(
            Rule(
                key=f"{STUDENTS_PER_POST}.{area}",
                name=f"教职工与学生比（{area}）",
                values={STAGE_SENIOR: senior, STAGE_JUNIOR: junior, STAGE_PRIMARY: primary},
                status="P",
                sources=("S21",),
                unit="学生/编制",
                notes="普查“城乡分类”到2001年地区类别的对应（城区→城市、镇区→县镇、乡村→农村）为推断（U）",
            )
            for area, senior, junior, primary in (
                (AREA_CITY, 12.5, 13.5, 19.0),
                (AREA_COUNTY_TOWN, 13.0, 16.0, 21.0),
                (AREA_RURAL, 13.5, 18.0, 23.0),
            )
        ),
        _ROUNDING,
    ),
    sources=("S21",),
)

KINDERGARTEN_STAFFING_2013 = Standard(
    id="kindergarten_staffing_2013",
    version="2013",
    title="幼儿园教职工配备标准（暂行）",
    document_number="教师〔2013〕1号（文号未证实）",
    issued="2013",
    indicators=(),
    rules=(
        # 全日制: 教职工 : 幼儿 = 1:5 – 1:7, so 5 to 7 children per staff member.
        Rule(
            "children_per_staff_min",
            "全日制幼儿园教职工与幼儿比（1:5，配备上限）",
            {ALL_STAGES: 5.0},
            "S",
            ("S26", "S27"),
        ),
        Rule(
            "children_per_staff_max",
            "全日制幼儿园教职工与幼儿比（1:7，配备下限）",
            {ALL_STAGES: 7.0},
            "S",
            ("S26", "S27"),
        ),
        Rule("teachers_per_class", "全日制幼儿园每班专任教师", {ALL_STAGES: 2.0}, "S", ("S26", "S27"), unit="人/班"),
        Rule("nursery_per_class", "全日制幼儿园每班保育员", {ALL_STAGES: 1.0}, "S", ("S26", "S27"), unit="人/班"),
    ),
    notes=(
        "也可每班配 3 名专任教师而不配保育员；半日制、寄宿制的配备另有规定，未实现",
        "文号 教师〔2013〕1号 未经证实（U）",
    ),
    sources=("S26", "S27"),
)

PSYCH_TEACHERS = Standard(
    id="psych_teachers",
    version="2021",
    title="中小学心理健康教育教师配备",
    document_number="教育部办公厅《关于加强学生心理健康管理工作的通知》（2021）",
    issued="2021",
    indicators=(),
    rules=(
        Rule(
            "full_time_per_school",
            "每所中小学至少配备专职心理健康教育教师",
            {ALL_STAGES: 1.0},
            "S",
            ("S29",),
            ">=",
            "人/校",
        ),
        Rule(
            "school_share_2025",
            "2025年配备专(兼)职心理健康教育教师的学校比例",
            {ALL_STAGES: 95.0},
            "S",
            ("S30",),
            ">=",
            "%",
            notes="按学生数配比（每 N 名学生 1 名）的全国标准未找到（U）",
        ),
    ),
    sources=("S29", "S30"),
)

STAFFING_STANDARDS: dict[str, Standard] = {s.version: s for s in (STAFFING_2014, STAFFING_2001)}
ALL_STANDARDS: tuple[Standard, ...] = (STAFFING_2014, STAFFING_2001, KINDERGARTEN_STAFFING_2013, PSYCH_TEACHERS)


def students_per_post(stage: str, urban_rural: str | None = None, version: str = "2014") -> float:
    """Students per staff post for one 学段; under the 2001 standard it depends on the school's area."""
    standard = STAFFING_STANDARDS[version]
    if version == "2001":
        area = AREA_BY_URBAN_RURAL.get(urban_rural or "", AREA_CITY)
        return standard.rule(f"{STUDENTS_PER_POST}.{area}").value(stage)
    return standard.rule(STUDENTS_PER_POST).value(stage)
