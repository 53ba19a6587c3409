"""积分入学 rubrics and admission policies as data (``shared/spec/admission.md``; docs/admission.md).

A **rubric** is a scoring table, effective-dated by city, district and date range: rows with a rate, a unit (per
full year, per full month, per 30 days, flat, or per started year over an age), a cap, a take-the-highest group, a
sign (a negative rate subtracts), a cut-off date and who in the family it applies to. A **policy** is how one
district uses a rubric in one admission year: the eligibility gates checked before scoring, the priority batches,
the tie-break rule, the cap on 志愿 and what happens to applicants none of their 志愿 can take (滑档, 补录).

The shipped rubrics and policies live in ``eduplan/data/admission/*.toml``; every row, gate and policy fact carries
the spec's status letter (P/S/1/U) and its source ids (spec §8), so a page, a score breakdown and a report can say
which numbers are unconfirmed. A bureau's own rubric is the same record, built by ``rubric_from_dict`` from what it
entered (``store.admission`` keeps its versions).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, cast

from eduplan.standards.sources import STATUSES

Status = Literal["P", "S", "1", "U"]
Unit = Literal["full_year", "full_month", "per_30_days", "flat", "started_year_over", "full_month_over"]
FactKind = Literal["date", "months", "flag", "level", "birth_date", "number"]
Test = Literal["years_at_least", "months_at_least", "is_true", "is_false", "age_at_least", "age_at_most", "in"]
AppliesTo = Literal["applicant", "parent_side", "couple_capped"]

STATUS_WORDS: dict[str, str] = STATUSES  # P/S/1/U, the same words as the national standards
UNIT_WORDS: dict[str, str] = {
    "full_year": "每满1年",
    "full_month": "每满1个月",
    "per_30_days": "每满30天",
    "flat": "符合即得",
    "started_year_over": "超过年龄后每1年（不满1年按1年）",
    "full_month_over": "满规定月数得基础分，超出部分每满1个月",
}
APPLIES_WORDS: dict[str, str] = {
    "applicant": "申请人本人",
    "parent_side": "家长方（父或母择一，不相加）",
    "couple_capped": "夫妻双方合计，不超过上限",
}
TEST_WORDS: dict[str, str] = {
    "years_at_least": "满{value}年",
    "months_at_least": "满{value}个月",
    "is_true": "是",
    "is_false": "否",
    "age_at_least": "年满{value}周岁",
    "age_at_most": "不超过{value}周岁",
    "in": "属于{value}",
}

SOURCES: dict[str, str] = {
    "A1": "穗府规〔2021〕7号 广州市来穗人员积分制服务管理规定（gz.gov.cn 镜像）",
    "A3a": "来穗人员积分指标体系及分值表（2021 版）第三方副本 ccschy 2023",
    "A3b": "来穗人员积分指标体系及分值表（2021 版）第三方副本 huaduyun 2022-06-05",
    "A3c": "来穗人员积分指标体系及分值表（2021 版）第三方副本 yzzsnet 2023-02-10",
    "A4a": "来穗人员积分指标及分值表（2018 试行版）副本 wenke99",
    "A4b": "来穗人员积分指标及分值表（2018 试行版）副本 2haoxitong",
    "A6": "2023 积分入户 加分项目 第三方副本 gzjfw",
    "B1": "白云区 积分入学（官方英文页） by.gov.cn",
    "B4": "白云区 2020 积分入学指南（新闻译文与中文副本）",
    "C1": "花都区 2025 来穗人员随迁子女积分入学工作指引（gz.gov.cn 镜像 post_10192715）",
    "C2": "花都区 2020 积分入学派位通知（微信转载）",
    "C3": "花都区 学位安排顺序（第三方副本）",
    "C4": "花都区 2021 购买民办学位补贴标准（第三方副本）",
    "D1": "天河区 2020 积分入学（第三方副本）",
    "E2": "番禺区 2026 积分入学条件（第三方副本）",
    "E3": "番禺区 2023 五年优先（第三方副本）",
    "E4": "番禺区 2015 积分入学指标及分值表（第三方副本）",
    "G1": "东莞 积分入学 家长方计分说明（第三方副本）",
    "G2": "东莞 2022 积分入学 居住证计分（第三方副本）",
    "G3": "东莞 2021 社保计分（引东府〔2020〕32号，第三方副本）",
    "G4": "东莞 2021 积分入学评分标准（莞城镜像）",
    "G5": "东莞 2023 积分入学（第三方副本）",
    "G7a": "东莞 积分入学申请条件（副本一）",
    "G7b": "东莞 积分入学申请条件（副本二）",
    "SPEC": "eduplan shared/spec/admission.md（实现参考，汇编上述来源）",
}

# 花都 2021: subsidy per pupil-year for a government-purchased private place, by entry grade (1, C4).
SUBSIDY_YUAN: dict[int, int] = {1: 5000, 7: 6000}
SUBSIDY_STATUS: Status = "1"
SUBSIDY_SOURCES: tuple[str, ...] = ("C4",)


@dataclass(frozen=True)
class Fact:
    """One family fact an applicant's file holds (a column of the applicant workbook)."""

    key: str
    label: str  # the workbook's Chinese header
    kind: FactKind
    levels: tuple[str, ...] = ()  # allowed values of a ``level`` fact, highest first
    who: str = "申请人"  # 申请人 / 子女 / 配偶
    notes: str = ""


