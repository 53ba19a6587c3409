"""Pages under load: signed-in users over every kind of page and API while a census import runs, per server.

Extends bench_load.py (its signed-in ``Client``): builds the demo store in ``--var`` if missing, exports the 2023
census to a workbook (``eduplan export census``), and for each server — waitress as ``eduplan serve`` runs it, and
gunicorn with one process per core (``--workers``) and threads — starts it on a free port, measures each page once
on the idle server (the baseline), then lets ``--clients`` users (demo-leader) fetch the page kinds below in a loop
for ``--seconds`` while ``eduplan import census`` stores that workbook again as a new version. Prints per page
kind: requests, errors, p50/p95/max, p95 against the idle request and the issue's target (p95 ≤ 200 ms), then
the import's time, the errors (any status but 200, any "database is locked" in the server log) and requests/s.

``--writers N`` adds N signed-in writers (demo-analyst) who, all the time the readers read, save a 优质均衡 manual
item (an audited store write) in a loop; their requests are counted as the page kind "write".

Run: .venv/bin/python bench/bench_web_load.py [--quick] [--seconds 120] [--clients 20] [--writers 0]
     [--server waitress,gunicorn]
(``--quick``: 20 s per server, 10 clients. ``--acceptance``: the issue's form, 20 readers + 2 writers for 5 minutes
under waitress, the production server; with EDUPLAN_DATABASE_URL=postgresql://… the same on PostgreSQL, on a store
holding the demo already.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_load import Client, _free_port

TARGET_P95 = 0.200
CITY, COUNTY, SCHOOL, YEAR = "441800", "441802", "1441802001", 2023
KINDS: dict[str, list[str]] = {
    "dashboard": [f"/r/{CITY}/{YEAR}/", f"/r/{COUNTY}/{YEAR}/"],
    "panels": [f"/r/{CITY}/{YEAR}/panels/{p}/" for p in ("balance", "seats", "staffing")],
    "assessment": [f"/r/{COUNTY}/{YEAR}/assessments/"],
    "school": [f"/schools/{SCHOOL}/"],
    "plan": ["/plans/1/"],
    "value-added": [f"/r/{CITY}/{YEAR}/value-added/"],
    "api": [
        f"/api/regions/{COUNTY}/{YEAR}/quality-balance/",
        f"/api/schools/{SCHOOL}/",
        "/api/plans/1/",
        f"/api/regions/{COUNTY}/schools/?year={YEAR}",
    ],
}


def _exe() -> str:
    return str(Path(sys.executable).parent / "eduplan")


def _server(name: str, port: int, env: dict[str, str], log: Path, workers: int) -> subprocess.Popen[bytes]:
    if name == "waitress":
        command = [_exe(), "serve", "--port", str(port)]
    else:
        command = [sys.executable, "-m", "gunicorn", "eduplan.web.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(workers), "--threads", "4", "--timeout", "120"]
    with log.open("w") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=out)


def _wait(base: str) -> None:
    for _ in range(240):
        try:
            urllib.request.urlopen(base + "/accounts/login/", timeout=2).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {base} did not start")


def run(name: str, args: argparse.Namespace, env: dict[str, str], workbook: Path) -> bool:
    port = _free_port()
    log = args.var / f"serve-{name}.log"
    server = _server(name, port, env, log, args.workers)
    base = f"http://127.0.0.1:{port}"
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: list[str] = []
    try:
        _wait(base)
        probe = Client(base, "demo-leader")
        idle: dict[str, float] = {}
        for kind, urls in KINDS.items():
            for url in urls:
                probe.get(url)  # first: imports, caches
            start = time.perf_counter()
            for url in urls:
                probe.get(url)
            idle[kind] = (time.perf_counter() - start) / len(urls)
        users = [Client(base, "demo-leader") for _ in range(args.clients)]
        pages = [(kind, url) for kind, urls in KINDS.items() for url in urls]
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def read(user: Client, offset: int) -> None:
            i = offset
            while time.monotonic() < stop:
                kind, url = pages[i % len(pages)]
                i += 1
                t = time.perf_counter()
                status, _ = user.get(url)
                with lock:
                    latencies[kind].append(time.perf_counter() - t)
                    if status != 200:
                        errors.append(f"{status} {url}")

        def write(user: Client, n: int) -> None:
            items = ("gov_01_layout", "gov_02_unified", "gov_03_music_art_rooms")
            i = n
            while time.monotonic() < stop:
                status = "达标" if i % 2 else "未达标"
                url = f"/r/{COUNTY}/{YEAR}/assessments/items/"
                t = time.perf_counter()
                code, _ = user.post(
                    url, {"standard": "quality_balance_2017", "item_key": items[i % 3], "status": status}
                )
                i += 1
                with lock:
                    latencies["write"].append(time.perf_counter() - t)
                    if code != 200:
                        errors.append(f"{code} POST {url}")

        writers = [Client(base, "demo-analyst") for _ in range(args.writers)]
        threads = [threading.Thread(target=read, args=(u, n)) for n, u in enumerate(users)]
        threads += [threading.Thread(target=write, args=(u, n)) for n, u in enumerate(writers)]
        began = time.perf_counter()
        importer = subprocess.Popen(
            [_exe(), "import", "census", str(workbook), "--year", str(YEAR)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
        imported_out, imported_err = importer.communicate(timeout=600)
        import_seconds = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    locked = log.read_text(errors="replace").count("database is locked")
    total = sum(len(v) for v in latencies.values())
    print(
        f"\n== {name}: {args.clients} readers, {args.writers} writers, {args.seconds:.0f} s, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"{'page kind':<12} {'requests':>8} {'idle s':>7} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'p95/idle':>8}  target"
    )
    met = True
    idle.setdefault("write", float("nan"))
    for kind in [*KINDS, *(["write"] if args.writers else [])]:
        ordered = sorted(latencies[kind])
        if not ordered:
            print(f"{kind:<12} no request finished")
            met = False
            continue
        p95 = ordered[int(0.95 * (len(ordered) - 1))]
        ok = p95 <= TARGET_P95
        met &= ok
        print(
            f"{kind:<12} {len(ordered):>8} {idle[kind]:7.3f} {statistics.median(ordered):7.3f} {p95:7.3f} "
            f"{ordered[-1]:7.3f} {p95 / idle[kind]:8.1f}  p95 ≤ {TARGET_P95 * 1000:.0f} ms {'met' if ok else 'MISSED'}"
        )
    status = "done" if importer.returncode == 0 else f"FAILED ({imported_err.decode()[-300:]})"
    print(f"census import while loaded: {status}, finished {import_seconds:.1f} s after the start")
    print(f"requests {total} ({total / wall:.1f}/s), errors {len(errors)}, 'database is locked' {locked}")
    if errors:
        print("first errors:", errors[:5])
    return met and not errors and not locked and importer.returncode == 0 and bool(imported_out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--writers", type=int, default=0, help="users saving a manual assessment item in a loop")
    parser.add_argument("--quick", action="store_true", help="20 s per server, 10 users")
    parser.add_argument("--acceptance", action="store_true", help="#17: 20 readers + 2 writers, 5 minutes, waitress")
    parser.add_argument("--server", default="waitress,gunicorn", help="comma-separated: waitress, gunicorn")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn processes")
    parser.add_argument("--var", type=Path, default=Path("/tmp/eduplan-load"))
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.clients = 20.0, 10
    if args.acceptance:
        args.seconds, args.clients, args.writers, args.server = 300.0, 20, 2, "waitress"
    args.var.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "EDUPLAN_VAR": str(args.var)}
    env["EDUPLAN_DATABASE_URL"] = env.get("EDUPLAN_DATABASE_URL") or f"sqlite:///{args.var / 'eduplan.sqlite3'}"
    if env["EDUPLAN_DATABASE_URL"].startswith("sqlite") and not (args.var / "eduplan.sqlite3").exists():
        print(f"building the demo store in {args.var} …", flush=True)
        subprocess.run([_exe(), "demo", "--no-serve"], env=env, check=True, capture_output=True)
    workbook = args.var / f"census-{YEAR}.xlsx"
    if not workbook.exists():
        subprocess.run([_exe(), "export", "census", "--year", str(YEAR), "--out", str(workbook)], env=env, check=True)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()}; store {env['EDUPLAN_DATABASE_URL']}")
    results = {name: run(name, args, env, workbook) for name in args.server.split(",")}
    print("\n" + "  ".join(f"{name}: {'all targets met' if ok else 'targets missed'}" for name, ok in results.items()))


if __name__ == "__main__":
    main()
