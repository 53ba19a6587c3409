"""Imports of one census year never overlap (the second is refused naming the first), and the registry changes
an import makes are in the audit pages of the users whose scope holds the schools changed, and no one else's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from eduplan.errors import UsageError
from tests.web.world import OUTSIDER, PASSWORD, WebWorld, current_tables


def _renamed_workbook(tmp_path: Path) -> Path:
    from eduplan.ingest.census_export import write_census_xlsx

    tables = current_tables(2023)
    tables["学校"].loc[tables["学校"]["school_code"] == "4418020002", "name"] = "河西实验小学"
    return write_census_xlsx(tables, tmp_path / "普查2023.xlsx")


@pytest.mark.django_db
def test_a_second_import_of_the_same_year_is_refused_naming_the_first(
    web: WebWorld, tmp_path: Path, settings: Any
) -> None:
    from django.contrib.auth.models import User

    from eduplan.store.census_import import do_import_census, import_lock
    from eduplan.store.models import CensusVersion

    settings.VAR_DIR = tmp_path
    path = _renamed_workbook(tmp_path)
    before = CensusVersion.objects.filter(year=2023).count()
    with import_lock(2023, User.objects.get(username="t-city"), "城区普查.xlsx"):
        with pytest.raises(UsageError) as refused:
            do_import_census(path, 2023)
        assert "2023学年的普查数据正在由 t-city 导入（文件 城区普查.xlsx，" in str(refused.value)
        do_import_census(path, 2023, dry_run=True)  # a dry run is not held up
    assert CensusVersion.objects.filter(year=2023).count() == before
    do_import_census(path, 2023)  # the lock is gone with the first import
    assert CensusVersion.objects.filter(year=2023).count() == before + 1


@pytest.mark.django_db
def test_registry_changes_of_an_import_are_audited_where_the_schools_are(
    web: WebWorld, as_role: Any, tmp_path: Path
) -> None:
    from eduplan.store.census_import import do_import_census

    do_import_census(_renamed_workbook(tmp_path), 2023)
    leader = as_role("leader").get("/audit/?action=registry.census").content.decode()
    assert "2023学年普查导入更新名录：更名 1 所" in leader
    outsider = Client()
    assert outsider.login(username=OUTSIDER, password=PASSWORD)
    assert "普查导入更新名录" not in outsider.get("/audit/?action=registry.census").content.decode()
    # A town's office sees the change of its own school (河西小学 lies in 东城街道 since 2021), the next town's not.
    from django.contrib.auth.models import User

    from eduplan.store.models import UserScope

    for town, sees in (("441802002", True), ("441802001", False)):
        user = User.objects.create_user(f"town-{town}", password=PASSWORD)
        UserScope.objects.create(user=user, role="planning", region_id=town)
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        page = client.get("/audit/?action=registry.census").content.decode()
        assert ("2023学年普查导入更新名录：更名 1 所" in page) is sees, town
