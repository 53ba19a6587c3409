"""《县域学前教育普及普惠督导评估办法》(教督〔2020〕1号) as data (spec/standards.md §2)."""

from __future__ import annotations

from eduplan.standards.base import Indicator, ManualItem, Rule, Standard

COUNTY = "*"  # county-level indicators hold for the whole 学前 stage

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        key="gross_enrolment_rate",
        name="学前三年毛入园率",
        unit="%",
        thresholds={COUNTY: 85.0},
        comparator=">=",
        formula="在园幼儿数（不分年龄）/ 3–5周岁常住人口 × 100%",
        status="P",
        sources=("S14", "S15", "S39"),
        notes="公式出自 S39（单一来源）；人口取评估学年开始当年的年末常住人口",
    ),
    Indicator(
        key="inclusive_coverage",
        name="普惠性幼儿园覆盖率",
        unit="%",
        thresholds={COUNTY: 80.0},
        comparator=">=",
        formula="(公办园在园幼儿 + 普惠性民办园在园幼儿) / 在园幼儿总数 × 100%",
        status="P",
        sources=("S14", "S19"),
    ),
    Indicator(
        key="public_share",
        name="公办园在园幼儿占比",
        unit="%",
        thresholds={COUNTY: 50.0},
        comparator=">=",
        formula="公办园在园幼儿 / 在园幼儿总数 × 100%",
        status="P",
        sources=("S14",),
    ),
    Indicator(
        key="children_per_teacher",
        name="专任教师与在园幼儿之比（每名专任教师对应幼儿数）",
        unit="人",
        thresholds={COUNTY: 15.0},
        comparator="<=",
        formula="在园幼儿总数 / 专任教师总数（≤15 即不低于 1∶15）",
        status="S",
        sources=("S16", "S17"),
    ),
    Indicator(
        key="children_per_care_staff",
        name="保教人员（专任教师 + 保育员）与幼儿之比（每名保教人员对应幼儿数）",
        unit="人",
        thresholds={COUNTY: 9.0},
        comparator="<=",
        formula="在园幼儿总数 / (专任教师 + 保育员)（全日制 1∶7–1∶9 的下限）",
        status="S",
        sources=("S26",),
        notes="来自《幼儿园教职工配备标准（暂行）》(2013)，作为“教师和保育员配备”的可计算部分",
    ),
    Indicator(
        key="certified_rate",
        name="专任教师持证上岗率",
        unit="%",
        thresholds={COUNTY: 100.0},
        comparator=">=",
        formula="持证专任教师数 / 专任教师数 × 100%",
        status="1",
        sources=("S16",),
        notes="园长持证不在普查数据中，需人工记录",
    ),
    Indicator(
        key="class_size_compliance_rate",
        name="县域内班额达标率",
        unit="%",
        thresholds={COUNTY: 85.0},
        comparator=">=",
        formula="(班级数 − 超标准班额班级数) / 班级数 × 100%（小班25、中班30、大班35）",
        status="U",
        sources=("S16", "S33"),
        notes="85% 仅见于一县的指标表（S16），国家标准未经证实；班额标准出自幼儿园工作规程（S33）",
    ),
)

RULES: tuple[Rule, ...] = (
    Rule(
        key="preschool_ages",
        name="学前三年适龄人口年龄（3–5周岁）",
        values={"min": 3, "max": 5},
        status="1",
        sources=("S39",),
        unit="岁",
    ),
)

_G, _Q = "政府保障情况", "幼儿园保教质量保障情况"
MANUAL_ITEMS: tuple[ManualItem, ...] = (
    ManualItem(
        "gov_town_public_center",
        _G,
        "农村每个乡镇至少有一所公办中心园",
        "U",
        ("S17",),
        notes="河南省方案，国家原文未读到",
    ),
    ManualItem(
        "gov_residential_kindergartens",
        _G,
        "城镇小区配套幼儿园同步建设并办成公办园或普惠性民办园",
        "U",
        ("S17",),
    ),
    ManualItem(
        "gov_public_funding",
        _G,
        "公办园生均公用经费、普惠性民办园生均补助达到省定标准",
        "U",
        ("S16", "S20"),
    ),
    ManualItem(
        "gov_non_establishment_pay",
        _G,
        "公办园非在编教师平均工资达到在编教师的75%",
        "U",
        ("S16",),
        75.0,
        ">=",
        "%",
    ),
    ManualItem(
        "gov_principal_certified",
        _G,
        "园长持证上岗率100%",
        "1",
        ("S16",),
        100.0,
        ">=",
        "%",
    ),
    ManualItem("quality_space", _Q, "幼儿园室外游戏场地、活动用房面积达到标准", "U", ("S16",)),
    ManualItem(
        "recognition",
        "社会认可度",
        "社会认可度达到85%以上",
        "S",
        ("S16", "S17"),
        85.0,
        ">=",
        "%",
        True,
    ),
)

STANDARD = Standard(
    id="preschool_2020",
    version="1",
    title="县域学前教育普及普惠督导评估办法",
    document_number="教督〔2020〕1号",
    issued="2020-03-02",
    indicators=INDICATORS,
    rules=RULES,
    manual_items=MANUAL_ITEMS,
    sources=("S14", "S18"),
    notes=(
        "印发日期取新华社报道日期 2020-03-02（S18），文件落款日期未经核对",
        "政府保障情况、保教质量保障情况的完整国家条目未读到（U），此处只列出已读到的条目",
        "认定要求所有指标均达到（S18）",
    ),
)
