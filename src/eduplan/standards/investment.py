"""Unit costs and resources of the 优质均衡 investment plan (issue 23), as data.

A *resource* is what a county can add to one school part: a teacher post of a kind, ㎡ of teaching room or
sports ground (new build or renovation), 万元 of equipment, a multimedia room, or the designation of a teacher
as 县级骨干. Each unit of a resource adds fixed amounts to census measures (the numerators of the seven
indicators), so one 本科 PE teacher counts toward 高于规定学历 and toward 体育艺术 at once.

A *unit cost* is the bureau's figure, in 万元: per person and year for posts, per ㎡, per room, per 万元. The
defaults below are a starting point only. Every figure carries the status letter of ``standards.sources``
(P/S/1/U) and its source; most are **assumptions** (U) because no official national unit-cost table exists —
construction and salary costs differ by province and year, and the bureau must enter its own (the store keeps
them editable, audited and versioned by year).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from eduplan.standards.base import Status

# Where the default figures come from (ids used in ``UnitCost.sources``).
INVESTMENT_SOURCES: dict[str, str] = {
    "INV1": (
        "巴州区梁永镇中心小学 教学综合楼 1100 平方米，造价咨询公司预算主体工程 155 万元（2012，约 1409 元/㎡）"
        " https://aqua-filtrade.com/html/Articleqsxs201206221.html"
    ),
    "INV2": (
        "青岛新闻网 2012-07-12 转引市财政局：新班班通（交互式多媒体教学系统）3958 间教室投入 1.15 亿元（约 2.9 万元/间）"
        " http://m.wwwbxbx.com/content/2012-07/12/content_9321021.htm"
    ),
    "INV3": (
        "学校塑胶运动场造价的商业报价页（材料约 200–500 元/㎡，含施工约 270–800 元/㎡，2024）"
        " https://wzfukaidq.com/news/432.html ; https://www.syyz1.com/news/819.html"
    ),
    "INV4": "教师平均工资收入不低于当地公务员（优质均衡 政府保障 第8项，spec/standards.md §1.5）：工资水平因地而异，无全国统一数",
}


@dataclass(frozen=True)
class UnitCost:
    key: str
    name: str
    unit: str  # what one unit of cost buys: 人·年, ㎡, 间, 万元
    value: float  # 万元 per unit
    status: Status
    sources: tuple[str, ...]
    notes: str = ""
    recurring: bool = False  # a yearly cost (posts, allowances), counted for ``staff_cost_years`` years

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


DEFAULT_UNIT_COSTS: tuple[UnitCost, ...] = (
    UnitCost(
        "teacher_above_required",
        "高于规定学历专任教师岗位（小学专科及以上、初中本科及以上）",
        "人·年",
        12.0,
        "U",
        ("INV4",),
        "假设：含工资、绩效、社保公积金的人员年成本约 12 万元，须按本县实际填写",
        recurring=True,
    ),
    UnitCost(
        "teacher_required",
        "合格学历专任教师岗位（未达“高于规定学历”）",
        "人·年",
        10.0,
        "U",
        ("INV4",),
        "假设：约 10 万元/年，须按本县实际填写",
        recurring=True,
    ),
    UnitCost(
        "pe_art_extra",
        "体育、艺术（音乐、美术）学科岗位附加成本",
        "人·年",
        0.0,
        "U",
        ("INV4",),
        "假设：同工同酬，附加为 0；紧缺学科另有补贴的县填写差额",
        recurring=True,
    ),
    UnitCost(
        "backbone_designation",
        "县级骨干教师培养认定（培训与津贴）",
        "人·年",
        0.6,
        "U",
        (),
        "假设：培训及骨干津贴约 0.6 万元/人·年；只能认定本校现有或新聘教师",
        recurring=True,
    ),
    UnitCost(
        "teaching_room_new",
        "教学及辅助用房新建",
        "㎡",
        0.25,
        "U",
        ("INV1",),
        "假设 2,500 元/㎡；参考：2012 年一所农村小学教学综合楼预算约 1,409 元/㎡（INV1），造价此后已上涨",
    ),
    UnitCost(
        "teaching_room_renovation",
        "既有房屋改造为教学及辅助用房",
        "㎡",
        0.08,
        "U",
        (),
        "假设 800 元/㎡；仅在登记了可改造面积的学校可用",
    ),
    UnitCost(
        "sports_ground_new",
        "体育运动场地新建（含基础与塑胶面层）",
        "㎡",
        0.04,
        "1",
        ("INV3",),
        "假设 400 元/㎡，处于商业报价 270–800 元/㎡ 区间（INV3，单一来源类型）",
    ),
    UnitCost(
        "sports_ground_renovation",
        "既有场地改造为体育运动场地",
        "㎡",
        0.02,
        "U",
        ("INV3",),
        "假设 200 元/㎡；仅在登记了可改造面积的学校可用",
    ),
    UnitCost(
        "equipment",
        "教学仪器设备购置",
        "万元",
        1.0,
        "P",
        (),
        "按定义：购置 1 万元设备计入教学仪器设备值 1 万元",
    ),
    UnitCost(
        "multimedia_room",
        "网络多媒体教室（在现有普通教室配置多媒体教学系统）",
        "间",
        3.0,
        "1",
        ("INV2",),
        "2012 年青岛新班班通约 2.9 万元/间（INV2）；取 3 万元/间",
    ),
)

DEFAULT_STAFF_COST_YEARS = 1  # a post's yearly cost counted once: the plan's first-year cost


def default_costs() -> dict[str, float]:
    return {u.key: u.value for u in DEFAULT_UNIT_COSTS}


def unit_cost(key: str) -> UnitCost:
    for u in DEFAULT_UNIT_COSTS:
        if u.key == key:
            return u
    raise KeyError(key)


@dataclass(frozen=True)
class Resource:
    """What a county can add to a school part, one unit at a time."""

    key: str
    name: str
    unit: str  # 人, ㎡, 间, 万元
    adds: Mapping[str, float]  # census measure → amount per unit (numerators of the indicators)
    costs: tuple[str, ...]  # unit-cost keys summed into the cost of one unit
    cost_scale: float = 1.0  # units of cost per unit of resource (equipment is bought in steps of 0.01 万元)
    step: float = 1.0  # the size of one unit in ``unit`` (0.01 万元 of equipment)
    capacity_needed: bool = False  # only where the bureau records how much is available (renovation)
    teacher: bool = False  # a new post (limited by vacant 编制 where recorded)


RESOURCES: tuple[Resource, ...] = (
    Resource(
        "teacher_above_pe_art",
        "高于规定学历的体育、艺术专任教师",
        "人",
        {"teachers_above_required": 1.0, "pe_teachers": 1.0},
        ("teacher_above_required", "pe_art_extra"),
        teacher=True,
    ),
    Resource(
        "teacher_above",
        "高于规定学历的其他学科专任教师",
        "人",
        {"teachers_above_required": 1.0},
        ("teacher_above_required",),
        teacher=True,
    ),
    Resource(
        "teacher_pe_art",
        "合格学历的体育、艺术专任教师",
        "人",
        {"pe_teachers": 1.0},
        ("teacher_required", "pe_art_extra"),
        teacher=True,
    ),
    Resource(
        "backbone_designation",
        "认定县级骨干教师（现有或新聘教师）",
        "人",
        {"backbone_teachers": 1.0},
        ("backbone_designation",),
    ),
    Resource("teaching_room_new", "新建教学及辅助用房", "㎡", {"teaching_aux_area": 1.0}, ("teaching_room_new",)),
    Resource(
        "teaching_room_renovation",
        "改造教学及辅助用房",
        "㎡",
        {"teaching_aux_area": 1.0},
        ("teaching_room_renovation",),
        capacity_needed=True,
    ),
    Resource("sports_ground_new", "新建体育运动场地", "㎡", {"sports_area": 1.0}, ("sports_ground_new",)),
    Resource(
        "sports_ground_renovation",
        "改造体育运动场地",
        "㎡",
        {"sports_area": 1.0},
        ("sports_ground_renovation",),
        capacity_needed=True,
    ),
    Resource(
        "equipment",
        "购置教学仪器设备",
        "万元",
        {"equipment_value": 0.01},
        ("equipment",),
        cost_scale=0.01,
        step=0.01,
    ),
    Resource("multimedia_room", "配置网络多媒体教室", "间", {"multimedia_rooms": 1.0}, ("multimedia_room",)),
)

RESOURCE_KEYS: tuple[str, ...] = tuple(r.key for r in RESOURCES)
# A capacity the bureau may record per school part besides a per-resource maximum: new teacher posts in all.
CAPACITY_POSTS = "posts"


def resource(key: str) -> Resource:
    for r in RESOURCES:
        if r.key == key:
            return r
    raise KeyError(key)


def resource_unit_cost(r: Resource, costs: Mapping[str, float], staff_years: int) -> float:
    """万元 per unit of ``r`` under ``costs`` (recurring costs counted ``staff_years`` times)."""
    total = 0.0
    for key in r.costs:
        years = staff_years if unit_cost(key).recurring else 1
        total += costs[key] * years
    return total * r.cost_scale
