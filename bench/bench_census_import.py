"""Benchmark: validating and importing a province-size census workbook.

Builds a workbook of ≥ 30,000 schools in the 122 county-level units of the shipped region table
(kindergartens, primary, junior and nine-year schools, with all three school sheets and the 人口 sheet),
then, each step in a fresh process so its peak memory is its own:
  1. eduplan's check (``check_census_file``: read, type and cross-check every cell),
  2. eduplan's full import (check + registry + atomic versioned load) into an empty SQLite store,
  3. reading the same file with pandas and openpyxl (``pd.read_excel(..., engine="openpyxl")``) — no checks,
  4. under ``scripts/with-postgres`` (EDUPLAN_DATABASE_URL=postgresql://…), the full import into PostgreSQL too,
and prints the times, rows per second, the ratio against pandas+openpyxl, peak memory, and whether the target of
issue 16 is met (check + import ≤ 1/5 of the pandas+openpyxl read, peak ≤ 1 GB).

Run: .venv/bin/python bench/bench_census_import.py [--schools 30000] [--workbook FILE]
     scripts/with-postgres .venv/bin/python bench/bench_census_import.py [--workbook FILE]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter

from eduplan import contract as c

MIX = ((c.KINDERGARTEN, 0.38), (c.PRIMARY, 0.40), (c.JUNIOR, 0.15), (c.NINE_YEAR, 0.07))


def _counties() -> list[str]:
    """The county-level codes of the region table shipped with eduplan (what ``eduplan init`` loads)."""
    text = (resources.files("eduplan") / "data" / "regions" / "regions.csv").read_text(encoding="utf-8")
    return [r["code"] for r in csv.DictReader(io.StringIO(text)) if r["level"] == "county"]


def build_workbook(path: Path, schools: int, seed: int = 42) -> dict[str, int]:
    """A valid province census: every stage total is the sum of its grades."""
    rng = np.random.default_rng(seed)
    counties = _counties()
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheets = {s.name: workbook.add_worksheet(s.name) for s in c.SHEETS}
    for sheet in c.SHEETS:
        sheets[sheet.name].write_row(0, 0, [col.label for col in sheet.columns])
    rows = {s.name: 1 for s in c.SHEETS}
    types = rng.choice([t for t, _ in MIX], size=schools, p=[p for _, p in MIX])
    for i in range(schools):
        code = f"{4400000000 + i:010d}"
        county = counties[i % len(counties)]
        school_type = str(types[i])
        kindergarten = school_type == c.KINDERGARTEN
        _row(sheets, rows, "学校", [code, f"学校{i}", county, school_type, "公办" if i % 5 else "民办",
                                   ("是" if i % 3 else "否") if kindergarten else None, c.URBAN_RURAL[i % 3], None,
                                   None, 113.0 + (i % 100) / 100, 23.0 + (i % 50) / 100])  # fmt: skip
        for stage in c.STAGES_BY_SCHOOL_TYPE[school_type]:
            grades = c.GRADES_BY_STAGE[stage]
            pupils = rng.integers(15, 60, size=len(grades))
            classes = np.maximum(1, pupils // 40)
            for grade, p, k in zip(grades, pupils, classes, strict=True):
                _row(sheets, rows, "年级", [code, stage, grade, int(p), None, int(k), 0, 0, 0])
            teachers = max(1, int(pupils.sum()) // 15)
            measures = {"students": int(pupils.sum()), "classes": int(classes.sum()), "teachers": teachers,
                        "teachers_above_required": teachers - 1, "teachers_bachelor_plus": teachers // 2,
                        "building_area": float(pupils.sum() * 8.5), "site_area": float(pupils.sum() * 20),
                        "equipment_value": round(float(pupils.sum()) * 0.21, 2), "books": int(pupils.sum()) * 30}  # fmt: skip
            keys = c.STAGES_SHEET.keys
            _row(sheets, rows, "学段", [code, stage, *(measures.get(k) for k in keys[2:])])
    for county in counties:
        for age in range(18):
            _row(sheets, rows, "人口", [county, 2023, age, int(rng.integers(3000, 9000)), None])
    workbook.close()
    return {name: n - 1 for name, n in rows.items()}


def _row(sheets: dict[str, Any], rows: dict[str, int], name: str, values: list[Any]) -> None:
    sheet = sheets[name]
    for col, value in enumerate(values):
        if value is None:
            continue
        if isinstance(value, str):
            sheet.write_string(rows[name], col, value)
        else:
            sheet.write_number(rows[name], col, value)
    rows[name] += 1


def step(name: str, path: Path) -> dict[str, float]:
    """One measured step, run in this (fresh) process; imports and Django set-up are not timed."""
    import openpyxl  # noqa: F401 - imported before the clock starts, like eduplan's modules below
    import pandas as pd

    from eduplan import store

    store.open_store()
    from eduplan.store.census_import import check_census_file, do_import_census

    start = time.perf_counter()
    begun = resource.getrusage(resource.RUSAGE_SELF)
    if name == "pandas":
        frames = pd.read_excel(path, sheet_name=None, engine="openpyxl", dtype=object)
        assert set(frames) == {s.name for s in c.SHEETS}
    elif name == "check":
        check_census_file(path, 2023)
    else:
        do_import_census(path, 2023)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - begun.ru_utime - begun.ru_stime
    # VmHWM, not ru_maxrss: the rusage of a child carries its parent's size over fork and exec.
    with open("/proc/self/status") as status:
        peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_kb / 1024}


def _count_rows(path: Path) -> dict[str, int]:
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {s.name: book.get_sheet_by_name(s.name).height - 1 for s in c.SHEETS}


def _run(name: str, path: Path, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--step", name, str(path)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


TARGET_RATIO = 0.2  # issue 16: check + import ≤ 1/5 of the pandas + openpyxl read, in the same run
TARGET_PEAK_MB = 1024


def _init(env: dict[str, str]) -> None:
    subprocess.run(
        [str(Path(sys.executable).parent / "eduplan"), "init"],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=30_000)
    parser.add_argument("--workbook", type=Path, help="reuse a workbook this script built (skips building)")
    parser.add_argument("--step", nargs=2, metavar=("STEP", "FILE"))
    args = parser.parse_args()
    if args.step:
        print(json.dumps(step(args.step[0], Path(args.step[1]))))
        return
    # Run under scripts/with-postgres (EDUPLAN_DATABASE_URL=postgresql://…) to import into PostgreSQL as well.
    postgres = os.environ.get("EDUPLAN_DATABASE_URL", "")
    postgres = postgres if postgres.startswith("postgres") else ""
    with tempfile.TemporaryDirectory() as folder:
        var = Path(folder)
        env = {"EDUPLAN_VAR": str(var), "EDUPLAN_DATABASE_URL": f"sqlite:///{var / 'bench.sqlite3'}"}
        _init(env)
        path = args.workbook or var / "province.xlsx"
        start = time.perf_counter()
        counts = _count_rows(path) if args.workbook else build_workbook(path, args.schools)
        built = time.perf_counter() - start
        total = sum(counts.values())
        print(f"workbook: {counts} = {total:,} rows, {path.stat().st_size / 2**20:.1f} MiB, ready in {built:.1f} s")
        print(f"machine: {os.cpu_count()} CPUs, load average {_load()} at the start")
        pandas = _run("pandas", path, env)
        check = _run("check", path, env)
        runs = [("pandas+openpyxl read only", pandas), ("eduplan check", check)]
        imports = [("SQLite", _run("import", path, env))]
        if postgres:
            pg_env = {"EDUPLAN_VAR": str(var / "pg"), "EDUPLAN_DATABASE_URL": postgres}
            _init(pg_env)
            imports.append(("PostgreSQL", _run("import", path, pg_env)))
        runs += [(f"eduplan check+import {db}", r) for db, r in imports]
        # CPU seconds are shown too: on a shared machine they move less with the load than wall time.
        for label, r in runs:
            print(
                f"{label:32s} {r['seconds']:7.2f} s wall {r['cpu_seconds']:7.2f} s CPU"
                f"  {total / r['seconds']:8,.0f} rows/s (wall) {total / r['cpu_seconds']:8,.0f} rows/s (CPU)"
                f"  peak {r['peak_mb']:5.0f} MB"
            )
        print(f"machine: load average {_load()} at the end")
        for label, r in [("check", check), *((f"check+import {db}", r) for db, r in imports)]:
            wall, cpu = r["seconds"] / pandas["seconds"], r["cpu_seconds"] / pandas["cpu_seconds"]
            print(f"ratio eduplan {label} / pandas+openpyxl read: {wall:.2f} (wall), {cpu:.2f} (CPU)")
        for db, r in imports:
            # The database server's own CPU (PostgreSQL) is not in the importing process's CPU time: judged on wall.
            ratio = r["seconds"] / pandas["seconds"] if db == "PostgreSQL" else r["cpu_seconds"] / pandas["cpu_seconds"]
            met = ratio <= TARGET_RATIO and r["peak_mb"] <= TARGET_PEAK_MB
            print(
                f"target {db}: check+import ≤ {TARGET_RATIO:.2f} × the pandas+openpyxl read "
                f"({'wall' if db == 'PostgreSQL' else 'CPU'}) and peak ≤ {TARGET_PEAK_MB} MB: "
                f"{ratio:.2f}, {r['peak_mb']:.0f} MB — {'met' if met else 'NOT met'}"
            )


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
