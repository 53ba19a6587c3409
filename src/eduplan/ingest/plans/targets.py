"""Quantitative targets stated in sentences ("到2025年创建50所市级劳动教育特色学校").

A target is a measure, a verb of attainment and a number with its unit. A list of stages with a list
of values ("小学、初中、高中阶段…分别达到75%、94%、14%") gives one target per stage. The year is the
last "到/至 20xx 年" before the number in the same sentence; a target without one is flagged, not
given the plan's end year silently. Sentences about the past (发展基础, 回顾) state results, not targets.
"""

from __future__ import annotations

import re

from eduplan.contract import STAGE_JUNIOR, STAGE_PRESCHOOL, STAGE_PRIMARY, STAGE_SENIOR
from eduplan.core.plan_tracking import AT_LEAST, AT_MOST, EQUAL, MORE_THAN
from eduplan.ingest.plans.indicators import stage_of
from eduplan.ingest.plans.model import Indicator, Source
from eduplan.ingest.plans.numerals import normalise
from eduplan.ingest.plans.sentences import Sentence
from eduplan.ingest.plans.values import number, squash

_NUM = r"\d+(?:\.\d+)?"
_RANGE = rf"{_NUM}(?:%?[-—–－~至]{_NUM})?"
_UNITS = r"万个|万人|个学位|个班|平方米|学位|个|所|家|名|人|项|门|支|班|%"
_COUNT_VERBS = (
    r"创建|建成|建设好|新建|改扩建|扩建|改建|建设|培育|遴选|新增|增加|打造|办好|扶持|组建|配备|培养|争创|推动|做大做强"
)
_STOP = rf"(?=[，,。；;]|[、和及](?:支持|推动|争取)?(?:{_COUNT_VERBS})?\d|$)"
_RATE = re.compile(
    rf"(?P<name>[^，,。；：]*?)(?P<verb>分别达到|达到|达|提高到|提升到|保持在|不低于|不少于|不高于|控制在|超过|高于)"
    rf"(?P<pre>至少)?(?P<vals>{_RANGE}(?:{_UNITS})?(?:[、和]{_RANGE}(?:{_UNITS})?)*)(?P<unit>{_UNITS})?"
    rf"(?P<qual>以上|以下|及以上|以内|左右)?"
)
_RATE_OF = re.compile(
    rf"(?P<name>[^，,。；：]*?)(?P<verb>达到)(?P<of>[^，,。；\d]{{2,15}}的)(?P<vals>{_NUM})(?P<unit>%)"
)
_COUNT = re.compile(
    rf"(?P<verb>{_COUNT_VERBS})(?P<pre>至少|不少于)?(?P<vals>{_RANGE})(?P<unit>个学位|平方米|学位|所|个|家|名|项|门|支|班)"
    rf"(?P<qual>或以上|以上|左右)?(?P<name>[^，,。；;]+?){_STOP}"
)
_COUNT_AFTER = re.compile(
    rf"(?P<verb>遴选|建成|新建|改扩建|扩建|改建|建设|培育|增加|新增)(?P<name>[^，,。；\d]{{2,30}}?)(?P<vals>{_RANGE})"
    rf"(?P<unit>万个|个学位|平方米|学位|家|所|个|名|班)(?P<qual>以上|左右)?(?=[，,。；、和及]|$)"
)
# "…新增公立幼儿园园位1000个、中小学学位4000个": the listed counts after the first share its verb.
_COUNT_AFTER_LIST = re.compile(
    rf"(?:、|和|及)(?P<name>[^，,。；、\d]{{2,20}}?)(?P<vals>{_RANGE})(?P<unit>万个|个学位|平方米|学位|家|所|个|名|班)"
    rf"(?P<qual>以上|左右)?(?=[，,。；、和及]|$)"
)
# "…比例提高5个百分点", "…下降2个百分点": a change, with its base when the sentence states it ("由85%提高…").
_CHANGE = re.compile(
    rf"(?P<name>[^，,。；]*?)(?:(?:由|从)(?P<base>{_NUM})%)?(?P<verb>提高|提升|增长|增加|下降|降低|减少)了?"
    rf"(?P<vals>{_NUM})(?P<unit>个百分点)"
)
# "校舍全部达到省定标准", "…全部达标": a target stated as a standard, kept as a qualitative target.
_STANDARD = re.compile(
    r"(?P<name>[^，,。；：]{2,30}?)(?P<std>(?:全部|全面|均|100%)?达到(?:国家|省|市|省定|省级|国家级|市级)[^，,。；]{0,10}标准"
    r"|(?:全部|全面|均)达标)"
)
_SHARE = re.compile(
    rf"(?P<subject>[^，,。；\d]*?)(?P<vals>{_NUM})%(?P<qual>以上)?的?(?P<object>[^，,。；]{{0,20}}?)"
    rf"(?P<verb>达到|形成|拥有|开展|建立)(?P<rest>[^，,。；]*)"
)
_ENUM = re.compile(
    rf"(?:、|和|及|，)(?P<vals>{_RANGE})(?P<unit>所|个|家|名|项|门|支)(?P<qual>以上|左右)?(?P<name>[^，,。；;]+?){_STOP}"
)
# "8个县市区全部创建成为全国规范化家长学校实验区": how many units reach a status.
_ALL = re.compile(rf"(?P<vals>{_NUM})(?P<unit>个|所)(?P<subject>[^，,。；\d]{{1,8}}?)全部(?P<name>[^，,。；;]+)")
# "比例每年递增1—2个百分点": a yearly gain.
_GROWTH = re.compile(rf"(?P<name>[^，,。；]*?)(?P<verb>每年递增|每年提高|年均提高)(?P<vals>{_RANGE})(?P<unit>个百分点)")
_YEAR = re.compile(r"(?:到|至|力争到|力争|于)?(20\d\d)年(?!度|以来|起)")
_PAST = ("基础", "回顾", "成就", "现状", "背景", "成效", "机遇", "挑战")
_PAST_WORDS = ("十三五", "先后", "已", "累计投入", "目前", "现有")
_STAGE_WORDS = {"幼儿园": STAGE_PRESCHOOL, "学前": STAGE_PRESCHOOL, "小学": STAGE_PRIMARY, "初中": STAGE_JUNIOR}
_STAGE_WORDS["高中"] = STAGE_SENIOR
_LEAD = re.compile(
    r"^(?:(?:到|至)?20\d\d年(?:底|末)?|并|和|且|使|确保|力争|争取|全面|基本|进一步|实现|保持|全市|全区|全县|其中|到|至)+"
)
_TRAIL = re.compile(r"(?:约|始终|均|要|应|都|将|分别)+$")
_FROM = re.compile(rf"(?:由|从)({_NUM})%?(?:提高|提升|增加|增长|下降|降低|减少)?$")
_UNIT_NAMES = {"个学位": "个", "学位": "个", "个班": "班"}
_ASIDE = re.compile(r"（[^（）]*\d[^（）]*）")


