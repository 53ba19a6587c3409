"""The teacher registry in the store: versioned, atomic, audited imports, periods, edits, no 身份证号 kept."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest

from eduplan.errors import IngestError, UsageError
from eduplan.store import teachers as st
from eduplan.store.models import (
    AuditEntry,
    RosterVersion,
    Teacher,
    TeacherPeriod,
    TeacherRecord,
    TeacherTransfer,
    TrainingRecord,
)
from tests.conftest import World
from tests.ingest.teacher_books import id_number, workbook

A, B, NEW = "4418020001", "4418020002", "4418020004"
IDS = [id_number("19800101", 100 + i) for i in range(7)]  # even sequence → 女 … alternating


@pytest.fixture(autouse=True)
def fixed_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDUPLAN_PSEUDONYM_KEY", "store-test-key-0123456789")


def _roster(school_of: dict[int, str], **extra: dict[str, object]) -> list[dict[str, object]]:
    return [
        {"身份证号": IDS[i], "学校标识码": s, "到校学年": 2010} | dict(extra.get(str(i), {}))
        for i, s in school_of.items()
    ]


def _year_2022(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "2022.xlsx",
        _roster({0: A, 1: A, 2: A, 3: B, 4: B}),
        training=[{"身份证号": IDS[0], "培训类别": "集中培训", "学时": 100}],
    )


def _year_2023(tmp_path: Path) -> Path:
    # IDS[0] rotates A → NEW (交流) in 2023; IDS[4] has left; IDS[5] is new at B.
    return workbook(
        tmp_path / "2023.xlsx",
        _roster({0: NEW, 1: A, 2: A, 3: B, 5: B}, **{"0": {"到校学年": 2023}, "5": {"到校学年": 2023}}),
        [{"身份证号": IDS[0], "调动日期": "2023-09-01", "类型": "交流", "调出学校标识码": A, "调入学校标识码": NEW}],
        [{"身份证号": IDS[0], "培训类别": "网络研修", "学时": 60}],
    )


@pytest.mark.django_db
def test_imports_are_versioned_audited_and_build_periods(world: World, tmp_path: Path) -> None:
    st.do_import_teachers(_year_2022(tmp_path), 2022)
    version = st.do_import_teachers(_year_2023(tmp_path), 2023)
    assert (version.year, version.number, version.is_current) == (2023, 1, True)
    assert version.row_counts == {"teachers": 5, "transfers": 1, "training": 1, "carried_forward": 0}
    assert Teacher.objects.count() == 6
    first = Teacher.objects.get(records__version=version, records__school_code=NEW)
    periods = list(TeacherPeriod.objects.filter(teacher=first).values_list("school_code", "valid_from", "valid_to"))
    assert periods == [(A, 2010, 2023), (NEW, 2023, None)]  # the transfer is a new period, not an overwrite
    left = Teacher.objects.exclude(records__version=version).get()
    assert list(TeacherPeriod.objects.filter(teacher=left).values_list("school_code", "valid_from", "valid_to")) == [
        (B, 2010, 2023)
    ]
    actions = list(AuditEntry.objects.filter(action="teachers.import").order_by("id").values_list("summary", flat=True))
    assert actions == [
        "2022学年 教师名册 第1版（2022.xlsx）：5 名教师",
        "2023学年 教师名册 第1版（2023.xlsx）：5 名教师",
    ]
    # No 身份证号, nor its birth-date digits with the region, anywhere in the stored rows.
    stored = " ".join(
        str(list(m.objects.values_list()))
        for m in (Teacher, RosterVersion, TeacherRecord, TeacherTransfer, TrainingRecord, TeacherPeriod, AuditEntry)
    )
    assert not any(i in stored or i[:14] in stored for i in IDS)


@pytest.mark.django_db
def test_assess_teachers_on_the_store(world: World, tmp_path: Path) -> None:
    st.do_import_teachers(_year_2022(tmp_path), 2022)
    st.do_import_teachers(_year_2023(tmp_path), 2023)
    result = st.assess_teachers("441802", 2023)
    # Eligible at the start of 2023: IDS 0,1,2,3 (since 2010, 13 years); IDS 5 came in 2023. One rotated: 25%.
    assert (result["rotation"]["eligible"], result["rotation"]["rotated"], result["rotation"]["share"]) == (4, 1, 25.0)
    assert "due" not in result["rotation"]  # aggregate view: no list of people
    # Training 2021–2025 cycle: IDS 0 has 100 + 60 = 160 hours.
    assert result["training"]["completed"] == 0 and result["teachers"] == 5
    # Aggregates: the county group has 5 teachers → shown; a school of 2 teachers is suppressed in the balance table.
    balance = {row["school_code"]: row for row in result["balance"]}
    assert balance[A]["suppressed"] is True and balance[A]["teachers"] is None
    named = st.assess_teachers("441802", 2023, named=True)
    assert len(named["rotation"]["due"]) == 3
    assert {row["school_code"]: row["teachers"] for row in named["balance"]} == {A: 2, B: 2, NEW: 1}


@pytest.mark.django_db
def test_a_malformed_roster_stores_nothing(world: World, tmp_path: Path) -> None:
    bad = workbook(tmp_path / "bad.xlsx", [*_roster({0: A}), {"身份证号": "44180219800101100X", "学校标识码": A}])
    with pytest.raises(IngestError, match=r"bad\.xlsx:教师名册!A3: 身份证号无效"):
        st.do_import_teachers(bad, 2023)
    assert (RosterVersion.objects.count(), Teacher.objects.count(), AuditEntry.objects.filter(action__startswith="teachers").count()) == (0, 0, 0)  # fmt: skip


@pytest.mark.django_db
def test_a_failing_audit_entry_rolls_the_import_back(world: World, tmp_path: Path) -> None:
    failing = mock.patch("eduplan.store.teachers.audit.record", side_effect=RuntimeError("disk full"))
    with failing, pytest.raises(RuntimeError):
        st.do_import_teachers(_year_2022(tmp_path), 2022)
    assert (RosterVersion.objects.count(), Teacher.objects.count(), TeacherPeriod.objects.count()) == (0, 0, 0)


@pytest.mark.django_db
def test_a_workbook_of_some_schools_keeps_the_others_and_restore(world: World, tmp_path: Path) -> None:
    st.do_import_teachers(_year_2022(tmp_path), 2022)
    only_b = workbook(tmp_path / "b.xlsx", _roster({3: B, 6: B}))
    second = st.do_import_teachers(only_b, 2022)
    assert second.number == 2 and second.row_counts["carried_forward"] == 3  # A's three teachers kept
    codes = sorted(TeacherRecord.objects.filter(version=second).values_list("school_code", flat=True))
    assert codes == [A, A, A, B, B]  # IDS 4 is gone from B, IDS 6 came
    st.do_restore_teachers(2022, 1)
    assert RosterVersion.objects.get(year=2022, is_current=True).number == 1
    assert AuditEntry.objects.filter(action="teachers.restore").count() == 1


@pytest.mark.django_db
def test_edit_is_audited_and_checked(world: World, tmp_path: Path) -> None:
    st.do_import_teachers(_year_2022(tmp_path), 2022)
    pseudonym = Teacher.objects.order_by("pk").first().pseudonym  # type: ignore[union-attr]
    st.do_edit_teacher(2022, pseudonym, {"title": "一级", "backbone_level": "县级"})
    record = st.current_record(2022, pseudonym)
    assert (record.title, record.backbone_level) == ("一级", "县级")
    entry = AuditEntry.objects.get(action="teachers.edit")
    assert entry.before == {"title": "二级", "backbone_level": ""} and entry.after["title"] == "一级"
    with pytest.raises(UsageError, match="不可用"):
        st.do_edit_teacher(2022, pseudonym, {"title": "中级"})
    with pytest.raises(UsageError, match="不能修改的字段：school_code"):
        st.do_edit_teacher(2022, pseudonym, {"school_code": B})


@pytest.mark.django_db
def test_basic_balance_takes_mid_titles_from_the_registry(world: World, tmp_path: Path) -> None:
    from eduplan.store.assessments import run_assessment
    from tests.store.test_assessments import load_2023

    load_2023(world)
    before, _ = run_assessment("basic", world.county, 2023)
    assert "mid_title_teachers_per_student" in before["stages"]["小学"]["unavailable"]
    assert before["teacher_counts_source"] == "普查"
    st.do_import_teachers(
        workbook(
            tmp_path / "t.xlsx",
            _roster(
                {0: A, 1: A, 2: B, 3: NEW}, **{"0": {"职称": "一级"}, "1": {"职称": "高级"}, "2": {"职称": "一级"}}
            ),
        ),
        2023,
    )
    after, _ = run_assessment("basic", world.county, 2023)
    primary = after["stages"]["小学"]
    assert "mid_title_teachers_per_student" not in primary["unavailable"]
    assert after["teacher_counts_source"] == "教师名册（中级及以上职称）"
    # 1000 pupils each; 2, 1, 0 mid-title teachers → county mean 3 / 3000 = 0.001 per student.
    assert primary["county_mean"]["mid_title_teachers_per_student"] == pytest.approx(0.001)
    # Weighted population CV of (0.002, 0.001, 0) with equal weights: sd = sqrt(2/3)·0.001 → CV = 0.8165.
    assert primary["cv"]["mid_title_teachers_per_student"] == pytest.approx(0.816497, abs=1e-6)


@pytest.mark.django_db
def test_registry_and_census_agree_or_the_differences_are_listed(world: World, tmp_path: Path) -> None:
    from tests.store.test_assessments import load_2023

    load_2023(world)  # each school: 42 teachers above the required level, 10 backbone, PE 4, music 3, art 2
    people = []
    for s_index, school in enumerate((A, B, NEW)):
        for j in range(11):
            subject = ("体育", "体育", "体育", "体育", "音乐", "音乐", "音乐", "美术", "美术", "语文", "数学")[j]
            people.append(
                {
                    "身份证号": id_number("19800101", s_index * 20 + j),
                    "学校标识码": school,
                    "任教学科": subject,
                    "骨干级别": "县级" if j < 10 else "",
                }
            )
    st.do_import_teachers(workbook(tmp_path / "t.xlsx", people), 2023)
    report = st.registry_census_comparison(world.county, 2023)
    measures = {(d["school_code"], d["measure"]) for d in report["disagreements"]}
    # Consistent on 骨干, PE, music and art; the census has 42 above-required teachers, the roster 11 per school.
    assert {m for _, m in measures} == {"teachers_above_required"} and len(measures) == 3
    first = next(d for d in report["disagreements"] if d["school_code"] == A)
    assert (first["registry"], first["census"], first["difference"]) == (11, 42, -31)


@pytest.mark.django_db
def test_a_plan_indicator_bound_to_a_teacher_metric_tracks_the_registry(world: World, tmp_path: Path) -> None:
    from eduplan.store.models import IndicatorActual, Plan, PlanIndicator
    from eduplan.store.plans import do_bind_metric, do_compute_actuals, suggested_metrics

    st.do_import_teachers(_year_2022(tmp_path), 2022)
    st.do_import_teachers(_year_2023(tmp_path), 2023)
    plan = Plan.objects.create(title="十四五规划", region_id=world.county)
    rotation = PlanIndicator.objects.create(plan=plan, name="教师交流轮岗比例", unit="%", target_value=10)
    training = PlanIndicator.objects.create(plan=plan, name="教师5年360学时培训完成率", unit="%", target_value=100)
    suggested = suggested_metrics(plan)
    assert (suggested[rotation.pk], suggested[training.pk]) == ("teacher_rotation_share", "teacher_training_completion")
    do_bind_metric(rotation.pk, "teacher_rotation_share")
    do_bind_metric(training.pk, "teacher_training_completion")
    assert do_compute_actuals(plan.pk, years=[2022, 2023]) == 4
    actual = IndicatorActual.objects.get(indicator=rotation, year=2023)
    assert (actual.value, actual.note) == (25.0, "2023学年教师名册")  # 1 of 4 eligible (see above)
    assert IndicatorActual.objects.get(indicator=rotation, year=2022).value == 0.0  # 5 eligible, none rotated
    assert IndicatorActual.objects.get(indicator=training, year=2023).value == 0.0


@pytest.mark.django_db
def test_the_staffing_forecast_takes_off_the_registry_retirements(world: World, tmp_path: Path) -> None:
    totals = [{"area_code": "441802", "stage": "小学", "staff_on_establishment": 10}]
    projected = [{"area_code": "441802", "stage": "小学", "year": y, "required_posts": 12} for y in (2036, 2038)]
    assert st.staffing_leavers("441802", 2023, totals, projected) is None  # no roster yet
    st.do_import_teachers(_year_2023(tmp_path), 2023)
    # In 2023 the roster holds women born 1980-01 (IDS 0 and 2: 55 + 31 months → 2037-08) and men (63 → 2043).
    rows = st.staffing_leavers("441802", 2023, totals, projected)
    assert rows is not None
    assert [(r["year"], r["retired_since_base"], r["staff_remaining"], r["staff_gap_with_leavers"]) for r in rows] == [
        (2036, 0, 10, 2),
        (2038, 2, 8, 4),
    ]
    # By subject: the five are 小学 语文 teachers (a group of 5: shown); none teaches PE or art, so no 体育艺术合计 row.
    subjects = st.staffing_subject_leavers("441802", 2023, projected, [])
    assert subjects is not None
    assert [(r["subject"], r["year"], r["teachers"], r["retired_since_base"], r["remaining"]) for r in subjects] == [
        ("语文", 2036, 5, 0, 5),
        ("语文", 2038, 5, 2, 3),
    ]
    assert not any(r["suppressed"] for r in subjects)


def _people(per_school: int, above: int) -> list[dict[str, object]]:
    """Per school of the test county: ``per_school`` teachers, ``above`` of them 本科 (above 小学's required level,
    the rest 中专), 10 县级骨干, 4 PE, 3 music, 2 art teachers (the census's AT_THRESHOLD has 42, 10, 4, 3, 2)."""
    subjects = ["体育"] * 4 + ["音乐"] * 3 + ["美术"] * 2
    rows = []
    for s_index, school in enumerate((A, B, NEW)):
        for j in range(per_school):
            rows.append(
                {
                    "身份证号": id_number("19800101", s_index * 300 + j),
                    "学校标识码": school,
                    "最高学历": "本科" if j < above else "中专",
                    "任教学科": subjects[j] if j < len(subjects) else "语文",
                    "骨干级别": "县级" if j < 10 else "",
                }
            )
    return rows


@pytest.mark.django_db
def test_quality_balance_teacher_indicators_from_the_registry(world: World, tmp_path: Path) -> None:
    from eduplan.store.assessments import run_assessment
    from tests.store.test_assessments import load_2023

    load_2023(world)
    census_only, _ = run_assessment("balanced", world.county, 2023)
    assert census_only["teacher_counts_source"] == "普查" and "teachers_vs_census" not in census_only
    # A consistent roster (45 teachers per school, 42 above the required level): the same indicators, nothing listed.
    st.do_import_teachers(workbook(tmp_path / "same.xlsx", _people(45, 42)), 2023)
    same, _ = run_assessment("balanced", world.county, 2023)
    assert same["teacher_counts_source"].startswith("教师名册")
    assert same["teachers_vs_census"]["disagreements"] == []
    means = same["teachers_vs_census"]["stages"]["小学"]["teachers_above_required_per100"]
    assert means["registry_mean"] == means["census_mean"] == pytest.approx(4.2)  # 42 per 1000 pupils
    assert same["stages"]["小学"]["county_mean"] == census_only["stages"]["小学"]["county_mean"]
    # An inconsistent one (11 per school, all 本科): 11 above the required level, 10 骨干, PE+art 9 → only the first
    # indicator differs, at each of the three schools: 1.1 per 100 pupils in the registry against 4.2.
    st.do_import_teachers(workbook(tmp_path / "other.xlsx", _people(11, 11)), 2023)
    other, _ = run_assessment("balanced", world.county, 2023)
    listed = [(d["school_code"], d["indicator"], d["registry"], d["census"]) for d in other["teachers_vs_census"]["disagreements"]]  # fmt: skip
    assert sorted(listed) == sorted(
        (code, "teachers_above_required_per100", pytest.approx(1.1), pytest.approx(4.2)) for code in (A, B, NEW)
    )
    assert other["stages"]["小学"]["county_mean"]["teachers_above_required_per100"] == pytest.approx(1.1)
