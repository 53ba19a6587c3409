"""A term of supervision for the demo county (清城区), as a script the store plays (``store.supervision``).

Pure: from the county's 中小学 (codes with their towns, the demo clerk's school first) and the build day it returns
who inspects which schools, the plans, the visits with their checklist results and findings, the schools' replies,
the re-checks and the escalations. Everything below is written out by position in that school list, so the
figures can be counted by hand (tests/demo/test_supervision.py):

- the 2023年秋季学期 plan (2023-09-01 … 2024-01-31) asks one visit per school; every school is visited once with the
  regular checklist except positions 4 and 9 (校校到 = (n − 2) / n); position 0 gets a 回头看 and position 2 a 食堂
  专项督导 on top;
- seven rectifications: 3 closed after a 复查, 1 reported and waiting for its 复查, 1 returned and not answered
  again, 2 never answered — so 3 overdue (the returned one and the two unanswered), whatever the build day after
  the term;
- escalations on the overdue ones (约谈 twice, 通报 once) and one 表扬;
- the demo inspector (陈督学, 专职) holds positions 0–5, the demo clerk's school among them; part-time inspectors hold
  the rest, at most 20 schools each (《教育部关于加强督学责任区建设的意见》 教督〔2012〕7号 asks for at most 20 per 责任区);
- a plan for the term the build day falls in, with this month's regular visits due for the demo inspector's schools.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from eduplan.standards.supervision import CHECKLISTS

TERM = ("2023年秋季学期", date(2023, 9, 1), date(2024, 1, 31))
NOT_VISITED = (4, 9)
DEMO_AREA = range(6)
AREA_SIZE = 20
PART_TIME_NAMES = ("林", "黄", "李", "张", "王", "刘", "梁", "何", "吴", "郑", "罗", "谢")


@dataclass(frozen=True)
class DemoInspector:
    name: str
    kind: str
    username: str  # "" for an inspector without a demo login
    schools: tuple[str, ...]


@dataclass(frozen=True)
class DemoFinding:
    key: str  # how the script refers to it
    item_key: str  # "" for a free-form finding
    text: str
    severity: str
    responsible: str
    deadline: date
    requirement: str = ""


@dataclass(frozen=True)
class DemoVisit:
    school_code: str
    date: date
    kind: str
    checklist: str
    results: dict[str, tuple[str, str]]
    findings: tuple[DemoFinding, ...] = ()
    inspector: str = ""  # name
    photo: bytes = b""


@dataclass(frozen=True)
class DemoReply:
    finding: str
    text: str
    day: date
    photo: bytes = b""


@dataclass(frozen=True)
class DemoRecheck:
    finding: str
    closed: bool
    reason: str
    day: date


@dataclass(frozen=True)
class DemoAction:
    school_code: str
    finding: str  # "" for an action about the school
    kind: str
    day: date
    who: str
    document: str


@dataclass(frozen=True)
class DemoPlan:
    name: str
    start: date
    end: date
    required: int
    dues: tuple[tuple[str, str, str, date], ...]  # school, kind, checklist, due


@dataclass(frozen=True)
class DemoSupervision:
    inspectors: tuple[DemoInspector, ...]
    plans: tuple[DemoPlan, ...]
    visits: tuple[DemoVisit, ...]
    # Each step after the visits, in the order the store plays them: replies, re-checks, escalations interleave.
    steps: tuple[DemoReply | DemoRecheck | DemoAction, ...] = field(default_factory=tuple)


def png(width: int, height: int, rgb: tuple[int, int, int], stripe: tuple[int, int, int]) -> bytes:
    """A small striped PNG (a stand-in for a photo), written with zlib alone."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(
        b"\0" + b"".join(bytes(stripe if (x + y) // 8 % 2 else rgb) for x in range(width)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _results(
    checklist: str, failing: dict[str, str] | None = None, fair: tuple[str, ...] = ()
) -> dict[str, tuple[str, str]]:
    failing = failing or {}
    out: dict[str, tuple[str, str]] = {}
    for item in CHECKLISTS[checklist].items:
        if item.key in failing:
            out[item.key] = ("不合格", failing[item.key])
        elif item.key in fair:
            out[item.key] = ("基本合格", "台账需补充完善")
        else:
            out[item.key] = ("合格", "")
    return out


def _term_of(day: date) -> tuple[str, date, date]:
    if day.month >= 9 or day.month == 1:
        year = day.year if day.month >= 9 else day.year - 1
        return f"{year}年秋季学期", date(year, 9, 1), date(year + 1, 1, 31)
    return f"{day.year}年春季学期", date(day.year, 2, 1), date(day.year, 8, 31)


def demo_supervision(schools: list[str], today: date, inspector_username: str = "demo-inspector") -> DemoSupervision:
    """The script for ``schools`` (the county's 中小学 codes, the demo clerk's school first; at least 10)."""
    if len(schools) < 10:
        raise ValueError(f"the demo term needs at least 10 schools, got {len(schools)}")
    s = schools
    photo = png(48, 32, (196, 64, 48), (235, 235, 235))
    fixed = png(48, 32, (64, 150, 80), (235, 235, 235))
    rest = s[len(DEMO_AREA) :]
    areas = [rest[i : i + AREA_SIZE] for i in range(0, len(rest), AREA_SIZE)]
    inspectors = (
        DemoInspector("陈督学", "专职", inspector_username, tuple(s[i] for i in DEMO_AREA)),
        *(
            DemoInspector(f"{PART_TIME_NAMES[i % len(PART_TIME_NAMES)]}督学{i // len(PART_TIME_NAMES) or ''}", "兼职",
                          "", tuple(area))
            for i, area in enumerate(areas)
        ),
    )  # fmt: skip
    owner = {code: ins.name for ins in inspectors for code in ins.schools}

    f = {
        "fire": DemoFinding("fire", "regular_06", "消防通道堆放杂物，灭火器过期", "严重", "张国强（副校长）",
                            date(2023, 10, 20), "立即清理通道，更换过期灭火器，建立月检台账"),
        "food": DemoFinding("food", "regular_07", "学生宿舍卫生检查记录缺失", "一般", "李敏（总务主任）",
                            date(2023, 12, 15), "建立宿舍卫生日检制度并留存记录"),
        "homework": DemoFinding("homework", "regular_04", "部分班级书面作业超时，学生体育锻炼时间不足", "较重",
                                "王芳（教导主任）", date(2023, 11, 20), "落实作业公示和每天校内外体育活动各1小时"),
        "canteen": DemoFinding("canteen", "canteen_02", "食品留样不足48小时，留样记录不全", "严重", "陈伟（后勤主任）",
                               date(2023, 11, 10), "按规定留样48小时以上，专人记录"),
        "fees": DemoFinding("fees", "regular_02", "代收费项目未公示", "一般", "赵丽（会计）", date(2023, 12, 20),
                            "在校门和家长群公示代收费项目及标准"),
        "signs": DemoFinding("signs", "", "校门口减速带和警示标志缺失", "一般", "周强（安全主任）", date(2023, 11, 30),
                             "协调交警部门设置减速带和警示标志"),
        "culture": DemoFinding("culture", "regular_08", "教师集体备课流于形式", "较重", "孙丽（教研组长）",
                               date(2023, 12, 10), "完善集体备课制度，每周记录"),
    }  # fmt: skip
    findings_at = {0: ("fire", "food"), 1: ("homework",), 3: ("fees",), 5: ("signs",), 6: ("culture",)}

    visits: list[DemoVisit] = []
    for i, code in enumerate(s):
        if i in NOT_VISITED:
            continue
        day = TERM[1] + timedelta(days=10 + (i * 7) % 100)
        keys = findings_at.get(i, ())
        failing = {f[k].item_key: f[k].text for k in keys if f[k].item_key}
        found = tuple(f[k] for k in keys)
        visits.append(
            DemoVisit(code, day, "挂牌督导", "regular", _results("regular", failing, fair=("regular_01",) * (i % 3 == 1)),
                      found, owner[code], photo if found else b"")
        )  # fmt: skip
    visits.append(DemoVisit(s[2], date(2023, 10, 25), "专项督导", "canteen",
                            _results("canteen", {"canteen_02": f["canteen"].text}), (f["canteen"],), owner[s[2]], photo))  # fmt: skip
    visits.append(DemoVisit(s[0], date(2023, 12, 5), "回头看", "regular", _results("regular"), (), owner[s[0]]))
    visits.sort(key=lambda v: (v.date, v.school_code))
    # Visit days: position 0 on 09-11, 1 on 09-18, 2 on 09-25, 3 on 10-02, 5 on 10-16, 6 on 10-23.
    steps = (
        DemoReply("fire", "已清理消防通道，更换灭火器12具，建立月检台账", date(2023, 10, 12), fixed),
        DemoRecheck("fire", True, "", date(2023, 10, 18)),
        DemoReply("homework", "已制定作业公示制度", date(2023, 10, 30)),
        DemoRecheck("homework", False, "未见体育锻炼时间落实的证明材料", date(2023, 11, 6)),
        DemoAction(s[2], "canteen", "约谈", date(2023, 11, 20), "陈伟（后勤主任）", "清城督办〔2023〕12号"),
        DemoAction(s[1], "homework", "约谈", date(2023, 12, 1), "王芳（教导主任）", "清城督办〔2023〕15号"),
        DemoAction(s[2], "canteen", "通报", date(2023, 12, 10), "清城区教育局", "清城督通〔2023〕3号"),
        DemoReply("signs", "已设置减速带两处、警示标志四块", date(2023, 11, 8), fixed),
        DemoRecheck("signs", True, "", date(2023, 11, 15)),
        DemoReply("culture", "修订集体备课制度，每周四下午集中备课并记录", date(2023, 11, 28)),
        DemoRecheck("culture", True, "", date(2023, 12, 8)),
        DemoReply("fees", "已在校门公示栏和家长群公示", date(2023, 12, 18)),
        DemoAction(s[7], "", "表扬", date(2023, 12, 20), "学校领导班子", "清城督通〔2023〕4号"),
    )
    regular_dues = tuple(
        (code, "挂牌督导", "regular", TERM[1] + timedelta(days=10 + (i * 7) % 100)) for i, code in enumerate(s)
    )
    term = DemoPlan(TERM[0], TERM[1], TERM[2], 1, regular_dues)
    name, start, end = _term_of(today)
    this_month = today.replace(day=min(25, max(today.day, 15)))
    current = DemoPlan(name, start, end, 1, tuple((s[i], "挂牌督导", "regular", this_month) for i in DEMO_AREA))
    plans = (term,) if start <= TERM[2] else (term, current)
    return DemoSupervision(tuple(inspectors), plans, tuple(visits), steps)