# Every fact a shipped rubric or policy reads. A bureau's own rubric may read only these.
FACTS: dict[str, Fact] = {
    f.key: f
    for f in (
        Fact("permit_start", "居住证起始日期", "date", notes="本市居住证连续持有的起始日期"),
        Fact("owns_home", "合法产权住所", "flag"),
        Fact("rental_start", "租赁住所起始日期", "date", notes="合法租赁住所或单位宿舍登记起始日期"),
        Fact("moved_out_start", "外迁起始日期", "date", notes="居住地由越秀/海珠/荔湾/天河外迁的起始日期"),
        Fact("ins_pension_months", "养老保险月数", "months"),
        Fact("ins_medical_months", "医疗保险月数", "months"),
        Fact("ins_unemployment_months", "失业保险月数", "months"),
        Fact("ins_injury_months", "工伤保险月数", "months"),
        Fact("ins_maternity_months", "生育保险月数", "months"),
        Fact("fund_months", "住房公积金月数", "months"),
        Fact("employment_months", "就业月数", "months", notes="劳动合同/参保/就业登记或营业执照月数"),
        Fact("birth_date", "申请人出生日期", "birth_date"),
        Fact("education", "文化程度", "level", ("研究生", "本科", "专科", "高中", "初中及以下")),
        Fact("skill", "技术能力", "level", ("中级职称或技师", "初级职称或高级工", "中级工", "无")),
        Fact("skill_in_trade", "从事相应工种", "flag"),
        Fact("family_planning_ok", "符合计划生育政策", "flag", notes="仅旧版细则（2021 年起不得要求计生证明）"),
        Fact("city_points_valid", "来穗积分有效且无异议", "flag"),
        Fact("hukou_local", "本市户籍", "flag", who="子女"),
        Fact("lives_in_district", "在本区居住", "flag"),
        Fact("works_in_district", "在本区就业", "flag"),
        Fact("insured_in_district", "在本区参加社保", "flag"),
        Fact("child_birth_date", "子女出生日期", "birth_date", who="子女"),
        Fact("grade", "申请年级", "number", who="子女"),
    )
}


