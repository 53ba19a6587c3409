"""Which kind of planning document a parsed document is, and why; and whether it is about education at all.

Kinds: 规划 (a development plan, usually with a 主要指标 table), 行动计划/实施方案 (targets in sentences),
项目表 (a bare list of construction projects), 进展报告 (a report on how projects or tasks are going), 监测结果
(published monitoring figures such as 义务教育均衡 差异系数). The reason names what was seen.
"""

from __future__ import annotations

import re

from eduplan.ingest.plans.model import PlanDocument
from eduplan.ingest.plans.values import squash

PLAN = "规划"
ACTION_PLAN = "行动计划/实施方案"
PROJECT_LIST = "项目表"
PROGRESS_REPORT = "进展报告"
MONITORING = "监测结果"
KINDS = (PLAN, ACTION_PLAN, PROJECT_LIST, PROGRESS_REPORT, MONITORING)

_EDUCATION = re.compile(r"教育|学校|学位|幼儿园|小学|初中|中学|高中|教师|学生|校园|招生|入学|学前|义务教育|职业院校")
_PROGRESS = re.compile(r"实施情况|进展情况|进展|完成情况|执行情况|进度|工作总结|中期评估|总结评估")
_MONITORING = re.compile(r"差异系数|监测结果|监测报告|均衡发展.{0,6}(?:评估|监测)|督导评估结果")
_ACTION = re.compile(r"行动计划|实施方案|工作方案|行动方案|实施意见|攻坚计划|提升计划")
# what a report on works under way says: 已竣工, 开工率, 完成投资, 主体封顶, 交付使用, 正在施工 …
_PROGRESS_TEXT = re.compile(
    r"已竣工|已开工|开工率|完成投资|完成计划的|主体(?:工程)?(?:已)?(?:完工|封顶)|已封顶|交付使用|正在(?:施工|招标|办理)"
    r"|即将(?:完成|竣工|开工|全面开工)|进展顺利|全面竣工|已完成"
)
_LIST = re.compile(r"项目表|计划表|项目清单|一览表|实事|建设项目|项目计划")


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def is_education(document: PlanDocument, text: str) -> tuple[bool, str]:
    """Whether the document is about education: its title, or else its text, names schools, pupils, teachers."""
    title = document.plan.title
    if _EDUCATION.search(title):
        return True, f"标题含“{_EDUCATION.search(title).group(0)}”"  # type: ignore[union-attr]
    mentions = _count(_EDUCATION, text)
    per_thousand = 1000 * mentions / max(1, len(text))
    if document.projects and any(_EDUCATION.search(p.name) for p in document.projects):
        return True, "项目是学校建设项目"
    if per_thousand >= 2.0:
        return True, f"正文提到教育相关词 {mentions} 次"
    return False, f"标题“{title[:30]}”和正文都不是教育内容（教育相关词仅 {mentions} 次）"


def classify(document: PlanDocument, text: str) -> tuple[str, str]:
    """(kind, reason in words) for a parsed document; ``text`` is its running text, squashed."""
    title = squash(document.plan.title)
    head = title + text[:300]
    n_ind, n_tgt = len(document.indicators), len(document.targets)
    n_prj = sum(1 for p in document.projects if not any(r.startswith("项目取自正文") for r in p.reasons))
    if _MONITORING.search(head) or (_count(re.compile("差异系数"), text) >= 3 and not n_ind):
        word = (_MONITORING.search(head) or re.search("差异系数", text)).group(0)  # type: ignore[union-attr]
        return MONITORING, f"标题或正文含“{word}”：公布的监测数据"
    if _PROGRESS.search(title):
        word = _PROGRESS.search(title).group(0)  # type: ignore[union-attr]
        return PROGRESS_REPORT, f"标题含“{word}”：报告项目或任务的进展"
    progress = _PROGRESS_TEXT.findall(text)
    if not n_ind and len(progress) >= 2:
        return PROGRESS_REPORT, f"正文报告工程进展（{'、'.join(dict.fromkeys(progress[:3]))} 等 {len(progress)} 处）"
    if n_ind and ("规划" in title or "纲要" in title or not _ACTION.search(title)):
        return PLAN, f"有主要指标表（{n_ind} 项指标）" + ("，标题为规划" if "规划" in title else "")
    if _ACTION.search(title):
        word = _ACTION.search(title).group(0)  # type: ignore[union-attr]
        return ACTION_PLAN, f"标题含“{word}”，目标写在句中（{n_tgt} 个量化目标）"
    if n_prj and (_LIST.search(title) or n_prj >= max(3, n_tgt)) and len(text) < 200 * max(1, n_prj):
        return PROJECT_LIST, f"主要内容是项目表（{n_prj} 个项目）" + ("，标题为项目表" if _LIST.search(title) else "")
    if "规划" in title or "纲要" in title:
        return PLAN, "标题为规划" + ("，但没有主要指标表" if not n_ind else "")
    if n_prj and not n_tgt:
        return PROJECT_LIST, f"只有项目表（{n_prj} 个项目）"
    return ACTION_PLAN, f"目标写在句中（{n_tgt} 个量化目标）"
