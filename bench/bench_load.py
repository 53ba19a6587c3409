"""Load: signed-in readers against `eduplan serve` (waitress, one process) on a demo store (SQLite).

Builds the demo store in ``--var`` if it is missing (``eduplan demo --no-serve``), starts ``eduplan serve`` on a free
port, signs in ``--clients`` readers (demo-leader) that fetch the dashboard and the assessment page in a loop for
``--seconds``; then prints requests, errors (any status but 200, any ``database is locked`` in the server log),
requests per second and the p50/p95/max latency, with one request on the idle server as the baseline and the
ratios to it. Writers are not simulated yet (the issue's 2 writers are still to do).

Run: .venv/bin/python bench/bench_load.py [--clients 20] [--seconds 300] [--var /tmp/eduplan-load]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

PASSWORD = "eduplan-demo"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Client:
    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.get("/accounts/login/")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, page[:300]
        body = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)}
        ).encode()
        request = urllib.request.Request(self.base + "/accounts/login/", data=body, headers={"Referer": self.base})
        with self.opener.open(request, timeout=120) as response:
            self.home = response.geturl()  # the dashboard the login redirects to

    def get(self, path: str) -> tuple[int, str]:
        url = path if path.startswith("http") else self.base + path
        try:
            with self.opener.open(url, timeout=120) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str]:
        """A form POST with the CSRF token; redirects are followed (the final status is returned)."""
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--var", type=Path, default=Path("/tmp/eduplan-load"))
    args = parser.parse_args()
    env = {**os.environ, "EDUPLAN_VAR": str(args.var)}
    env["EDUPLAN_DATABASE_URL"] = f"sqlite:///{args.var / 'eduplan.sqlite3'}"
    exe = Path(sys.executable).parent / "eduplan"
    if not (args.var / "eduplan.sqlite3").exists():
        subprocess.run([str(exe), "demo", "--no-serve"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = args.var / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        probe = Client(base, "demo-leader")
        pages = [probe.home, probe.home.rstrip("/") + "/assessments/"]
        start = time.perf_counter()
        probe.get(pages[0])
        baseline = time.perf_counter() - start
        readers = [Client(base, "demo-leader") for _ in range(args.clients)]
        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def read(client: Client) -> None:
            i = 0
            while time.monotonic() < stop:
                page = pages[i % len(pages)]
                i += 1
                t = time.perf_counter()
                status, _ = client.get(page)
                with lock:
                    latencies.append(time.perf_counter() - t)
                    if status != 200:
                        errors.append(f"{status} {page}")

        threads = [threading.Thread(target=read, args=(c,)) for c in readers]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(timeout=30)
    locked = log.read_text(errors="replace").count("database is locked")
    ordered = sorted(latencies)
    p95 = ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")
    median = statistics.median(ordered) if ordered else float("nan")
    print(f"{args.clients} readers, {args.seconds:.0f} s, load average {os.getloadavg()}")
    print(
        f"requests {len(latencies)}  errors {len(errors)}  'database is locked' {locked}  {len(latencies) / wall:.1f}/s"
    )
    print(f"idle request {baseline:.3f} s; p50 {median:.3f} s ({median / baseline:.1f}x)  p95 {p95:.3f} s "
          f"({p95 / baseline:.1f}x)  max {ordered[-1] if ordered else float('nan'):.3f} s")  # fmt: skip
    if errors:
        print("first errors:", errors[:5])


if __name__ == "__main__":
    main()
