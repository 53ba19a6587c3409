"""The access matrix: every URL pattern × every role × an object in scope and one out of scope.

The URL conf is walked, so a new URL without a rule in RULES fails ``test_every_url_has_a_rule``.
Out of scope is always 403 or 404 and never shows out-of-scope data; in scope, a role reads what its
scope holds and writes only where its role may (else 403).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from eduplan.store.models import SupervisionNote
from tests.web.conftest import client_for
from tests.web.supervision_world import VISIT_FORM, supervision_ids
from tests.web.world import CITY_ANALYST, OUTSIDER, ROLE_USERS, WebWorld, current_tables, workbook

# Text that only out-of-scope objects carry: it must never appear in a response to a 清城区 user.
OUT_OF_SCOPE_TEXT = ("外县小学", "4418030001", "清新区", "范围外指标", "范围外的发现", OUTSIDER)
# A clerk's scope is one school (城南小学): its sibling schools of the same county are out of it too.
OUT_OF_CLERK_SCOPE_TEXT = (*OUT_OF_SCOPE_TEXT, "河西小学", "新城小学", "石角小学教学点", "4418020002", "河西小学的发现")


@dataclass(frozen=True)
class Objects:
    """The keyword arguments of a URL for an object in and out of the test users' scope."""

    inside: dict[str, Any]
    outside: dict[str, Any] | None  # None: the URL names no object (a list page); its content is checked instead
    # More objects out of every test user's scope: the region above theirs, an in-scope URL naming an item of another.
    also_outside: tuple[dict[str, Any], ...] = ()
    # Objects in the county but outside the clerk's one school (城南小学): a sibling school, its notes.
    clerk_outside: tuple[dict[str, Any], ...] = ()
    # Supervision records of a school of the county outside the inspector's 责任区 (河西小学): out of his reading
    # unless the office allows it (docs/supervision.md).
    area_outside: tuple[dict[str, Any], ...] = ()

    def outside_for(self, role: str) -> list[dict[str, Any]]:
        if self.outside is None:
            return []
        return [
            self.outside,
            *self.also_outside,
            *(self.clerk_outside if role == "clerk" else ()),
            *(self.area_outside if role == "inspector" else ()),
        ]


@dataclass(frozen=True)
class Rule:
    kind: str  # public | list | region | school | plan | census | user | admin
    objects: Callable[[WebWorld, dict[str, int]], Objects]
    method: str = "get"
    area: str | None = None  # the write area a role needs (access.WRITES); None for reads
    data: dict[str, str] | Callable[[str], dict[str, str]] = field(default_factory=dict)  # by role if callable
    query: str = ""


def _none(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({}, None)


CITY = "441800"  # 清远市, above the test users' county: out of their scope too


def _region(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects(
        {"region": w.county, "year": 2023},
        {"region": w.other_county, "year": 2023},
        also_outside=({"region": CITY, "year": 2023}, {"region": w.other_town, "year": 2023}),
    )


def _school(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"code": w.school}, {"code": w.other_school}, clerk_outside=({"code": w.sibling_school},))


def _note(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects(
        {"code": w.school, "note_id": ids["note"]},
        {"code": w.other_school, "note_id": ids["other_note"]},
        also_outside=({"code": w.school, "note_id": ids["other_note"]},),  # another county's note under his school
        clerk_outside=(
            {"code": w.sibling_school, "note_id": ids["sibling_note"]},
            {"code": w.school, "note_id": ids["sibling_note"]},
        ),
    )


def _plan(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"plan_id": w.plan_id}, {"plan_id": w.other_plan_id})


def _plan_item(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects(
        {"plan_id": w.plan_id, "kind": "indicator", "item_id": w.indicator_id},
        {"plan_id": w.other_plan_id, "kind": "indicator", "item_id": w.other_indicator_id},
        also_outside=({"plan_id": w.plan_id, "kind": "indicator", "item_id": w.other_indicator_id},),
    )


UPLOAD_READ = {"token": "a" * 64, "filename": "规划.docx", "region": "441802"}


def _stored_upload(w: WebWorld) -> Objects:
    """The plan stored from the upload UPLOAD_READ names: reading it again leads to that plan (302), no file needed."""
    from eduplan.store.models import Plan

    Plan.objects.filter(pk=w.plan_id).update(source_sha256=UPLOAD_READ["token"])
    return Objects({}, None)


def _scenario(w: WebWorld, ids: dict[str, int]) -> Objects:
    """A stored investment scenario of the test county and one of the other county (an empty plan)."""
    from eduplan.store.models import AnalysisRun, Region

    def run(county: str) -> int:
        result = {
            "region": county, "year": 2023, "census_version": 1, "name": "范围外方案" if county != w.county else "方案",
            "variant": "least_cost", "budget": None, "status": "optimal", "cost": 0.0, "gap": 0.0, "seconds": 0.1,
            "parts": [], "stages": [], "staff_years": 1, "unit_costs": {}, "notes": [],
        }  # fmt: skip
        region = Region.objects.get(code=county)
        return AnalysisRun.objects.create(kind="investment", region=region, year=2023, result=result).pk

    inside, outside = run(w.county), run(w.other_county)
    return Objects(
        {"region": w.county, "year": 2023, "run_id": inside, "fmt": "xlsx"},
        {"region": w.other_county, "year": 2023, "run_id": outside, "fmt": "xlsx"},
        also_outside=({"region": w.county, "year": 2023, "run_id": outside, "fmt": "xlsx"},),
    )


def _census(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"year": 2022, "number": 1}, {"year": 2022, "number": 99})


def _user(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"user_id": ids["leader"]}, {"user_id": ids["outsider"]}, also_outside=({"user_id": ids["city"]},))


