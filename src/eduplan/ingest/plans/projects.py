"""Construction project tables (建设意向表, 重点规划项目, 重大建设项目汇总表): one ``Project`` per row.

Columns are found by their header words; a second header row under "提供学位" names the stage of each
seat column. A row whose number cell is empty continues the row above (the PDF-to-text step breaks
long cells over lines). The 合计 row is returned as the table's own total, for the consistency checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eduplan.contract import STAGE_JUNIOR, STAGE_PRESCHOOL, STAGE_PRIMARY, STAGE_SENIOR
from eduplan.ingest.plans.model import (
    CATEGORY_CONTINUE,
    CATEGORY_EXPAND,
    CATEGORY_NEW,
    CATEGORY_RECEIVE,
    Project,
    Rollup,
    Source,
)
from eduplan.ingest.plans.tables import Row, Table
from eduplan.ingest.plans.values import NUMBER, investment_wan, number, squash, year

NINE_YEAR = "九年一贯制"
_STAGES = {"小学": STAGE_PRIMARY, "初中": STAGE_JUNIOR, "高中": STAGE_SENIOR, "幼儿园": STAGE_PRESCHOOL}
_COLUMNS = (  # header word → column key; the first match wins
    (("编号", "序号"), "number"),
    (("项目名称",), "name"),
    (("建设项目", "建设内容"), "text"),
    (("地址", "地块"), "address"),
    (("学校类别", "层次"), "stage"),
    (("建设类型", "建设类别"), "category"),
    (("学位",), "seats"),
    (("起止",), "period"),
    (("启动", "开工"), "start"),
    (("完成", "竣工"), "finish"),
    (("投资", "资金"), "investment"),
    (("责任单位", "建设单位", "责任部门"), "responsible"),
    (("备注",), "note"),
    (("占地",), "area"),
    (("建筑面积",), "floor_area"),
)
_TOTAL = ("合计", "总计", "小计")
_TEXT_SEATS = (re.compile(rf"({NUMBER})个(?:小学|初中)?学位"), re.compile(rf"学位({NUMBER})个"))
_TEXT_INVESTMENT = re.compile(rf"(?:投资|投入)约?({NUMBER})(万|亿)")
_CLASSES = re.compile(rf"({NUMBER})个?(?:教学)?班")
_SCHOOL_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9#\-]{2,60}?(?:小学|中学|学校|幼儿园|一中)(?:（暂名[^）]*）)?")
_NAME_PREFIXES = (
    re.compile(r"^.*(?:更名为|新建|迁建|建设|选址于|位于)"),
    re.compile(r"^.*?(?:新建|迁建|建设|选址于|位于|在)"),
    re.compile(r"^"),
)
_SCHOOL_KINDS = ("九年一贯制学校", "幼儿园", "小学", "初中", "中学")


@dataclass
class TableTotal:
    section: str
    category: str | None
    seats: dict[str, float]
    investment: float | None
    source: Source


@dataclass
class ProjectTable:
    section: str
    projects: list[Project] = field(default_factory=list)
    total: TableTotal | None = None


def category_of(text: str) -> str | None:
    text = squash(text).replace("（", "(").replace("）", ")")
    if "改(扩)" in text or "改扩" in text or "扩建" in text or "扩改" in text or "改造" in text:
        return CATEGORY_EXPAND
    if "接收" in text or "配建" in text:
        return CATEGORY_RECEIVE
    if "续建" in text:
        return CATEGORY_CONTINUE
    if "新建" in text or "迁建" in text:
        return CATEGORY_NEW
    return None


def _columns(header: Row, sub: Row | None) -> dict[int, str]:
    columns: dict[int, str] = {}
    for index, cell in enumerate(header.cells):
        text = squash(cell)
        for words, key in _COLUMNS:
            if "是否" in text:
                break
            if any(word in text for word in words) and key not in columns.values():
                columns[index] = key
                break
    if sub is not None:
        for index, cell in enumerate(sub.cells):
            stage = _STAGES.get(squash(cell))
            if stage:
                columns[index] = f"seats:{stage}"
    return columns


def is_project_table(table: Table) -> bool:
    keys = set(_columns(table.rows[0], None).values())
    return "number" in keys and ("text" in keys or "name" in keys) and bool(keys & {"finish", "period", "investment"})


def _merge(previous: Row, row: Row) -> None:
    """Append a continuation row to the row above, cell by cell."""
    for index, cell in enumerate(row.cells):
        text = cell.strip()
        if not text:
            continue
        while len(previous.cells) <= index:
            previous.cells.append("")
        # The text layer sometimes repeats the tail of a wrapped cell ("…开发有限公司" + "发有限公司").
        if not previous.cells[index].strip().endswith(text):
            previous.cells[index] = previous.cells[index].strip() + text
    previous.text += " / " + row.text
    previous.last_line = row.last_line


def _is_sub_header(row: Row) -> bool:
    cells = [squash(c) for c in row.cells if c.strip()]
    return bool(cells) and all(c in _STAGES for c in cells)


def _name_of(text: str) -> str:
    """The school's name as the row states it, else "<place><kind>" ("卧龙五洲世纪城小学")."""
    clauses = re.split(r"[，,。；;]", squash(text))
    for clause in clauses:
        for prefix in _NAME_PREFIXES:
            match = _SCHOOL_NAME.search(prefix.sub("", clause, count=1))
            if match and not re.search(r"[个的、]|其中", match.group(0)):
                return match.group(0)
    place = re.sub(r"^(?:在|于)|(?:内|选址)$", "", clauses[0]) if clauses else ""
    kind = next((k for k in _SCHOOL_KINDS if k in squash(text)), "")
    return place + kind


