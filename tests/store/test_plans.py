"""Storing plans: one transaction per import, audit entries, corrections kept with before and after."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eduplan.demo.seed_plans import do_load_demo_plans
from eduplan.errors import NotFound, UsageError
from eduplan.ingest.plans import parse_plan_file
from eduplan.store.models import AuditEntry, Plan, PlanIndicator, PlanProject, PlanTask
from eduplan.store.plans import (
    do_confirm_plan_item,
    do_correct_plan_item,
    do_import_plan,
    do_record_actual,
    do_record_progress,
    do_set_task_status,
    get_plan,
    plan_detail,
)

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
GAZETTE = SEEDS / "000_287a84df7b129c81.txt"


@pytest.fixture
def gazette_plans(world):  # type: ignore[no-untyped-def]
    return do_import_plan(parse_plan_file(GAZETTE), "441802", file_bytes=GAZETTE.read_bytes())


def test_a_gazette_becomes_its_education_plan_with_one_audit_entry(gazette_plans):
    (education,) = gazette_plans
    assert education.title == "清远市清城区教育发展“十四五”规划（2021—2025年）"
    assert (education.doc_number, education.issuing_body, education.issue_date) == (
        "清城府函〔2023〕8号",
        "清远市清城区人民政府",
        date(2023, 2, 1),
    )
    assert education.region_id == "441802"
    assert (education.kind, education.source_format) == ("规划", "文本（UTF-8）")
    assert education.projects.count() == 49
    assert education.indicators.filter(kind="table").count() == 22
    assert len(education.discrepancies) == 3
    assert AuditEntry.objects.filter(action="plan.import").count() == 1


def test_importing_the_same_document_twice_is_refused_or_replaces_never_doubles(gazette_plans):
    (education,) = gazette_plans
    tasks = PlanTask.objects.count()
    with pytest.raises(UsageError, match=f"同一文件已导入过：规划 {education.pk}《清远市清城区教育发展"):
        do_import_plan(parse_plan_file(GAZETTE), "441802")
    assert (Plan.objects.count(), PlanTask.objects.count()) == (1, tasks)
    (again,) = do_import_plan(parse_plan_file(GAZETTE), "441802", replace=True)
    assert list(Plan.objects.values_list("pk", flat=True)) == [again.pk]
    assert PlanTask.objects.count() == tasks
    assert AuditEntry.objects.filter(action="plan.replace", object_id=str(education.pk)).exists()


def test_transport_tasks_stay_with_the_transport_plan(world):
    education, transport = do_import_plan(parse_plan_file(GAZETTE, education_only=False), "441802")
    assert not PlanTask.objects.filter(plan=education, responsible__icontains="交通运输局").exists()
    lead_first = PlanTask.objects.filter(plan=transport, text__startswith="（七）壮大多式联运市场主体").get()
    assert lead_first.responsible == ["区交通运输局", "区发展改革局", "市公安局清城分局", "各镇（街道）"]


def test_a_task_deadline_becomes_the_last_day_of_its_year(gazette_plans):
    (education,) = gazette_plans
    task = PlanTask.objects.get(plan=education, text="到2025年，全区创建10所社会实践特色学校。")
    assert (task.deadline_text, task.deadline) == ("2025年", date(2025, 12, 31))


def test_an_unknown_region_stores_nothing(world):
    with pytest.raises(NotFound):
        do_import_plan(parse_plan_file(GAZETTE), "449999")
    assert Plan.objects.count() == 0
    assert AuditEntry.objects.filter(action="plan.import").count() == 0


def test_a_failure_in_the_second_document_stores_nothing_of_the_first(world, monkeypatch):
    import eduplan.store.plans.imports as plans  # where do_import_plan looks its helper up

    documents = parse_plan_file(GAZETTE, education_only=False)
    real = plans._store_document

    def fail_on_transport(document, *args):  # type: ignore[no-untyped-def]
        if document is documents[1]:
            raise RuntimeError("disk full")
        return real(document, *args)

    monkeypatch.setattr(plans, "_store_document", fail_on_transport)
    with pytest.raises(RuntimeError, match="disk full"):
        do_import_plan(documents, "441802")
    assert (Plan.objects.count(), PlanProject.objects.count(), PlanIndicator.objects.count()) == (0, 0, 0)
    assert AuditEntry.objects.filter(action="plan.import").count() == 0


def test_a_correction_records_who_and_when(gazette_plans):
    from django.contrib.auth.models import User
    from django.utils import timezone

    analyst = User.objects.create_user("t-analyst")
    indicator = PlanIndicator.objects.get(plan=gazette_plans[0], name="公办小学本科以上学历占比")
    before = timezone.now()
    do_correct_plan_item("indicator", indicator.pk, {"target_value": 86.0}, analyst)
    entry = AuditEntry.objects.get(action="plan.correct")
    assert (entry.user, entry.username, entry.object_type, entry.object_id) == (
        analyst,
        "t-analyst",
        "PlanIndicator",
        str(indicator.pk),
    )
    assert before <= entry.at <= timezone.now()
    assert (entry.before, entry.after) == ({"target_value": 85.0}, {"target_value": 86.0})


def test_a_correction_keeps_before_and_after_and_marks_the_item_confirmed(gazette_plans):
    project = PlanProject.objects.get(plan=gazette_plans[0], source_line=684)  # 新建 item 7, investment empty
    do_correct_plan_item("project", project.pk, {"investment": 8600.0})
    project.refresh_from_db()
    assert (project.investment, project.confirmed) == (8600.0, True)
    entry = AuditEntry.objects.get(action="plan.correct")
    assert (entry.before, entry.after) == ({"investment": None}, {"investment": 8600.0})


def test_a_correction_of_an_unknown_field_is_refused(gazette_plans):
    indicator = PlanIndicator.objects.filter(plan=gazette_plans[0]).first()
    assert indicator is not None
    with pytest.raises(UsageError, match="不能修改的字段：source_text"):
        do_correct_plan_item("indicator", indicator.pk, {"source_text": "x"})


def test_confirming_an_item_is_audited(gazette_plans):
    task = PlanTask.objects.filter(plan=gazette_plans[0]).first()
    assert task is not None
    do_confirm_plan_item("task", task.pk)
    task.refresh_from_db()
    assert task.confirmed is True
    assert AuditEntry.objects.filter(action="plan.confirm", object_id=str(task.pk)).exists()


def test_actuals_give_the_indicator_its_yearly_status(gazette_plans):
    plan = gazette_plans[0]
    # 公办小学本科以上学历占比 81.37 → 85: E(2022) = 82.822
    indicator = PlanIndicator.objects.get(plan=plan, name="公办小学本科以上学历占比")
    do_record_actual(indicator.pk, 2022, 83.0)
    do_record_actual(indicator.pk, 2023, 83.1)  # E(2023) = 83.548: behind, P(2025) covers more than half
    row = next(i for i in plan_detail(get_plan(plan.pk))["indicators"] if i["id"] == indicator.pk)
    assert [(s["year"], s["status"]) for s in row["track"]] == [(2022, "正常推进"), (2023, "滞后")]


def test_progress_and_task_status_feed_the_detail(gazette_plans):
    plan = gazette_plans[0]
    project = PlanProject.objects.get(plan=plan, source_line=677)  # 清飞小学, 2020–2021
    do_record_progress(project.pk, 2021, "在建", investment_spent=9000.0)
    task = PlanTask.objects.get(plan=plan, text="到2025年，全区创建10所社会实践特色学校。")
    do_set_task_status(task.pk, "进行中")
    detail = plan_detail(get_plan(plan.pk), today=date(2026, 1, 1))
    tracked = next(p for p in detail["projects"] if p["id"] == project.pk)["tracking"]
    assert (tracked["status"], tracked["delayed"], tracked["investment_spent"]) == ("延期", True, 9000.0)
    assert next(t for t in detail["tasks"] if t["id"] == task.pk)["overdue"] is True


def test_an_invalid_project_status_is_refused(gazette_plans):
    project = PlanProject.objects.filter(plan=gazette_plans[0]).first()
    assert project is not None
    with pytest.raises(UsageError, match="项目状态“完工”无效"):
        do_record_progress(project.pk, 2022, "完工")


def test_the_demo_loads_every_seed_once_with_actuals(world):
    from eduplan.store.models import IndicatorActual, Region

    Region.objects.create(code="440100", name="广州市", level="city", parent_id="440000")
    Region.objects.create(code="440103", name="荔湾区", level="county", parent_id="440100")
    Region.objects.create(code="440114", name="花都区", level="county", parent_id="440100")
    assert do_load_demo_plans(SEEDS) == 5  # five files; the gazette's transport plan is left out
    assert do_load_demo_plans(SEEDS) == 5  # idempotent
    assert sorted(Plan.objects.values_list("region_id", "source_file")) == [
        ("440103", "003_e74825d3866fe507.txt"),
        ("440114", "004_458e35a3c5bc5943.txt"),
        ("441800", "001_2a7c526d3bbe7c3e.txt"),
        ("441800", "002_84c94e432680b102.txt"),
        ("441802", "000_287a84df7b129c81.txt"),
    ]
    details = [plan_detail(plan, today=date(2024, 1, 1)) for plan in Plan.objects.all()]
    statuses = {
        s["status"]
        for d in details
        for item in d["indicators"] + d["targets"]
        for s in item["track"]
        if s["year"] == 2023
    }
    assert statuses == {"达成", "正常推进", "滞后", "风险"}  # some targets on track, some behind
    projects = {p["tracking"]["status"] for d in details for p in d["projects"]}
    assert {"在建", "竣工", "延期"} <= projects
    assert any(t["overdue"] for d in details for t in d["tasks"])
    assert sorted(set(IndicatorActual.objects.values_list("year", flat=True))) == [2021, 2022, 2023]
    # A count of schools (所) is a whole number in every demo year (幼儿园数 208.14 would be nonsense).
    schools = IndicatorActual.objects.filter(indicator__unit="所").values_list("value", flat=True)
    assert schools and all(float(v).is_integer() for v in schools)


def test_the_demo_skips_seeds_whose_region_the_store_lacks(world):
    # the world has 清远市 and 清城区 only: 000 (its education plan), 001 and 002 load; 003 and 004 (广州) do not
    assert do_load_demo_plans(SEEDS) == 3
    assert sorted(Plan.objects.values_list("region_id", flat=True)) == ["441800", "441800", "441802"]


def _census_2021(world):  # type: ignore[no-untyped-def]
    """test_census's 2021 census (teachers 30, 22, 3), with 本科 teachers 27, 18, 1."""
    from tests.store.test_census import census_2021

    tables = census_2021(world)
    tables["学段"]["teachers_bachelor_plus"] = [27, 18, 1]
    return tables