def _values(text: str) -> list[tuple[float, float | None, str]]:
    """``"75%、94%"`` → [(75, None, "%"), …]; a range "3-5所" or "85%–90%" keeps its upper bound."""
    found = []
    for match in re.finditer(rf"({_NUM})(?:%?[-—–－~至]({_NUM}))?({_UNITS})?", text):
        low, high, unit = match.groups()
        found.append((number(low), number(high) if high else None, unit or ""))
    return found


def _year_before(sentence: str, offset: int) -> int | None:
    years = [m for m in _YEAR.finditer(sentence) if m.start() < offset]
    years = [m for m in years if not re.search(r"[—\-－]$", sentence[: m.start()])]
    return int(years[-1].group(1)) if years else None


def _comparator(verb: str, pre: str | None, qual: str | None) -> str:
    if qual in ("以下", "以内") or verb in ("不高于", "控制在", "下降到", "降低到", "降至"):
        return AT_MOST
    if verb in ("超过", "高于"):
        return MORE_THAN
    return AT_LEAST


def _stages_in(name: str) -> list[tuple[int, str]]:
    return sorted(((m.start(), word) for word in _STAGE_WORDS for m in re.finditer(word, name)), key=lambda p: p[0])


def _only_stage(text: str) -> str | None:
    """The stage a sentence's subject names, when it names exactly one ("（3）品牌民办高中基本建成…")."""
    found = {_STAGE_WORDS[word] for _, word in _stages_in(text)}
    return found.pop() if len(found) == 1 and "中小学" not in text else None


