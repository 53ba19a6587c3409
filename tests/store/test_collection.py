"""The yearly collection in the store: draft → submit → approve/return, the county restore, completeness, and the
administrator's account writes. The world is tests/web/world.py's (two counties, census 2022 and 2023)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from eduplan.errors import UsageError
from eduplan.store.accounts import do_create_user, do_reset_password, do_set_active
from eduplan.store.collection import (
    SubmissionRefused,
    completeness,
    do_restore_county,
    do_review,
    do_save_draft,
    do_submit,
    form_rows,
)
from eduplan.store.models import AuditEntry, CensusGrade, CensusStage, CensusSubmission, CensusVersion, Region
from eduplan.store.registry import current_version, versions_in_year
from tests.web.world import WebWorld, build


@pytest.fixture
def web(world: Any, settings: Any) -> WebWorld:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return build(world.county)


def _school(code: str) -> Any:
    found = current_version(code, 2023)
    assert found is not None
    return found


def _teachers(code: str, year: int = 2023) -> int:
    return int(CensusStage.objects.get(version__year=year, version__is_current=True, school_code=code).teachers)


def _clerk() -> User:
    return User.objects.get(username="t-clerk")


def _office() -> User:
    return User.objects.get(username="t-planning")


@pytest.mark.django_db
def test_a_draft_is_kept_with_its_findings_and_builds_no_version(web: WebWorld) -> None:
    draft = do_save_draft(_clerk(), _school(web.school), 2023, {"学段|小学|teachers": "53"})
    assert (draft.status, draft.region_code, draft.findings) == ("draft", "441802001", [])
    assert [r["teachers"] for r in draft.data["学段"]] == [53]
    assert CensusVersion.objects.filter(year=2023).count() == 1 and _teachers(web.school) == 52
    entry = AuditEntry.objects.get(action="collection.save")
    assert (entry.username, entry.object_id, entry.region_code) == ("t-clerk", web.school, "441802001")
    assert (entry.before, entry.after) == ({"学段|小学|teachers": 52}, {"学段|小学|teachers": 53})
    assert form_rows(web.school, 2023)["学段"][0]["teachers"] == 53  # the form reopens on the draft


@pytest.mark.django_db
def test_nine_million_pupils_are_kept_as_a_draft_and_refused_at_submission(web: WebWorld) -> None:
    """城南小学 2023: six grades of 160; grade 1 = 9,999,999 and the 学段 total raised by the same amount."""
    posted = {"年级|小学/1|students": "9999999", "学段|小学|students": str(9_999_999 - 160 + 960)}
    draft = do_save_draft(_clerk(), _school(web.school), 2023, posted)
    errors = [(f["field"], f["rule"]) for f in draft.findings if f["level"] == "error"]
    assert errors == [
        ("年级|小学/1|students", "class_size"),
        ("学段|小学|students", "change"),
        ("年级|小学/1|students", "change"),
    ]
    with pytest.raises(SubmissionRefused) as refused:
        do_submit(_clerk(), draft)
    assert str(refused.value) == "未上报：3 处错误，1 处提醒未填写原因。请按各栏下的提示修改后再上报"
    assert CensusSubmission.objects.get(pk=draft.pk).status == "draft"
    assert not CensusGrade.objects.filter(students=9_999_999).exists()
    assert not AuditEntry.objects.filter(action="collection.submit").exists()


@pytest.mark.django_db
def test_a_warning_is_submitted_once_a_reason_is_given(web: WebWorld) -> None:
    """20 teachers for 960 pupils: 生师比 48 (above 40) and 60% fewer than 2022's 50: two warnings, one reason
    (and 18 of them above the required degree, so no part exceeds the whole)."""
    posted = {"学段|小学|teachers": "20", "学段|小学|teachers_above_required": "18"}
    draft = do_save_draft(_clerk(), _school(web.school), 2023, posted)
    assert [(f["field"], f["level"], f["rule"]) for f in draft.findings] == [
        ("学段|小学|teachers", "warning", "ratio"),
        ("学段|小学|teachers", "warning", "change"),
    ]
    with pytest.raises(SubmissionRefused, match="2 处提醒未填写原因"):
        do_submit(_clerk(), draft)
    draft = do_save_draft(_clerk(), _school(web.school), 2023, {"reason|学段|小学|teachers": "32 人交流到乡村学校"})
    submitted = do_submit(_clerk(), draft)
    assert submitted.status == "submitted" and submitted.submitted_at is not None
    assert AuditEntry.objects.get(action="collection.submit").after == {
        "reasons": {"学段|小学|teachers": "32 人交流到乡村学校"}
    }
    with pytest.raises(UsageError, match="已上报，正在等待区县审核，不能修改"):
        do_save_draft(_clerk(), _school(web.school), 2023, {"学段|小学|teachers": "21"})


@pytest.mark.django_db
def test_the_office_returns_with_a_reason_and_approves_into_a_new_version(web: WebWorld) -> None:
    draft = do_save_draft(_clerk(), _school(web.school), 2023, {"学段|小学|teachers": "53"})
    submitted = do_submit(_clerk(), draft)
    with pytest.raises(UsageError, match="退回时请填写退回原因"):
        do_review(_office(), submitted, approve=False)
    returned = do_review(_office(), submitted, approve=False, reason="教师数与人事科名册不符")
    assert (returned.status, returned.return_reason) == ("returned", "教师数与人事科名册不符")
    assert CensusVersion.objects.filter(year=2023).count() == 1  # returned data reach no version
    again = do_submit(_clerk(), do_save_draft(_clerk(), _school(web.school), 2023, {"学段|小学|teachers": "54"}))
    approved = do_review(_office(), again, approve=True)
    current = CensusVersion.objects.get(year=2023, is_current=True)
    assert (approved.status, approved.live_version_id, current.number, current.source) == (
        "approved",
        current.pk,
        2,
        "collection",
    )
    # The school's value changed; every other school's rows (the other county's too) were copied unchanged.
    assert (_teachers(web.school), _teachers(web.sibling_school), _teachers(web.other_school)) == (54, 37, 22)
    assert CensusGrade.objects.filter(version=current).count() == 4 * 6
    actions = list(AuditEntry.objects.filter(action__startswith="collection.").values_list("action", flat=True))
    assert actions == [  # newest first
        "collection.approve",
        "collection.submit",
        "collection.save",
        "collection.return",
        "collection.submit",
        "collection.save",
    ]
    with pytest.raises(UsageError, match="已审核通过，不在待审核状态"):
        do_review(_office(), approved, approve=True)


@pytest.mark.django_db
def test_a_county_restore_leaves_the_other_county_as_it_is(web: WebWorld) -> None:
    from eduplan.store.census import do_load_census
    from tests.web.world import current_tables

    submitted = do_submit(_clerk(), do_save_draft(_clerk(), _school(web.school), 2023, {"学段|小学|teachers": "53"}))
    do_review(_office(), submitted, approve=True)  # version 2: 城南小学 53 teachers
    tables = current_tables(2023)
    stages = tables["学段"]
    stages.loc[stages["school_code"] == web.school, "teachers"] = 53
    stages.loc[stages["school_code"] == web.other_school, "teachers"] = 23
    do_load_census(2023, tables, filename="清新区更正")  # version 3: 外县小学 23 teachers
    restored = do_restore_county(_office(), 2023, Region.objects.get(code="441802"), 1)
    assert (restored.number, restored.is_current, restored.source) == (4, True, "county")
    assert (_teachers(web.school), _teachers(web.sibling_school), _teachers(web.other_school)) == (52, 37, 23)
    populations = CensusVersion.objects.get(pk=restored.pk).population.values_list("region_code", flat=True)
    assert sorted(set(populations)) == ["441802001", "441802002", "441803001"]
    entry = AuditEntry.objects.get(action="census.restore_county")
    assert (entry.region_code, entry.before, entry.after) == (
        "441802",
        {"current_version": 3},
        {"current_version": 4, "restored_from": 1, "county": "441802"},
    )
    with pytest.raises(UsageError, match="不是县区"):
        do_restore_county(_office(), 2023, Region.objects.get(code="441802001"), 1)


@pytest.mark.django_db
def test_completeness_counts_each_town_and_lists_the_schools_to_chase(web: WebWorld) -> None:
    """清城区 2023: 城南小学 (凤城街道) submitted; 河西小学 (东城街道) returned; 新城小学 (东城街道) only a draft."""
    do_submit(_clerk(), do_save_draft(_clerk(), _school(web.school), 2023, {}))
    other = do_submit(_clerk(), do_save_draft(_clerk(), _school(web.sibling_school), 2023, {}))
    do_review(_office(), other, approve=False, reason="缺少年级数据")
    do_save_draft(_clerk(), _school("4418020004"), 2023, {})
    county = Region.objects.get(code="441802")
    result = completeness(2023, versions_in_year(2023, "441802"), county)
    assert (result.total.total, result.total.counts) == (
        3,
        {"submitted": 1, "approved": 0, "returned": 1, "missing": 1},
    )
    assert [(t.code, t.name, t.total, t.counts) for t in result.towns] == [
        ("441802001", "凤城街道", 1, {"submitted": 1, "approved": 0, "returned": 0, "missing": 0}),
        ("441802002", "东城街道", 2, {"submitted": 0, "approved": 0, "returned": 1, "missing": 1}),
    ]
    assert [(v.name, state, reason) for v, state, reason in result.chase] == [
        ("河西小学", "returned", "缺少年级数据"),
        ("新城小学", "missing", ""),
    ]
    assert [v.name for v, _ in result.pending] == ["城南小学"]
    city = completeness(2023, versions_in_year(2023, "4418"), Region.objects.get(code="441800"))
    assert [(t.code, t.total, t.counts["missing"]) for t in city.towns] == [("441802", 3, 1), ("441803", 1, 1)]


@pytest.mark.django_db
def test_the_administrator_creates_deactivates_and_resets_accounts(web: WebWorld) -> None:
    admin = User.objects.get(username="t-admin")
    scope = do_create_user(admin, "clerk-xicheng", "initial-pass-1", "clerk", "4418020002")
    assert (scope.role, scope.school_code, scope.region_id) == ("clerk", "4418020002", None)
    user = User.objects.get(username="clerk-xicheng")
    assert user.check_password("initial-pass-1") and user.is_active
    with pytest.raises(UsageError, match="已存在"):
        do_create_user(admin, "clerk-xicheng", "initial-pass-1", "clerk", "4418020002")
    with pytest.raises(UsageError, match="密码至少 10 位"):
        do_create_user(admin, "clerk-2", "short", "clerk", "4418020002")
    do_set_active(admin, "clerk-xicheng", False)
    do_reset_password(admin, "clerk-xicheng", "another-pass-2")
    user.refresh_from_db()
    assert not user.is_active and user.check_password("another-pass-2")
    with pytest.raises(UsageError, match="不能停用自己"):
        do_set_active(admin, "t-admin", False)
    entries = AuditEntry.objects.filter(object_id="clerk-xicheng").order_by("id")
    assert [(e.action, e.region_code) for e in entries] == [
        ("user.scope", "441802002"),
        ("user.create", "441802002"),
        ("user.deactivate", "441802002"),
        ("user.reset_password", "441802002"),
    ]
    assert "another-pass-2" not in str([(e.summary, e.before, e.after) for e in entries])


@pytest.mark.django_db
def test_a_new_year_starts_from_last_years_rows_blank_and_its_first_approval_is_version_1(web: WebWorld) -> None:
    """2024 has no census: the form holds 城南小学's 2023 stage and grades with blank values; the approved rows become
    version 1 of 2024, with the school's 学校 row from the registry."""
    start = form_rows(web.school, 2024)
    assert [(r["stage"], r["grade"], r["students"]) for r in start["年级"]] == [
        ("小学", str(g), None) for g in range(1, 7)
    ]
    posted = {f"年级|小学/{g}|students": "160" for g in range(1, 7)}
    posted |= {f"年级|小学/{g}|classes": "4" for g in range(1, 7)}
    posted |= {"学段|小学|students": "960", "学段|小学|classes": "24", "学段|小学|teachers": "52"}
    draft = do_save_draft(_clerk(), _school(web.school), 2024, posted)
    assert draft.findings == [] and draft.base_version is None
    version = do_review(_office(), do_submit(_clerk(), draft), approve=True).live_version
    assert version is not None and (version.year, version.number, version.is_current) == (2024, 1, True)
    assert version.row_counts == {"学校": 1, "学段": 1, "年级": 6, "人口": 0}
    school = version.schools.get()
    assert (school.school_code, school.region_code, school.school_type) == (web.school, "441802001", "小学")
    assert _teachers(web.school, 2024) == 52


@pytest.mark.django_db
def test_two_first_saves_at_once_keep_one_draft_and_raise_nothing(web: WebWorld, monkeypatch: Any) -> None:
    """The other save inserts the school's row between this save's look-up and its insert (as a second browser
    tab's request does): the unique row is not a server error, the save goes over it."""
    import eduplan.store.collection as collection

    real_check = collection.check
    raced: list[bool] = []

    def check_then_race(*args: Any, **kwargs: Any) -> Any:
        if not raced:
            raced.append(True)
            CensusSubmission.objects.create(year=2023, school_code=web.school, region_code="441802001", data={})
        return real_check(*args, **kwargs)

    monkeypatch.setattr(collection, "check", check_then_race)
    draft = do_save_draft(_clerk(), _school(web.school), 2023, {"学段|小学|teachers": "53"})
    assert raced == [True] and draft.status == "draft"
    assert list(CensusSubmission.objects.filter(year=2023, school_code=web.school).values_list("pk", flat=True)) == [
        draft.pk
    ]