def test_a_bound_indicator_takes_its_actual_from_the_census(gazette_plans, world):
    from eduplan.store.census import do_load_census
    from eduplan.store.models import IndicatorActual
    from eduplan.store.plans import do_bind_metric, do_compute_actuals, suggested_metrics

    do_load_census(2021, _census_2021(world))
    plan = gazette_plans[0]
    indicator = PlanIndicator.objects.get(plan=plan, name="公办小学本科以上学历占比")
    assert suggested_metrics(plan)[indicator.pk] == "public_primary_bachelor_share"
    do_bind_metric(indicator.pk, "public_primary_bachelor_share")
    assert do_compute_actuals(plan.pk, years=[2021, 2022]) == 1  # 2022 has no census
    actual = IndicatorActual.objects.get(indicator=indicator, year=2021)
    # (27 + 18 + 1) / (30 + 22 + 3) = 46 / 55 = 83.6364%
    assert (round(actual.value, 4), actual.source, actual.note) == (83.6364, "metric", "2021学年普查第1版")
    assert AuditEntry.objects.filter(action="plan.bind").count() == 1
    assert AuditEntry.objects.filter(action="plan.compute").count() == 1


def test_an_unknown_metric_is_refused(gazette_plans):
    from eduplan.store.plans import do_bind_metric

    indicator = PlanIndicator.objects.filter(plan=gazette_plans[0]).first()
    assert indicator is not None
    with pytest.raises(UsageError, match="未知的指标“no_such_metric”"):
        do_bind_metric(indicator.pk, "no_such_metric")


