"""Benchmark: the value-added fit at county and province scale, against lme4 in the same run.

1. 1,000,000 students in 2,000 schools (sizes 50–1,000): eduplan's fit (DuckDB over Parquet) and
   R's ``lmer(score ~ prior + (1 | school), REML = TRUE)`` on the same data; prints both times, their ratio
   and the largest differences in the school effects and their SDs.
2. 20,000,000 students in 20,000 schools on DuckDB: time and peak memory of eduplan's fit.

Each fit runs in its own child process, which reports its own peak RSS (VmHWM of /proc/self/status: the
rusage of a child carries its parent's size over fork and exec, so it would count the generated data too). Data are generated with
NumPy (seeded) into Parquet under a temporary folder, which is removed at the end.

Run: .venv/bin/python bench/bench_value_added.py [--students 1000000 --schools 2000 --big-rows 20000000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

R_SCRIPT = """
suppressMessages(library(lme4))
args <- commandArgs(trailingOnly = TRUE)
t0 <- proc.time()[["elapsed"]]
d <- read.csv(args[1], colClasses = c("character", "numeric", "numeric"))
t1 <- proc.time()[["elapsed"]]
m <- lmer(score ~ prior + (1 | school), data = d, REML = TRUE)
t2 <- proc.time()[["elapsed"]]
re <- ranef(m, condVar = TRUE)$school
write.csv(data.frame(school = rownames(re), effect = re[, 1], sd = sqrt(attr(re, "postVar")[1, 1, ])),
          args[2], row.names = FALSE)
vc <- as.data.frame(VarCorr(m))$vcov
hwm <- grep("^VmHWM:", readLines("/proc/self/status"), value = TRUE)
peak <- as.numeric(gsub("[^0-9]", "", hwm)) / 1024
cat(sprintf('{"read": %.3f, "fit": %.3f, "tau2": %.12g, "sigma2": %.12g, "remlcrit": %.12g, "peak_mb": %.1f}\\n',
            t1 - t0, t2 - t1, vc[1], vc[2], REMLcrit(m), peak))
"""


def school_sizes(rng: np.random.Generator, students: int, schools: int, low: int, high: int) -> np.ndarray:
    """Unequal sizes between ``low`` and ``high`` that add up to ``students``."""
    sizes = rng.integers(low, high + 1, schools).astype(np.float64)
    sizes = np.maximum(np.round(sizes * students / sizes.sum()), 2).astype(np.int64)
    sizes[-1] += students - sizes.sum()
    return sizes


def write_scores(path: Path, students: int, schools: int, seed: int, low: int, high: int) -> None:
    """Scale scores around 500 (SD 50); school effects SD 10; written in chunks so memory stays flat."""
    rng = np.random.default_rng(seed)
    sizes = school_sizes(rng, students, schools, low, high)
    effects = rng.normal(0, 10, schools)
    codes = np.array([f"{4400000000 + j:010d}" for j in range(schools)])
    schema = pa.schema([("school", pa.string()), ("prior", pa.float64()), ("score", pa.float64())])
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    with pq.ParquetWriter(path, schema) as writer:
        for first in range(0, schools, 500):
            last = min(first + 500, schools)
            school = np.repeat(np.arange(first, last), sizes[first:last])
            n = int(bounds[last] - bounds[first])
            prior = rng.normal(500, 50, n).round(1)
            score = (60 + 0.9 * prior + effects[school] + rng.normal(0, 30, n)).round(1)
            writer.write_table(pa.table({"school": codes[school], "prior": prior, "score": score}, schema=schema))


def peak_rss_mb() -> float:
    """This process image's own peak RSS (VmHWM), in MB."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024


