"""Projects named in running text, where a document has no project table: progress reports and news of a bureau
("1.兴隆县第一中心小学，建设面积1617.96平方米，投入资金420万元。", "莲都区城西小学项目即将完成教学楼主体建设").

Each school named in a sentence about building becomes a project, with the investment, seats and floor area the
same sentence states when it names one school only. Every such project is flagged: read from prose.
"""

from __future__ import annotations

import re

from eduplan.ingest.plans.model import Project, Source
from eduplan.ingest.plans.projects import category_of
from eduplan.ingest.plans.sentences import Sentence
from eduplan.ingest.plans.values import NUMBER, number

_BUILDING = re.compile(r"项目|新建|改扩建|扩建|迁建|开工|竣工|主体|封顶|交付|投入资金|投资|建设")
_SCHOOL = re.compile(
    r"(?:^|(?<=[，,、：:；（(]))(?:\d{1,2}[.．、])?(?:新建|改扩建|扩建|迁建|建设)?"
    r"(?P<name>[\u4e00-\u9fff\d]{2,16}?(?:小学|中学|学校|幼儿园|[一二三四五六七八九]中(?![心学专])|中专)(?:二期|三期|实验楼)?)"
)
_GENERIC = re.compile(r"^(?:全|各|所有|中小|公办|民办|义务教育|薄弱|农村|城区|城镇|乡镇|普通|现有|新建|一所|多所|\d)")
_MONEY = re.compile(rf"(?:投入资金|总投资|计划投资|投资|资金)约?({NUMBER})(万|亿)元")
_SEATS = re.compile(rf"(?:新增|提供|增加)?({NUMBER})个学位")
_AREA = re.compile(rf"(?:建设|建筑|校舍)面积(?:达到|约|为)?({NUMBER})平方米")


def prose_projects(sentences: list[Sentence], file: str) -> list[Project]:
    found: list[Project] = []
    seen: set[str] = set()
    for sentence in sentences:
        text = sentence.text
        if not _BUILDING.search(text):
            continue
        names = [m.group("name") for m in _SCHOOL.finditer(text) if not _GENERIC.match(m.group("name"))]
        names = [n for n in dict.fromkeys(names) if n not in seen and len(n) >= 4]
        alone = len(names) == 1
        for name in names:
            seen.add(name)
            money = _MONEY.search(text) if alone else None
            seats = _SEATS.search(text) if alone else None
            area = _AREA.search(text) if alone else None
            investment = None
            if money:
                investment = number(money.group(1)) * (10_000 if money.group(2) == "亿" else 1)
            project = Project(
                number=None,
                name=name,
                text=text,
                category=category_of(text),
                stage=None,
                seats={"合计": number(seats.group(1))} if seats else {},
                classes=None,
                area=None,
                floor_area=number(area.group(1)) if area else None,
                investment=investment,
                start_year=None,
                finish_year=None,
                start_pending=False,
                responsible=None,
                section=sentence.section,
                source=Source(file=file, line=sentence.line, text=text),
            )
            project.flag("项目取自正文（没有项目表），请核对名称和数字")
            found.append(project)
    return found