def test_the_stored_projects_add_up_to_the_plans_own_totals(gazette_plans):
    totals = {row["category"]: row for row in plan_detail(get_plan(gazette_plans[0].pk))["project_totals"]}
    # 附件1 合计: 29 schools, 45,430 seats, 169,393 万元; 附件3 总计: 20 kindergartens, 7,020 seats, 10,800 万元
    assert (totals["中小学"]["count"], totals["中小学"]["total_seats"], totals["中小学"]["investment"]) == (
        29,
        45430.0,
        169393.0,
    )
    assert (totals["幼儿园"]["count"], totals["幼儿园"]["total_seats"], totals["幼儿园"]["investment"]) == (
        20,
        7020.0,
        10800.0,
    )


def test_the_demo_ships_the_seed_plans_as_published():
    from eduplan.demo.seed_plans import DEMO_PLANS, demo_seeds_dir

    shipped = demo_seeds_dir()
    assert shipped is not None
    for name, _ in DEMO_PLANS:
        assert (shipped / name).read_bytes() == (SEEDS / name).read_bytes(), name


def test_a_continued_project_keeps_its_category_when_the_review_form_is_saved_unchanged(gazette_plans):
    # 续建 (Huadu's 雅瑶初级中学) is a category of its own: the form offers it, and an unchanged form confirms
    from eduplan.web.areas.plan_review import as_text, form_fields, review

    project = PlanProject.objects.get(plan=gazette_plans[0], source_line=677)
    do_correct_plan_item("project", project.pk, {"category": "续建"})
    project.refresh_from_db()
    fields = form_fields("project", project)
    assert next(f for f in fields if f["name"] == "category")["choices"] == ["", "新建", "改扩建", "接收配建", "续建"]
    review(None, "project", project, {f["name"]: f["value"] for f in fields})
    project.refresh_from_db()
    assert (project.category, project.confirmed) == ("续建", True)
    assert AuditEntry.objects.filter(action="plan.correct").count() == 1  # the first correction only
    assert as_text(project.seats) == '{"小学": 2160.0}'


