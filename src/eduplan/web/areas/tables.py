"""A table people can work with: sorted, filtered, searched and paginated on the server, exported to Excel as shown.

One helper for every worked table (the school list, the assessment matrix, the seat gaps). A view describes its
table once (:class:`Spec`: columns, filters, searched keys), hands the rows it may show (dicts, already cut to the
user's scope) to :func:`work`, and renders the result with ``{% include "web/common/_table.html" with t=... %}``; when the
query asks for the workbook, :func:`xlsx_response` answers with every matching row in the order shown. The
parameters are read by ``forms.table_query``: a bad sort key, page, filter value or format is a 400 with a Chinese
message. Sorting and filtering reload only the table (htmx), and the URL keeps the state, so a filtered list can be
linked to (the drill-down from the cockpit's cards does so).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, QueryDict

from eduplan.reports.document import CellKind, Document, Section, Table
from eduplan.reports.document import Column as ReportColumn
from eduplan.reports.xlsx import render_xlsx
from eduplan.web import forms

Row = Mapping[str, Any]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Col:
    """A column: the row key it shows, its header, how its values look (the kinds of ``reports.document``)."""

    key: str
    label: str
    kind: CellKind = "text"
    decimals: int = 2
    link: str = ""  # the row key holding the URL this cell links to
    tone_from: str = ""  # the row key of a bool (met or not) or a tone (pass / warn / fail) colouring the cell
    title: str = ""  # the row key of the cell's tooltip text
    sortable: bool = True
    translate: bool = False  # values of a vocabulary (statuses, verdicts) shown in the page's language

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "float", "number", "percent")


@dataclass(frozen=True)
class Filter:
    """A filter: the values one may choose (value → label), compared with the row's ``field`` (default ``key``); a
    row whose field holds a list matches when the list holds the value."""

    key: str
    label: str
    choices: Mapping[str, str]
    field: str = ""


@dataclass(frozen=True)
class Spec:
    id: str  # the element id, and the name of the exported file's sheet
    title: str
    columns: tuple[Col, ...]
    filters: tuple[Filter, ...] = ()
    search: tuple[str, ...] = ()  # the row keys a search looks in
    search_label: str = "搜索"
    page_size: int = 50
    prefix: str = ""  # of every parameter, when a page holds more than one table
    push_url: bool = True  # False inside a panel loaded on its own URL
    sticky: bool = False  # the first column stays in view when the table scrolls sideways


@dataclass
class Worked:
    """A table as the template renders it: the page's rows as cells, the links of its headers and pages."""

    spec: Spec
    path: str
    query: forms.TableQuery
    total: int  # rows before filtering and searching
    matching: list[Row]
    page: Page[Row] | None = None
    headers: list[dict[str, Any]] = field(default_factory=list)
    rows: list[list[dict[str, Any]]] = field(default_factory=list)
    filters: list[dict[str, Any]] = field(default_factory=list)
    keep: list[tuple[str, str]] = field(default_factory=list)  # hidden inputs of the filter form
    links: dict[str, str] = field(default_factory=dict)  # previous, next, export


def _sort_key(value: Any) -> tuple[int, int, Any]:
    if value is None or value == "":
        return (1, 0, 0)  # empty cells last, whichever the direction
    if isinstance(value, bool | int | float):
        return (0, 0, float(value))
    return (0, 1, str(value))


def _matches(row: Row, spec: Spec, query: forms.TableQuery) -> bool:
    for f in spec.filters:
        if f.key in query.filters:
            value = row.get(f.field or f.key)
            wanted = query.filters[f.key]
            if not (wanted in value if isinstance(value, list | tuple | set) else str(value) == wanted):
                return False
    if query.q:
        needle = query.q.casefold()
        return any(needle in str(row.get(k) or "").casefold() for k in spec.search)
    return True


def _url(path: str, params: QueryDict, **changes: str) -> str:
    out = params.copy()
    for key, value in changes.items():
        if value:
            out[key] = value
        else:
            out.pop(key, None)
    encoded = out.urlencode()
    return f"{path}?{encoded}" if encoded else path