def _clean(name: str) -> str:
    name = _LEAD.sub("", name.strip("，,、 "))
    return _TRAIL.sub("", name.strip("，,、 的")).strip("，,、 的")


def _target(
    sentence: Sentence,
    file: str,
    name: str,
    value: tuple[float, float | None, str],
    unit: str,
    comparator: str,
    year: int | None,
    group: str,
    stage: str | None,
) -> Indicator:
    low, high, own_unit = value
    unit = _UNIT_NAMES.get(own_unit or unit, own_unit or unit)
    if unit in ("万个", "万人"):
        low, high, unit = low * 10_000, (high * 10_000 if high else None), unit[1:]
    item = Indicator(
        name=name,
        unit=unit,
        group=group,
        stage=stage,
        baseline_year=None,
        baseline_value=None,
        target_year=year,
        target_value=low,
        comparator=comparator,
        source=Source(file=file, line=sentence.line, text=sentence.text),
    )
    if high is not None:
        item.flag(f"目标为区间 {low:g}–{high:g}，取下限")
    if year is None:
        item.flag("句中未写明目标年份")
    return item


def is_past(sentence: Sentence) -> bool:
    """A sentence about results already reached (发展基础, 十三五, 已…)."""
    return any(word in sentence.section for word in _PAST) or any(word in sentence.text for word in _PAST_WORDS)


def _object(name: str) -> str:
    """The thing counted: after the last "的" ("…具有全省影响力的卓越高中"), else up to a "、" that starts
    another counted item ("8个实验镇、20个基地学校")."""
    name = re.split(r"、(?=\d)", name)[0]
    if "的" in name:
        name = name.rsplit("的", 1)[1]
    return name.removesuffix("要求")


def _name(pattern: re.Pattern[str], groups: dict[str, str | None]) -> str:
    name = groups.get("name") or ""
    if pattern is _SHARE:
        parts = (groups.get("subject"), groups.get("object"), groups.get("verb"), groups.get("rest"))
        return _clean("".join(p or "" for p in parts)) + "的比例"
    if pattern is _RATE_OF:
        return _clean(name + (groups.get("of") or "").removesuffix("的")) + "的比例"
    if pattern in (_COUNT, _ENUM):
        return _clean(_object(name))
    if pattern is _ALL:
        return _clean(f"{name}的{groups.get('subject') or ''}数")
    if pattern is _GROWTH:
        return _clean(name) + "年增幅"
    if pattern is _CHANGE:
        return _clean(name) + ("提高" if groups.get("verb") in ("提高", "提升", "增长", "增加") else "下降")
    return _clean(name)


def _enumeration_allowed(text: str, start: int) -> bool:
    """A listed count belongs to the verb of its clause, or — right after a comma ("建成1-2项…特色项目，
    1所…生源基地") — to the verb of the clause before."""
    clauses = re.split(r"[，,。；]", text[:start])
    if text[start] == "，" and len(clauses) >= 1:
        return re.search(_COUNT_VERBS, clauses[-1]) is not None and not text[:start].endswith(("。", "；"))
    return re.search(_COUNT_VERBS, clauses[-1]) is not None


def _standards(
    sentence: Sentence, text: str, file: str, group: str, taken: list[tuple[int, int]]
) -> list[tuple[int, Indicator]]:
    """Targets stated as a standard ("全县中小学校舍全部达到省定标准"): qualitative, flagged for a person to judge."""
    if not (_YEAR.search(text) or "目标" in sentence.section):
        return []
    items = []
    for match in _STANDARD.finditer(text):
        if any(not (match.end() <= s or match.start() >= e) for s, e in taken):
            continue
        name = _clean(re.split(r"[，,。；]", match.group("name"))[-1])
        if len(name) < 2:
            continue
        item = Indicator(
            name=name + squash(match.group("std")).removeprefix("全部").removeprefix("全面").removeprefix("均"),
            unit="",
            group=group,
            stage=stage_of(name),
            baseline_year=None,
            baseline_value=None,
            target_year=_year_before(text, match.start("std")),
            target_value=None,
            comparator=EQUAL,
            source=Source(file=file, line=sentence.line, text=sentence.text),
        )
        item.flag("定性目标（达到标准），没有数值：是否达成需人工判断")
        items.append((match.start("std"), item))
    return items