@dataclass(frozen=True)
class RubricRow:
    """One row of a scoring table: ``points = rate × count`` (or ``rate`` when flat), capped, then grouped."""

    key: str
    number: int  # position in the official table (the 天河 tie-break compares rows in this order)
    item: str  # the table's item (指标), e.g. 社会保险
    name: str  # this row, e.g. 养老保险
    fact: str
    unit: Unit
    rate: float  # points per unit; negative subtracts
    status: Status
    sources: tuple[str, ...]
    cap: float | None = None  # the row's cap (absolute value of its points)
    level: str = ""  # for a level fact: the value this row scores
    exclusive_group: str = ""  # rows sharing a group: only the highest counts (取最高)
    base: float = 0.0  # started_year_over: points at or under the age; the row floors at 0
    over: float = 0.0  # started_year_over: the age (years) after which each started year subtracts ``rate``;
    # full_month_over: the months that earn ``base`` (fewer earn nothing), each full month beyond adds ``rate``
    since: str = ""  # earliest date counted (ISO); periods before it do not count
    cutoff: str = ""  # ISO date the row is measured at; blank = the policy's cut-off
    applies_to: AppliesTo = "applicant"
    notes: str = ""

    def describe(self) -> str:
        """The rule in one Chinese phrase, e.g. 每满1年 8 分，上限 20 分."""
        if self.unit == "started_year_over":
            text = f"{self.base:g} 分；超过 {self.over:g} 周岁每1年（不满1年按1年）{self.rate:+g} 分，最低 0 分"
        elif self.unit == "full_month_over":
            text = f"满 {self.over:g} 个月 {self.base:g} 分，超出部分每满1个月 {self.rate:g} 分（不满 {self.over:g} 个月本行 0 分）"
        elif self.unit == "flat":
            text = f"{'为' + self.level + '：' if self.level else ''}{self.rate:g} 分"
        else:
            text = f"{UNIT_WORDS[self.unit]} {self.rate:g} 分"
        if self.cap is not None:
            text += f"，上限 {self.cap:g} 分"
        if self.exclusive_group:
            text += f"（{self.exclusive_group}：取最高）"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "number": self.number,
            "item": self.item,
            "name": self.name,
            "fact": self.fact,
            "unit": self.unit,
            "rate": self.rate,
            "cap": self.cap,
            "level": self.level,
            "exclusive_group": self.exclusive_group,
            "base": self.base,
            "over": self.over,
            "since": self.since,
            "cutoff": self.cutoff,
            "applies_to": self.applies_to,
            "status": self.status,
            "sources": list(self.sources),
            "notes": self.notes,
            "rule": self.describe(),
        }


@dataclass(frozen=True)
class Rubric:
    """A scoring table in force for ``[valid_from, valid_to]`` in a city (and district, blank = city-wide)."""

    id: str
    version: str
    title: str
    city: str  # 4-digit city code
    district: str  # 6-digit district code, or "" for the whole city
    valid_from: str  # ISO date
    valid_to: str  # ISO date, inclusive; "" = open
    document: str
    status: Status
    sources: tuple[str, ...]
    rows: tuple[RubricRow, ...]
    floor_total: float | None = None  # Guangzhou: the total never goes below 0
    decimals: int = 2  # rounding of the total (Dongguan: one decimal)
    item_caps: Mapping[str, float] = field(default_factory=dict)  # caps per item (番禺 2015)
    notes: tuple[str, ...] = ()

    def row(self, key: str) -> RubricRow:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(f"{self.id} has no row {key!r}")

    def in_force(self, day: dt.date) -> bool:
        start = dt.date.fromisoformat(self.valid_from)
        end = dt.date.fromisoformat(self.valid_to) if self.valid_to else dt.date.max
        return start <= day <= end

    def unconfirmed(self) -> list[str]:
        """One Chinese line per unconfirmed row, for every page and report that shows a score."""
        return [f"未经证实（UNCONFIRMED）{r.item}·{r.name}：{r.describe()}" for r in self.rows if r.status == "U"]

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "city": self.city,
            "district": self.district,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "document": self.document,
            "status": self.status,
            "sources": list(self.sources),
            "floor_total": self.floor_total,
            "decimals": self.decimals,
            "item_caps": dict(self.item_caps),
            "notes": list(self.notes),
            "rows": [r.as_dict() for r in self.rows],
        }


@dataclass(frozen=True)
class Condition:
    """One test on one fact, measured at ``cutoff`` (blank = the policy's cut-off)."""

    fact: str
    test: Test
    value: float | str | tuple[float, ...] = 0
    cutoff: str = ""

    def describe(self) -> str:
        value = self.value
        shown = "、".join(f"{v:g}" for v in value) if isinstance(value, tuple) else value
        shown = f"{shown:g}" if isinstance(shown, float) else shown
        text = f"{FACTS[self.fact].label}{TEST_WORDS[self.test].format(value=shown)}"
        return text + (f"（截至 {self.cutoff}）" if self.cutoff else "")


