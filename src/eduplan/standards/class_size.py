"""Class-size and school-size norms (spec/standards.md §3.4) as data."""

from __future__ import annotations

from eduplan import contract as c
from eduplan.standards.base import Indicator, Rule, Standard

_KG = c.GRADES_BY_STAGE[c.STAGE_PRESCHOOL]  # 小班, 中班, 大班

RULES: tuple[Rule, ...] = (
    Rule(
        key="standard_class_size",
        name="标准班额（建标102-2002 第六条；幼儿园工作规程 第十一条）",
        values={
            c.STAGE_PRIMARY: 45,
            c.STAGE_JUNIOR: 50,
            c.STAGE_SENIOR: 50,
            _KG[0]: 25,
            _KG[1]: 30,
            _KG[2]: 35,
            "混合班": 30,
        },
        comparator="<=",
        unit="人",
        status="P",
        sources=("S32", "S33"),
    ),
    Rule(
        key="large_class_min",
        name="大班额：56–65人",
        values={"*": 56},
        comparator=">=",
        unit="人",
        status="S",
        sources=("S31", "S50"),
    ),
    Rule(
        key="super_large_class_min",
        name="超大班额：66人以上",
        values={"*": 66},
        comparator=">=",
        unit="人",
        status="S",
        sources=("S31", "S50"),
    ),
    Rule(
        key="school_size_cap",
        name="学校规模上限：小学、初中不超过2,000人，一贯制学校义务教育阶段不超过2,500人（优质均衡）",
        values={"single": 2000, "through": 2500},
        comparator="<=",
        unit="人",
        status="S",
        sources=("S5", "S47", "S2"),
        notes="2010年及之前建校或随迁子女超过50%可放宽至2400/3000人（S47-a，单一来源，未实现）",
    ),
    Rule(
        key="kindergarten_size_cap",
        name="幼儿园规模一般不超过360人",
        values={"*": 360},
        comparator="<=",
        unit="人",
        status="P",
        sources=("S33",),
    ),
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="over_standard_share",
        name="超标准班额班级占比",
        unit="%",
        thresholds={},
        comparator="<=",
        formula="超标准班额班级数 / 班级数 × 100%",
        status="P",
        sources=("S32", "S33"),
    ),
    Indicator(
        key="large_class_share",
        name="大班额（56人以上）班级占比",
        unit="%",
        thresholds={},
        comparator="<=",
        formula="(大班额班级数 + 超大班额班级数) / 班级数 × 100%",
        status="S",
        sources=("S31",),
    ),
    Indicator(
        key="super_large_class_share",
        name="超大班额（66人以上）班级占比",
        unit="%",
        thresholds={},
        comparator="<=",
        formula="超大班额班级数 / 班级数 × 100%",
        status="S",
        sources=("S31",),
    ),
)

STANDARD = Standard(
    id="class_size",
    version="1",
    title="班额与学校规模标准",
    document_number="建标102-2002；幼儿园工作规程（2016）；教育部班额分级",
    issued="2002-01-01",
    indicators=INDICATORS,
    rules=RULES,
    sources=("S31", "S32", "S33"),
    notes=(
        "“56人以上”包括56人（S50）",
        "建标102-2002 的发布日期按年份记为 2002-01-01（具体日期未核对）",
    ),
)