def test_a_name_longer_than_its_column_is_clipped_and_flagged(world):
    from eduplan.ingest.plans import parse_lines

    lines = ["某县教育发展规划（2021—2025年）", "", "到2025年，全县" + "城乡学校" * 80 + "优质均衡比例达到90%。"]
    (plan,) = do_import_plan(parse_lines(lines, "long.txt"), "441802")
    (target,) = plan.indicators.all()
    # the name the parser read is 4·80 + 6 = 326 characters; the column holds 300
    assert (len(target.name), target.target_value) == (300, 90.0)
    assert target.uncertain == ["name 超过 300 字，已截断；原文见来源"]
    assert target.source_text.endswith("优质均衡比例达到90%。")


def test_a_project_keeps_its_site_and_floor_areas_and_classes(world):
    from eduplan.store.models import Region

    Region.objects.create(code="440100", name="广州市", level="city", parent_id="440000")
    Region.objects.create(code="440114", name="花都区", level="county", parent_id="440100")
    huadu = SEEDS / "004_458e35a3c5bc5943.txt"
    (plan,) = do_import_plan(parse_plan_file(huadu), "440114")
    # 附件2 item 2: 雅瑶初级中学（新校）, 续建, 占地 57144 ㎡, 建筑 48362 ㎡, 40848 万元, 2023年
    row = next(p for p in plan_detail(plan)["projects"] if "雅瑶初级中学" in p["name"])
    assert (row["category"], row["area"], row["floor_area"], row["investment"], row["finish_year"]) == (
        "续建",
        57144.0,
        48362.0,
        40848.0,
        2023,
    )
    # Qingcheng's 清飞小学 states its classes (48 个班) in the row text
    (education,) = do_import_plan(parse_plan_file(GAZETTE), "441802")
    first = next(p for p in plan_detail(education)["projects"] if p["name"] == "清城区清飞小学（暂名）")
    assert (first["classes"], first["area"], first["floor_area"]) == (48, None, None)


def test_the_plan_commands_record_the_store_user_named_with_user(world, monkeypatch):
    from click.testing import CliRunner
    from django.contrib.auth.models import User

    from eduplan.cli import main

    monkeypatch.setattr("eduplan.store.open_store", lambda: None)  # the test database is open already
    User.objects.create_user("wang.fang")
    runner = CliRunner()
    unknown = runner.invoke(main, ["import", "plan", str(GAZETTE), "--region", "441802", "--user", "li"])
    assert (unknown.exit_code, unknown.output) == (2, "错误 / error: 没有用户 li：--user 应为网页中已有的用户名\n")
    assert Plan.objects.count() == 0
    imported = runner.invoke(main, ["import", "plan", str(GAZETTE), "--region", "441802", "--user", "wang.fang"])
    assert imported.exit_code == 0, imported.output
    education = Plan.objects.get(doc_number="清城府函〔2023〕8号")
    project = str(PlanProject.objects.get(plan=education, source_line=684).pk)
    first_task = PlanTask.objects.filter(plan=education).first()
    assert first_task is not None
    task = str(first_task.pk)
    indicator = str(PlanIndicator.objects.get(plan=education, name="公办小学本科以上学历占比").pk)
    commands = [
        ["plan", "correct", "project", project, "investment=8600"],
        ["plan", "confirm", "task", task],
        ["plan", "actual", indicator, "2022", "83"],
        ["plan", "progress", project, "2021", "在建"],
        ["plan", "task", task, "进行中"],
        ["plan", "bind", indicator, "public_primary_bachelor_share"],
        ["plan", "compute", str(education.pk), "--year", "2021"],  # no census stored: 0 written, still audited
    ]
    for args in commands:
        done = runner.invoke(main, [*args, "--user", "wang.fang"])
        assert done.exit_code == 0, done.output
    entries = AuditEntry.objects.filter(action__startswith="plan.").order_by("id")
    assert [(e.action, e.username) for e in entries] == [
        ("plan.import", "wang.fang"),
        ("plan.correct", "wang.fang"),
        ("plan.confirm", "wang.fang"),
        ("plan.actual", "wang.fang"),
        ("plan.progress", "wang.fang"),
        ("plan.task", "wang.fang"),
        ("plan.bind", "wang.fang"),
        ("plan.compute", "wang.fang"),
    ]
    assert education.imported_by is not None and education.imported_by.username == "wang.fang"