def run_measured(command: list[str]) -> tuple[str, float]:
    """stdout and wall seconds of one child (which prints its own peak RSS)."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{done.stderr}")
    return done.stdout, wall


def fit_child(parquet: str, effects_csv: str) -> None:
    """In the child: read the Parquet through the engine, fit, write the school effects, print the timings."""
    from eduplan.core.value_added import fit_value_added
    from eduplan.engine import connect

    con = connect("duckdb")
    start = time.perf_counter()
    fit = fit_value_added(con.read_parquet(parquet), response="score", predictors=("prior",), school="school")
    seconds = time.perf_counter() - start
    pd.DataFrame(
        {
            "school": [s.school_code for s in fit.schools],
            "effect": [s.effect for s in fit.schools],
            "sd": [s.sd for s in fit.schools],
        }
    ).to_csv(effects_csv, index=False)
    print(
        json.dumps(
            {
                "fit": seconds,
                "tau2": fit.tau2,
                "sigma2": fit.sigma2,
                "remlcrit": fit.reml_criterion,
                "students": fit.students,
                "schools": len(fit.schools),
                "peak_mb": peak_rss_mb(),
            }
        )
    )


def compare_with_lme4(folder: Path, students: int, schools: int, seed: int) -> None:
    parquet, csv = folder / "va.parquet", folder / "va.csv"
    write_scores(parquet, students, schools, seed, low=50, high=1000)
    pd.read_parquet(parquet).to_csv(csv, index=False)
    ours_out, ours_wall = run_measured(
        [sys.executable, __file__, "--fit-child", str(parquet), str(folder / "ours.csv")]
    )
    ours = json.loads(ours_out)
    rscript = shutil.which("Rscript")
    if rscript is None:
        raise SystemExit("Rscript not found: apt-get install r-base-core r-cran-lme4")
    (folder / "lme4.R").write_text(R_SCRIPT)
    r_out, r_wall = run_measured([rscript, str(folder / "lme4.R"), str(csv), str(folder / "lme4.csv")])
    theirs = json.loads(r_out.strip().splitlines()[-1])
    a = pd.read_csv(folder / "ours.csv", dtype={"school": str}).set_index("school")
    b = pd.read_csv(folder / "lme4.csv", dtype={"school": str}).set_index("school").loc[a.index]
    effect_diff = float((a["effect"] - b["effect"]).abs().max())
    sd_diff = float(((a["sd"] - b["sd"]).abs() / b["sd"]).max())
    print(f"== {students:,} students in {schools:,} schools (score ~ prior + (1|school), REML)")
    print(
        f"eduplan (DuckDB, Parquet): fit {ours['fit']:.2f} s; child process {ours_wall:.2f} s wall, "
        f"peak RSS {ours['peak_mb']:,.0f} MB"
    )
    print(
        f"lme4 {theirs['read']:.2f} s read.csv + {theirs['fit']:.2f} s lmer; {r_wall:.2f} s wall, "
        f"peak RSS {theirs['peak_mb']:,.0f} MB"
    )
    print(
        f"ratio lme4 fit / eduplan fit: {theirs['fit'] / ours['fit']:.1f}x;  "
        f"wall (incl. reading): {r_wall / ours_wall:.1f}x"
    )
    print(
        f"tau2 {ours['tau2']:.10g} vs {theirs['tau2']:.10g} (rel {abs(ours['tau2'] / theirs['tau2'] - 1):.1e}); "
        f"sigma2 rel {abs(ours['sigma2'] / theirs['sigma2'] - 1):.1e}; "
        f"REMLcrit {ours['remlcrit']:.6f} vs {theirs['remlcrit']:.6f}"
    )
    print(
        f"largest |difference| in school effects {effect_diff:.2e} "
        f"(largest |effect| {float(b['effect'].abs().max()):.2f}); largest relative difference in SDs {sd_diff:.1e}"
    )


def province_scale(folder: Path, rows: int, schools: int, seed: int) -> None:
    parquet = folder / "province.parquet"
    start = time.perf_counter()
    write_scores(parquet, rows, schools, seed, low=200, high=1800)
    made = time.perf_counter() - start
    out, wall = run_measured([sys.executable, __file__, "--fit-child", str(parquet), str(folder / "big.csv")])
    ours = json.loads(out)
    size = parquet.stat().st_size / 2**20
    print(f"== {rows:,} students in {schools:,} schools on DuckDB (Parquet {size:,.0f} MB, generated in {made:.1f} s)")
    print(
        f"eduplan fit {ours['fit']:.2f} s; child process {wall:.2f} s wall; peak RSS {ours['peak_mb']:,.0f} MB; "
        f"tau2 {ours['tau2']:.4f}, sigma2 {ours['sigma2']:.3f} (true 100, 900)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=1_000_000)
    parser.add_argument("--schools", type=int, default=2_000)
    parser.add_argument("--big-rows", type=int, default=20_000_000)
    parser.add_argument("--big-schools", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=20240901)
    parser.add_argument("--fit-child", nargs=2, metavar=("PARQUET", "EFFECTS_CSV"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fit_child:
        fit_child(*args.fit_child)
        return
    folder = Path(tempfile.mkdtemp(prefix="eduplan-bench-va-"))
    try:
        compare_with_lme4(folder, args.students, args.schools, args.seed)
        if args.big_rows:
            province_scale(folder, args.big_rows, args.big_schools, args.seed + 1)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
