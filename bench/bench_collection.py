"""Benchmark: a school clerk's census save on the demo store, before (a new census version) and now (a draft).

On a copy of the demo store (built with ``eduplan demo --no-serve`` in ``--var`` if missing), for the demo clerk's
school and the year's current version:
  baseline — what a save did before the collection (issue 15): the year's every row read, the upload's checks on all
  of them (``check_census_tables``) and a new census version written (``do_load_census``);
  draft    — ``do_save_draft`` (store) and the form's POST through Django (view, session, redirect), each the median of
  ``--repeat`` runs;
  and, once each, the office's approval (a new version with the school's rows) and a county restore.
Prints each time and its ratio to the baseline.

Run: .venv/bin/python bench/bench_collection.py [--var /tmp/eduplan-demo] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(step: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--var", type=Path, default=Path(tempfile.gettempdir()) / "eduplan-demo")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    store = args.var / "eduplan.sqlite3"
    if not store.exists():
        env = {**os.environ, "EDUPLAN_VAR": str(args.var), "EDUPLAN_HOME": str(args.var.parent)}
        subprocess.run([sys.executable, "-m", "eduplan.cli", "demo", "--no-serve"], check=True, env=env)
    work = Path(tempfile.mkdtemp(prefix="bench-collection-"))
    shutil.copy(store, work / "eduplan.sqlite3")
    for extra in ("pseudonym.key",):
        if (args.var / extra).exists():
            shutil.copy(args.var / extra, work / extra)
    os.environ.update(EDUPLAN_VAR=str(work), DJANGO_SETTINGS_MODULE="eduplan.settings")
    import django

    django.setup()
    run(args.repeat)
    shutil.rmtree(work, ignore_errors=True)


def run(repeat: int) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    from eduplan.contract import SHEETS
    from eduplan.store.census import do_load_census, sheet_frame
    from eduplan.store.census_import import check_census_tables
    from eduplan.store.collection import do_restore_county, do_review, do_save_draft, do_submit, form_rows
    from eduplan.store.models import CensusVersion, Region, UserScope
    from eduplan.store.registry import current_version

    clerk = User.objects.get(username="demo-clerk")
    office = User.objects.get(username="demo-analyst")
    code = UserScope.objects.get(user=clerk).school_code
    version = CensusVersion.objects.filter(is_current=True).order_by("-year").first()
    assert version is not None
    year = version.year
    school = current_version(code, year)
    assert school is not None
    teachers = form_rows(code, year)["学段"][0]["teachers"]
    print(f"demo store: {year}学年 第{version.number}版, school {code} {school.name}, {teachers} teachers")

    def baseline() -> None:
        tables = {sheet.name: sheet_frame(version, sheet) for sheet in SHEETS}
        stages = tables["学段"]
        stages.loc[stages["school_code"] == code, "teachers"] = teachers + 1
        check = check_census_tables(tables, year, "bench", {})
        do_load_census(year, check.tables, user=clerk, filename="bench baseline", source="correction")

    base, _ = _timed(baseline)
    print(f"baseline (checks on every row + a new census version): {base:8.3f} s")
    field = f"学段|{form_rows(code, year)['学段'][0]['stage']}|teachers"
    saves = [_timed(lambda i=i: do_save_draft(clerk, school, year, {field: str(teachers + 2 + i % 2)}))[0]
             for i in range(repeat)]  # fmt: skip
    save = statistics.median(saves)
    print(f"draft save (store), median of {repeat}:                {save:8.3f} s   ratio {save / base:.4f}")
    client = Client()
    client.force_login(clerk)
    url = f"/schools/{code}/census/{year}/"
    posts = []
    for i in range(repeat):
        took, response = _timed(lambda i=i: client.post(url, {field: str(teachers + 2 + i % 2), "action": "save"}))
        assert response.status_code == 302, response.status_code
        posts.append(took)
    post = statistics.median(posts)
    print(f"draft save (POST through Django), median of {repeat}:  {post:8.3f} s   ratio {post / base:.4f}")
    form, response = _timed(lambda: client.get(url))
    assert response.status_code == 200
    print(f"the form (GET):                                        {form:8.3f} s")
    submission = do_submit(clerk, do_save_draft(clerk, school, year, {field: str(teachers + 1)}))
    approve, _ = _timed(lambda: do_review(office, submission, approve=True))
    print(f"approval (a new version with the school's rows):       {approve:8.3f} s   ratio {approve / base:.4f}")
    county = Region.objects.get(code=school.county_code)
    restore, _ = _timed(lambda: do_restore_county(office, year, county, version.number))
    print(f"county restore ({county.name}):                          {restore:8.3f} s   ratio {restore / base:.4f}")


if __name__ == "__main__":
    main()