def test_a_title_longer_than_its_column_is_clipped_and_the_import_says_so(world):
    from eduplan.ingest.plans import parse_lines

    lines = ["某县教育发展规划（2021—2025年）", "", "到2025年，全县创建10所劳动教育特色学校。"]
    (document,) = parse_lines(lines, "plan.txt")
    document.plan.title = "某县" + "教育" * 160 + "发展规划"  # 2 + 320 + 4 = 326 characters
    (plan,) = do_import_plan([document], "441802")
    assert (len(plan.title), plan.title.endswith("教育")) == (300, True)
    entry = AuditEntry.objects.get(action="plan.import")
    assert entry.after["clipped"] == ["title 超过 300 字，已截断；原文见来源"]


def test_one_measure_in_several_rows_has_one_actual_a_year(world):
    lines = [
        "某市劳动教育行动计划",
        "",
        "到2022年创建30所市级劳动教育特色学校，到2025年创建50所市级劳动教育特色学校。",
        "研究制定创建标准，创建30所市级劳动教育特色学校。",
    ]
    from eduplan.ingest.plans import parse_lines
    from eduplan.store.models import IndicatorActual

    (plan,) = do_import_plan(parse_lines(lines, "labour.txt"), "441800")
    rows = list(plan.indicators.filter(name="市级劳动教育特色学校").order_by("id"))
    assert [(r.target_value, r.target_year) for r in rows] == [
        (30.0, 2022),
        (50.0, 2025),
        (30.0, 2022),
    ]  # its twin's year
    do_record_actual(rows[1].pk, 2023, 41)
    assert sorted(IndicatorActual.objects.filter(year=2023).values_list("indicator_id", "value")) == [
        (r.pk, 41.0) for r in rows
    ]
    entry = AuditEntry.objects.get(action="plan.actual")
    assert entry.summary == "市级劳动教育特色学校 2023年实际值 41（同一指标的 2 行一并记录）"


def test_the_demo_never_gives_a_share_above_100_or_one_measure_two_actuals(world):
    from eduplan.core.plan_tracking import capped_share
    from eduplan.store.models import IndicatorActual

    assert do_load_demo_plans(SEEDS) == 3
    actuals = IndicatorActual.objects.select_related("indicator")
    assert not [a for a in actuals if capped_share(a.indicator.name, a.indicator.unit) and a.value > 100]
    seen: dict[tuple[int, str, str, str, int], float] = {}
    for a in actuals:
        key = (a.indicator.plan_id, a.indicator.name, a.indicator.unit, a.indicator.stage, a.year)
        assert seen.setdefault(key, a.value) == a.value, key


def test_published_monitoring_figures_are_stored_with_their_place(world):
    # r07 (corpus, development half): 安徽省6个区 差异系数表; 庐阳区 小学 全县平均值 生均教学及辅助用房面积 3.042
    path = Path(__file__).resolve().parents[1] / "data" / "plans" / "real" / "r07_anhui_districts_balance.xlsx"
    (plan,) = do_import_plan(parse_plan_file(path), "441802")
    assert (plan.kind, len(plan.published)) == ("监测结果", 68)
    first = plan.published[0]
    assert (first["area"], first["stage"], first["measure"], first["value"]) == ("庐阳区", "小学", "均值", 3.042)
    assert first["source"]["where"] == "工作表“Sheet1”第 3 行"
    assert plan_detail(plan)["published"][1]["indicator"] == "生均体育运动场馆面积(㎡)"
