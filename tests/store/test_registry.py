from __future__ import annotations

import pytest

from eduplan.errors import NotFound, UsageError
from eduplan.store.models import AuditEntry
from eduplan.store.registry import do_change_school, registry_frame, school_history


def codes(year: int, prefix: str = "") -> set[str]:
    return set(registry_frame(year, prefix)["school_code"])


def test_a_school_closed_in_2022_is_in_2021_and_not_in_2022(world):
    assert world.closed_school in codes(2021)
    assert world.closed_school not in codes(2022)


def test_a_school_opened_in_2022_is_absent_before(world):
    assert world.new_school not in codes(2021)
    assert world.new_school in codes(2022)


def test_a_moved_school_counts_in_its_old_town_before_the_move_and_its_new_town_after(world):
    assert codes(2020, world.town_fengcheng) == {world.open_school, world.moved_school}
    assert codes(2020, world.town_dongcheng) == {world.closed_school}
    assert codes(2021, world.town_fengcheng) == {world.open_school}
    assert codes(2021, world.town_dongcheng) == {world.moved_school, world.closed_school}
    # The county sees every school open that year, wherever in it.
    assert codes(2022, world.county) == {world.open_school, world.moved_school, world.new_school}


def test_the_year_registry_has_the_contract_columns_and_the_county_code(world):
    frame = registry_frame(2021, world.county).set_index("school_code")
    assert frame.loc[world.moved_school, "region_code"] == world.town_dongcheng
    assert frame.loc[world.moved_school, "county_code"] == "441802"
    assert frame.loc[world.closed_school, "school_type"] == "小学教学点"


def test_history_keeps_every_version_with_its_years(world):
    history = school_history(world.moved_school)
    assert [(v.valid_from, v.valid_to, v.change, v.region_id) for v in history] == [
        (2019, 2021, "开办", world.town_fengcheng),
        (2021, None, "迁址", world.town_dongcheng),
    ]


def test_every_registry_change_is_audited_with_before_and_after(world):
    entry = AuditEntry.objects.get(action="registry.迁址", object_id=world.moved_school)
    assert entry.before["region_id"] == world.town_fengcheng
    assert entry.after["region_id"] == world.town_dongcheng
    assert AuditEntry.objects.get(action="registry.close", object_id=world.closed_school).after["valid_to"] == 2022


def test_changing_a_school_not_open_that_year_is_refused(world):
    with pytest.raises(NotFound, match="4418020003 在 2023 学年不在名录中"):
        do_change_school(world.closed_school, 2023, "更名", name="x")


def test_an_unknown_change_kind_is_refused(world):
    with pytest.raises(UsageError, match="变更类型 '改制' 不对"):
        do_change_school(world.open_school, 2023, "改制")