def read_targets(sentence: Sentence, file: str) -> list[Indicator]:
    if is_past(sentence):
        return []
    text = normalise(_ASIDE.sub("", squash(sentence.text)))
    group = sentence.section.split(" / ")[-1] if sentence.section else ""
    items: list[Indicator] = []
    taken: list[tuple[int, int]] = []
    previous_name = ""

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    patterns = (_GROWTH, _CHANGE, _ALL, _COUNT, _RATE_OF, _RATE, _COUNT_AFTER, _COUNT_AFTER_LIST, _SHARE, _ENUM)
    positions: dict[int, int] = {}  # id(item) → where its value stands in the sentence
    for pattern in patterns:
        for match in pattern.finditer(text):
            for item in items:
                positions.setdefault(id(item), -1)
            if not free(match.start("vals"), match.end("vals")):
                continue
            if pattern in (_ENUM, _COUNT_AFTER_LIST) and not _enumeration_allowed(text, match.start()):
                continue
            after = text[match.end() : match.end() + 3]
            if pattern is _RATE and after.startswith("的") and match.group("verb") in ("超过", "高于"):
                continue  # "随迁子女占比超过30%的学校": a condition on schools, not a target
            if pattern is _RATE and after.startswith(("教学班", "班")):
                continue  # "幼儿园不低于9个教学班": a planning norm for class counts
            if re.fullmatch(r"(?:总|建筑|占地|校舍)?面积(?:达到|约|为)?", match.groupdict().get("name") or ""):
                continue  # "建设面积1617.96平方米": the size of a project, not a target
            groups = match.groupdict()
            values = _values(groups["vals"])
            unit = "%" if pattern is _SHARE else (groups.get("unit") or (values[-1][2] if values else ""))
            if not values or not unit:
                continue
            verb = groups.get("verb") or ""
            name = _name(pattern, groups)
            comparator = _comparator(verb, groups.get("pre"), groups.get("qual"))
            year = _year_before(text, match.start("vals"))
            stages = _stages_in(name)
            if len(values) > 1 and len(stages) == len(values):
                base = _clean(re.sub("|".join(_STAGE_WORDS), "", name).replace("、", "").replace("阶段", ""))
                for (_, word), value in zip(stages, values, strict=True):
                    items.append(
                        _target(sentence, file, base, value, unit, comparator, year, group, _STAGE_WORDS[word])
                    )
            else:
                if name in _STAGE_WORDS:
                    # "提高…岗位结构比例，幼儿园达到8%、小学达到15%": the measure is the clause before.
                    stage: str | None = _STAGE_WORDS[name]
                    before = re.split(r"[，,。；]", text[: match.start()].rstrip("，,、"))[-1]
                    name = previous_name or _clean(re.sub(r"^(?:逐步)?(?:提高|提升|优化|加大)", "", before))
                    previous_name = name
                else:
                    clause = re.split(r"[，,。；;、]", text[: match.start()])[-1]
                    spans_stages = re.search(r"义务教育|九年|中小学|基础教育|职业", name)
                    stage = None if spans_stages else stage_of(name) or stage_of(clause)
                    stage = stage or (None if spans_stages else _only_stage(text[: min(match.start(), 15)]))
                    previous_name = name or previous_name
                if not name:
                    continue
                stated = _FROM.search(name) if pattern is _RATE else None
                if stated:  # "优质高中在校生占比由60%提高到75%": the base the sentence states
                    name = _clean(name[: stated.start()])
                for value in values:
                    item = _target(sentence, file, name, value, unit, comparator, year, group, stage)
                    if stated:
                        item.baseline_value = number(stated.group(1))
                    if pattern is _CHANGE:
                        item.comparator = AT_LEAST if item.name.endswith("提高") else AT_MOST
                        if groups.get("base"):
                            item.baseline_value = number(groups["base"] or "")
                        item.flag(
                            "变化量目标（个百分点），不是水平值" + ("" if groups.get("base") else "；句中未写基数")
                        )
                    items.append(item)
            taken.append((match.start("vals"), match.end("vals")))
            for item in items:
                if positions.get(id(item), -1) == -1:
                    positions[id(item)] = match.start("vals")
    for position, item in _standards(sentence, text, file, group, taken):
        items.append(item)
        positions[id(item)] = position
    return sorted(items, key=lambda item: positions.get(id(item), 0))
