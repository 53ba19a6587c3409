"""Supervision objects for the web tests (issue 18), on top of ``tests/web/world.py``.

- 王督学 (专职), the login t-inspector, has 城南小学 (the clerk's school) in his 责任区 since 2023-09-01 — not 河西小学;
- the 2023年秋季学期 plan of 清城区 (one regular visit per school) and one of 清新区 (out of scope);
- a visit to 城南小学 on 2023-10-09 with one 不合格 item, its rectification still open (``rect``), and a second one
  already answered by the school (``rect_reported``); a rectification at 河西小学 and one at 外县小学, each with a
  photo as evidence.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from eduplan.standards.supervision import REGULAR
from eduplan.store.models import Region
from eduplan.store.models.supervision import Evidence, Rectification
from eduplan.store.supervision import (
    Finding,
    Upload,
    VisitInput,
    do_add_inspector,
    do_assign_school,
    do_create_plan,
    do_record_visit,
    do_submit_report,
)
from tests.images import tiny_png
from tests.web.world import ROLE_USERS, WebWorld

PNG = tiny_png()
VISIT_DAY = dt.date(2023, 10, 9)
# A visit as the checklist form posts it: every item 合格.
VISIT_FORM = {
    "date": "2023-10-09",
    "kind": "挂牌督导",
    "checklist": "regular",
    **{f"result_{item.key}": "合格" for item in REGULAR.items},
}


def _visit(school: str, finding: str, *more: str) -> list[Rectification]:
    failing = ("regular_06", *("regular_07",) * bool(more))
    results = {i.key: ("不合格" if i.key in failing else "合格", "") for i in REGULAR.items}
    findings = tuple(
        Finding(text, "较重", "张主任", dt.date(2023, 11, 30), item_key=key)
        for key, text in zip(failing, (finding, *more), strict=True)
    )
    visit, _ = do_record_visit(
        None,
        VisitInput(school, VISIT_DAY, "挂牌督导", "regular", results, findings, evidence=(Upload("现场.png", PNG),)),
    )
    return list(visit.rectifications.order_by("id"))


def supervision_ids(web: WebWorld) -> dict[str, int]:
    county = Region.objects.get(code=web.county)
    wang = do_add_inspector(None, "王督学", "专职", county, User.objects.get(username=ROLE_USERS["inspector"]))
    do_assign_school(None, wang, web.school, dt.date(2023, 9, 1))
    do_create_plan(None, county, "2023年秋季学期", dt.date(2023, 9, 1), dt.date(2024, 1, 31), 1)
    other = Region.objects.get(code=web.other_county)
    do_create_plan(None, other, "范围外的计划", dt.date(2023, 9, 1), dt.date(2024, 1, 31), 1)
    rect, reported = _visit(web.school, "消防通道堆放杂物", "食堂留样记录缺失")
    do_submit_report(None, reported, web.school, "已补齐留样记录")
    (sibling,) = _visit(web.sibling_school, "河西小学的发现")
    (outside,) = _visit(web.other_school, "范围外的发现")
    evidence = {r.school_code: Evidence.objects.filter(visit=r.visit).get().pk for r in (rect, sibling, outside)}
    return {
        "rect": rect.pk,
        "rect_reported": reported.pk,
        "sibling_rect": sibling.pk,
        "other_rect": outside.pk,
        "visit": rect.visit_id,
        "sibling_visit": sibling.visit_id,
        "other_visit": outside.visit_id,
        "evidence": evidence[web.school],
        "sibling_evidence": evidence[web.sibling_school],
        "other_evidence": evidence[web.other_school],
    }