def _api_region(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects({"code": w.county}, {"code": w.other_county}, also_outside=({"code": CITY},))


def _api_region_year(w: WebWorld, ids: dict[str, int]) -> Objects:
    return Objects(
        {"code": w.county, "year": 2023},
        {"code": w.other_county, "year": 2023},
        also_outside=({"code": CITY, "year": 2023},),
    )


# ---- teachers as people (docs/teachers.md): a 2023 roster of both counties, made when a rule first needs it.
def _teacher_ids(w: WebWorld) -> dict[str, str]:
    """Pseudonyms of a teacher of the clerk's school, of its sibling school and of the other county's school."""
    import tempfile
    from pathlib import Path

    from eduplan.ingest.teachers import pseudonym, read_teachers
    from eduplan.store.models import RosterVersion
    from eduplan.store.teachers import do_import_teachers
    from tests.ingest.teacher_books import KEY, id_number
    from tests.ingest.teacher_books import workbook as teacher_workbook

    schools = {"own": w.school, "sibling": w.sibling_school, "other": w.other_school}
    numbers = {role: id_number("19800101", 100 + i) for i, role in enumerate(schools)}
    if not RosterVersion.objects.filter(year=2023).exists():
        folder = Path(tempfile.mkdtemp(prefix="eduplan-roster-"))
        rows = [{"身份证号": numbers[r], "学校标识码": code, "到校学年": 2010} for r, code in schools.items()]
        path = teacher_workbook(folder / "roster.xlsx", rows)
        do_import_teachers(path, 2023, checked=read_teachers(path, 2023, KEY, set(schools.values())))
    return {role: pseudonym(number, KEY) for role, number in numbers.items()}


def _region_roster(w: WebWorld, ids: dict[str, int]) -> Objects:
    _teacher_ids(w)
    return _region(w, ids)


def _school_roster(w: WebWorld, ids: dict[str, int]) -> Objects:
    _teacher_ids(w)
    return _with(_school(w, ids), year=2023)


def _teacher_edit(w: WebWorld, ids: dict[str, int]) -> Objects:
    t = _teacher_ids(w)
    return Objects(
        {"code": w.school, "year": 2023, "teacher": t["own"]},
        {"code": w.other_school, "year": 2023, "teacher": t["other"]},
        also_outside=({"code": w.school, "year": 2023, "teacher": t["other"]},),  # another county's teacher
        clerk_outside=(
            {"code": w.sibling_school, "year": 2023, "teacher": t["sibling"]},
            {"code": w.school, "year": 2023, "teacher": t["sibling"]},
        ),
    )


def _api_region_roster(w: WebWorld, ids: dict[str, int]) -> Objects:
    _teacher_ids(w)
    return _api_region_year(w, ids)


TEACHER_RULES: dict[str, Rule] = {
    "teachers": Rule("region", _region_roster),
    "teacher_rotation": Rule("region", _region_roster),
    "teacher_training": Rule("region", _region_roster),
    "teacher_registry": Rule("region", _region_roster, area="teachers"),  # named: personnel and admin only
    "teacher_upload": Rule("region", _region_roster, "post", "teachers"),  # no file: back to the registry page
    "teacher_title_ratios": Rule("region", _region_roster, "post", "teachers", {"senior-小学": "15", "mid-小学": "40"}),
    "teacher_report": Rule("region", lambda w, i: _with(_region_roster(w, i), fmt="xlsx")),
    "school_teachers": Rule("school", _school_roster, area="teachers"),  # named: + the clerk for his school
    "school_teacher_edit": Rule("school", _teacher_edit, "post", "teachers", {"title": "一级"}),
    "teacher_template": Rule("list", _none),
    "api_teachers": Rule("region", _api_region_roster),
}

NEW_CASE = {
    "student_id": "G1",
    "name": "测试学生",
    "birth_year": "2013",
    "grade": "5",
    "kind": "长期缺勤",
    "reason": "厌学",
    "responsible": "李老师",
    "absent_since": "2024-03-04",
    "reported_on": "2024-03-05",
}


ADMISSION_SEATS = "school_code,name,area,grade,kind,seats\n4418020001,城南小学,城区,1,公办,2\n"


def _admission_rubric() -> str:
    import json

    from eduplan.standards.admission import RUBRICS

    return json.dumps(RUBRICS["gz-2021"].as_dict() | {"id": "qc-own", "city": "4418", "title": "清城区积分细则"})


ADMISSION_RUBRIC = _admission_rubric()


def _admission(w: WebWorld, ids: dict[str, int]) -> Objects:
    """清城区 2025: its own rubric, 2 seats at 城南小学, 3 applicants, one run (made once per test)."""
    import datetime as dt
    import json

    import pandas as pd

    from eduplan.store.admission import do_run_admission, do_save_rubric, do_set_seats, do_store_applicants
    from eduplan.store.models import AdmissionRubric

    if not AdmissionRubric.objects.filter(code="qc-own").exists():
        do_save_rubric(json.loads(ADMISSION_RUBRIC), region_code=w.county)
        do_set_seats(
            pd.read_csv(io.StringIO(ADMISSION_SEATS), dtype={"school_code": str}), region_code=w.county, year=2025
        )
        people = pd.DataFrame(
            [{"applicant": f"p{n}", "name": f"申请人{n}", "row": n + 1, "grade": 1, "area": "城区",
              "permit_start": dt.date(2020 - n, 1, 1), "choices": ["4418020001"]} for n in range(1, 4)]
        )  # fmt: skip
        do_store_applicants(people, region_code=w.county, year=2025, filename="清城申请.xlsx")
        do_run_admission(w.county, 2025, seed=1)
    return Objects(
        {"region": w.county, "year": 2025},
        {"region": w.other_county, "year": 2025},
        also_outside=({"region": CITY, "year": 2025}, {"region": w.other_town, "year": 2025}),
    )


# 学生体质健康 (docs/fitness.md): the rules that show results upload the world's first (tests/web/fitness.py).
def _fitness_loaded(objects: Callable[[WebWorld, dict[str, int]], Objects]) -> Callable[..., Objects]:
    def with_results(w: WebWorld, ids: dict[str, int]) -> Objects:
        import tempfile
        from pathlib import Path

        from tests.web.fitness import upload_fitness

        with tempfile.TemporaryDirectory() as folder:
            upload_fitness(Path(folder))
        return objects(w, ids)

    return with_results


FITNESS_RULES: dict[str, Rule] = {
    "fitness": Rule("region", _fitness_loaded(_region)),
    "fitness_report": Rule("region", _fitness_loaded(lambda w, i: _with(_region(w, i), fmt="xlsx"))),
    "school_fitness": Rule("school", _fitness_loaded(_school), query="?year=2023"),
    "fitness_upload": Rule("school", _school, area="fitness"),
    "fitness_template": Rule("list", _none),
}


def _submitted(w: WebWorld, i: dict[str, int]) -> Objects:
    """城南小学's 2023 rows submitted for review (the first reviewer returns them; later ones find nothing pending)."""
    from eduplan.store.collection import do_save_draft, do_submit
    from eduplan.store.registry import current_version

    school = current_version(w.school, 2023)
    assert school is not None
    do_submit(None, do_save_draft(None, school, 2023, {}))
    return _with(_school(w, i), year=2023)


def _account(w: WebWorld, i: dict[str, int]) -> Objects:
    """An extra clerk of 城南小学 whom the administrator may deactivate (the test users must keep logging in)."""
    from eduplan.store.models import UserScope

    extra = User.objects.create_user("t-extra-clerk", password="x")
    UserScope.objects.create(user=extra, role="clerk", school_code=w.school)
    return Objects({"user_id": extra.pk}, {"user_id": i["outsider"]}, also_outside=({"user_id": i["city"]},))


NEW_USER = {"username": "t-new-clerk", "password": "initial-pass-1", "role": "clerk", "where": "4418020001"}
COLLECTION_RULES: dict[str, Rule] = {
    "school_census": Rule("school", lambda w, i: _with(_school(w, i), year=2023), "post", "school_census"),
    "school_review": Rule("school", _submitted, "post", "collection", {"decision": "return", "reason": "请核实"}),
    "collection": Rule("region", _region),
    "school_workbook": Rule("school", lambda w, i: _with(_school(w, i), year=2023)),
    "school_workbook_upload": Rule(  # no file: back to the form with a message
        "school", lambda w, i: _with(_school(w, i), year=2023), "post", "school_census"
    ),
    "census_restore_county": Rule("census", _census, "post", "collection", {"county": "441802"}),
    "user_create": Rule("admin", _none, "post", "users", NEW_USER),
    "user_account": Rule("admin", _account, "post", "users", {"action": "deactivate"}),
}


# ---- background jobs (docs/operations.md): a user sees his own jobs, an administrator those in his scope.
def _jobs(w: WebWorld, i: dict[str, int]) -> Objects:
    """A finished job of the clerk with a report file, one of the leader (outside the clerk's jobs), one outside."""
    from django.conf import settings

    from eduplan.store.models import Job

    def make(username: str, scope: str, title: str) -> int:
        owner = User.objects.get(username=username)
        job = Job.objects.create(kind="census.import", owner=owner, scope=scope, title=title, time_limit=60)
        Job.objects.filter(pk=job.pk).update(state="done", progress=100, result={"text": "完成", "file": "r.xlsx"})
        folder = settings.JOBS_DIR / str(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "r.xlsx").write_bytes(b"report")
        return job.pk

    inside = make("t-clerk", w.school, "城南小学的任务")
    leaders = make("t-leader", w.county, "局领导的任务")
    outside = make(OUTSIDER, w.other_county, "清新区的任务")
    return Objects({"job_id": inside}, {"job_id": outside}, clerk_outside=({"job_id": leaders},))


JOB_RULES: dict[str, Rule] = {
    "jobs": Rule("list", _none),
    "job": Rule("job", _jobs),
    "job_progress": Rule("job", _jobs),
    "job_download": Rule("job", _jobs),
    "job_cancel": Rule("job", _jobs, "post"),  # the owner only: the administrator who sees it may not cancel it
    "report_job": Rule("region", lambda w, i: _with(_region(w, i), name="staffing.xlsx"), "post"),
}


RULES: dict[str, Rule] = {
    **FITNESS_RULES,
    **JOB_RULES,
    "login": Rule("public", _none),
    "logout": Rule("public", _none, method="post"),
    "set_language": Rule("public", _none, method="post", data={"language": "en", "next": "/"}),
    "home": Rule("list", _none),
    "pick": Rule("list", _none),
    "dashboard": Rule("region", _region),
    "dashboard_panel": Rule("region", lambda w, i: _with(_region(w, i), name="balance")),
    "schools": Rule("region", _region),
    "assessments": Rule("region", _region),
    "assessment_run": Rule("region", _region, "post", "assessments", {"kind": "balanced"}),
    "assessment_item": Rule("region", _region, "post", "assessments", {"item_key": "gov_01_layout", "status": "达标"}),
    "forecasts": Rule("region", _region),
    # investment plan (issue 23)
    "investment": Rule("region", _region),
    "investment_run": Rule("region", _region, "post", "assessments", {"variant": "least_cost", "time_limit": "10"}),
    "investment_costs": Rule("region", _region, "post", "assessments", {"multimedia_room": "3.5", "staff_years": "1"}),
    "investment_report": Rule("region", lambda w, i: _scenario(w, i)),
    "value_added": Rule("region", _region, query="?grade=6&subject=%E6%95%B0%E5%AD%A6"),
    "value_added_report": Rule(
        "region", lambda w, i: _with(_region(w, i), fmt="xlsx"), query="?grade=6&subject=%E6%95%B0%E5%AD%A6"
    ),
    "school_value_added": Rule("school", _school, query="?grade=6&subject=%E6%95%B0%E5%AD%A6"),
    "reports": Rule("region", _region),
    "report_download": Rule("region", lambda w, i: _with(_region(w, i), name="census.xlsx")),
    "school": Rule("school", _school),
    "add_note": Rule("school", _school, "post", "supervision", {"year": "2023", "finding": "功能室不足"}),
    "rectify_note": Rule("school", _note, "post", "rectification", {"rectification": "已补齐", "status": "已整改"}),
    "census": Rule("census", _none),
    "census_upload": Rule("census", _none, area="census"),
    "census_restore": Rule("census", _census, "post", "census"),
    "plans": Rule("list", _none),
    "plan": Rule("plan", _plan),
    "plan_review": Rule("plan", _plan),
    "plan_report": Rule("plan", lambda w, i: _with(_plan(w, i), fmt="xlsx")),
    "plan_correct": Rule("plan", _plan_item, "post", "plans", {"name": "学前三年毛入园率", "target_value": "98"}),
    # plan work in the browser (issue 14): the reading step finds the file's plan stored already (_stored_upload)
    "plan_new": Rule(
        "list",
        _none,
        "post",
        "plans",
        {"title": "手工规划", "region": "441802", "period_start": "2021", "period_end": "2025"},
    ),
    "plan_upload": Rule("list", _none, area="plans"),
    "plan_upload_read": Rule("list", lambda w, i: _stored_upload(w), "post", "plans", UPLOAD_READ),
    "plan_add_item": Rule("plan", lambda w, i: _with(_plan(w, i), kind="task"), "post", "plans", {"text": "手工任务"}),
    "plan_track": Rule("plan", _plan),
    "plan_track_save": Rule("plan", _plan_item, "post", "plans", {"year": "2023", "value": "97"}),
    "audit": Rule("list", _none),
    "users": Rule("admin", _none),
    "user_scope": Rule("admin", _user, "post", "users", {"role": "leader", "where": "441802"}),
    # 积分入学 (docs/admission.md): pages of 2025 on a rubric, seats, applicants and a run of 清城区 made by _admission
    "admission": Rule("region", lambda w, i: _admission(w, i)),
    "admission_run": Rule("region", lambda w, i: _admission(w, i), "post", "admission", {"seed": "7"}),
    "admission_seats": Rule("region", lambda w, i: _admission(w, i), "post", "admission", {"csv": ADMISSION_SEATS}),
    "admission_rubric": Rule(
        "region", lambda w, i: _admission(w, i), "post", "admission", {"rubric": ADMISSION_RUBRIC}
    ),
    "admission_applicants": Rule("admissions", lambda w, i: _admission(w, i)),
    "admission_whatif": Rule("region", lambda w, i: _admission(w, i), query="?seats=4418020001:1=1&purchased=1"),
    "admission_report": Rule("region", lambda w, i: _with(_admission(w, i), kind="summary", fmt="xlsx")),
    "api_openapi": Rule("list", _none),
    "api_regions": Rule("list", _none),
    "api_region_schools": Rule("region", _api_region, query="?year=2023"),
    "api_school": Rule("school", _school),
    "api_census_versions": Rule("list", _none),
    "api_plans": Rule("list", _none),
    "api_plan": Rule("plan", _plan),
    "api_quality_balance": Rule("region", _api_region_year),
    "api_value_added": Rule("region", _api_region_year, query="?grade=6&subject=%E6%95%B0%E5%AD%A6"),
    "api_audit": Rule("list", _none),
    **TEACHER_RULES,
    # learning quality and 控辍保学 (issue 21)
    "quality": Rule("region", _region, query="?grade=6&subject=%E6%95%B0%E5%AD%A6"),
    "quality_settings": Rule("region", _region, "post", "assessments", {"benchmark": "4418020001"}),
    "quality_report": Rule(
        "region", lambda w, i: _with(_region(w, i), fmt="xlsx"), query="?grade=6&subject=%E6%95%B0%E5%AD%A6"
    ),
    "attendance": Rule("region", _region, query="?month=2024-03"),
    "attendance_cases": Rule("region", _region, area="attendance"),
    "attendance_report": Rule("region", lambda w, i: _with(_region(w, i), fmt="xlsx"), query="?month=2024-03"),
    "school_cases": Rule("school", _school, area="attendance"),
    "school_case_new": Rule("school", _school, "post", "attendance", NEW_CASE),
    "case": Rule("school", lambda w, i: _cases(w), area="attendance"),
    "api_quality": Rule("region", _api_region_year, query="?grade=6&subject=%E6%95%B0%E5%AD%A6"),
    "case_step": Rule("school", lambda w, i: _cases(w), "post", "attendance", {"step": "家访", "on": "2024-03-06"}),
    # supervision loop (issue 18)
    "supervision_home": Rule("list", _none),
    "supervision_office": Rule("region", _region),
    "supervision_report": Rule("region", lambda w, i: _with(_region(w, i), fmt="xlsx")),
    "api_supervision": Rule("region", _api_region_year),
    "school_supervision": Rule("school", lambda w, i: _area(_school(w, i))),
    "supervision_visit": Rule("school", lambda w, i: _area(_school(w, i)), "post", "supervision", VISIT_FORM),
    "supervision_reading": Rule("region", _region, "post", "supervision_office", {"wider": "on"}),
    # Each role that may write assigns and plans on its own day: the same school twice on one day is a duplicate (400).
    "supervision_assign": Rule(
        "region",
        _region,
        "post",
        "supervision_office",
        lambda role: {
            "new_name": "新督学",
            "new_kind": "兼职",
            "schools": "4418020002",
            "valid_from": _role_day(2024, 2, role),
        },
    ),
    "supervision_due": Rule(
        "region",
        _region,
        "post",
        "supervision_office",
        lambda role: {
            "schools": "4418020002",
            "kind": "回头看",
            "checklist": "regular",
            "due": _role_day(2023, 12, role),
        },
    ),
    "rectification": Rule("school", lambda w, i: _rect(i, "rect")),
    "rectification_notice": Rule("school", lambda w, i: _rect(i, "rect")),
    "rectification_report": Rule("school", lambda w, i: _rect(i, "rect"), "post", "rectification", {"text": "已整改"}),
    "rectification_recheck": Rule(
        "school",
        lambda w, i: _rect(i, "rect_reported"),
        "post",
        "supervision",
        {"outcome": "return", "reason": "证明不足"},
    ),
    "rectification_action": Rule(
        "school",
        lambda w, i: _rect(i, "rect"),
        "post",
        "supervision",
        {"kind": "约谈", "date": "2023-11-20", "who": "校长"},
    ),
    "visit_report": Rule("school", lambda w, i: _with(_visit(i), fmt="xlsx")),
    "api_visit": Rule("school", lambda w, i: _visit(i)),
    "api_rectification": Rule("school", lambda w, i: _rect(i, "rect")),
    "dossier": Rule("region", _region),
    "dossier_evidence": Rule(
        "region", _region, "post", "assessments", {"standard": "quality_balance_2017", "item_key": "gov_01_layout"}
    ),
    # the leaders' cockpit and map, 基本均衡 and 学前普及普惠 county pages (issue 15)
    "cockpit": Rule("region", _region),
    "cockpit_seats": Rule("region", _region),
    "basic_balance": Rule("region", _region),
    "preschool": Rule("region", _region),
    "evidence_file": Rule(
        "school",
        lambda w, i: _area(
            Objects(
                {"evidence_id": i["evidence"]},
                {"evidence_id": i["other_evidence"]},
                clerk_outside=({"evidence_id": i["sibling_evidence"]},),
            )
        ),
    ),
    # the yearly collection and accounts (docs/collection.md)
    **COLLECTION_RULES,
}


def _cases(w: WebWorld) -> Objects:
    """A case at the clerk's school, one at his sibling school and one in the other county."""
    from datetime import date

    from eduplan.store.models import AttendanceCase

    def make(school: str, region: str, name: str) -> int:
        fields = {"pupil": "0" * 32, "birth_year": 2013, "grade": "5", "kind": "长期缺勤", "reason": "厌学"}
        fields |= {"responsible": "李老师", "absent_since": date(2024, 3, 4)}
        return AttendanceCase.objects.create(school_code=school, region_code=region, name=name, **fields).pk

    inside = make(w.school, "441802001", "本校学生")
    sibling = make(w.sibling_school, "441802002", "河西小学的学生")
    other = make(w.other_school, w.other_town, "外县小学的学生")
    return Objects({"case_id": inside}, {"case_id": other}, clerk_outside=({"case_id": sibling},))


def _rect(ids: dict[str, int], key: str) -> Objects:
    return _area(
        Objects(
            {"rect_id": ids[key]}, {"rect_id": ids["other_rect"]}, clerk_outside=({"rect_id": ids["sibling_rect"]},)
        )
    )


def _visit(ids: dict[str, int]) -> Objects:
    return _area(
        Objects(
            {"visit_id": ids["visit"]},
            {"visit_id": ids["other_visit"]},
            clerk_outside=({"visit_id": ids["sibling_visit"]},),
        )
    )


def _role_day(year: int, month: int, role: str) -> str:
    return f"{year}-{month:02d}-{[*ROLE_USERS, ''].index(role) + 1:02d}"


def _area(objects: Objects) -> Objects:
    """A supervision record: the clerk's sibling school (河西小学) is outside the test inspector's 责任区 too."""
    return Objects(objects.inside, objects.outside, objects.also_outside, objects.clerk_outside, objects.clerk_outside)


def _with(objects: Objects, **extra: Any) -> Objects:
    return Objects(
        {**objects.inside, **extra},
        {**(objects.outside or {}), **extra},
        tuple({**o, **extra} for o in objects.also_outside),
        tuple({**o, **extra} for o in objects.clerk_outside),
        tuple({**o, **extra} for o in objects.area_outside),
    )


def url_names() -> list[str]:
    names: list[str] = []

    def walk(patterns: list[Any]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns)
            elif isinstance(p, URLPattern):
                assert p.name, f"URL pattern {p.pattern} has no name, so no rule can cover it"
                names.append(p.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_url_has_a_rule() -> None:
    names = url_names()
    assert sorted(set(names) - set(RULES)) == [], "add a rule to RULES for each new URL"
    assert sorted(set(RULES) - set(names)) == [], "RULES names a URL that no longer exists"


def expected_inside(role: str, rule: Rule) -> set[int]:
    """The status a role gets for the object in its scope."""
    from eduplan.web.access import WRITES

    if role == "clerk" and rule.kind in ("region", "plan", "census"):
        if rule.objects is not _none:
            return {404}  # a region, plan or census version: never inside one school's scope
        if rule.area is None:
            return {302}  # the census list sends a clerk back to his school
    if rule.kind == "admin" and role != "admin":
        return {403}
    if rule.kind == "job":  # the clerk's job: the clerk's own, in the administrator's scope, no one else's
        if role == "admin" and rule.method == "post":
            return {403}
        return {200, 302} if role in ("clerk", "admin") else {404}
    if rule.kind == "admissions" and role not in ("admin", "admissions"):
        return {404} if role == "clerk" else {403}  # applicants' personal data: the admissions office only
    if rule.area is not None and rule.area not in WRITES[role]:
        return {403}
    if rule.area == "census" and rule.method == "post":
        return {403}  # a census version is a whole year of both counties: a 清城区 scope cannot replace it
    return {200, 302}


def _call(client: Client, rule: Rule, name: str, kwargs: dict[str, Any], role: str = "") -> Any:
    url = reverse(name, kwargs=kwargs) + rule.query
    data = rule.data(role) if callable(rule.data) else rule.data
    return client.post(url, data) if rule.method == "post" else client.get(url)


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return str(response.content.decode("utf-8", "replace"))


@pytest.fixture
def ids(web: WebWorld) -> dict[str, int]:
    note = SupervisionNote.objects.create(school_code=web.school, year=2023, finding="校园安全台账不全")
    other = SupervisionNote.objects.create(school_code=web.other_school, year=2023, finding="范围外的发现")
    sibling = SupervisionNote.objects.create(school_code=web.sibling_school, year=2023, finding="河西小学的发现")
    users = {u.username: u.pk for u in User.objects.all()}
    return {
        "note": note.pk,
        "other_note": other.pk,
        "sibling_note": sibling.pk,
        "leader": users["t-leader"],
        "outsider": users[OUTSIDER],
        "city": users[CITY_ANALYST],
        **supervision_ids(web),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(RULES))
def test_access_matrix(name: str, web: WebWorld, ids: dict[str, int]) -> None:
    rule = RULES[name]
    objects = rule.objects(web, ids)
    if rule.kind == "public":
        assert _call(Client(), rule, name, objects.inside).status_code in (200, 302)
        return
    writes = _writes()
    anonymous = _call(Client(), rule, name, objects.inside)
    assert anonymous.status_code in (302, 401, 405), f"{name}: anonymous got {anonymous.status_code}"
    if anonymous.status_code == 302:
        assert anonymous["Location"].startswith("/accounts/login/")
    for role, username in ROLE_USERS.items():
        client = client_for(username)
        for kwargs in objects.outside_for(role):
            outside = _call(client, rule, name, kwargs, role)
            assert outside.status_code in (403, 404), f"{name} as {role}, out of scope {kwargs}: {outside.status_code}"
        inside = _call(client, rule, name, objects.inside, role)
        expected = expected_inside(role, rule)
        assert inside.status_code in expected, f"{name} as {role}, in scope: {inside.status_code}, expected {expected}"
        if inside.status_code == 200:
            body = _body(inside)
            hidden = OUT_OF_CLERK_SCOPE_TEXT if role == "clerk" else OUT_OF_SCOPE_TEXT
            leaked = [text for text in hidden if text in body]
            assert leaked == [], f"{name} as {role} shows out-of-scope data: {leaked}"
    if rule.method == "get":  # reading writes nothing: no audit entry, no kept run (a leader's download included)
        assert _writes() == writes, f"{name}: a GET wrote to the audit log or the run table"


def _writes() -> tuple[list[int], list[int]]:
    """The audit entries and kept runs; the audit of a personal-data read is not a write (store.audit)."""
    from eduplan.store.audit import PERSONAL_DATA_READS
    from eduplan.store.models import AnalysisRun, AuditEntry

    entries = AuditEntry.objects.exclude(action__in=PERSONAL_DATA_READS)
    return list(entries.values_list("pk", flat=True)), list(AnalysisRun.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_user_without_a_scope_sees_nothing(web: WebWorld) -> None:
    User.objects.create_user("t-noscope", password="x")
    client = Client()
    client.force_login(User.objects.get(username="t-noscope"))
    assert client.get(reverse("dashboard", kwargs={"region": web.county, "year": 2023})).status_code == 404
    assert client.get(reverse("api_regions")).status_code == 404


@pytest.mark.django_db
def test_clerk_school_list_holds_his_school_only(web: WebWorld) -> None:
    from eduplan.web.access import schools_in_scope

    clerk = User.objects.get(username=ROLE_USERS["clerk"])
    assert [v.school_id for v in schools_in_scope(clerk, 2023)] == [web.school]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.method == "post" and r.kind != "public"))
def test_every_form_needs_the_csrf_token(name: str, web: WebWorld, ids: dict[str, int]) -> None:
    """Every POST URL, as the admin (who may write everything in scope): refused without the token, nothing changed."""
    from eduplan.store.models import AuditEntry

    rule = RULES[name]
    inside = rule.objects(web, ids).inside  # before counting: making the objects may write audited data
    before = AuditEntry.objects.count()
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username=ROLE_USERS["admin"]))
    response = _call(client, rule, name, inside)
    assert response.status_code == 403
    assert "CSRF" in _body(response)
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_the_login_form_needs_the_csrf_token(web: WebWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": ROLE_USERS["leader"], "password": "eduplan-test-pw"})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_census_is_restored_only_by_a_scope_holding_all_its_schools(web: WebWorld) -> None:
    """A year's census is one workbook of both counties: 清城区's analyst may not replace 清新区's rows."""
    from eduplan.store.census import do_load_census
    from eduplan.store.models import AuditEntry, CensusVersion

    do_load_census(2022, current_tables(2022))
    url = reverse("census_restore", kwargs={"year": 2022, "number": 1})
    # The census page offers the restore to the city analyst only, and tells the county analyst why not.
    county_page = _body(client_for(ROLE_USERS["planning"]).get(reverse("census")))
    assert f'action="{url}"' not in county_page and "需由权限范围覆盖全部学校的用户操作" in county_page
    city_page = _body(client_for(CITY_ANALYST).get(reverse("census")))
    assert f'action="{url}"' in city_page and "需由权限范围覆盖全部学校的用户操作" not in city_page
    county = client_for(ROLE_USERS["planning"]).post(url)
    assert county.status_code == 403
    assert "权限范围以外的学校或区划" in _body(county)
    assert CensusVersion.objects.get(year=2022, is_current=True).number == 2
    assert client_for(CITY_ANALYST).post(url).status_code == 302
    assert CensusVersion.objects.get(year=2022, is_current=True).number == 1
    assert list(AuditEntry.objects.filter(action="census.restore").values_list("username", flat=True)) == [CITY_ANALYST]


@pytest.mark.django_db
def test_a_county_analyst_cannot_upload_the_census(web: WebWorld, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = workbook(tmp_path / "普查2023.xlsx").read_bytes()
    response = client_for(ROLE_USERS["planning"]).post(
        reverse("census_upload"), {"year": "2023", "file": SimpleUploadedFile("普查2023.xlsx", data)}
    )
    assert response.status_code == 403
    assert "外县小学" not in _body(response)  # refused before the file was read: nothing of it is shown


@pytest.mark.django_db
def test_an_upload_placing_a_school_outside_the_scope_is_refused_and_forgotten(
    web: WebWorld, tmp_path: Any, settings: Any
) -> None:
    """The city analyst holds the whole census, but a file moving 外县小学 to 广州 荔湾区 reaches outside his scope."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eduplan.store.models import CensusVersion, Region, SchoolVersion

    settings.MEDIA_ROOT = tmp_path / "media"
    Region.objects.create(code="440103", name="荔湾区", level="county", parent_id="440000")
    data = workbook(tmp_path / "普查2023.xlsx", **{web.other_school: "440103"}).read_bytes()
    client = client_for(CITY_ANALYST)
    checked = client.post(
        reverse("census_upload"), {"year": "2023", "file": SimpleUploadedFile("普查2023.xlsx", data)}, follow=True
    )
    assert checked.status_code == 403
    assert "权限范围以外" in _body(checked)
    assert list((tmp_path / "media" / "census-uploads").iterdir()) == []  # the kept file is gone
    # A confirmation naming that file (its token is the file's SHA-256) is checked again, not trusted.
    import hashlib

    token = hashlib.sha256(data).hexdigest()
    folder = tmp_path / "media" / "census-uploads" / token
    folder.mkdir()
    (folder / "普查2023.xlsx").write_bytes(data)
    confirmed = client.post(reverse("census_upload"), {"year": "2023", "token": token, "filename": "普查2023.xlsx"})
    assert confirmed.status_code == 302  # the import is a background job: refused there, with the reason on its page
    job_page = _body(client.get(confirmed["Location"]))
    assert 'data-state="failed"' in job_page and "权限范围以外" in job_page
    assert CensusVersion.objects.filter(year=2023).count() == 1
    assert SchoolVersion.objects.filter(school_id=web.other_school, region_id="440103").count() == 0
