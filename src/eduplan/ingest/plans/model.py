"""What the plan parser returns: one ``PlanDocument`` per document, with every item traceable to its line.

``PlanDocument.as_dict()`` is the one JSON shape (``eduplan import plan --json``, the store, the web):
``plan``, ``indicators``, ``targets``, ``projects``, ``rollups``, ``tasks``, ``discrepancies``. Values are
numbers, never strings; an item the parser is unsure of has ``uncertain: true`` and says why in ``reasons``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Project categories as the plans name them (续建 appears in Huadu's table, 迁建 in Qingcheng's text).
CATEGORY_NEW = "新建"
CATEGORY_EXPAND = "改扩建"
CATEGORY_RECEIVE = "接收配建"
CATEGORY_CONTINUE = "续建"
PROJECT_CATEGORIES: tuple[str, ...] = (CATEGORY_NEW, CATEGORY_EXPAND, CATEGORY_RECEIVE, CATEGORY_CONTINUE)


@dataclass(frozen=True)
class Source:
    """Where an item came from: the file, the 1-based line of the extracted text, and the sentence or table row
    as printed; ``page`` (a PDF's) and ``where`` (in words: "第 3 页第 12 行", "第 2 页表 1 第 4 行",
    "工作表“指标”第 5 行") place it in the original."""

    file: str
    line: int
    text: str
    page: int | None = None
    where: str = ""


@dataclass(kw_only=True)
class Flagged:
    """What the parser is unsure of about an item, in words; never a silent guess."""

    uncertain: bool = False
    reasons: list[str] = field(default_factory=list)

    def flag(self, reason: str) -> None:
        self.uncertain = True
        if reason not in self.reasons:
            self.reasons.append(reason)


@dataclass
class Indicator(Flagged):
    """A target: a row of an indicator table, or a quantitative target stated in a sentence."""

    name: str
    unit: str
    group: str
    stage: str | None
    baseline_year: int | None
    baseline_value: float | None
    target_year: int | None
    target_value: float | None
    comparator: str
    source: Source
    baseline_comparator: str | None = None
    nature: str | None = None  # 预期性 / 约束性 where the plan says so


@dataclass
class Project(Flagged):
    """One construction project of a project table (seats per contract stage, investment in 万元)."""

    number: int | None
    name: str
    text: str
    category: str | None
    stage: str | None
    seats: dict[str, float]
    classes: float | None
    area: float | None  # 占地面积, m²
    floor_area: float | None  # 建筑面积, m²
    investment: float | None
    start_year: int | None
    finish_year: int | None
    start_pending: bool  # 启动时间 待定
    responsible: str | None
    section: str
    source: Source

    @property
    def total_seats(self) -> float:
        return sum(self.seats.values())


@dataclass
class Rollup:
    """One row of a plan's own summary table (统计表): what the plan says its projects add up to."""

    table: str
    category: str | None  # None for the grand total row
    stage: str | None  # the 层次 column (小学, 初中, 九年一贯制, 幼儿园) or None for a subtotal
    count: float | None
    seats: dict[str, float]
    total_seats: float | None
    investment: float | None
    source: Source


@dataclass
class Task(Flagged):
    """A task: the sentence, who answers for it, and by when."""

    text: str
    responsible: list[str]
    lead: list[str]
    deadline: str | None  # as the plan states it, e.g. "2024年3月底前"
    deadline_year: int | None
    deadline_month: int | None
    section: str
    source: Source


@dataclass
class Published:
    """A figure a monitoring report publishes (差异系数 or 均值 of one indicator, per area and stage)."""

    area: str
    stage: str | None
    indicator: str
    measure: str  # 差异系数 / 均值
    value: float
    source: Source


@dataclass(frozen=True)
class Discrepancy:
    """A number the plan states twice, differently; ``locations`` are both sources."""

    message: str
    locations: list[Source]
    kind: str


@dataclass
class PlanMeta(Flagged):
    title: str
    issuer: str | None
    doc_number: str | None
    issue_date: str | None  # ISO date
    period_start: int | None
    period_end: int | None
    file: str
    first_line: int
    last_line: int
    kind: str = ""  # 规划, 行动计划/实施方案, 项目表, 进展报告, 监测结果 (ingest.plans.kinds)
    kind_reason: str = ""  # why: what the parser saw
    format: str = ""  # the file's format in words: "PDF", "扫描 PDF（OCR）", "网页（.html）", "文本（GBK）" …
    notes: list[str] = field(default_factory=list)  # what the reader did, what is missing and why
    content_sha256: str = ""  # of the document's own text, squashed: the same document in any file or format
    first_page: int | None = None  # a PDF's pages the document spans
    last_page: int | None = None


@dataclass
class PlanDocument:
    plan: PlanMeta
    indicators: list[Indicator] = field(default_factory=list)
    targets: list[Indicator] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    rollups: list[Rollup] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    published: list[Published] = field(default_factory=list)  # monitoring figures (监测结果)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for project, item in zip(self.projects, data["projects"], strict=True):
            item["total_seats"] = project.total_seats
        return data
