"""Benchmark: scoring and aggregating student fitness results on DuckDB against pandas, in the same run.

N synthetic students (default 1,000,000, in 1,000 schools, grades 1–12; ``demo.fitness.generate_students``) are
written to Parquet. Then, from that file, each engine scores every student by the 2014 standard (item scores, BMI,
bonus, total, band) and aggregates 合格率 / 优良率 / 优秀率 / BMI / 近视 counts per school:

* eduplan: ``core.fitness.score_students`` + ``rate_counts`` on DuckDB (the Ibis expressions the app runs,
  compilation included);
* pandas: a straightforward vectorised pandas implementation of the same rules (merge with the same per-(sex, grade)
  threshold row, ``numpy.select`` over the 20 levels per item, ``groupby`` per school).

Prints both wall times, the ratio and whether the per-school counts agree exactly.
``--big-rows 20000000`` also scores that many rows on DuckDB alone (the province case; peak RSS reported).

Run: PYTHONPATH=src .venv/bin/python bench/bench_fitness.py [--students 1000000] [--big-rows 0]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from eduplan.core import fitness as cf
from eduplan.demo.fitness import generate_students
from eduplan.engine import connect
from eduplan.standards import fitness as fs

AGG = ("passed", "good", "excellent", "obese", "overweight", "underweight", "myopic", "scored")


def write_students(path: Path, students: int, schools: int = 1000, seed: int = 7) -> None:
    per = students // (schools * 12)
    counts = {(f"{4418020000 + s}", g): per for s in range(schools) for g in range(1, 13)}
    first = next(iter(counts))
    counts[first] += students - per * schools * 12
    frame = generate_students(counts, 2023, seed).rename(columns={"student_id": "student"}).drop(columns=["row"])
    # Row groups of DuckDB's own size (122,880 rows), as DuckDB and Spark write Parquet: one 1 M-row group (pandas'
    # default) leaves one reader thread working and the others spinning (more CPU for the same work).
    frame.to_parquet(path, index=False, row_group_size=122_880)


def duckdb_run(path: Path) -> pd.DataFrame:
    con = connect("duckdb")
    scored = cf.score_students(con.read_parquet(str(path)))
    return con.to_pandas(cf.rate_counts(scored, ["school_code"]))


def wide_thresholds(std: fs.FitnessStandard) -> pd.DataFrame:
    """One row per (sex, grade): thresholds t_<item>_<i> (NaN = empty cell or not tested), weights, BMI bands,
    and the excess needed per bonus point b_<item>_<p>."""
    rows = []
    for sex in fs.SEXES:
        for grade in fs.GRADES:
            weights = std.weights[(sex, grade)]
            row: dict[str, object] = {"sex": sex, "grade": grade, "w_bmi": weights["bmi"]}
            for key, item in std.items.items():
                levels = item.levels(sex, grade) if item.applies(sex, grade) else (None,) * len(std.score_levels)
                row.update({f"t_{key}_{i}": np.nan if v is None else v for i, v in enumerate(levels)})
                row[f"w_{key}"] = weights.get(key, 0)
            for i, band in enumerate(std.bmi[(sex, grade)]):
                row[f"bmi_max_{i}"] = np.nan if band.high is None else band.high
                row[f"bmi_score_{i}"] = band.score
            for key, bonus in std.bonus.items():
                needed = dict(bonus.rows.get(sex, ())) if grade in bonus.applies_to.get(sex, ()) else {}
                row.update({f"b_{key}_{p}": needed.get(p, np.nan) for p in range(1, bonus.max_points + 1)})
            rows.append(row)
    return pd.DataFrame(rows)


def pandas_run(path: Path) -> pd.DataFrame:
    std = fs.standard()
    df = pd.read_parquet(path)
    df = df.merge(wide_thresholds(std), on=["sex", "grade"], how="left")
    levels = std.score_levels
    weighted = np.zeros(len(df))
    missing = np.zeros(len(df), dtype=bool)
    for key, item in std.items.items():
        value = df[key].to_numpy()
        thresholds = [df[f"t_{key}_{i}"].to_numpy() for i in range(len(levels))]
        with np.errstate(invalid="ignore"):
            conds = [value >= t if item.direction == "higher_is_better" else value <= t for t in thresholds]
        score = np.select(conds, levels, 0)
        weight = df[f"w_{key}"].to_numpy()
        missing |= (weight > 0) & np.isnan(value)
        weighted += np.where(weight > 0, score, 0) * weight
    metres = df["height"].to_numpy() / 100.0
    bmi = np.round(df["weight"].to_numpy() / (metres * metres), 1)
    bands = [df[f"bmi_max_{i}"].to_numpy() for i in range(3)]
    bmi_scores = [df[f"bmi_score_{i}"].to_numpy() for i in range(4)]
    band = np.select([bmi <= bands[0], bmi <= bands[1], bmi <= bands[2]], [0, 1, 2], 3)
    bmi_score = np.choose(band, bmi_scores)
    weighted += bmi_score * df["w_bmi"].to_numpy()
    bonus = np.zeros(len(df))
    for key, b in std.bonus.items():
        item = std.items[key]
        top = df[f"t_{key}_0"].to_numpy()
        value = df[key].to_numpy()
        excess = value - top if item.direction == "higher_is_better" else top - value
        with np.errstate(invalid="ignore"):
            conds = [excess >= df[f"b_{key}_{p}"].to_numpy() for p in range(b.max_points, 0, -1)]
        bonus += np.select(conds, list(range(b.max_points, 0, -1)), 0)
    total = weighted + np.minimum(bonus, fs.BONUS_CAP) * 100
    exempt = df["status"].isin(cf.EXEMPT_STATUSES).to_numpy()
    has_bmi = ~np.isnan(bmi)
    complete = ~exempt & ~missing & has_bmi
    vision = np.fmin(df["vision_left"].to_numpy(), df["vision_right"].to_numpy())
    out = pd.DataFrame(
        {
            "school_code": df["school_code"],
            "scored": complete,
            "passed": complete & (total >= 6000),
            "good": complete & (total >= 8000),
            "excellent": complete & (total >= 9000),
            "underweight": has_bmi & ~exempt & (band == 0),
            "overweight": has_bmi & ~exempt & (band == 2),
            "obese": has_bmi & ~exempt & (band == 3),
            "myopic": vision < fs.MYOPIA_ACUITY_BELOW,
        }
    )
    return out.groupby("school_code", as_index=False).sum()


def timed(run, path: Path) -> tuple[float, float, pd.DataFrame]:  # type: ignore[no-untyped-def]
    """Wall time and CPU time of the whole process (all of DuckDB's threads), and the result."""
    start, cpu = time.perf_counter(), time.process_time()
    result = run(path)
    return time.perf_counter() - start, time.process_time() - cpu, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=1_000_000)
    parser.add_argument("--big-rows", type=int, default=0)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-fitness-"))
    try:
        path = folder / "students.parquet"
        start = time.perf_counter()
        write_students(path, args.students)
        print(f"generated {args.students:,} students in {time.perf_counter() - start:.1f} s")
        duck_s, duck_cpu, duck = timed(duckdb_run, path)
        panda_s, panda_cpu, panda = timed(pandas_run, path)
        a = duck.sort_values("school_code").reset_index(drop=True)[["school_code", *AGG]]
        b = panda.sort_values("school_code").reset_index(drop=True)[["school_code", *AGG]]
        same = bool((a[list(AGG)].to_numpy() == b[list(AGG)].to_numpy().astype(np.int64)).all())
        print(f"load average before the runs: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"DuckDB (eduplan core, compile included): wall {duck_s:.2f} s, CPU {duck_cpu:.2f} s")
        print(f"pandas (vectorised, same rules):         wall {panda_s:.2f} s, CPU {panda_cpu:.2f} s")
        print(
            f"ratio pandas / DuckDB: wall {panda_s / duck_s:.1f}x, CPU {panda_cpu / duck_cpu:.1f}x; "
            f"per-school counts identical: {same}"
        )
        if args.big_rows:
            big = folder / "big"
            big.mkdir()
            for part in range(args.big_rows // args.students):
                shutil.copy(path, big / f"part-{part}.parquet")
            con = connect("duckdb")
            start = time.perf_counter()
            scored = cf.score_students(con.read_parquet(str(big / "*.parquet")))
            (county,) = cf.rate_rows(cf.rate_counts(scored, []), [])
            took = time.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{county.students:,} rows on DuckDB: {took:.1f} s, process peak RSS {peak:.0f} MB")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