def _stage(project: Project, stage_cell: str, kindergarten: bool) -> str | None:
    if stage_cell:
        return stage_cell
    if kindergarten:
        return STAGE_PRESCHOOL
    if NINE_YEAR in project.text:
        return NINE_YEAR
    stages = {s for s, n in project.seats.items() if n}
    if stages == {STAGE_PRIMARY, STAGE_JUNIOR}:
        return NINE_YEAR
    if len(stages) == 1:
        return stages.pop()
    name = project.name + project.text[:8]
    if "幼儿园" in name:
        return STAGE_PRESCHOOL
    if "九年" in name:
        return NINE_YEAR
    if "小学" in name:
        return STAGE_PRIMARY
    if re.search(r"初级中学|初中|一中", name):
        return STAGE_JUNIOR
    if name.endswith("学校"):
        project.flag("层次由校名“学校”推断为九年一贯制")
        return NINE_YEAR
    project.flag("无法判断学段")
    return None


def text_seats(text: str) -> float | None:
    for pattern in _TEXT_SEATS:
        match = pattern.search(squash(text))
        if match:
            return number(match.group(1))
    return None


def text_investment(text: str) -> float | None:
    match = _TEXT_INVESTMENT.search(squash(text))
    if not match:
        return None
    value = number(match.group(1))
    return value * 10_000 if match.group(2) == "亿" else value