@dataclass(frozen=True)
class Gate:
    """An eligibility condition before scoring: passes when ANY of its conditions holds."""

    key: str
    name: str
    any_of: tuple[Condition, ...]
    status: Status
    sources: tuple[str, ...]
    grades: tuple[int, ...] = ()  # the grades it applies to (empty = every grade)
    notes: str = ""

    def describe(self) -> str:
        text = "或".join(c.describe() for c in self.any_of)
        return (f"{'、'.join(map(str, self.grades))}年级：" if self.grades else "") + text


@dataclass(frozen=True)
class Batch:
    """A priority batch (e.g. 五年优先 / 省五年): applicants meeting ALL its conditions go before the rest."""

    key: str
    name: str
    all_of: tuple[Condition, ...]
    status: Status
    sources: tuple[str, ...]
    district_wide: bool = False  # 番禺 2023: unplaced batch members get any school with seats left, ignoring 学区


@dataclass(frozen=True)
class Policy:
    """How one district runs 积分入学 in one year with one rubric."""

    id: str
    title: str
    city: str
    district: str
    year: int
    rubric_id: str
    cutoff: str  # ISO date the rubric and gates are measured at unless a row/condition says otherwise
    gates: tuple[Gate, ...]
    batches: tuple[Batch, ...]
    tie_break: tuple[str, ...]  # "rows" (row scores in table order) and/or row keys; a seeded lottery always last
    max_choices: int  # cap on 志愿
    slide: bool  # 滑档: unplaced applicants get a random leftover seat (seeded) after everyone placeable
    slide_scope: Literal["area", "district"]
    supplementary: bool  # 补录: still unplaced after 滑档 → a random leftover seat anywhere in the district
    status: Status
    sources: tuple[str, ...]
    facts_status: Mapping[str, Status] = field(default_factory=dict)  # status of max_choices, slide, tie_break …
    notes: tuple[str, ...] = ()
    # 花都 2020 step 3: before 派位, each area's list is cut to its seat count by points (the rest never enter)
    pool_cut: bool = False
    # 花都 2020: areas admitted as one (北片 = 花山 + 梯面; 城区 = four 街道) for the pool cut and 滑档, and the areas
    # whose schools take their own area's applicants first (梯面), then the pool's others
    area_pools: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    local_first: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "city": self.city,
            "district": self.district,
            "year": self.year,
            "rubric_id": self.rubric_id,
            "cutoff": self.cutoff,
            "gates": [{"key": g.key, "name": g.name, "rule": g.describe(), "status": g.status} for g in self.gates],
            "batches": [
                {"key": b.key, "name": b.name, "rule": "且".join(c.describe() for c in b.all_of), "status": b.status}
                for b in self.batches
            ],
            "tie_break": list(self.tie_break),
            "max_choices": self.max_choices,
            "slide": self.slide,
            "slide_scope": self.slide_scope,
            "supplementary": self.supplementary,
            "status": self.status,
            "sources": list(self.sources),
            "facts_status": dict(self.facts_status),
            "notes": list(self.notes),
        } | (  # absent when off: earlier runs keep their fingerprint
            ({"pool_cut": True} if self.pool_cut else {})
            | ({"area_pools": {k: list(v) for k, v in self.area_pools.items()}} if self.area_pools else {})
            | ({"local_first": list(self.local_first)} if self.local_first else {})
        )


# ---------------------------------------------------------------------------------------------- reading the data


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


def _condition(raw: Mapping[str, Any]) -> Condition:
    value = raw.get("value", 0)
    if isinstance(value, list):
        value = tuple(float(v) for v in value)
    elif isinstance(value, int | float):
        value = float(value)
    return Condition(str(raw["fact"]), cast(Test, raw["test"]), value, str(raw.get("cutoff", "")))


