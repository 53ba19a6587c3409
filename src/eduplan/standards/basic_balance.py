"""《县域义务教育均衡发展督导评估暂行办法》(教督〔2012〕3号), "基本均衡", as data (spec/standards.md §1.8)."""

from __future__ import annotations

from eduplan import contract as c
from eduplan.standards.base import Indicator, ManualItem, Rule, Standard
from eduplan.standards.quality_balance import PUPIL_EQUIVALENTS

PRIMARY, JUNIOR = c.STAGE_PRIMARY, c.STAGE_JUNIOR
_TABLES = (
    "S11",
    "S12",
)  # the Anhui and Jilin county CV tables that list the eight indicators

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="teaching_aux_area_per_student",
        name="生均教学及辅助用房面积",
        unit="㎡",
        thresholds={},
        comparator=">=",
        formula="教学及辅助用房面积 / 在校生数",
        status="S",
        sources=_TABLES,
        numerator=("teaching_aux_area",),
        addition_unit="㎡",
    ),
    Indicator(
        key="sports_area_per_student",
        name="生均体育运动场馆面积",
        unit="㎡",
        thresholds={},
        comparator=">=",
        formula="体育运动场馆面积 / 在校生数",
        status="S",
        sources=_TABLES,
        numerator=("sports_area",),
        addition_unit="㎡",
    ),
    Indicator(
        key="equipment_value_per_student",
        name="生均教学仪器设备值",
        unit="元",
        thresholds={},
        comparator=">=",
        formula="教学仪器设备值（万元）× 10000 / 在校生数",
        status="S",
        sources=_TABLES,
        numerator=("equipment_value",),
        scale=10000.0,
        addition_unit="万元",
        addition_step=0.01,
    ),
    Indicator(
        key="computers_per100",
        name="每百名学生拥有计算机台数",
        unit="台",
        thresholds={},
        comparator=">=",
        formula="100 × 计算机台数 / 在校生数",
        status="S",
        sources=_TABLES,
        numerator=("computers",),
        scale=100.0,
        addition_unit="台",
        notes="普查数据契约没有计算机台数，此项无法计算，综合差异系数按其余各项平均并注明",
    ),
    Indicator(
        key="books_per_student",
        name="生均图书册数",
        unit="册",
        thresholds={},
        comparator=">=",
        formula="图书册数 / 在校生数",
        status="S",
        sources=(*_TABLES, "S8"),
        numerator=("books",),
        addition_unit="册",
    ),
    Indicator(
        key="teachers_per_student",
        name="师生比（生均专任教师数）",
        unit="人",
        thresholds={},
        comparator=">=",
        formula="专任教师数 / 在校生数",
        status="S",
        sources=_TABLES,
        numerator=("teachers",),
        addition_unit="人",
    ),
    Indicator(
        key="teachers_above_required_per_student",
        name="生均高于规定学历教师数",
        unit="人",
        thresholds={},
        comparator=">=",
        formula="高于规定学历专任教师数 / 在校生数",
        status="S",
        sources=_TABLES,
        numerator=("teachers_above_required",),
        addition_unit="人",
    ),
    Indicator(
        key="mid_title_teachers_per_student",
        name="生均中级及以上专业技术职务教师数",
        unit="人",
        thresholds={},
        comparator=">=",
        formula="中级及以上专业技术职务专任教师数 / 在校生数",
        status="S",
        sources=_TABLES,
        numerator=("mid_title_plus_teachers",),
        addition_unit="人",
        notes="普查数据契约只有高级职称专任教师数，没有中级及以上，此项无法计算",
    ),
)

RULES: tuple[Rule, ...] = (
    Rule(
        key="composite_cv_limit",
        name="综合差异系数（八项单项差异系数的平均值）上限：小学≤0.65，初中≤0.55",
        values={PRIMARY: 0.65, JUNIOR: 0.55},
        comparator="<=",
        status="P",
        sources=("S6", "S8"),
        notes="单项差异系数无达标线（推断，U）",
    ),
    Rule(
        key="cv_student_weighted",
        name="差异系数按学生数加权（1 = 加权）",
        values={"*": 1},
        status="S",
        sources=("S8", "S9"),
    ),
    Rule(
        key="pupil_equivalent_weight",
        name="一贯制学校、完全中学设施类指标按学生当量拆分（小学1∶初中1.1∶高中1.32）",
        values=PUPIL_EQUIVALENTS,
        status="1",
        sources=("S10",),
    ),
)

MANUAL_ITEMS: tuple[ManualItem, ...] = (
    ManualItem(
        key="threshold_basic_standard",
        dimension="门槛",
        name="所有学校达到省定义务教育学校办学基本标准",
        status="P",
        sources=("S13",),
    ),
    ManualItem(
        key="government_score",
        dimension="县级政府推进工作评估",
        name="县级人民政府推进义务教育均衡发展工作评估得分不低于85分",
        status="P",
        sources=("S13",),
        threshold=85.0,
        comparator=">=",
        unit="分",
    ),
    ManualItem(
        key="public_satisfaction",
        dimension="公众满意度",
        name="公众满意度不低于85%",
        status="P",
        sources=("S13",),
        threshold=85.0,
        comparator=">=",
        unit="%",
    ),
)

STANDARD = Standard(
    id="basic_balance_2012",
    version="1",
    title="县域义务教育均衡发展督导评估暂行办法",
    document_number="教督〔2012〕3号",
    issued="2012-01-20",
    indicators=INDICATORS,
    rules=RULES,
    manual_items=MANUAL_ITEMS,
    excluded_school_types=(c.SPECIAL, c.VOCATIONAL),
    sources=("S51", "S52"),
    notes=(
        "八项指标按生均计（教师类指标为生均人数，不是每百名学生）",
        "计算机台数、中级及以上职称教师数不在普查数据契约中，综合差异系数按可计算的各项平均，报告注明",
    ),
)
