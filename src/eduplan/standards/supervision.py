"""The supervision checklist as data: the 督导事项 a 责任督学 checks at a school, each with where it comes from.

The regular list follows 《中小学校责任督学挂牌督导办法》 (国务院教育督导委员会办公室, 国教督办〔2013〕7号, 2013年9月).
The full official text was not at hand while this was written: the items below are taken from two public
restatements of the 办法 found by search (see ``SOURCES``) and are marked ``wording="restated"``; they must be
checked word for word against the published 办法 before a bureau prints them as the official list. The numbers
that *are* stated consistently in those restatements (one inspector for about 5 schools; at least one regular
visit per school per month) are kept as rules with the same caveat.

The thematic lists (五项管理, 双减, 校园安全, 食堂) are the bureau's own additions for 专项督导: they name national
policies, but the item wording is eduplan's, not a quotation (``wording="bureau"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Wording = Literal["official", "restated", "bureau"]
RESULTS = ("合格", "基本合格", "不合格", "不适用")
FAILING_RESULT = "不合格"
SEVERITIES = ("一般", "较重", "严重")
VISIT_KINDS = ("挂牌督导", "专项督导", "回头看")
INSPECTOR_KINDS = ("专职", "兼职")
ESCALATIONS = ("约谈", "通报", "问责")
INCENTIVES = ("激励", "表扬")


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    issuer: str
    year: int
    url: str
    note: str


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    list_key: str
    wording: Wording
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Checklist:
    key: str
    name: str
    kind: str  # the visit kind it belongs to: 挂牌督导 (regular) or 专项督导 (thematic)
    items: tuple[Item, ...]
    note: str


SOURCES: dict[str, Source] = {
    "banfa2013": Source(
        "banfa2013",
        "《中小学校责任督学挂牌督导办法》（国教督办〔2013〕7号）",
        "国务院教育督导委员会办公室",
        2013,
        "",
        "The official text was not at hand; the items are restated from the two pages below. Verify before printing.",
    ),
    "qidong2017": Source(
        "qidong2017",
        "中小学责任督学的职责和任务（江苏省启东实验小学，2017-12-18，转述《办法》）",
        "江苏省启东实验小学",
        2017,
        "http://jsqdsx.com/news/show-1507.html",
        "Restates the 办法: 1人负责5所左右学校; 督导事项 学校管理、招生收费、课程开设、教育教学、教师师德、"
        "学生学习和课业负担及学校安全卫生、校风、教风、学风; 经常性督导每月不得少于1次.",
    ),
    "nanguan2017": Source(
        "nanguan2017",
        "南关大庄子小学责任督学督导工作制度（2017.3，依据《办法》《规程》）",
        "南关大庄子小学",
        2017,
        "https://m.wenke99.com/d-2320837.html",
        "A school's rules listing eight 主要事项 of 经常性督导 under the 办法 and the 规程; the wording of items "
        "(二) and (七) there may be the school's own.",
    ),
    "bureau": Source(
        "bureau",
        "本局专项督导清单（五项管理、双减、校园安全、食堂）",
        "县（区）人民政府教育督导室",
        2024,
        "",
        "The bureau's own thematic lists for 专项督导; item wording is eduplan's, not quoted from a policy text.",
    ),
}

# Rules stated by the restatements of the 办法 (same caveat as its items).
SCHOOLS_PER_INSPECTOR = 5  # 按1人负责5所左右学校的标准配备责任督学
REGULAR_VISITS_PER_MONTH = 1  # 对每所学校实施经常性督导每月不得少于1次
RULE_SOURCES = ("banfa2013", "qidong2017")


def _items(list_key: str, wording: Wording, sources: tuple[str, ...], texts: tuple[str, ...]) -> tuple[Item, ...]:
    return tuple(Item(f"{list_key}_{i:02d}", text, list_key, wording, sources) for i, text in enumerate(texts, 1))


REGULAR = Checklist(
    "regular",
    "挂牌督导经常性督导事项",
    "挂牌督导",
    _items(
        "regular",
        "restated",
        ("banfa2013", "qidong2017", "nanguan2017"),
        (
            "校务管理和制度执行情况",
            "招生、收费情况",
            "课程开设、课堂教学情况",
            "学生学习、体育锻炼和课业负担情况",
            "教师师德和专业发展情况",
            "校园及周边安全情况",
            "食堂、食品、饮水及宿舍卫生情况",
            "校风、教风、学风建设情况",
        ),
    ),
    "督导事项 restated from public pages quoting the 办法 (国教督办〔2013〕7号); official wording not at hand.",
)

THEMATIC: tuple[Checklist, ...] = (
    Checklist(
        "five",
        "五项管理专项督导",
        "专项督导",
        _items(
            "five",
            "bureau",
            ("bureau",),
            ("作业管理", "睡眠管理", "手机管理", "读物管理", "体质管理"),
        ),
        "The bureau's list: the five areas of 教育部 五项管理; item wording is the bureau's.",
    ),
    Checklist(
        "double",
        "双减专项督导",
        "专项督导",
        _items(
            "double",
            "bureau",
            ("bureau",),
            ("书面作业总量和时长控制", "课后服务开展情况", "校外培训宣传与治理配合"),
        ),
        "The bureau's list for 双减; item wording is the bureau's.",
    ),
    Checklist(
        "safety",
        "校园安全专项督导",
        "专项督导",
        _items(
            "safety",
            "bureau",
            ("bureau",),
            ("安全管理制度和台账", "校舍和消防设施安全", "安全教育和应急演练", "校园周边和交通安全"),
        ),
        "The bureau's list for 校园安全; item wording is the bureau's.",
    ),
    Checklist(
        "canteen",
        "食堂专项督导",
        "专项督导",
        _items(
            "canteen",
            "bureau",
            ("bureau",),
            ("食品原料采购和索证索票", "食品加工和留样", "食堂从业人员健康证明", "陪餐制度落实"),
        ),
        "The bureau's list for 食堂; item wording is the bureau's.",
    ),
)

CHECKLISTS: dict[str, Checklist] = {c.key: c for c in (REGULAR, *THEMATIC)}
ITEMS: dict[str, Item] = {item.key: item for c in CHECKLISTS.values() for item in c.items}


def item_text(key: str) -> str:
    """The item's wording, or the key itself for an item no longer in the lists (old visits keep their keys)."""
    item = ITEMS.get(key)
    return item.text if item is not None else key