def _project(cells: dict[str, str], row: Row, section: str, category: str | None, file: str) -> Project:
    kindergarten = "幼儿园" in section
    text = cells.get("text", "")
    seats, unread = _seats(cells, kindergarten)
    classes_match = _CLASSES.search(squash(text))
    start_cell, finish_cell = squash(cells.get("start", "")), squash(cells.get("finish", ""))
    if "period" in cells:
        years = re.findall(r"20\d\d", cells["period"])
        start_cell, finish_cell = (years[0], years[-1]) if years else ("", "")
    number_cell = squash(cells.get("number", ""))
    project = Project(
        number=int(number_cell) if number_cell.isdigit() else None,
        name=squash(cells["name"]) if cells.get("name") else _name_of(text),
        text=squash(text),
        category=category_of(cells["category"]) if cells.get("category") else category,
        stage=None,
        seats=seats,
        classes=number(classes_match.group(1)) if classes_match else None,
        area=_cell_number(cells.get("area", "")),
        floor_area=_cell_number(cells.get("floor_area", "")),
        investment=investment_wan(cells.get("investment", "")),
        start_year=year(start_cell),
        finish_year=year(finish_cell),
        start_pending=start_cell == "待定",
        responsible=squash(cells["responsible"]) or None if "responsible" in cells else None,
        section=section,
        source=Source(file=file, line=row.line, text=row.text.replace("\t", " | ")),
    )
    if "配建" in cells.get("note", ""):  # "开发企业配建": a school a developer builds and hands over
        project.category = CATEGORY_RECEIVE
    elif category is None and project.category is None:
        project.category = category_of(project.name + text[:12])
        if project.category:
            project.flag("类别由项目描述推断")
    if kindergarten and not seats:
        found = text_seats(text)
        if found is not None:
            project.seats = {STAGE_PRESCHOOL: found}
    project.stage = _stage(project, squash(cells.get("stage", "")), kindergarten)
    if cells.get("investment", "").strip() and project.investment is None:
        project.flag(f"投资“{cells['investment']}”无法识别")
    for cell in unread:
        project.flag(f"学位“{cell}”无法识别")
    return project


def _cell_number(text: str) -> float | None:
    """A cell holding a plain number (an area, seats), else None."""
    text = squash(text)
    return number(text) if re.fullmatch(NUMBER, text) else None


def _seats(cells: dict[str, str], kindergarten: bool) -> tuple[dict[str, float], list[str]]:
    """Seats per stage from the seat columns, and the non-empty seat cells that are not a number."""
    found = {key.split(":", 1)[1]: cell for key, cell in cells.items() if key.startswith("seats:") and cell.strip()}
    if cells.get("seats", "").strip():
        found[STAGE_PRESCHOOL if kindergarten else "合计"] = cells["seats"]
    seats = {stage: value for stage, cell in found.items() if (value := _cell_number(cell)) is not None}
    return seats, [cell.strip() for stage, cell in found.items() if stage not in seats]


def read_projects(table: Table, section: str, category: str | None, file: str) -> ProjectTable:
    header = table.rows[0]
    sub = table.rows[1] if len(table.rows) > 1 and _is_sub_header(table.rows[1]) else None
    columns = _columns(header, sub)
    number_index = next(i for i, k in columns.items() if k == "number")
    result = ProjectTable(section=section)
    rows: list[Row] = []
    for row in table.rows[2 if sub else 1 :]:
        first = squash(row.cell(number_index))
        if _columns(row, None) == _columns(header, None) and not first.isdigit():
            continue  # the header repeated after a page break
        if not first and rows:
            _merge(rows[-1], row)
        else:
            rows.append(Row(cells=list(row.cells), line=row.line, text=row.text, last_line=row.last_line))
    for row in rows:
        cells = {key: row.cell(index) for index, key in columns.items()}
        label = squash(cells.get("number", "")) + squash(cells.get("text", "")) + squash(cells.get("name", ""))
        if any(label.startswith(word) for word in _TOTAL):
            seats, _ = _seats(cells, kindergarten=False)
            seats.pop("合计", None)
            source = Source(file=file, line=row.line, text=row.text.replace("\t", " | "))
            result.total = TableTotal(section, category, seats, investment_wan(cells.get("investment", "")), source)
            continue
        result.projects.append(_project(cells, row, section, category, file))
    return result


def total_as_rollup(total: TableTotal) -> Rollup:
    return Rollup(
        table=total.section,
        category=total.category,
        stage=None,
        count=None,
        seats=total.seats,
        total_seats=sum(total.seats.values()) if total.seats else None,
        investment=total.investment,
        source=total.source,
    )