def work(request: HttpRequest, spec: Spec, rows: Iterable[Row]) -> Worked:
    """The rows filtered, searched, sorted and cut to the asked page (all of them when the workbook is asked for)."""
    p = spec.prefix
    sortable = {c.key: c.label for c in spec.columns if c.sortable}
    filters = {f.key: (f.label, f.choices) for f in spec.filters}
    query = forms.table_query(request.GET, p, sortable, filters)
    every = list(rows)
    matching = [r for r in every if _matches(r, spec, query)]
    if query.sort:
        matching.sort(key=lambda r: _sort_key(r.get(query.sort)), reverse=query.descending)
        if query.descending:  # empty cells last either way
            matching.sort(key=lambda r: r.get(query.sort) is None or r.get(query.sort) == "")
    worked = Worked(spec, request.path, query, len(every), matching)
    if query.export:
        return worked
    params = request.GET.copy()
    params.pop(f"{p}page", None)
    for col in spec.columns:
        header: dict[str, Any] = {"col": col, "arrow": ""}
        if col.sortable:
            ascending_now = query.sort == col.key and not query.descending
            header["url"] = _url(worked.path, params, **{f"{p}sort": f"-{col.key}" if ascending_now else col.key})
            header["arrow"] = ("▼" if query.descending else "▲") if query.sort == col.key else ""
        worked.headers.append(header)
    page = Paginator(matching, spec.page_size).get_page(query.page)
    worked.page = page
    worked.rows = [[_cell(col, row) for col in spec.columns] for row in page.object_list]
    worked.filters = [
        {"name": f"{p}{f.key}", "label": f.label, "choices": f.choices.items(), "chosen": query.filters.get(f.key, "")}
        for f in spec.filters
    ]
    own = {f"{p}{k}" for k in ("q", "page", "export", *filters)}
    worked.keep = [(k, str(v)) for k, v in request.GET.items() if k not in own]
    if page.has_previous():
        worked.links["previous"] = _url(worked.path, request.GET, **{f"{p}page": str(page.previous_page_number())})
    if page.has_next():
        worked.links["next"] = _url(worked.path, request.GET, **{f"{p}page": str(page.next_page_number())})
    worked.links["export"] = _url(worked.path, params, **{f"{p}export": "xlsx"})
    return worked


def _cell(col: Col, row: Row) -> dict[str, Any]:
    tone = row.get(col.tone_from) if col.tone_from else None
    cls = "num" if col.numeric else ""
    if isinstance(tone, bool):
        cls += " pass" if tone else " fail"
    elif tone in ("pass", "warn", "fail"):
        cls += f" {tone}"
    return {
        "value": row.get(col.key),
        "col": col,
        "url": row.get(col.link) if col.link else "",
        "cls": cls.strip(),
        "title": row.get(col.title, "") if col.title else "",
    }


def _export_value(col: Col, value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return value


def xlsx_response(worked: Worked, issuer: str, cover: Sequence[tuple[str, str]] = ()) -> HttpResponse:
    """Every matching row, sorted as asked, in the workbook writer of the reports (user text neutralised there)."""
    spec = worked.spec
    columns = tuple(
        ReportColumn(c.key, c.label, c.kind, c.decimals if c.kind in ("float", "percent") else 0) for c in spec.columns
    )
    rows = [{c.key: _export_value(c, r.get(c.key)) for c in spec.columns} for r in worked.matching]
    chosen = [(f.label, f.choices[worked.query.filters[f.key]]) for f in spec.filters if f.key in worked.query.filters]
    facts = (*cover, *chosen, *((("搜索", worked.query.q),) if worked.query.q else ()), ("行数", str(len(rows))))
    table = Table(spec.title, spec.title[:31], columns, rows, empty_text="没有符合条件的行")
    doc = Document(spec.title, "", issuer, facts, None, (Section(spec.title, (table,)),), filename_stem=spec.id)
    response = HttpResponse(render_xlsx(doc), content_type=XLSX)
    filename = f"{spec.title}-{date.today():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