def rubric_from_dict(raw: Mapping[str, Any]) -> Rubric:
    """A rubric from its TOML/JSON form (the shipped files and the bureau's own entries share it)."""
    rows = []
    for number, r in enumerate(raw["rows"], start=1):
        cap = r.get("cap")
        rows.append(
            RubricRow(
                key=str(r["key"]),
                number=int(r.get("number", number)),
                item=str(r["item"]),
                name=str(r["name"]),
                fact=str(r["fact"]),
                unit=cast(Unit, r["unit"]),
                rate=float(r["rate"]),
                status=cast(Status, str(r["status"])),
                sources=_tuple(r.get("sources")),
                cap=None if cap is None else float(cap),
                level=str(r.get("level", "")),
                exclusive_group=str(r.get("exclusive_group", "")),
                base=float(r.get("base", 0)),
                over=float(r.get("over", 0)),
                since=str(r.get("since", "")),
                cutoff=str(r.get("cutoff", "")),
                applies_to=cast(AppliesTo, r.get("applies_to", "applicant")),
                notes=str(r.get("notes", "")),
            )
        )
    floor = raw.get("floor_total")
    return Rubric(
        id=str(raw["id"]),
        version=str(raw["version"]),
        title=str(raw["title"]),
        city=str(raw["city"]),
        district=str(raw.get("district", "")),
        valid_from=str(raw["valid_from"]),
        valid_to=str(raw.get("valid_to", "")),
        document=str(raw.get("document", "")),
        status=cast(Status, str(raw["status"])),
        sources=_tuple(raw.get("sources")),
        rows=tuple(rows),
        floor_total=None if floor is None else float(floor),
        decimals=int(raw.get("decimals", 2)),
        item_caps={str(k): float(v) for k, v in (raw.get("item_caps") or {}).items()},
        notes=_tuple(raw.get("notes")),
    )


def policy_from_dict(raw: Mapping[str, Any]) -> Policy:
    gates = tuple(
        Gate(
            str(g["key"]),
            str(g["name"]),
            tuple(_condition(c) for c in g["any_of"]),
            cast(Status, str(g["status"])),
            _tuple(g.get("sources")),
            tuple(int(x) for x in g.get("grades", ())),
            str(g.get("notes", "")),
        )
        for g in raw.get("gates", ())
    )
    batches = tuple(
        Batch(
            str(b["key"]),
            str(b["name"]),
            tuple(_condition(c) for c in b["all_of"]),
            cast(Status, str(b["status"])),
            _tuple(b.get("sources")),
            bool(b.get("district_wide", False)),
        )
        for b in raw.get("batches", ())
    )
    return Policy(
        id=str(raw["id"]),
        title=str(raw["title"]),
        city=str(raw["city"]),
        district=str(raw["district"]),
        year=int(raw["year"]),
        rubric_id=str(raw["rubric_id"]),
        cutoff=str(raw["cutoff"]),
        gates=gates,
        batches=batches,
        tie_break=_tuple(raw.get("tie_break")),
        max_choices=int(raw["max_choices"]),
        slide=bool(raw.get("slide", False)),
        slide_scope=cast(Literal["area", "district"], raw.get("slide_scope", "area")),
        supplementary=bool(raw.get("supplementary", False)),
        status=cast(Status, str(raw["status"])),
        sources=_tuple(raw.get("sources")),
        facts_status={str(k): cast(Status, str(v)) for k, v in (raw.get("facts_status") or {}).items()},
        notes=_tuple(raw.get("notes")),
        pool_cut=bool(raw.get("pool_cut", False)),
        area_pools={str(k): _tuple(v) for k, v in (raw.get("area_pools") or {}).items()},
        local_first=_tuple(raw.get("local_first")),
    )


DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "admission"


def _load() -> tuple[dict[str, Rubric], dict[str, Policy]]:
    rubrics: dict[str, Rubric] = {}
    policies: dict[str, Policy] = {}
    for entry in sorted(DATA_DIR.glob("*.toml")):
        data = tomllib.loads(entry.read_text(encoding="utf-8"))
        for raw in data.get("rubric", ()):
            rubric = rubric_from_dict(raw)
            rubrics[rubric.id] = rubric
        for raw in data.get("policy", ()):
            policy = policy_from_dict(raw)
            policies[policy.id] = policy
    return rubrics, policies


RUBRICS, POLICIES = _load()


def age_band(level: str) -> tuple[int, int] | None:
    """``"18-30"`` → (18, 30): a flat row on a birth date scores when the full age is within the band."""
    low, sep, high = level.partition("-")
    if not sep or not low.strip().isdigit() or not high.strip().isdigit():
        return None
    return int(low), int(high)


