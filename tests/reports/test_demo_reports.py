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
COUNTY, YEAR, PLAN = "441802", "2023", "1"  # 清城区; plan 1 is its 十四五 education plan (store/plans.py DEMO_PLANS)


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
    return _json(demo_env, "plan", "show", PLAN)


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


def test_balanced_pdf_cover_names_county_year_data_version_and_run(balanced_pdf: bytes, balanced_json: Any) -> None:
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


def _short_names() -> list[str]:
    from eduplan.reports.balanced import SHORT_NAMES

    return [SHORT_NAMES[i.key] for i in QUALITY_BALANCE.indicators]


def test_balanced_pdf_pages_are_saved_and_every_glyph_exists(balanced_pdf: bytes) -> None:
    text = pdf_text(balanced_pdf)
    assert "\ufffd" not in text and missing_glyphs(text) == set()
    assert "未经证实（UNCONFIRMED）" in text  # the standard's unconfirmed numbers are in the method notes
    assert len(save_pages(balanced_pdf, "balanced-441802-2023")) == text.count("\f")


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
        assert row["已交付学位"] == tracking["delivered_by_year"].get(YEAR, 0.0)
        assert row["规划投资（万元）"] == tracking["investment_planned"]
    discrepancies = _sheet(plan_book, "原文不一致")
    assert [r["问题"] for r in discrepancies] == [d["message"] for d in plan_json["discrepancies"]]


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
    assert len(_sheet(openpyxl.load_workbook(path), "幼儿园")) == len(payload["kindergartens"])


def test_preschool_pdf_has_every_glyph(demo_env: dict[str, str], folder: Path) -> None:
    pdf = _report(demo_env, folder, "preschool", "pdf", "--region", COUNTY, "--year", YEAR).read_bytes()
    text = pdf_text(pdf)
    assert "学前教育普及普惠自评报告" in compact(text.split("\f")[0])
    assert "\ufffd" not in text and missing_glyphs(text) == set()
    save_pages(pdf, "preschool-441802-2023")
