"""The reports on the demo store, through the CLI as a user runs them: each PDF's text and each workbook sheet
hold the numbers of the matching --json command for the same census version; bad input leaves no file."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from eduplan.standards.quality_balance import STANDARD as QUALITY_BALANCE
from tests.conftest import run_eduplan

from .pdftools import compact, lines_with, missing_glyphs, numbers, pdf_text, save_pages

pytestmark = pytest.mark.slow
COUNTY, YEAR, PLAN = (
    "441802",
    "2023",
    "1",
)  # 清城区; plan 1 is its 十四五 education plan (demo/seed_plans.py DEMO_PLANS)


def _json(env: dict[str, str], *args: str) -> Any:
    done = run_eduplan(*args, "--json", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _report(env: dict[str, str], folder: Path, kind: str, fmt: str, *args: str) -> Path:
    out = folder / f"{kind}.{fmt}"
    done = run_eduplan("report", kind, *args, "--format", fmt, "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"已生成 {out}")
    return out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reports")


@pytest.fixture(scope="module")
def balanced_json(demo_env: dict[str, str]) -> Any:
    return _json(demo_env, "assess", "balanced", "--region", COUNTY, "--year", YEAR)


@pytest.fixture(scope="module")
def balanced_pdf(demo_env: dict[str, str], folder: Path) -> bytes:
    return _report(demo_env, folder, "balanced", "pdf", "--region", COUNTY, "--year", YEAR).read_bytes()


@pytest.fixture(scope="module")
def balanced_book(demo_env: dict[str, str], folder: Path) -> openpyxl.Workbook:
    path = _report(demo_env, folder, "balanced", "xlsx", "--region", COUNTY, "--year", YEAR)
    return openpyxl.load_workbook(io.BytesIO(path.read_bytes()))


@pytest.fixture(scope="module")
def plan_json(demo_env: dict[str, str]) -> Any:
    # The review of --year 2023 tracks the plan as of the end of 2023 (tasks overdue then, projects then).
    return _json(demo_env, "plan", "show", PLAN, "--as-of", f"{YEAR}-12-31")


@pytest.fixture(scope="module")
def plan_pdf(demo_env: dict[str, str], folder: Path) -> bytes:
    return _report(demo_env, folder, "plan", "pdf", "--plan", PLAN, "--year", YEAR).read_bytes()


@pytest.fixture(scope="module")
def plan_book(demo_env: dict[str, str], folder: Path) -> openpyxl.Workbook:
    path = _report(demo_env, folder, "plan", "xlsx", "--plan", PLAN, "--year", YEAR)
    return openpyxl.load_workbook(io.BytesIO(path.read_bytes()))


def _sheet(book: openpyxl.Workbook, name: str) -> list[dict[str, Any]]:
    rows = list(book[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


# --- 优质均衡 -------------------------------------------------------------------------------------


def test_balanced_pdf_cover_names_county_year_data_version_and_run(balanced_json: Any, balanced_pdf: bytes) -> None:
    # The command kept a run (balanced_json, made first); the report, which keeps none, names that run.
    cover = compact(pdf_text(balanced_pdf).split("\f")[0])
    assert "清城区义务教育优质均衡发展资源配置自评报告" in cover
    assert f"{YEAR}学年普查第{balanced_json['census_version']}版" in cover
    assert "评估记录#" in cover and "〔2017〕6号" in cover


def test_balanced_pdf_verdict_and_cvs_equal_the_json(balanced_pdf: bytes, balanced_json: Any) -> None:
    text = pdf_text(balanced_pdf)
    assert f"总体结论：{balanced_json['verdict']}" in compact(text)
    for stage, st in balanced_json["stages"].items():
        section = text.split(f"{stage}校际差异系数")[1]
        for ind in QUALITY_BALANCE.indicators:
            line = lines_with(section, ind.name)[0]
            mean, sd, cv, limit = numbers(line.split(ind.unit, 1)[1])[:4]
            assert (mean, sd, cv) == tuple(f"{st[k][ind.key]:.3f}" for k in ("county_mean", "sd", "cv"))
            assert limit == f"{st['cv_threshold']:.2f}"
            assert line.rstrip().endswith("达标" if st["cv_passed"][ind.key] else "未达标")


def test_balanced_pdf_school_rows_equal_the_json(balanced_pdf: bytes, balanced_json: Any) -> None:
    text = pdf_text(balanced_pdf)
    checked = 0
    for stage, st in balanced_json["stages"].items():
        # The stage's own table: a nine-year school has a row under 小学 and one under 初中.
        section = text.split(f"{stage}学校指标达标情况")[1].split("初中资源配置")[0].split("未达标学校及改进途径")[0]
        for s in st["schools"]:
            line = next(row for row in lines_with(section, s["school_code"]) if row.rstrip().endswith("达标"))
            values = [f"{s['values'][i.key]:.{2 if i.unit == '元' else 3}f}" for i in QUALITY_BALANCE.indicators]
            assert numbers(line.split(s["school_code"], 1)[1])[-9:] == [str(s["students"]), *values, str(s["met"])]
            assert line.rstrip().endswith("未达标" if not s["passed"] else "达标")
            checked += 1
    assert checked == sum(st["schools_total"] for st in balanced_json["stages"].values())


def test_balanced_workbook_sheets_equal_the_json(balanced_book: openpyxl.Workbook, balanced_json: Any) -> None:
    for stage, st in balanced_json["stages"].items():
        cvs = {r["指标"]: r for r in _sheet(balanced_book, f"{stage}差异系数")}
        for ind in QUALITY_BALANCE.indicators:
            assert cvs[ind.name]["差异系数"] == pytest.approx(st["cv"][ind.key], rel=1e-15)
            assert cvs[ind.name]["结论"] == ("达标" if st["cv_passed"][ind.key] else "未达标")
        schools = {r["学校代码"]: r for r in _sheet(balanced_book, f"{stage}学校")}
        assert len(schools) == st["schools_total"]
        for s in st["schools"]:
            row = schools[s["school_code"]]
            assert (row["在校生"], row["达标项数"]) == (s["students"], s["met"])
            got = [v for k, v in row.items() if k.startswith(tuple(_short_names()))]
            assert got == [pytest.approx(s["values"][i.key], rel=1e-15) for i in QUALITY_BALANCE.indicators]
    gaps = _sheet(balanced_book, "达标差距")
    expected = [
        (s["school_code"], a["amount"])
        for st in balanced_json["stages"].values()
        for s in st["schools"]
        if not s["passed"]
        for a in s["gap"]
    ]
    assert [(r["学校代码"], r["需增加"]) for r in gaps] == expected
    items = _sheet(balanced_book, "人工填报项目")
    assert [r["状态"] for r in items] == [i["status_label"] for i in balanced_json["items"]]


def _short_names_by_key() -> dict[str, str]:
    from eduplan.reports.balanced import SHORT_NAMES

    return SHORT_NAMES


def _short_names() -> list[str]:
    from eduplan.reports.balanced import SHORT_NAMES

    return [SHORT_NAMES[i.key] for i in QUALITY_BALANCE.indicators]


def test_balanced_pdf_pages_are_saved_and_every_glyph_exists(balanced_pdf: bytes) -> None:
    text = pdf_text(balanced_pdf)
    assert "\ufffd" not in text and missing_glyphs(text) == set()
    assert "未经证实（UNCONFIRMED）" in text  # the standard's unconfirmed numbers are in the method notes
    assert len(save_pages(balanced_pdf, "balanced-441802-2023")) == text.count("\f")


def test_balanced_pdf_lists_failing_schools_items_exclusions_and_unconfirmed_notes(
    balanced_pdf: bytes, balanced_json: Any
) -> None:
    text = pdf_text(balanced_pdf)
    gaps = compact(text.split("未达标学校及达标差距")[1].split("差异系数超限指标的改进途径")[0])
    failing = [(stage, s) for stage, st in balanced_json["stages"].items() for s in st["schools"] if not s["passed"]]
    assert failing
    short = _short_names_by_key()
    for stage, s in failing:
        # Each failing school's row: stage, code, name, count met, then its additions (indicator names shortened).
        additions = "；".join(f"{short[a['indicator']]}+{a['amount']:g}{a['unit']}" for a in s["gap"])
        assert f"{stage}{s['school_code']}{compact(s['name'])}{s['met']}{additions}" in gaps
    items = text.split("人工填报项目（政府保障程度")[1].split("不参加评估的学校")[0]
    assert compact(items).count("待记录") == sum(i["status_label"] == "待记录" for i in balanced_json["items"])
    checks = [i["census_check"] for i in balanced_json["items"] if i["census_check"]]
    for check in checks:  # the start of the check's finding (the cell wraps beside other wrapped cells)
        assert compact(check["detail"])[:6] in compact(items)
    excluded = text.split("不参加评估的学校")[-1].split("方法说明")[0]
    for e in balanced_json["excluded"]:
        [line] = lines_with(excluded, e["school_code"], e["stage"])
        assert f"{e['students']:.0f}" in numbers(line.split(e["school_code"], 1)[1]) and e["reason"] in line
    notes = compact(text.split("方法说明")[-1])
    assert balanced_json["unconfirmed"] and all(compact(u) in notes for u in balanced_json["unconfirmed"])


def test_balanced_workbook_detail_sheets_equal_the_json(balanced_book: openpyxl.Workbook, balanced_json: Any) -> None:
    stages = balanced_json["stages"]
    detail = _sheet(balanced_book, "学校指标明细")
    expected = [
        (stage, s["school_code"], i.name, s["values"][i.key], i.threshold(stage), s["ratios"][i.key])
        for stage, st in stages.items()
        for s in st["schools"]
        for i in QUALITY_BALANCE.indicators
    ]
    got = [(r["学段"], r["学校代码"], r["指标"], r["指标值"], r["标准值"], r["达标比例"]) for r in detail]
    assert got == [(*e[:3], *(pytest.approx(v, rel=1e-15) for v in e[3:])) for e in expected]  # Excel keeps 15 digits
    judged = [(r["是否达标"], e[5]) for r, e in zip(detail, expected, strict=True) if e[5] is not None]
    assert [verdict for verdict, _ in judged] == ["达标" if ratio >= 1 else "未达标" for _, ratio in judged]
    failing = _sheet(balanced_book, "未达标学校")
    assert [(r["学校代码"], r["达标项数"]) for r in failing] == [
        (s["school_code"], s["met"]) for st in stages.values() for s in st["schools"] if not s["passed"]
    ]
    levers = _sheet(balanced_book, "差异系数改进")
    assert [(r["差异系数"], r["需增加"], r["单独调整后差异系数"]) for r in levers] == [
        (pytest.approx(g["cv"], rel=1e-15), lv["addition"], pytest.approx(lv["cv_after"], rel=1e-15))
        for st in stages.values()
        for g in st["cv_gaps"]
        for lv in g["levers"]
    ]
    excluded = _sheet(balanced_book, "不参评学校")
    assert [(r["学校代码"], r["学段"], r["在校生"], r["原因"]) for r in excluded] == [
        (e["school_code"], e["stage"], e["students"], e["reason"]) for e in balanced_json["excluded"]
    ]
    flagged = _sheet(balanced_book, "普查核对学校")
    assert [(r["项目"], r["学校代码"]) for r in flagged] == [
        (i["name"], code) for i in balanced_json["items"] if i["census_check"] for code in i["census_check"]["schools"]
    ]
    about = [v for row in balanced_book["说明"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    notes = [v.split(". ", 1)[1] for v in about if v[:1].isdigit() and ". " in v]  # "1. 评估依据…"
    assert set(balanced_json["unconfirmed"]) <= set(notes)
    assert f"{balanced_json['verdict']}：" in next(v for v in about if v.startswith(balanced_json["verdict"]))


# --- 规划中期评估 ---------------------------------------------------------------------------------


def test_plan_pdf_indicator_rows_equal_the_json(plan_pdf: bytes, plan_json: Any) -> None:
    text = pdf_text(plan_pdf)
    assert "清远市清城区教育发展“十四五”规划" in compact(text.split("\f")[0])
    for item in plan_json["indicators"]:
        entry = [t for t in item["track"] if t["year"] <= int(YEAR)][-1]
        [line] = [row for row in lines_with(text, item["name"]) if row.rstrip().endswith(str(item["source"]["line"]))]
        got = numbers(line.split(item["name"], 1)[1])
        assert got[-5:-1] == [YEAR, *(_plain(entry[k]) for k in ("actual", "expected", "projected"))]
        assert entry["status"] in line


def test_plan_workbook_projects_equal_the_json(plan_book: openpyxl.Workbook, plan_json: Any) -> None:
    rows = _sheet(plan_book, "建设项目")
    assert len(rows) == len(plan_json["projects"])
    for row, p in zip(rows, plan_json["projects"], strict=True):
        tracking = p["tracking"]
        assert row["项目"] == p["name"]
        assert row["规划学位"] == tracking["seats_planned"]
        assert row["已交付学位"] == tracking["seats_delivered"] == tracking["delivered_by_year"].get(YEAR, 0.0)
        assert row["状态"] == tracking["status"]
        assert row["规划投资（万元）"] == tracking["investment_planned"]
    discrepancies = _sheet(plan_book, "原文不一致")
    assert [r["问题"] for r in discrepancies] == [d["message"] for d in plan_json["discrepancies"]]


def test_plan_workbook_indicators_tasks_and_totals_equal_the_json(plan_book: openpyxl.Workbook, plan_json: Any) -> None:
    for sheet, key in (("主要指标", "indicators"), ("量化目标", "targets")):
        rows = _sheet(plan_book, sheet)
        assert len(rows) == len(plan_json[key])
        for row, item in zip(rows, plan_json[key], strict=True):
            entries = [t for t in item["track"] if t["year"] <= int(YEAR)]
            assert (row["指标"], row["基期值"], row["原文行"]) == (
                item["name"],
                item["baseline_value"],
                item["source"]["line"],
            )
            if entries:
                now = entries[-1]
                assert (row["最新年份"], row["最新值"], row["进度线值"], row["目标年预测"]) == (
                    now["year"],
                    now["actual"],
                    now["expected"],
                    now["projected"],
                )
            else:
                assert (row["最新年份"], row["最新值"], row["状态"]) == (None, None, "无实际值")
    tasks = _sheet(plan_book, "全部任务")
    assert [(r["任务"], r["状态"], r["逾期"] == "逾期") for r in tasks] == [
        (t["text"], t["status"], t["overdue"]) for t in plan_json["tasks"]
    ]
    assert [r["任务"] for r in _sheet(plan_book, "逾期任务")] == [t["text"] for t in plan_json["tasks"] if t["overdue"]]
    [department] = _sheet(plan_book, "任务按部门")  # the demo plan names no lead department
    assert (department["任务数"], department["已完成"], department["进行中"], department["未开始"]) == (
        len(plan_json["tasks"]),
        *(sum(t["status"] == s for t in plan_json["tasks"]) for s in ("已完成", "进行中", "未开始")),
    )
    assert department["逾期"] == sum(t["overdue"] for t in plan_json["tasks"])
    groups = {(r["层次"], r["类别"]): r for r in _sheet(plan_book, "项目汇总")}
    for level, preschool in (("义务教育", False), ("学前教育", True)):
        mine = [p for p in plan_json["projects"] if (p["stage"] == "学前") == preschool]
        total = groups[(level, "合计")]
        assert total["项目数"] == len(mine)
        assert total["项目合计学位"] == sum(p["tracking"]["seats_planned"] for p in mine)
        assert total["已交付学位"] == sum(p["tracking"]["seats_delivered"] for p in mine)
        assert total["已完成投资（万元）"] == pytest.approx(sum(p["tracking"]["investment_spent"] for p in mine))
        assert total["已竣工"] == sum(p["tracking"]["status"] == "竣工" for p in mine)
    own = _sheet(plan_book, "规划汇总表")
    assert [(r["学位"], r["投资（万元）"], r["原文行"]) for r in own] == [
        (r["total_seats"], r["investment"], r["source"]["line"]) for r in plan_json["rollups"] if r["stage"] is None
    ]


def test_plan_pdf_project_totals_equal_the_json(plan_pdf: bytes, plan_json: Any) -> None:
    summary = pdf_text(plan_pdf).split("项目推进汇总（按层次和类别）")[1].split("规划原文的项目汇总")[0]
    for level, preschool in (("义务教育", False), ("学前教育", True)):
        mine = [p["tracking"] for p in plan_json["projects"] if (p["stage"] == "学前") == preschool]
        [line] = lines_with(summary, level, "合计")
        # count, finished, delayed, plan's seats, seats, delivered, %, plan's money, money, spent, %
        got = numbers(line)
        assert got[:3] == [str(len(mine)), *(str(sum(t["status"] == s for t in mine)) for s in ("竣工", "延期"))]
        assert got[4:6] == [_plain(sum(t[k] for t in mine)) for k in ("seats_planned", "seats_delivered")]
        # a project without a planned sum (接收配建) adds nothing
        assert got[8:10] == [_plain(sum(t[k] or 0 for t in mine)) for k in ("investment_planned", "investment_spent")]


def test_plan_pdf_tasks_and_discrepancies_equal_the_json(plan_pdf: bytes, plan_json: Any) -> None:
    text = pdf_text(plan_pdf)
    tasks = plan_json["tasks"]
    [department] = lines_with(text.split("按牵头部门统计")[1], "未明确责任部门")
    counts = [len(tasks), *(sum(t["status"] == s for t in tasks) for s in ("已完成", "进行中", "未开始"))]
    assert numbers(department) == [str(n) for n in (*counts, sum(t["overdue"] for t in tasks))]
    overdue = compact(text.split("逾期任务")[-1].split("规划文本核查发现的不一致")[0])
    assert all(compact(t["text"])[:10] in overdue for t in tasks if t["overdue"])  # a wrapped cell's first line
    found = compact(text.split("不一致之处")[1].split("方法说明")[0])
    assert plan_json["discrepancies"]
    for d in plan_json["discrepancies"]:  # the message wraps beside its line numbers: its start, then the numbers
        lines = "、".join(str(n) for n in sorted({loc["line"] for loc in d["locations"]}))
        assert compact(d["message"])[:15] in found and lines in found


def test_plan_pdf_pages_are_saved_and_every_glyph_exists(plan_pdf: bytes) -> None:
    text = pdf_text(plan_pdf)
    assert "\ufffd" not in text and missing_glyphs(text) == set()
    assert len(save_pages(plan_pdf, "plan-1-2023")) == text.count("\f")


def _plain(value: float) -> str:
    from eduplan.reports.document import plain_number

    return plain_number(value)


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("balanced", "--region", COUNTY, "--year", "2030"), 3, "2030学年没有当前版本的普查数据"),
        (("balanced", "--region", "441800", "--year", YEAR), 2, "评估以县（市、区）为单位"),
        (("balanced", "--region", "999999", "--year", YEAR), 3, "999999"),
        (("plan", "--plan", "999", "--year", YEAR), 3, "规划 999 不存在"),
    ],
)
def test_bad_input_gives_a_message_and_leaves_no_file(
    demo_env: dict[str, str], tmp_path: Path, args: tuple[str, ...], status: int, message: str
) -> None:
    done = run_eduplan("report", *args, "--format", "pdf", "--out", str(tmp_path / "r.pdf"), env=demo_env)
    assert done.returncode == status
    assert message in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_missing_output_folder_is_a_message_and_no_file(demo_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "nowhere" / "r.xlsx"
    done = run_eduplan("report", "plan", "--plan", PLAN, "--year", YEAR, "--out", str(out), env=demo_env)
    assert done.returncode == 2 and f"输出目录不存在：{out.parent}" in done.stderr
    assert list(tmp_path.iterdir()) == []


# --- staffing and 学前普及普惠 ------------------------------------------------------------------------


def test_staffing_pdf_totals_equal_the_json(demo_env: dict[str, str], folder: Path) -> None:
    payload = _json(demo_env, "assess", "staffing", "--region", COUNTY, "--year", YEAR)
    pdf = _report(demo_env, folder, "staffing", "pdf", "--region", COUNTY, "--year", YEAR).read_bytes()
    text = pdf_text(pdf)
    section = text.split("按学段汇总")[1].split("学科教师缺口")[0]
    county = [t for t in payload["totals"] if t["area_code"] == COUNTY]
    whole = [t for t in payload["totals"] if t["area_code"] == "全部"]
    # One county: its 全部 rows repeat the county's, and the report prints them once.
    assert [{**t, "area_code": COUNTY} for t in whole] == county and "全部" not in section
    for t in county:
        area = payload["names"].get(t["area_code"], t["area_code"])
        keys = ("schools", "students", "required_posts", "authorized_posts", "staff_on_establishment", "post_gap")
        expected = [f"{t[k]:.0f}" for k in (*keys, "staff_gap")]
        assert any(numbers(line) == expected for line in lines_with(section, area, t["stage"])), (area, t["stage"])
    assert "\ufffd" not in text and missing_glyphs(text) == set()
    schools = text.split("学校编制测算明细")[1].split("方法说明")[0]
    checked = 0
    for school in payload["schools"]:
        keys = ("students", "required_posts", "authorized_posts", "staff_on_establishment", "post_gap", "staff_gap")
        if any(school[k] is None for k in keys):
            continue
        # After the 学段 column (a name may end in 小学 too, so the last occurrence): the six numbers.
        [line] = [row for row in lines_with(schools, school["school_code"]) if f" {school['stage']} " in row]
        expected = [f"{school[k]:.{1 if k in ('required_posts', 'post_gap', 'staff_gap') else 0}f}" for k in keys]
        assert numbers(line.rsplit(school["stage"], 1)[1]) == expected, school["school_code"]
        checked += 1
    assert checked > 100
    save_pages(pdf, "staffing-441802-2023")


def test_preschool_workbook_indicators_equal_the_json(demo_env: dict[str, str], folder: Path) -> None:
    payload = _json(demo_env, "assess", "preschool", "--region", COUNTY, "--year", YEAR)
    path = _report(demo_env, folder, "preschool", "xlsx", "--region", COUNTY, "--year", YEAR)
    rows = {r["指标"]: r for r in _sheet(openpyxl.load_workbook(path), "主要指标")}
    for ind in payload["indicators"].values():
        row = rows[ind["name"]]
        assert row["指标值"] == (None if ind["value"] is None else pytest.approx(ind["value"], rel=1e-15))
        assert (row["分子"], row["分母"]) == (ind["numerator"], ind["denominator"])
        assert row["结论"] == ("达标" if ind["passed"] else "未达标")
    book = openpyxl.load_workbook(path)
    kindergartens = _sheet(book, "幼儿园")
    assert [(r["幼儿园代码"], r["在园幼儿"], r["班数"], r["专任教师"]) for r in kindergartens] == [
        (k["school_code"], k["children"], k["classes"], k["teachers"]) for k in payload["kindergartens"]
    ]
    assert [r["生师比（幼儿/专任教师）"] for r in kindergartens] == [
        pytest.approx(k["children_per_teacher"], rel=1e-15) for k in payload["kindergartens"]
    ]
    assert [r["状态"] for r in _sheet(book, "人工填报项目")] == [i["status_label"] for i in payload["items"]]


def test_staffing_workbook_equals_the_json(demo_env: dict[str, str], folder: Path) -> None:
    payload = _json(demo_env, "assess", "staffing", "--region", COUNTY, "--year", YEAR)
    book = openpyxl.load_workbook(_report(demo_env, folder, "staffing", "xlsx", "--region", COUNTY, "--year", YEAR))
    keys = (
        "schools",
        "students",
        "required_posts",
        "authorized_posts",
        "staff_on_establishment",
        "post_gap",
        "staff_gap",
    )
    labels = ("学校数", "学生数", "按标准应核编制", "核定编制", "在编教职工", "编制缺口", "缺员")
    totals = _sheet(book, "编制汇总")
    assert [[r[label] for label in labels] for r in totals] == [
        [t[k] for k in keys] for t in payload["totals"] if t["area_code"] == COUNTY
    ]
    subjects = _sheet(book, "学科缺口")
    assert [(r["学段"], r["学科"], r["现有教师"], r["按标准需要"], r["缺口"]) for r in subjects] == [
        (s["stage"], s["subject"], s["teachers"], s["needed"], s["gap"])
        for s in payload["subjects"]
        if s["area_code"] == COUNTY
    ]
    schools = _sheet(book, "学校明细")
    assert [(r["学校代码"], r["学段"], r["学生数"], r["按标准应核编制"], r["编制缺口"]) for r in schools] == [
        (s["school_code"], s["stage"], s["students"], s["required_posts"], s["post_gap"]) for s in payload["schools"]
    ]


def test_preschool_pdf_indicators_equal_the_json_and_every_glyph_exists(demo_env: dict[str, str], folder: Path) -> None:
    payload = _json(demo_env, "assess", "preschool", "--region", COUNTY, "--year", YEAR)
    pdf = _report(demo_env, folder, "preschool", "pdf", "--region", COUNTY, "--year", YEAR).read_bytes()
    text = pdf_text(pdf)
    assert "学前教育普及普惠自评报告" in compact(text.split("\f")[0])
    assert f"总体结论：{payload['verdict']}" in compact(text)
    table = text.split("普及普惠主要指标")[-1].split("人工填报项目")[0]
    for ind in payload["indicators"].values():
        line = next(row for row in table.splitlines() if row.strip().startswith(ind["name"][:8]))
        value = "—" if ind["value"] is None else f"{ind['value']:.2f}"
        assert value in line.split()
        # numerator and denominator, then (for a failing one) what it takes to pass
        assert [_plain(ind["numerator"]), _plain(ind["denominator"])] == numbers(line)[-2 - bool(ind["gap"]) :][:2]
        assert ("未达标" if not ind["passed"] else "达标") in line
    kindergartens = text.split("幼儿园明细")[-1]
    for k in payload["kindergartens"][:20]:
        [line] = lines_with(kindergartens, k["school_code"])
        expected = [f"{k[f]:.0f}" for f in ("children", "classes", "teachers")] + [f"{k['children_per_teacher']:.2f}"]
        assert numbers(line.split(k["name"], 1)[1]) == expected
    assert "\ufffd" not in text and missing_glyphs(text) == set()
    save_pages(pdf, "preschool-441802-2023")
