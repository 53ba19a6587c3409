"""Importing census files into the store: versions, the kept file, the registry rule, restore, round trip, kills."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from eduplan.errors import IngestError
from eduplan.store.census import do_restore_census, get_version, sheet_frame
from eduplan.store.census_export import do_export_census
from eduplan.store.census_import import check_census_file, do_import_census
from eduplan.store.models import AuditEntry, CensusVersion, SchoolVersion
from eduplan.store.registry import do_open_school, registry_frame, school_history
from tests.conftest import run_eduplan
from tests.ingest.census_corpus import make_corpus, store_dump, write_base

YEAR = 2022


def test_a_checked_file_gives_tables_warnings_and_excel_rows_without_writing(world, tmp_path):
    before = store_dump()
    tables, warnings, row_numbers = check_census_file(write_base(tmp_path), YEAR)
    assert tables["学段"]["students"].tolist()[:3] == [600, 400, 120]
    assert warnings == []
    assert row_numbers["人口"] == [2, 3, 4, 5, 6, 7]
    assert store_dump() == before


def test_an_import_is_a_new_current_version_holding_the_file_byte_for_byte(world, tmp_path):
    path = write_base(tmp_path)
    result = do_import_census(path, YEAR)
    version = get_version(YEAR)
    assert (result.version, version.number, version.filename) == (1, 1, "base.xlsx")
    assert bytes(version.original_file) == path.read_bytes()
    assert version.row_counts == {"学校": 5, "学段": 7, "年级": 30, "人口": 6}
    stages = sheet_frame(version, version_sheet("学段"))
    assert stages["students"].tolist()[:6] == [600, 400, 120, 90, 300, 150]
    assert list(CensusVersion.objects.values_list("number", flat=True)) == [1]
    assert AuditEntry.objects.filter(action="census.import").count() == 1


def version_sheet(name):
    from eduplan.contract import SHEETS_BY_NAME

    return SHEETS_BY_NAME[name]


def test_the_registry_follows_the_schools_sheet(world, tmp_path):
    result = do_import_census(write_base(tmp_path), YEAR)
    # 0005 and 0006 are new; 0001 gains coordinates; 0002 and 0004 are as registered; 0003 closed in 2022 already.
    assert result.registry == {"变更": 1, "开办": 2}
    codes = registry_frame(YEAR, "441802")["school_code"].tolist()
    assert codes == ["4418020001", "4418020002", "4418020004", "4418020005", "4418020006"]
    first = school_history(world.open_school)
    assert [(v.valid_from, v.valid_to, v.change, v.lon) for v in first] == [
        (2019, 2022, "开办", None),
        (2022, None, "变更", 113.05),
    ]
    new = school_history("4418020006")
    assert [(v.valid_from, v.valid_to, v.change, v.name, v.county_code, v.group_name) for v in new] == [
        (2022, None, "开办", "东城九年一贯制学校", "441802", "东城教育集团")
    ]
    # One entry per town touched, so that a town's office sees the changes of its own schools.
    entries = AuditEntry.objects.filter(action="registry.census").order_by("region_code")
    assert [(e.region_code, e.summary) for e in entries] == [
        ("441802001", "2022学年普查导入更新名录：变更 1 所，开办 1 所"),  # 0001 gains coordinates, 0005 opens
        ("441802002", "2022学年普查导入更新名录：开办 1 所"),  # 0006 opens in 东城街道
    ]


def test_a_rename_and_a_move_are_versions_from_the_census_year_and_earlier_years_keep_the_old(world, tmp_path):
    corpus = make_corpus()
    book = corpus.base_book()
    book["学校"][2][1] = "河西实验小学"  # 0002 renamed
    book["学校"][1][2] = "441802002"  # 0001 moves to 东城街道
    path = tmp_path / "changes.xlsx"
    corpus.write_xlsx(path, book)
    result = do_import_census(path, YEAR)
    assert result.registry == {"迁址": 1, "更名": 1, "开办": 2}
    assert [(v.valid_from, v.name) for v in school_history(world.moved_school)][-2:] == [
        (2021, "河西小学"),
        (2022, "河西实验小学"),
    ]
    assert registry_frame(2021, "441802").set_index("school_code").loc[world.moved_school, "name"] == "河西小学"
    moved = registry_frame(YEAR, "441802").set_index("school_code").loc[world.open_school]
    assert (moved["region_code"], moved["lon"]) == ("441802002", 113.05)


def test_a_school_left_out_of_a_county_census_is_closed_and_comes_back_on_reimport(world, tmp_path):
    corpus = make_corpus()
    book = corpus.base_book()
    without = {
        **book,
        **{name: [r for r in rows if r[0] != world.new_school] for name, rows in book.items() if name != "人口"},
    }
    path = tmp_path / "without-0004.xlsx"
    corpus.write_xlsx(path, without)
    result = do_import_census(path, YEAR)
    assert result.registry == {"变更": 1, "开办": 2, "撤销": 1}
    assert [str(w) for w in result.warnings] == [
        "without-0004.xlsx:学校: 学校 4418020004 在名录中但不在本工作簿中：将记为本学年撤销"
    ]
    assert world.new_school not in registry_frame(YEAR, "441802")["school_code"].tolist()
    # The school was opened in 2022 itself, so the census says it never opened: its only version goes.
    assert school_history(world.new_school) == []
    again = do_import_census(write_base(tmp_path), YEAR)
    assert again.registry == {"开办": 1}
    assert [(v.valid_from, v.valid_to, v.change) for v in school_history(world.new_school)] == [(2022, None, "开办")]


def test_closing_then_reimporting_a_school_with_history_reopens_its_version(world, tmp_path):
    corpus = make_corpus()
    book = corpus.base_book()
    without = {name: [r for r in rows if r[0] != world.moved_school] for name, rows in book.items()}
    path = tmp_path / "without-0002.xlsx"
    corpus.write_xlsx(path, without)
    do_import_census(path, YEAR)
    assert [(v.valid_from, v.valid_to, v.end_reason) for v in school_history(world.moved_school)] == [
        (2019, 2021, ""),
        (2021, 2022, "撤销"),
    ]
    result = do_import_census(write_base(tmp_path), YEAR)
    assert result.registry == {"恢复": 1}
    assert [(v.valid_from, v.valid_to, v.end_reason) for v in school_history(world.moved_school)] == [
        (2019, 2021, ""),
        (2021, None, ""),
    ]


def test_a_workbook_that_leaves_out_most_of_a_county_is_refused_as_partial(world, tmp_path):
    common = {"school_type": "小学", "sponsor": "公办", "urban_rural": "乡村", "region_id": world.town_dongcheng}
    for n in range(10, 20):
        do_open_school(f"44180200{n}", 2019, name=f"村小{n}", **common)
    before = store_dump()
    with pytest.raises(IngestError) as caught:
        do_import_census(write_base(tmp_path), YEAR)
    # Registered in 2022: 0001, 0002, 0004 and ten village schools = 13; the workbook leaves out the ten.
    assert str(caught.value) == (
        "base.xlsx:学校: 工作簿缺少县区 441802 名录中的 10 所学校（共 13 所），不像全县数据："
        "导入会把它们全部记为撤销。请导入全县完整的工作簿；应为 县区 441802 的全部学校，实际为 缺少 10 所"
    )
    assert store_dump() == before


def test_a_dry_run_reports_what_would_change_and_stores_nothing(world, tmp_path):
    before = store_dump()
    result = do_import_census(write_base(tmp_path), YEAR, dry_run=True)
    assert (result.dry_run, result.version, result.registry) == (True, None, {"变更": 1, "开办": 2})
    # 学校 rows are in the two towns; 人口 rows too (3 ages each): what a caller checks against a user's scope.
    assert sorted(result.regions) == ["441802001", "441802002"]
    assert store_dump() == before


def test_reimporting_then_restoring_the_first_version_gives_back_its_export_exactly(world, tmp_path):
    do_import_census(write_base(tmp_path), YEAR)
    first = do_export_census(YEAR, tmp_path / "v1.xlsx").read_bytes()
    corpus = make_corpus()
    book = corpus.base_book()
    book["学段"][1][4] = 31  # 0001 has one more teacher
    changed = tmp_path / "v2.xlsx"
    corpus.write_xlsx(changed, book)
    assert do_import_census(changed, YEAR).version == 2
    assert do_export_census(YEAR, tmp_path / "v2-export.xlsx").read_bytes() != first
    do_restore_census(YEAR, 1)
    assert do_export_census(YEAR, tmp_path / "restored.xlsx").read_bytes() == first


def test_export_import_export_gives_identical_cell_values(world, tmp_path):
    do_import_census(write_base(tmp_path), YEAR)
    exported = do_export_census(YEAR, tmp_path / "first.xlsx")
    CensusVersion.objects.all().delete()
    SchoolVersion.objects.filter(valid_from=YEAR).delete()
    do_import_census(exported, YEAR)
    second = do_export_census(YEAR, tmp_path / "second.xlsx")
    assert cell_values(second) == cell_values(exported)


def cell_values(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = load_workbook(path, read_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


# --- The command line and kills: a real store in a temporary folder, driven as a user would. -------------


@pytest.fixture
def store_env(tmp_path):
    var = tmp_path / "var"
    env = {"EDUPLAN_VAR": str(var), "EDUPLAN_DATABASE_URL": f"sqlite:///{var / 'eduplan.sqlite3'}"}
    result = run_eduplan("init", env=env)
    assert result.returncode == 0, result.stderr
    return env


def sqlite_dump(env: dict[str, str]) -> list[str]:
    path = env["EDUPLAN_DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def test_the_command_imports_lists_versions_and_reports_bad_data_as_json(store_env, tmp_path):
    base = write_base(tmp_path)
    done = run_eduplan("import", "census", str(base), "--year", "2022", env=store_env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "已导入 base.xlsx 为 2022学年 第1版；学校 5 行，学段 7 行，年级 30 行，人口 6 行；名录变更：开办 5 所"
    )
    listed = run_eduplan("versions", "census", "--year", "2022", env=store_env)
    assert listed.stdout.startswith("* 第1版")
    bad = make_corpus().HERE / "stage_total_mismatch.xlsx"
    failed = run_eduplan("import", "census", str(bad), "--year", "2022", "--json", env=store_env)
    assert failed.returncode == 3
    payload = json.loads(failed.stdout)
    assert (payload["ok"], payload["total"]) == (False, 1)
    assert payload["errors"][0] | {"message": ""} == {
        "file": "stage_total_mismatch.xlsx",
        "sheet": "学段",
        "row": 2,
        "column": "C",
        "column_key": "students",
        "cell": "学段!C2",
        "message": "",
        "expected": "等于年级合计 600",
        "found": "610",
        "severity": "error",
    }
    plain = run_eduplan("import", "census", str(bad), "--year", "2022", env=store_env)
    assert (plain.returncode, plain.stderr) == (
        3,
        "错误 / error: stage_total_mismatch.xlsx:学段!C2: 在校生数与年级合计不符：学段!C2 = 610，年级!D2:D7 合计 = 600；"
        "应为 等于年级合计 600，实际为 610\n",
    )


def test_the_commands_reimport_list_and_restore_a_year_exactly(store_env, tmp_path):
    first = tmp_path / "v1-export.xlsx"
    assert run_eduplan("import", "census", str(write_base(tmp_path)), "--year", "2022", env=store_env).returncode == 0
    assert run_eduplan("export", "census", "--year", "2022", "--out", str(first), env=store_env).returncode == 0
    corpus = make_corpus()
    book = corpus.base_book()
    book["学段"][1][4] = 31  # 城南小学 has one more teacher
    changed = tmp_path / "v2.xlsx"
    corpus.write_xlsx(changed, book)
    again = run_eduplan("import", "census", str(changed), "--year", "2022", env=store_env)
    assert again.stdout.startswith("已导入 v2.xlsx 为 2022学年 第2版")
    restored = run_eduplan("restore", "census", "--year", "2022", "--version", "1", env=store_env)
    assert (restored.returncode, restored.stdout) == (0, "2022学年已恢复为第1版\n")
    listed = run_eduplan("versions", "census", "--year", "2022", env=store_env).stdout.splitlines()
    assert [(line[:4], line.split()[-2]) for line in listed] == [("* 第1", "base.xlsx"), ("  第2", "v2.xlsx")]
    after = tmp_path / "restored-export.xlsx"
    assert run_eduplan("export", "census", "--year", "2022", "--out", str(after), env=store_env).returncode == 0
    assert after.read_bytes() == first.read_bytes()
    missing = run_eduplan("restore", "census", "--year", "2022", "--version", "9", env=store_env)
    assert (missing.returncode, missing.stdout) == (3, "")
    assert "2022学年没有第 9 版普查数据" in missing.stderr


def test_the_json_errors_are_capped_at_200_with_the_total_counted(store_env, tmp_path):
    corpus = make_corpus()
    book = corpus.base_book()
    book["人口"] += [["441802001", 2022, "三岁", 900, 850] for _ in range(250)]  # rows 8–257: 250 bad ages
    path = tmp_path / "many.xlsx"
    corpus.write_xlsx(path, book)
    failed = run_eduplan("import", "census", str(path), "--year", "2022", "--json", env=store_env)
    assert failed.returncode == 3
    payload = json.loads(failed.stdout)
    assert (payload["total"], len(payload["errors"])) == (250, 200)
    assert [e["cell"] for e in payload["errors"][:2]] == ["人口!C8", "人口!C9"]
    assert payload["errors"][-1]["cell"] == "人口!C207"
    assert (payload["errors"][0]["found"], payload["errors"][0]["expected"]) == ("三岁", "非负整数")
    assert run_eduplan("versions", "census", "--year", "2022", env=store_env).stdout == "2022学年尚无普查数据\n"


def test_the_command_records_the_store_user_named_with_user(world, tmp_path, monkeypatch):
    from click.testing import CliRunner
    from django.contrib.auth.models import User

    from eduplan.cli import main

    monkeypatch.setattr("eduplan.store.open_store", lambda: None)  # the test database is open already
    User.objects.create_user("wang.fang")
    runner = CliRunner()
    before = store_dump()
    unknown = runner.invoke(main, ["import", "census", str(write_base(tmp_path)), "--year", "2022", "--user", "li"])
    assert (unknown.exit_code, unknown.output) == (2, "错误 / error: 没有用户 li：--user 应为网页中已有的用户名\n")
    assert store_dump() == before
    done = runner.invoke(main, ["import", "census", str(write_base(tmp_path)), "--year", "2022", "--user", "wang.fang"])
    assert done.exit_code == 0, done.output
    assert get_version(YEAR).loaded_by.username == "wang.fang"
    assert AuditEntry.objects.get(action="census.import").username == "wang.fang"
    listed = runner.invoke(main, ["versions", "census", "--year", "2022"]).output
    assert listed.split()[:2] + listed.split()[4:6] == ["*", "第1版", "wang.fang", "base.xlsx"]
    runner.invoke(main, ["import", "census", str(write_base(tmp_path)), "--year", "2022", "--user", "wang.fang"])
    restored = runner.invoke(main, ["restore", "census", "--year", "2022", "--version", "1", "--user", "wang.fang"])
    assert restored.exit_code == 0, restored.output
    assert AuditEntry.objects.get(action="census.restore").username == "wang.fang"


@pytest.mark.slow
@pytest.mark.parametrize("point", ["checked", "registry", "rows"])
def test_an_import_killed_at_any_point_leaves_the_store_as_it_was(store_env, tmp_path, point):
    first = run_eduplan("import", "census", str(write_base(tmp_path)), "--year", "2022", env=store_env)
    assert first.returncode == 0, first.stderr
    corpus = make_corpus()
    book = corpus.base_book()
    book["学校"][1][1] = "城南实验小学"  # a rename, so the registry is written too
    second = tmp_path / "second.xlsx"
    corpus.write_xlsx(second, book)
    before = sqlite_dump(store_env)
    killed = _kill_at(point, second, store_env)
    assert killed == -signal.SIGKILL
    assert sqlite_dump(store_env) == before


@pytest.mark.slow
def test_the_kill_harness_sees_a_committed_import(store_env, tmp_path):
    """The control: killed after its commit, an import is in the store (so the harness can tell)."""
    before = sqlite_dump(store_env)
    assert _kill_at("committed", write_base(tmp_path), store_env) == -signal.SIGKILL
    after = sqlite_dump(store_env)
    assert after != before
    assert any("store_censusversion" in line and "base.xlsx" in line for line in after)


def _kill_at(point: str, path: Path, env: dict[str, str]) -> int:
    # The seam is on the test's side: tests/store/import_killer.py wraps the store functions the import calls.
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.store.import_killer", point, "import", "census", str(path), "--year", "2022"],
        env={**os.environ, **env},
        cwd=Path(__file__).parents[2],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    assert line == f"PAUSED {point}\n"
    process.send_signal(signal.SIGKILL)
    return process.wait(timeout=60)


@pytest.mark.slow
def test_a_demo_year_exported_imported_into_an_empty_store_and_exported_again_is_identical(
    demo_env, store_env, tmp_path
):
    exported = tmp_path / "demo-2023.xlsx"
    result = run_eduplan("export", "census", "--year", "2023", "--out", str(exported), env=demo_env)
    assert result.returncode == 0, result.stderr
    imported = run_eduplan("import", "census", str(exported), "--year", "2023", env=store_env)
    assert imported.returncode == 0, imported.stderr
    again = tmp_path / "again.xlsx"
    assert run_eduplan("export", "census", "--year", "2023", "--out", str(again), env=store_env).returncode == 0
    assert cell_values(again) == cell_values(exported)
    assert sum(len(rows) for rows in cell_values(again).values()) > 10_000


def test_a_school_cannot_belong_to_a_city_as_a_whole(world, tmp_path):
    corpus = make_corpus()
    book = corpus.base_book()
    book["学校"][1][2] = "441800"  # 清远市 is in the region table, but schools belong to counties or towns
    path = tmp_path / "city.xlsx"
    corpus.write_xlsx(path, book)
    with pytest.raises(IngestError) as caught:
        do_import_census(path, YEAR)
    assert [p.cell for p in caught.value.problems] == ["学校!C2"]
    assert caught.value.problems[0].found == "441800"


def test_a_dry_run_on_the_command_line_prints_the_plan_as_json(store_env, tmp_path):
    done = run_eduplan(
        "import", "census", str(write_base(tmp_path)), "--year", "2022", "--dry-run", "--json", env=store_env
    )
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert (payload["ok"], payload["dry_run"], payload["version"], payload["registry"]) == (
        True,
        True,
        None,
        {"开办": 5},
    )
    assert payload["rows"] == {"学校": 5, "学段": 7, "年级": 30, "人口": 6}
    assert run_eduplan("versions", "census", "--year", "2022", env=store_env).stdout == "2022学年尚无普查数据\n"


def test_a_past_year_imported_late_opens_schools_only_up_to_their_registered_versions(world, tmp_path):
    do_import_census(write_base(tmp_path, "2021.xlsx"), 2021)
    # 新城小学 was registered from 2022; the 2021 census shows it a year earlier.
    assert [(v.valid_from, v.valid_to, v.change) for v in school_history(world.new_school)] == [
        (2021, 2022, "开办"),
        (2022, None, "开办"),
    ]


def test_last_years_pupils_give_a_warning_when_a_school_lost_half(world, tmp_path):
    do_import_census(write_base(tmp_path, "2021.xlsx"), 2021)
    corpus = make_corpus()
    book = corpus.base_book()
    book["学段"][1][2:4] = [300, 6]  # 城南小学: 600 → 300 pupils, 12 → 6 classes
    for row in book["年级"][1:7]:
        row[3], row[5] = 50, 1
    path = tmp_path / "2022.xlsx"
    corpus.write_xlsx(path, book)
    result = do_import_census(path, YEAR)
    assert [str(w) for w in result.warnings] == [
        "2022.xlsx:学校!A2: 在校生比上一学年减少一半以上：上一学年 600 人，本学年 300 人（请核对），实际为 300"
    ]
    assert get_version(YEAR).warnings[0]["cell"] == "学校!A2"


def test_a_csv_folder_is_kept_as_a_zip_of_its_files(world, tmp_path):
    import io
    import zipfile

    corpus = make_corpus()
    folder = tmp_path / "普查2022"
    corpus.write_csv_folder(folder, corpus.base_book(), "gbk")
    do_import_census(folder, YEAR)
    version = get_version(YEAR)
    assert version.filename == "普查2022.zip"
    archive = zipfile.ZipFile(io.BytesIO(bytes(version.original_file)))
    assert sorted(archive.namelist()) == ["人口.csv", "学校.csv", "学段.csv", "年级.csv"]
    assert archive.read("学段.csv") == (folder / "学段.csv").read_bytes()
    assert version.row_counts == {"学校": 5, "学段": 7, "年级": 30, "人口": 6}
