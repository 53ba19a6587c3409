"""积分入学 in the store: versioned rubrics, atomic imports, seats, runs kept and re-run exactly, what-if."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eduplan.errors import IngestError, UsageError
from eduplan.standards.admission import RUBRICS
from tests.store.admission_world import APPLICANTS, DISTRICT, SEATS, YEAR, Y, regions


@pytest.fixture
def district(db: Any) -> str:
    from eduplan.store.admission import do_set_seats, do_store_applicants

    regions()
    do_set_seats(SEATS, region_code=DISTRICT, year=YEAR)
    do_store_applicants(APPLICANTS, region_code=DISTRICT, year=YEAR, filename="toy.xlsx")
    return DISTRICT


def test_a_run_places_by_batch_then_points_and_is_kept_reproducibly(district: str) -> None:
    from eduplan.store.admission import do_run_admission, rerun

    run = do_run_admission(district, YEAR, seed=5)
    # order: 省五年 a1 (118), a4 (92); then a2 (100), a3 (90), a5 (80), a6 (38)
    by_id = {a["applicant"]: a for a in run.result["applicants"]}
    assert [by_id[a]["rank"] for a in ("a1", "a4", "a2", "a3", "a5", "a6")] == [1, 2, 3, 4, 5, 6]
    assert {a: by_id[a]["points"] for a in by_id} == {"a1": 118, "a2": 100, "a3": 90, "a4": 92, "a5": 80, "a6": 38}
    assert [by_id[a]["how"] for a in ("a1", "a4", "a2", "a3", "a5", "a6")] == [
        "志愿",
        "志愿",
        "志愿",
        "滑档",
        "志愿",
        "未录取",
    ]
    schools = {s["school_code"]: s for s in run.result["schools"]}
    assert [schools[c]["lowest_points"] for c in SEATS["school_code"]] == [100, 92, 80]
    assert run.result["district"]["placed"] == 5
    again = rerun(run)
    assert again.fingerprint == run.parameters["fingerprint"]
    kept = {k: v for k, v in run.result.items() if k != "plan_indicators"}  # the store adds the plan's targets
    assert again.as_dict() == kept


def test_a_rubric_edit_is_a_new_version_and_a_stored_version_cannot_change(district: str) -> None:
    from eduplan.store.admission import do_save_rubric, get_rubric
    from eduplan.store.models import AdmissionRubric, AuditEntry

    data = RUBRICS["gz-2021"].as_dict() | {"id": "huadu-own", "title": "花都区积分细则"}
    first = do_save_rubric(data, region_code=district, based_on="gz-2021")
    data["rows"][0]["rate"] = 10
    second = do_save_rubric(data, region_code=district, based_on="huadu-own@1")
    assert (first.version, second.version) == (1, 2)
    assert get_rubric("huadu-own", 1)[0].row("permit").rate == 8
    assert get_rubric("huadu-own")[0].row("permit").rate == 10
    with pytest.raises(ValueError, match="积分细则版本一经保存不可修改"):
        first.title = "改"
        first.save()
    assert AdmissionRubric.objects.count() == 2
    assert AuditEntry.objects.filter(action="admission.rubric.save").count() == 2
    with pytest.raises(UsageError, match="细则编号 gz-2021 是内置细则的编号"):
        do_save_rubric(RUBRICS["gz-2021"].as_dict(), region_code=district)
    data["rows"][0]["fact"] = "shoe_size"
    with pytest.raises(UsageError, match="第 1 行（居住证·在穗办理广东省居住证）：未知的事实字段 shoe_size"):
        do_save_rubric(data, region_code=district)


def test_a_malformed_workbook_stores_nothing(district: str, tmp_path: Path) -> None:
    import xlsxwriter

    from eduplan.store.admission import current_import, do_import_applicants
    from eduplan.store.models import AdmissionApplicant, AuditEntry

    path = tmp_path / "bad.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("申请人")
    sheet.write_row(0, 0, ["申请编号", "申请年级", "片区", "志愿1"])
    sheet.write_row(1, 0, ["n1", "1", "城区", "4401140001"])
    sheet.write_row(2, 0, ["n2", "1", "城区", "4401149999"])
    book.close()
    before = (AdmissionApplicant.objects.count(), AuditEntry.objects.count(), current_import(district, YEAR).number)
    with pytest.raises(IngestError, match="申请人!D3: 该校没有本年度积分入学学位"):
        do_import_applicants(path, region_code=district, year=YEAR)
    after = (AdmissionApplicant.objects.count(), AuditEntry.objects.count(), current_import(district, YEAR).number)
    assert after == before


def test_what_if_more_seats_at_a_school_changes_its_lowest_points(district: str) -> None:
    from eduplan.store.admission import do_run_admission, what_if

    run = do_run_admission(district, YEAR, seed=5)
    both = what_if(run, seat_changes={(Y, 1): 3})
    assert both["published"] == run.result
    schools = {s["school_code"]: s for s in both["what_if"]["schools"]}
    assert schools[Y]["filled"] == 3  # a4, a3 and a5 now get 秀全小学
    assert schools[Y]["lowest_points"] == 80
    assert both["what_if"]["district"]["placed_public"] == 5


def test_a_run_is_bound_to_the_district_plan_indicators(district: str) -> None:
    from eduplan.store.admission import do_run_admission
    from eduplan.store.models import Plan, PlanIndicator

    plan = Plan.objects.create(title="花都区教育发展规划", region_id=district)
    PlanIndicator.objects.create(plan=plan, name="义务教育阶段随迁子女在公办学校就读的比例", baseline_value=34.63,
                                 target_year=2025, target_value=85.0)  # fmt: skip
    PlanIndicator.objects.create(plan=plan, name="义务教育阶段随迁子女在公办学校和政府购买民办学校学位就读的比例",
                                 target_year=2022, target_value=85.0)  # fmt: skip
    bound = do_run_admission(district, YEAR, seed=5).result["plan_indicators"]
    # 3 of 6 applicants in public seats (a1, a2 at 新华街第一小学, a4 at 秀全小学); 5 of 6 with the purchased ones
    assert [(b["definition"], b["target"], b["run_share"]) for b in bound] == [
        ("公办", 85.0, 50.0),
        ("公办+购买", 85.0, 83.33),
    ]


def test_a_run_writes_its_shares_into_the_bound_plan_indicators(district: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """花都's two 随迁子女 indicators (公办 34.63 → 85; 公办 + 购买 → 85) bound to the run's shares: the run writes
    its year's actuals. Census baseline 100 随迁子女 enrolled, 30 public, 10 purchased; the run places 3 public and 2
    purchased of 6 applicants → 公办 (30 + 3) / (100 + 6) = 31.13 %, 公办 + 购买 (30 + 10 + 3 + 2) / 106 = 42.45 %."""
    from eduplan.core.admission import Baseline
    from eduplan.store.admission import do_run_admission
    from eduplan.store.models import AuditEntry, IndicatorActual, Plan
    from eduplan.store.plans import do_bind_metric, do_compute_actuals, suggested_metrics

    monkeypatch.setattr("eduplan.store.admission.census_baseline", lambda *a: Baseline(30, 10, 100))
    plan = Plan.objects.create(title="花都区教育发展十四五规划", region_id=district)
    public = plan.indicators.create(
        name="义务教育阶段随迁子女在公办学校就读的比例", unit="%", baseline_year=2020, baseline_value=34.63,
        target_year=2025, target_value=85,
    )  # fmt: skip
    both = plan.indicators.create(
        name="义务教育阶段随迁子女在公办学校和政府购买民办学校学位就读的比例", unit="%", kind="sentence",
        target_year=2022, target_value=85,
    )  # fmt: skip
    # the wording of the 公办 + 购买 indicator points to the run's share (no census can count purchased seats)
    assert suggested_metrics(plan) == {public.pk: "migrant_public_share", both.pk: "admission_public_purchased_share"}
    do_bind_metric(public.pk, "admission_public_share")
    do_bind_metric(both.pk, "admission_public_purchased_share")
    run = do_run_admission(district, YEAR, seed=5)
    actuals = {a.indicator_id: (a.year, a.value) for a in IndicatorActual.objects.all()}
    assert actuals == {public.pk: (YEAR, 31.13), both.pk: (YEAR, 42.45)}
    rows = {r["indicator"]: r for r in run.result["plan_indicators"]}
    assert (rows[public.pk]["written"], rows[both.pk]["written"]) == (31.13, 42.45)
    entry = AuditEntry.objects.filter(action="admission.run").get()
    assert entry.after["plan_actuals"] == {str(public.pk): 31.13, str(both.pk): 42.45}
    # plan compute re-derives them from the latest kept run of each year
    IndicatorActual.objects.all().delete()
    assert do_compute_actuals(plan.pk) == 2
    assert IndicatorActual.objects.get(indicator=both).value == 42.45


def test_seats_left_after_hukou_policy_children_and_the_reserve(district: str) -> None:
    """Spec §3.1 order of use: a school's grade-1 intake of 45 less 30 户籍 children, 4 政策性照顾 and a reserve of 3
    leaves 8 seats for 积分入学; a school whose deductions exceed its intake is refused and nothing is stored."""
    from eduplan.store.admission import do_set_seats, seats_frame
    from eduplan.store.models import AuditEntry

    rows = SEATS.drop(columns="seats").assign(
        capacity=[45, 40, 20], hukou=[30, 38, 0], policy=[4, 0, 0], reserve=[3, 0, 0]
    )
    do_set_seats(rows, region_code=district, year=YEAR)
    assert seats_frame(district, YEAR)["seats"].tolist() == [8, 2, 20]
    entry = AuditEntry.objects.filter(action="admission.seats.set").order_by("-pk").first()
    assert entry is not None and entry.after["deductions"][0] == {
        "school_code": "4401140001", "grade": 1, "capacity": 45, "hukou": 30, "policy": 4, "reserve": 3, "seats": 8,
    }  # fmt: skip
    bad = rows.assign(hukou=[30, 41, 0])
    with pytest.raises(UsageError, match="第 2 行 4401140002：学位 40 少于户籍、政策性照顾与预留合计 41"):
        do_set_seats(bad, region_code=district, year=YEAR)
    assert seats_frame(district, YEAR)["seats"].tolist() == [8, 2, 20]


def test_the_seat_forecast_suggests_each_entry_grades_intake_beside_the_census(world: Any, settings: Any) -> None:
    """The web world's 2023 census (tests/web/world.py): 城南小学 21 classes → 21 × 45 / 6 = 157.5 → 157 seats a
    grade; 河西小学 15 → 112; 新城小学 10 → 75. The forecast's grade-1 entrants of 2023 (the census year) per town:
    凤城街道 160 (城南 960 / 6), 东城街道 105 + 70 = 175. No 随迁子女 in that census: the census suggests 0 seats.
    Taken with 户籍 children 150, 100, 70 entered: 7, 12, 5 seats left for 积分入学."""
    from eduplan.store.admission import do_set_seats, forecast_seats, seats_frame
    from tests.web.world import build

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build(world.county)
    rows = forecast_seats(world.county, 2023)
    assert rows[["school_code", "area", "grade", "capacity", "town_entrants", "census_seats"]].values.tolist() == [
        ["4418020001", "凤城街道", 1, 157, 160, 0],
        ["4418020002", "东城街道", 1, 112, 175, 0],
        ["4418020004", "东城街道", 1, 75, 175, 0],
    ]
    assert set(rows["source"]) == {"学位预测"}
    do_set_seats(rows.assign(hukou=[150, 100, 70]), region_code=world.county, year=2023)
    assert seats_frame(world.county, 2023)["seats"].tolist() == [7, 12, 5]
