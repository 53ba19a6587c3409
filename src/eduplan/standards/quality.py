"""Learning quality (学业水平) rules as data: the 差异率 and its 15% limit, the bureau's cut scores, the city's aim.

Each number carries where it comes from (``QUALITY_SOURCES``) and the status letter of ``standards.sources``:
P = read in the official text (here the seed plans as published), U = a bureau parameter or an eduplan choice,
implemented as stated and shown as such. Core reads these records; it never spells a threshold itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from eduplan.standards.base import Comparator, Status, compare

# The seed documents (shared/seeds) with the sentences the rules rest on, quoted as published.
QUALITY_SOURCES: dict[str, str] = {
    "QY-BQW": "清远市“百县千镇万村高质量发展工程”教育提升行动实施方案（2023—2027年）（清府办函〔2024〕15号）",
    "QY-10": "《清远市教育质量提升发展十大行动计划（2021—2025年）》",
    "BUREAU": "县（区）教育局自定参数（eduplan 默认值，可由教育局改定）",
}

QUOTE_GAP = (
    "到 2027 年，“三所学校”功能室建设、教学设备、生活服务设施、教育信息化建设与应用水平不低于县域内城区"
    "优质学校，校园文化氛围浓郁，学生学业水平与城区优质学校差异率低于 15%"
)
QUOTE_THREE_SCHOOLS = "实施乡镇中心幼儿园、中心小学和公办寄宿制学校（以下称“三所学校”）质量提升工程"
QUOTE_PROVINCE = (
    "建立健全义务教育质量监测评价机制，逐步拉近我市质量监测成绩与全省和全国平均水平的距离，力争到2025年，"
    "全市义务教育各学科的质量监测结果接近全省平均水平。"
)


@dataclass(frozen=True)
class QualityRule:
    key: str
    name: str
    value: float
    unit: str
    comparator: Comparator | None
    status: Status
    source: str  # a key of QUALITY_SOURCES
    quote: str = ""  # the source's sentence, as published
    notes: str = ""

    def passes(self, value: float) -> bool:
        if self.comparator is None:
            raise ValueError(f"{self.key} is a parameter, not a limit")
        return compare(value, self.value, self.comparator)

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "comparator": self.comparator,
            "status": self.status,
            "source": QUALITY_SOURCES[self.source],
            "quote": self.quote,
            "notes": self.notes,
        }


GAP_DEFINITION = "差异率 = (基准 − 本校) / 基准 × 100%，基准 = 教育局认定的城区优质学校的平均分（各校平均分的算术平均）"

GAP_LIMIT = QualityRule(
    key="gap_rate_limit",
    name="乡镇学校学业水平与城区优质学校的差异率",
    value=15.0,
    unit="%",
    comparator="<",
    status="P",
    source="QY-BQW",
    quote=QUOTE_GAP,
    notes=(
        "原文对象为“三所学校”（" + QUOTE_THREE_SCHOOLS + "），目标年 2027；原文未给出差异率的算法，"
        "eduplan 按 " + GAP_DEFINITION + " 计算（issue 21 的定义），教育局可改用本局口径"
    ),
)
GAP_TARGET_YEAR = 2027

PASS_SHARE = QualityRule(
    key="pass_cut_share",
    name="合格线（占满分的比例）",
    value=60.0,
    unit="%",
    comparator=">=",
    status="U",
    source="BUREAU",
    notes="合格/优秀线由教育局按考试设定；未设定时按满分的 60% 计，得分不低于此线为合格",
)
EXCELLENT_SHARE = QualityRule(
    key="excellent_cut_share",
    name="优秀线（占满分的比例）",
    value=85.0,
    unit="%",
    comparator=">=",
    status="U",
    source="BUREAU",
    notes="未设定时按满分的 85% 计，得分不低于此线为优秀",
)
PROVINCE_AIM = QualityRule(
    key="province_gap_aim",
    name="全市各学科质量监测结果接近全省平均水平",
    value=0.0,
    unit="分",
    comparator=">=",
    status="P",
    source="QY-10",
    quote=QUOTE_PROVINCE,
    notes="原文只说“接近”，未给出容差：eduplan 列出与全省、全国平均的差值，达到或高于全省平均记为已达到，否则列差距",
)
SMALL_CELL = 5  # an aggregate over fewer pupils is suppressed (HELPERS: small cells < 5)

RULES: tuple[QualityRule, ...] = (GAP_LIMIT, PASS_SHARE, EXCELLENT_SHARE, PROVINCE_AIM)


def gap_rate(benchmark: float, school: float) -> float:
    """差异率 in percent: how far the school's mean lies below the benchmark, as a share of the benchmark."""
    if benchmark <= 0:
        raise ValueError("差异率的基准（城区优质学校平均分）必须大于 0")
    return (benchmark - school) / benchmark * 100.0
