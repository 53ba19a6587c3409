"""Reports: every PDF and workbook the web offers on the demo store, downloaded as a signed-in user, timed.

Builds the demo store in ``--var`` if it is missing (``eduplan demo --no-serve``), signs in demo-admin through
Django's test client (in this process: the time is the view's, without a server), collects the download links of
the pages that offer reports (报告, 规划, 教师, 体质健康, 控辍保学, 招生入学, 学业质量, 增值评价, 督导, 经费投入 …)
and times each download. The baseline, in the same run: the same PDFs printed by WeasyPrint from the HTML template
(``reports.pdf.render_pdf_weasyprint``, the renderer before Typst). Prints each report's seconds, its page count,
the ratio to the baseline, and checks the targets of issue #16: every PDF ≤ 3 s, every workbook ≤ 1 s.

Run: .venv/bin/python bench/bench_reports.py [--var /tmp/eduplan-bench-reports] [--baseline all|largest|none]
(``largest``: the baseline only for the 优质均衡 and plan reports, the longest; default all.) Each download's CPU
time is printed beside its wall time, and so is its first time in the process (before the pages' and charts'
caches are warm).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PDF_TARGET, XLSX_TARGET = 3.0, 1.0
COUNTY, CITY, YEAR, ADMISSION = "441802", "441800", 2023, "440114"
PAGES = [  # pages whose download links are collected (hrefs to a PDF or a workbook)
    f"/r/{COUNTY}/{YEAR}/reports/",
    f"/r/{CITY}/{YEAR}/reports/",
    "/plans/1/",
    f"/r/{COUNTY}/{YEAR}/teachers/",
    f"/r/{COUNTY}/{YEAR}/fitness/",
    f"/r/{COUNTY}/{YEAR}/attendance/",
    f"/r/{COUNTY}/{YEAR}/quality/",
    f"/r/{COUNTY}/{YEAR}/value-added/",
    f"/r/{COUNTY}/{YEAR}/supervision/",
    f"/r/{COUNTY}/{YEAR}/investment/",
    f"/r/{ADMISSION}/2025/admission/",  # the demo's 积分入学 year and district (demo/admission_seed.py)
]
DOWNLOAD = re.compile(r'href="([^"]*(?:\.pdf|\.xlsx|/pdf|/xlsx|/notice)/[^"]*)"')


def _store(var: Path) -> None:
    os.environ["EDUPLAN_VAR"] = str(var)
    os.environ["EDUPLAN_DATABASE_URL"] = f"sqlite:///{var / 'eduplan.sqlite3'}"
    if not (var / "eduplan.sqlite3").exists():
        exe = Path(sys.executable).parent / "eduplan"
        print(f"building the demo store in {var} …", flush=True)
        subprocess.run([str(exe), "demo", "--no-serve"], check=True, capture_output=True)


def _links(client: Any) -> list[str]:
    import html
    from urllib.parse import urljoin

    found: list[str] = []
    for page in PAGES:
        response = client.get(page)
        if response.status_code != 200:
            print(f"  ({page}: HTTP {response.status_code}, skipped)")
            continue
        body = response.content.decode("utf-8")
        for href in DOWNLOAD.findall(body):
            url = urljoin(page, html.unescape(href))
            if url not in found:
                found.append(url)
    rectifications = re.findall(r'href="(/rectifications/\d+/)"', client.get(PAGES[8]).content.decode())
    found += [f"{r}notice/" for r in rectifications[:1]]
    return found


def _timed(client: Any, url: str) -> tuple[float, Any]:
    seconds, _, response = _timed_cpu(client, url)
    return seconds, response


def _timed_cpu(client: Any, url: str) -> tuple[float, float, Any]:
    """Wall and CPU seconds (this process, all threads) of one download: on a shared machine the wall time also
    counts the time spent waiting for a core."""
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    return seconds, cpu, response


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var", type=Path, default=Path("/tmp/eduplan-bench-reports"))
    parser.add_argument("--baseline", choices=("all", "largest", "none"), default="all")
    args = parser.parse_args()
    _store(args.var)
    from eduplan import store

    store.open_store()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's allowed host
    from eduplan.reports import pdf as pdf_module
    from eduplan.reports import supervision

    signed_in = {}
    for username in ("demo-admin", "demo-admissions"):  # 积分入学 (花都区) is the admissions office's alone
        signed_in[username] = Client()
        signed_in[username].force_login(get_user_model().objects.get(username=username))

    class ByScope:
        def get(self, url: str) -> Any:
            return signed_in["demo-admissions" if ADMISSION in url else "demo-admin"].get(url)

    client = ByScope()
    links = _links(client)
    print(f"load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {len(links)} downloads")
    # One round before the timed ones: imports, fonts indexed, pages' caches warm (a server's steady state). Its
    # times are printed too (column "first"): each download's first time in this process, charts drawn.
    first = {url: _timed_cpu(client, url)[:2] for url in links}
    supervision._notice_pdf.cache_clear()

    def timed_all(label: str) -> dict[str, tuple[float, float, int]]:
        results = {}
        for url in links:
            supervision._notice_pdf.cache_clear()
            runs = [_timed_cpu(client, url) for _ in range(2 if label == "typst" else 1)]
            seconds = statistics.median(s for s, _, _ in runs)
            cpu = statistics.median(c for _, c, _ in runs)
            body = runs[-1][2].getvalue() if hasattr(runs[-1][2], "getvalue") else b"".join(runs[-1][2])
            results[url] = (seconds, cpu, _pages(body) if url_kind(url) == "pdf" else 0)
        return results

    now = timed_all("typst")
    wanted: dict[str, Callable[[str], bool]] = {
        "all": lambda u: True,
        "largest": lambda u: "balanced" in u or "/plans/" in u,
        "none": lambda u: False,
    }
    base_urls = [u for u in links if url_kind(u) == "pdf" and wanted[args.baseline](u)]
    baseline: dict[str, float] = {}
    if base_urls:
        original: Callable[..., bytes] = pdf_module.render_pdf
        # Every module holding the renderer (imported by name or looked up at call time) gets the old one.
        holders = [m for m in list(sys.modules.values()) if getattr(m, "render_pdf", None) is original]
        for module in holders:
            module.render_pdf = pdf_module.render_pdf_weasyprint  # type: ignore[attr-defined]
        try:
            for url in base_urls:
                baseline[url] = _timed(client, url)[0]
        finally:
            for module in holders:
                module.render_pdf = original  # type: ignore[attr-defined]
    failed = 0
    print(
        f"{'download':<78} {'pages':>5} {'s':>7} {'CPU s':>6} {'first s':>7} {'CPU':>5} {'WeasyPrint s':>12} "
        f"{'ratio':>6}  target (wall)"
    )
    for url in links:
        seconds, cpu, pages = now[url]
        kind = url_kind(url)
        target = PDF_TARGET if kind == "pdf" else XLSX_TARGET
        ok = seconds <= target
        failed += not ok
        base = baseline.get(url)
        ratio = f"{base / seconds:6.1f}" if base else "     —"
        base_text = f"{base:12.2f}" if base else f"{'—':>12}"
        print(
            f"{url:<78} {pages or '':>5} {seconds:7.2f} {cpu:6.2f} {first[url][0]:7.2f} {first[url][1]:5.2f} "
            f"{base_text} {ratio}  ≤ {target:g} s {'met' if ok else 'MISSED'}"
        )
    print(
        f"targets: every PDF ≤ {PDF_TARGET:g} s, every workbook ≤ {XLSX_TARGET:g} s: {'met' if not failed else f'{failed} missed'}"
    )
    failed_cpu = sum(now[u][1] > (PDF_TARGET if url_kind(u) == "pdf" else XLSX_TARGET) for u in links)
    print(f"the same targets on CPU time: {'met' if not failed_cpu else f'{failed_cpu} missed'}")
    print(f"load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")
    sys.exit(1 if failed else 0)


def url_kind(url: str) -> str:
    return "pdf" if "pdf" in url or url.endswith("/notice/") else "xlsx"


if __name__ == "__main__":
    main()
