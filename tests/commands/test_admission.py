"""``eduplan admission seats|run`` and ``eduplan import applicants`` as a user runs them, in process (the test
database stands for the store): exit status 3 with the located message for bad data, nothing stored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eduplan.cli import main
from eduplan.ingest.admission import write_applicants
from tests.store.admission_world import APPLICANTS, DISTRICT, SEATS, regions


@pytest.fixture(autouse=True)
def _store_is_open(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eduplan.store.open_store", lambda: None)  # the test database is already open


def test_seats_import_and_run_from_the_command_line(db: Any, tmp_path: Path) -> None:
    from eduplan.store.models import AdmissionApplicant, AdmissionImport

    regions()
    where = ["--region", DISTRICT, "--year", "2025"]
    cli = CliRunner()
    SEATS.to_csv(tmp_path / "seats.csv", index=False)
    seats = cli.invoke(main, ["admission", "seats", *where, "--file", str(tmp_path / "seats.csv")])
    assert seats.stdout.strip() == "已保存 2025 年积分入学学位 3 校次，共 5 个", seats.output
    missing = cli.invoke(main, ["admission", "run", *where])
    assert (missing.exit_code, missing.stderr.strip()) == (3, "错误 / error: 2025 年尚未导入积分入学申请")
    bad = APPLICANTS.assign(choices=[["4401149999"], *list(APPLICANTS["choices"][1:])])
    write_applicants(tmp_path / "bad.xlsx", bad)
    refused = cli.invoke(main, ["import", "applicants", str(tmp_path / "bad.xlsx"), *where])
    assert refused.exit_code == 3
    assert "bad.xlsx:申请人!" in refused.stderr and "该校没有本年度积分入学学位" in refused.stderr
    assert AdmissionImport.objects.count() == 0 and AdmissionApplicant.objects.count() == 0
    write_applicants(tmp_path / "good.xlsx", APPLICANTS)
    imported = cli.invoke(main, ["import", "applicants", str(tmp_path / "good.xlsx"), *where])
    assert imported.stdout.strip() == "已导入 good.xlsx：6 份申请（2025 年第 1 版）", imported.output
    ran = cli.invoke(main, ["admission", "run", *where, "--seed", "5", "--json"])
    assert ran.exit_code == 0, ran.output
    district = json.loads(ran.stdout)["district"]
    assert (district["placed"], district["placed_public"], district["placed_purchased"]) == (5, 3, 2)


def test_the_forecast_suggestion_is_printed_filled_in_and_taken(world: Any, settings: Any, tmp_path: Path) -> None:
    """``--from-forecast`` prints the suggestion (tests/store/test_admission.py: intakes 157, 112, 75) and stores
    nothing; the office fills in 户籍 children and gives it back with --file: 157 − 150 + 112 − 100 + 75 − 70 = 24."""
    import io

    import pandas as pd

    from eduplan.store.models import AdmissionSeats
    from tests.web.world import build

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build(world.county)
    where = ["--region", world.county, "--year", "2023"]
    shown = CliRunner().invoke(main, ["admission", "seats", *where, "--from-forecast"])
    assert shown.exit_code == 0, shown.output
    assert AdmissionSeats.objects.count() == 0
    rows = pd.read_csv(io.StringIO(shown.stdout), dtype={"school_code": str})
    assert rows[["capacity", "hukou", "policy", "reserve"]].values.tolist() == [
        [157, 0, 0, 0],
        [112, 0, 0, 0],
        [75, 0, 0, 0],
    ]
    rows.assign(hukou=[150, 100, 70]).to_csv(tmp_path / "filled.csv", index=False)
    taken = CliRunner().invoke(main, ["admission", "seats", *where, "--file", str(tmp_path / "filled.csv")])
    assert taken.stdout.strip() == "已保存 2023 年积分入学学位 3 校次，共 24 个", taken.output
