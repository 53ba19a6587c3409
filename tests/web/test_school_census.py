"""A school's own census rows corrected in the app: the school clerk fixes his school, and only his school."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from eduplan.store.models import AuditEntry, CensusStage, CensusVersion
from tests.web.world import WebWorld


def _url(web: WebWorld) -> str:
    return reverse("school_census", kwargs={"code": web.school, "year": 2023})


def _teachers(code: str) -> int:
    return int(CensusStage.objects.get(version__year=2023, version__is_current=True, school_code=code).teachers)


@pytest.mark.django_db
def test_the_clerk_corrects_his_school_as_a_new_version(web: WebWorld, as_role: Any) -> None:
    clerk = as_role("clerk")
    form = clerk.get(_url(web))
    assert form.status_code == 200
    assert 'name="学段|小学|teachers" size="6" aria-label="小学 专任教师数" value="52"' in form.content.decode()
    # 城南小学 had 52 teachers in 2023 (tests/web/world.py); the clerk says 53.
    registry = list(AuditEntry.objects.filter(action__startswith="registry.").values_list("pk", flat=True))
    response = clerk.post(_url(web), {"学段|小学|teachers": "53"})
    assert response.status_code == 302
    current = CensusVersion.objects.get(year=2023, is_current=True)
    assert (current.number, current.loaded_by.username) == (2, "t-clerk")
    assert (_teachers(web.school), _teachers(web.sibling_school), _teachers(web.other_school)) == (53, 37, 22)
    entry = AuditEntry.objects.get(action="census.correct")
    assert (entry.username, entry.object_type, entry.object_id) == ("t-clerk", "School", web.school)
    assert (entry.before, entry.after) == ({"学段/小学/专任教师数": 52}, {"学段/小学/专任教师数": 53})
    assert AuditEntry.objects.get(action="census.correction").after["current_version"] == 2
    # Only the named cells changed, and nothing else: no registry entry, no import.
    assert not AuditEntry.objects.filter(action="census.import").exists()
    assert list(AuditEntry.objects.filter(action__startswith="registry.").values_list("pk", flat=True)) == registry
    assert current.filename == f"2023学年普查-{web.school}更正"
    # The clerk finds the correction in his own audit trail, linked from his navigation.
    assert (
        '<a href="/audit/" class="">审计日志</a>'
        in clerk.get(reverse("school", kwargs={"code": web.school})).content.decode()
    )
    trail = clerk.get(reverse("audit"), {"object_type": "School"})
    assert [e.action for e in trail.context["page"]] == ["census.correct", "registry.open"]  # newest first


@pytest.mark.django_db
def test_an_unchanged_form_stores_nothing(web: WebWorld, as_role: Any) -> None:
    response = as_role("clerk").post(_url(web), {"学段|小学|teachers": "52"})
    assert response.status_code == 302
    assert CensusVersion.objects.filter(year=2023).count() == 1
    assert not AuditEntry.objects.filter(action__in=("census.correct", "census.correction", "census.import")).exists()


@pytest.mark.django_db
def test_a_correction_failing_the_census_checks_is_located_and_stores_nothing(web: WebWorld, as_role: Any) -> None:
    """960 pupils are six grades of 160; 961 in the 学段 row no longer equals the grades' sum."""
    response = as_role("clerk").post(_url(web), {"学段|小学|students": "961"})
    assert response.status_code == 400
    assert response.context["problems"], response.content.decode()[:2000]
    problem = response.context["problems"][0]
    assert (problem.sheet, problem.cell, problem.found) == ("学段", "学段!C2", "961")
    body = html.unescape(response.content.decode())
    assert "在校生数与年级合计不符" in body
    assert 'name="学段|小学|students" size="6" aria-label="小学 在校生数" value="961"' in body  # his input is kept
    assert CensusVersion.objects.filter(year=2023).count() == 1
    assert _teachers(web.school) == 52


@pytest.mark.django_db
def test_a_leader_reads_the_rows_without_a_form(web: WebWorld, as_role: Any) -> None:
    leader = as_role("leader")
    page = leader.get(_url(web)).content.decode()
    assert '<td class="num">52</td>' in page and "<input name=" not in page.split("<main>")[1].split("</form>")[0]
    assert leader.post(_url(web), {"学段|小学|teachers": "53"}).status_code == 403


@pytest.mark.django_db
def test_a_census_imported_meanwhile_is_not_overwritten(
    web: WebWorld, as_role: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The correction is built from the version read first; if another import made a new current version before
    the save, saving would undo that import for every other school: it is refused instead."""
    from eduplan.store.census import do_load_census
    from eduplan.store.census_import import check_census_tables
    from tests.web.world import current_tables

    def meanwhile(*args: Any) -> Any:
        do_load_census(2023, current_tables(2023), filename="另一次导入")  # lands while the correction is checked
        return check_census_tables(*args)

    monkeypatch.setattr("eduplan.store.census_correct.check_census_tables", meanwhile)
    response = as_role("clerk").post(_url(web), {"学段|小学|teachers": "53"})
    assert response.status_code == 400
    assert "本学年的普查数据刚刚被更新，请重新打开本页再修改" in response.content.decode()
    current = CensusVersion.objects.get(year=2023, is_current=True)
    assert (current.number, current.filename) == (2, "另一次导入")
    assert CensusVersion.objects.filter(year=2023).count() == 2
    assert not AuditEntry.objects.filter(action="census.correct").exists()
    assert _teachers(web.school) == 52
