"""Benchmark: the full 优质均衡 assessment of every county of a province-size synthetic census.

Builds ≥ 25,000 compulsory-education schools in 125 counties (primary, junior, nine-year and complete
secondary schools with 全校 rows, 教学点, special schools) in an in-memory DuckDB store, then times
  1. eduplan's ``assess_all_counties`` (one Ibis query for every school part, numpy verdicts per county),
  2. a straightforward pandas implementation of the same rules, county by county,
checks that both give the same CVs, school verdicts and counts met, and prints both times, the ratio,
and the time of one county's assessment with its JSON (``assess_quality_balance(...).as_dict()``; must be well
under 100 ms), both on the store-bound tables and on the county's frames as ``store.census.census_frames`` hands
them to the CLI and the web.

Then, in a child process with a temporary EDUPLAN_VAR (a SQLite store made by ``eduplan init``, Django settings from
the environment), the same province goes through the real store: its regions by ``eduplan import regions``, its
census as ``do_import_census`` stores a checked workbook (registry changes, then ``do_load_census``, in one
transaction; the load time is printed on its own), and every county is assessed as the CLI and the web do it:
``census_frames`` (read from the store) + ``assess_quality_balance(...).as_dict()``, timed per county (total, median,
p95; wall and CPU), after the first county (which reads the version's 学段 sheet whole; timed on its own); and the
province at once as the web assesses a city's or province's counties: ``census_frames`` of the province (nothing kept
from before) + ``assess_all_counties``. Both must agree with the in-memory run on every school verdict, count met
and CV. Issue 16's targets are checked at the end, on wall and on CPU time: one county ≤ 20 ms median and ≤ 40 ms
p95; the province at once ≤ 1 s and ≥ 10× the pandas baseline of this run.

Run: .venv/bin/python bench/bench_quality_balance.py [--counties 125] [--per-county 210]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from eduplan import contract as c
from eduplan.core.quality_balance import assess_all_counties, assess_quality_balance
from eduplan.engine import connect
from eduplan.standards.quality_balance import STANDARD

TYPES = [c.PRIMARY, c.JUNIOR, c.NINE_YEAR, c.TEACHING_POINT, c.COMPLETE_SECONDARY, c.SPECIAL]
TYPE_SHARE = [0.58, 0.18, 0.12, 0.08, 0.03, 0.01]
PROVINCE = "440000"  # the synthetic counties' province (广东)


def county_list(counties: int) -> list[str]:
    """County-level codes 447101… under synthetic cities 4471–4499 of 广东 (none of them in the shipped table)."""
    assert counties <= 29 * 25, "at most 725 synthetic counties"
    return [f"44{71 + i // 25}{1 + i % 25:02d}" for i in range(counties)]


def synthetic_census(counties: int, per_county: int, seed: int = 42) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n = counties * per_county
    county_codes = np.repeat(county_list(counties), per_county)
    types = rng.choice(TYPES, size=n, p=TYPE_SHARE)
    codes = np.array([f"{4400000000 + i:010d}" for i in range(n)])
    schools = pd.DataFrame(
        {
            "school_code": codes,
            "name": [f"学校{i}" for i in range(n)],
            "school_type": types,
            "sponsor": c.SPONSOR_PUBLIC,
            "urban_rural": rng.choice(c.URBAN_RURAL, size=n),
            "region_code": county_codes,
            "county_code": county_codes,
        }
    )
    rows = []
    for stage_name, has in (
        (c.STAGE_PRIMARY, np.isin(types, [c.PRIMARY, c.NINE_YEAR, c.TEACHING_POINT, c.SPECIAL])),
        (c.STAGE_JUNIOR, np.isin(types, [c.JUNIOR, c.NINE_YEAR, c.COMPLETE_SECONDARY])),
        (c.STAGE_SENIOR, types == c.COMPLETE_SECONDARY),
    ):
        k = int(has.sum())
        small = types[has] == c.TEACHING_POINT
        students = np.where(small, rng.integers(10, 120, k), rng.integers(150, 2400, k)).astype(float)
        per = students / 100.0

        def around(mean: float, spread: float = 0.2, k: int = k) -> np.ndarray:
            return np.maximum(rng.normal(mean, mean * spread, k), 0.0)

        rows.append(
            pd.DataFrame(
                {
                    "school_code": codes[has],
                    "stage": stage_name,
                    "students": students,
                    "teachers_above_required": np.round(per * around(5.5)),
                    "backbone_teachers": np.round(per * around(1.5, 0.3)),
                    "pe_teachers": np.round(per * around(0.65)),
                    "music_teachers": np.round(per * around(0.25)),
                    "art_teachers": np.round(per * around(0.25)),
                    "teaching_aux_area": np.round(students * around(5.5), 1),
                    "sports_area": np.round(students * around(9.0), 1),
                    "equipment_value": np.round(students * around(2600.0) / 10000.0, 2),
                    "multimedia_rooms": np.round(per * around(2.8)),
                }
            )
        )
    through = np.isin(types, [c.NINE_YEAR, c.COMPLETE_SECONDARY])
    k = int(through.sum())
    whole = pd.DataFrame(
        {
            "school_code": codes[through],
            "stage": c.STAGE_WHOLE_SCHOOL,
            "sports_area": np.round(rng.uniform(2000, 15000, k), 1),
            "equipment_value": np.round(rng.uniform(50, 400, k), 2),
        }
    )
    stages = pd.concat([*rows, whole], ignore_index=True)
    # Shared facilities of through schools are reported on the 全校 row only.
    stages.loc[
        stages["school_code"].isin(codes[through]) & (stages["stage"] != "全校"), ["sports_area", "equipment_value"]
    ] = np.nan
    return schools, stages


# --- the straightforward pandas implementation of the same rules --------------------------------


def pandas_assessment(schools: pd.DataFrame, stages: pd.DataFrame) -> pd.DataFrame:
    weights = STANDARD.rule("pupil_equivalent_weight").values
    min_point = STANDARD.rule("teaching_point_min_students").value()
    out = []
    for county, county_schools in schools.groupby("county_code"):
        st = stages[stages["school_code"].isin(county_schools["school_code"])].copy()
        parts = st[st["stage"] != "全校"].copy()
        parts["pe"] = parts["students"].fillna(0) * parts["stage"].map(weights).fillna(1.0)
        parts["share"] = parts["pe"] / parts.groupby("school_code")["pe"].transform("sum")
        whole = st[st["stage"] == "全校"].set_index("school_code")
        for key in c.SHARED_RESOURCE_KEYS:
            if key not in st.columns:
                continue
            w = parts["school_code"].map(whole[key]) * parts["share"]
            parts[key] = np.where(w.isna(), parts[key], parts[key].fillna(0) + w)
        parts = parts[parts["stage"].isin(c.COMPULSORY_STAGES)].merge(county_schools, on="school_code")
        keep = ~parts["school_type"].isin(STANDARD.excluded_school_types)
        keep &= ~((parts["school_type"] == c.TEACHING_POINT) & (parts["students"] < min_point))
        keep &= parts["students"] > 0
        parts = parts[keep]
        for ind in STANDARD.indicators:
            num = parts[list(ind.numerator)].sum(axis=1, min_count=1)
            parts[ind.key] = ind.scale * num / parts["students"]
        for stage_name, g in parts.groupby("stage"):
            thresholds = {ind.key: ind.threshold(str(stage_name)) for ind in STANDARD.indicators}

            def verdict(row: pd.Series, thresholds: dict[str, float] = thresholds) -> tuple[int, bool]:
                ratios = [row[k] / t if pd.notna(row[k]) else 0.0 for k, t in thresholds.items()]
                met = sum(r >= 1 for r in ratios)
                return met, met >= 6 and min(ratios) >= 0.85

            verdicts = g.apply(verdict, axis=1, result_type="expand")
            for code, met, ok in zip(g["school_code"], verdicts[0], verdicts[1], strict=True):
                out.append((county, stage_name, "school", code, float(met), float(ok)))
            for key in thresholds:
                v = g[[key, "students"]].dropna()
                mean = (v[key] * v["students"]).sum() / v["students"].sum()
                sd = np.sqrt((v["students"] * (v[key] - mean) ** 2).sum() / v["students"].sum())
                out.append(
                    (
                        county,
                        stage_name,
                        "cv",
                        key,
                        sd / mean,
                        float(sd / mean <= STANDARD.rule("cv_limit").value(str(stage_name))),
                    )
                )
    return pd.DataFrame(out, columns=["county", "stage", "kind", "key", "value", "flag"])


def eduplan_rows(results: dict[str, object]) -> pd.DataFrame:
    out = []
    for county, res in results.items():
        for stage_name, st in res.stages.items():  # type: ignore[attr-defined]
            for s in st.schools:
                out.append((county, stage_name, "school", s.school_code, float(s.met), float(s.passed)))
            for key, cv in st.cv.items():
                out.append((county, stage_name, "cv", key, cv, float(st.cv_passed[key])))
    return pd.DataFrame(out, columns=["county", "stage", "kind", "key", "value", "flag"])


def assert_agree(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    """Same rows (county, stage, school or CV), same counts met and CVs, same verdicts."""
    keys = ["county", "stage", "kind", "key"]
    a = ours.sort_values(keys).reset_index(drop=True)
    b = theirs.sort_values(keys).reset_index(drop=True)
    assert len(a) == len(b), (len(a), len(b))
    assert (a[keys].astype(str) == b[keys].astype(str)).all().all(), "different schools, stages or indicators"
    assert np.allclose(a["value"], b["value"], rtol=1e-9, equal_nan=True), "CVs or counts met differ"
    assert (a["flag"] == b["flag"]).all(), "verdicts differ"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counties", type=int, default=125)
    parser.add_argument("--per-county", type=int, default=210)
    parser.add_argument("--store-step", metavar="ROWS_CSV", help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.store_step:
        print(json.dumps(store_step(args.counties, args.per_county, Path(args.store_step))))
        return
    print(f"machine: {os.cpu_count()} CPUs, load average {load()} at the start")

    schools, stages = synthetic_census(args.counties, args.per_county)
    compulsory = int((schools["school_type"] != c.SPECIAL).sum())
    con = connect()
    con.create_table("schools", schools)
    con.create_table("stages", stages)
    s_tbl, st_tbl = con.table("schools"), con.table("stages")
    print(
        f"census: {len(schools):,} schools ({compulsory:,} compulsory) in {args.counties} counties, {len(stages):,} 学段 rows"
    )

    assess_all_counties(s_tbl, st_tbl, year=2023)  # warm-up: Ibis compile caches, DuckDB catalog
    t0, c0 = time.perf_counter(), time.process_time()
    ours = assess_all_counties(s_tbl, st_tbl, year=2023)
    t_ours, c_ours = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    theirs = pandas_assessment(schools, stages)
    t_pandas, c_pandas = time.perf_counter() - t0, time.process_time() - c0

    a = eduplan_rows(ours)
    assert_agree(a, theirs)
    failing = int(((a["kind"] == "school") & (a["flag"] == 0)).sum())
    print(f"results agree: {len(a):,} rows (school verdicts and CVs); {failing:,} failing school parts")

    one = sorted(ours)[len(ours) // 2]
    walls, cpus = time_one_county(s_tbl, st_tbl, one)
    county_schools = schools[schools["county_code"] == one].reset_index(drop=True)
    county_stages = stages[stages["school_code"].isin(county_schools["school_code"])].reset_index(drop=True)
    frame_walls, frame_cpus = time_one_county(county_schools, county_stages, one)
    parts = sum(len(st.schools) for st in ours[one].stages.values())
    # CPU time (all threads of this process) is printed beside wall time: on a shared machine the wall time
    # also counts the time spent waiting for a core.
    print(f"eduplan, every county (incl. gaps to pass): {t_ours:.3f} s wall, {c_ours:.3f} s CPU")
    print(f"pandas baseline, every county (no gaps):    {t_pandas:.3f} s wall, {c_pandas:.3f} s CPU")
    print(f"ratio pandas / eduplan: {t_pandas / t_ours:.1f}× wall, {c_pandas / c_ours:.1f}× CPU")
    for where, w, c_ in (("store tables", walls, cpus), ("county frames", frame_walls, frame_cpus)):
        print(
            f"one county ({one}, {parts} school parts, {where}, with JSON): median {statistics.median(w) * 1000:.0f} ms "
            f"wall, {statistics.median(c_) * 1000:.0f} ms CPU over 9 runs"
        )
    from_store(args.counties, args.per_county, a, t_pandas, c_pandas)


def load() -> str:
    """The 1-, 5- and 15-minute load averages: the machine is shared, so the times depend on what else runs."""
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def from_store(counties: int, per_county: int, in_memory: pd.DataFrame, t_pandas: float, c_pandas: float) -> None:
    """The same province through the real store, in a child process whose Django settings come from the env."""
    with tempfile.TemporaryDirectory() as folder:
        var = Path(folder)
        env = {**os.environ, "EDUPLAN_VAR": str(var), "EDUPLAN_DATABASE_URL": f"sqlite:///{var / 'bench.sqlite3'}"}
        eduplan = str(Path(sys.executable).parent / "eduplan")
        subprocess.run([eduplan, "init"], env=env, check=True, capture_output=True)
        regions = var / "regions.csv"
        codes = county_list(counties)
        with regions.open("w", encoding="utf-8") as out:
            out.write("code,name,parent_code\n")
            for city in sorted({code[:4] for code in codes}):
                out.write(f"{city}00,合成市{city},440000\n")
            for code in codes:
                out.write(f"{code},合成县{code},{code[:4]}00\n")
        subprocess.run([eduplan, "import", "regions", str(regions)], env=env, check=True, capture_output=True)
        rows_file = var / "rows.csv"
        size = ["--counties", str(counties), "--per-county", str(per_county)]
        child = subprocess.run(
            [sys.executable, __file__, *size, "--store-step", str(rows_file)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(child.stdout.strip().splitlines()[-1])
        stored = pd.read_csv(rows_file, dtype={"county": str, "key": str})
        whole = pd.read_csv(rows_file.with_suffix(".province.csv"), dtype={"county": str, "key": str})
    assert_agree(stored, in_memory)
    assert_agree(whole, in_memory)
    print(f"from the store (SQLite, child process; load average {r['load']} before the assessments):")
    print(
        f"  load (registry + do_load_census, not part of the assessment): {r['load_wall']:.1f} s wall, "
        f"{r['load_cpu']:.1f} s CPU, {r['rows']:,} rows"
    )
    w, c_ = np.array(r["walls"]) * 1000, np.array(r["cpus"]) * 1000
    print(
        f"  every county, census_frames + assess_quality_balance(...).as_dict(): {w.sum() / 1000:.2f} s wall, "
        f"{c_.sum() / 1000:.2f} s CPU for {len(w)} counties"
    )
    print(
        f"  per county: median {np.median(w):.0f} ms wall, {np.median(c_):.0f} ms CPU; "
        f"p95 {np.percentile(w, 95):.0f} ms wall, {np.percentile(c_, 95):.0f} ms CPU; "
        f"max {w.max():.0f} ms wall"
    )
    print(
        f"  (before them, the first county read the version's 学段 sheet whole: {r['first_wall'] * 1000:.0f} ms wall, "
        f"{r['first_cpu'] * 1000:.0f} ms CPU)"
    )
    print(
        f"  the province at once, census_frames({PROVINCE!r}) + assess_all_counties, nothing kept before: "
        f"{r['province_wall']:.2f} s wall, {r['province_cpu']:.2f} s CPU"
    )
    print(f"  results agree with the in-memory run: {len(stored):,} rows per county, {len(whole):,} at once")
    # Issue 16's targets, each against its bound or the pandas baseline of this run (wall and CPU).
    median, p95 = float(np.median(w)), float(np.percentile(w, 95))
    median_cpu, p95_cpu = float(np.median(c_)), float(np.percentile(c_, 95))
    print(
        f"target: one county from the store median ≤ 20 ms: {median:.0f} ms wall, {median_cpu:.0f} ms CPU — "
        f"{'met' if median <= 20 else 'NOT met'} (wall), {'met' if median_cpu <= 20 else 'NOT met'} (CPU)"
    )
    print(
        f"target: one county from the store p95 ≤ 40 ms: {p95:.0f} ms wall, {p95_cpu:.0f} ms CPU — "
        f"{'met' if p95 <= 40 else 'NOT met'} (wall), {'met' if p95_cpu <= 40 else 'NOT met'} (CPU)"
    )
    total, total_cpu = float(r["province_wall"]), float(r["province_cpu"])
    for kind, t, base in (("wall", total, t_pandas), ("CPU", total_cpu, c_pandas)):
        met = t <= 1.0 and base / t >= 10
        print(
            f"target: every county from the store (the province at once) ≤ 1 s and ≥ 10× the pandas baseline "
            f"({kind}): {t:.2f} s, {base / t:.1f}× — {'met' if met else 'NOT met'}"
        )
    print(f"machine: load average {load()} at the end")


def store_step(counties: int, per_county: int, rows_file: Path) -> dict[str, object]:
    """In the child: load the synthetic province into the store, then assess every county from it."""
    from django.db import transaction

    from eduplan import store

    store.open_store()
    from eduplan.store.census import census_frames, do_load_census
    from eduplan.store.census_registry import apply_registry, plan_registry

    schools, stages = synthetic_census(counties, per_county)
    sheets = {c.SCHOOLS.name: schools.drop(columns="county_code"), c.STAGES_SHEET.name: stages}
    t0, c0 = time.perf_counter(), time.process_time()
    # What do_import_census does with a checked workbook: the registry changes, then the rows, in one transaction.
    with transaction.atomic():
        apply_registry(plan_registry(sheets[c.SCHOOLS.name], 2023, "synthetic"), 2023)
        do_load_census(2023, sheets, filename="synthetic", source="import")
    load_wall, load_cpu = time.perf_counter() - t0, time.process_time() - c0

    load_before = load()
    # The province at once, as the web assesses a city's or province's counties (quality_balance_verdicts): the
    # census read from the store into frames (nothing kept from before), then assess_all_counties.
    from eduplan.store import census as stored_census

    stored_census._FRAMES.clear()
    t0, c0 = time.perf_counter(), time.process_time()
    f = census_frames(PROVINCE, 2023)
    province = assess_all_counties(f.schools, f.stages, year=2023)
    province_wall, province_cpu = time.perf_counter() - t0, time.process_time() - c0
    eduplan_rows(province).to_csv(rows_file.with_suffix(".province.csv"), index=False, float_format="%.17g")
    stored_census._FRAMES.clear()
    # The first county of a census version reads the version's 学段 sheet whole (kept for the next counties).
    t0, c0 = time.perf_counter(), time.process_time()
    census_frames(county_list(counties)[0], 2023)
    first_wall, first_cpu = time.perf_counter() - t0, time.process_time() - c0
    walls, cpus, results = [], [], {}
    for county in county_list(counties):
        t0, c0 = time.perf_counter(), time.process_time()
        f = census_frames(county, 2023)
        result = assess_quality_balance(f.schools, f.stages, region=county, year=2023, grades=f.grades)
        result.as_dict()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        results[county] = result
    eduplan_rows(results).to_csv(rows_file, index=False, float_format="%.17g")
    return {
        "load_wall": load_wall,
        "load_cpu": load_cpu,
        "rows": len(schools) + len(stages),
        "load": load_before,
        "walls": walls,
        "cpus": cpus,
        "province_wall": province_wall,
        "province_cpu": province_cpu,
        "first_wall": first_wall,
        "first_cpu": first_cpu,
    }


def time_one_county(schools: object, stages: object, region: str) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(9):
        t0, c0 = time.perf_counter(), time.process_time()
        assess_quality_balance(schools, stages, region=region, year=2023).as_dict()  # type: ignore[arg-type]
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return walls, cpus


if __name__ == "__main__":
    main()