def validate_rubric(rubric: Rubric) -> list[str]:
    """Chinese messages for everything wrong with a rubric (empty when it is usable)."""
    problems = []
    keys = [r.key for r in rubric.rows]
    for dup in sorted({k for k in keys if keys.count(k) > 1}):
        problems.append(f"行键 {dup} 重复")
    for r in rubric.rows:
        where = f"第 {r.number} 行（{r.item}·{r.name}）"
        fact = FACTS.get(r.fact)
        if fact is None:
            problems.append(f"{where}：未知的事实字段 {r.fact}；应为 {'、'.join(FACTS)} 之一")
            continue
        if r.unit not in UNIT_WORDS:
            problems.append(f"{where}：未知的计分单位 {r.unit}")
        if r.status not in STATUS_WORDS:
            problems.append(f"{where}：状态应为 P/S/1/U，实际为 {r.status}")
        if r.unit in ("full_year", "full_month", "per_30_days", "full_month_over") and fact.kind not in (
            "date",
            "months",
        ):
            problems.append(f"{where}：按期限计分的行须读取日期或月数字段")
        if r.unit == "per_30_days" and fact.kind != "date":
            problems.append(f"{where}：每满30天须读取日期字段")
        if r.unit == "started_year_over" and fact.kind != "birth_date":
            problems.append(f"{where}：年龄扣减须读取出生日期字段")
        if r.unit == "flat" and fact.kind == "level" and r.level not in fact.levels:
            problems.append(f"{where}：等级 {r.level!r} 不在 {'、'.join(fact.levels)} 之中")
        if r.unit == "flat" and fact.kind == "birth_date" and age_band(r.level) is None:
            problems.append(f"{where}：年龄段应写作 18-30，实际为 {r.level!r}")
        if r.unit == "flat" and fact.kind not in ("flag", "level", "birth_date", "date"):
            problems.append(f"{where}：符合即得的行须读取是/否、等级、日期或出生日期（年龄段）字段")
        if r.cap is not None and r.cap < 0:
            problems.append(f"{where}：上限不能为负")
        for when in (r.since, r.cutoff):
            if when:
                try:
                    dt.date.fromisoformat(when)
                except ValueError:
                    problems.append(f"{where}：日期 {when!r} 无法识别；应为 YYYY-MM-DD")
    return problems


def rubric_for(city: str, district: str, day: dt.date) -> Rubric:
    """The shipped rubric in force on ``day``: the district's own if it has one, else the city's."""
    candidates = [r for r in RUBRICS.values() if r.city == city and r.in_force(day)]
    own = [r for r in candidates if r.district == district]
    chosen = own or [r for r in candidates if not r.district]
    if not chosen:
        raise KeyError(f"{city}/{district} 在 {day.isoformat()} 没有生效的积分细则")
    return max(chosen, key=lambda r: r.valid_from)


def policy_for(district: str, year: int) -> Policy:
    """The shipped policy of a district for a year (the latest earlier year's when that year has none)."""
    known = [p for p in POLICIES.values() if p.district == district and p.year <= year]
    if not known:
        raise KeyError(f"区 {district} 在 {year} 年及以前没有积分入学规则")
    return replace(max(known, key=lambda p: p.year), year=year)


def default_policy(district: str, year: int, rubric_id: str) -> Policy:
    """The rules a district without shipped rules runs with (e.g. 清城, which plans to explore 积分制入学): its own
    rubric, the 一年级/七年级 gate, no priority batch, 4 志愿, 滑档 within the area, no 补录 — every one U."""
    grade = Gate("grade", "申请起始年级（一年级或七年级）", (Condition("grade", "in", (1.0, 7.0)),), "U", ("SPEC",))
    return Policy(
        id=f"default-{district}-{year}",
        title=f"{district} {year} 年积分入学（通用规则）",
        city=district[:4],
        district=district,
        year=year,
        rubric_id=rubric_id,
        cutoff=f"{year}-05-31",
        gates=(grade,),
        batches=(),
        tie_break=(),
        max_choices=4,
        slide=True,
        slide_scope="area",
        supplementary=False,
        status="U",
        sources=("SPEC",),
        facts_status={"max_choices": "U", "slide": "U", "cutoff": "U", "tie_break": "U"},
        notes=("本区没有内置的积分入学规则：按通用规则计算，须由教育局核对后再用于正式派位。",),
    )
