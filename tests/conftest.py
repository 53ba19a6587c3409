"""The shared test world: a small hand-built county, and (session-scoped) the demo store.

The hand-built world (``world``): 广东省 → 清远市 → 清城区 with two towns, four schools:
- 4418020001 城南小学, 凤城街道, 2019– (open throughout)
- 4418020002 河西小学, 凤城街道 2019–2020, moved to 东城街道 from 2021
- 4418020003 石角小学教学点, 东城街道, 2019–2021, closed (撤销) from 2022
- 4418020004 新城小学, 东城街道, opened 2022
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
ARTIFACTS = REPO / "test-artifacts"


def pytest_configure(config: pytest.Config) -> None:
    _serialise_live_server_on_sqlite()


# Session fixtures worth building once per run, not once per xdist worker (the demo store alone is ~30 s of CPU).
ONCE_PER_RUN = ("demo_env", "province")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``--dist loadgroup`` (make test), tests sharing an expensive fixture go to the same xdist worker, so it is
    built once: every test of the demo store, every Spark test (one JVM), and every test of a module whose own
    module-scoped fixtures they share. Runs before xdist's hook, which turns the mark into the worker choice; without
    xdist (``-n 0``) the mark changes nothing."""
    in_worker = getattr(config.option, "loadgroup", False)  # set by pytest-xdist in its workers
    for item in items:
        group = _shared_fixture_group(item)
        if group is None:
            continue
        item.add_marker(pytest.mark.xdist_group(group))
        if in_worker and not hasattr(item, "_nodeid"):
            # pytest-xdist 3.8 groups by renaming ``item._nodeid`` to "<nodeid>@<group>", which pytest 9.2 no longer
            # reads (the node id is ``item._id``): rename it here the way xdist means to (it skips nothing else).
            from _pytest.nodeid import coerce_node_id

            item._id = coerce_node_id(f"{item.nodeid}@{group}")  # type: ignore[attr-defined]


def _shared_fixture_group(item: pytest.Item) -> str | None:
    if item.get_closest_marker("spark") is not None:
        return "spark"
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    for name in ONCE_PER_RUN:
        if name in info.names_closure:
            return name
    for defs in info.name2fixturedefs.values():
        for fixturedef in defs:
            if fixturedef.scope == "module" and fixturedef.baseid.startswith("tests/"):
                return item.nodeid.split("::", 1)[0]
    return None


def _serialise_live_server_on_sqlite() -> None:
    """The live server of the browser tests shares the test's one in-memory SQLite connection with every request
    thread; two requests at once (a page and the image it shows) then open two transactions on one connection
    ("cannot start a transaction within a transaction"). One request at a time, as on a single-threaded server,
    but keeping the browser's parallel keep-alive connections open."""
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(ThreadedWSGIServer):
        def set_app(self, application: Any) -> None:
            lock = threading.Lock()

            def one_at_a_time(environ: Any, start_response: Any) -> Any:
                with lock:
                    return application(environ, start_response)

            super().set_app(one_at_a_time)

    if os.environ.get("EDUPLAN_DATABASE_URL", "").startswith("postgres"):
        return
    LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(autouse=True)
def _forget_kept_results() -> Iterator[None]:
    """Pages keep results per data version (web.areas.kept: census version ids, last audit id); a test database
    rolled back reuses those ids for other data, so every test starts with nothing kept."""
    yield
    kept = sys.modules.get("eduplan.web.areas.kept")
    if kept is not None:
        kept.forget()


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings: Any) -> None:
    """Background jobs run in the request that submits them (django-tasks' immediate backend), writing their files
    under the temporary folder; the real worker process is tested in tests/store/test_jobs_worker.py."""
    import tempfile

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.JOBS_DIR = Path(tempfile.gettempdir()) / f"eduplan-test-jobs-{os.getpid()}"


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite store with every table, made once per session: tests that run eduplan's processes on a store
    of their own copy it (migrating takes seconds)."""
    folder = tmp_path_factory.mktemp("migrated")
    env = {**os.environ, "EDUPLAN_VAR": str(folder), "EDUPLAN_DATABASE_URL": f"sqlite:///{folder / 'eduplan.sqlite3'}"}
    code = "from eduplan import store; store.migrate()"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=600)
    return folder / "eduplan.sqlite3"


@dataclass(frozen=True)
class World:
    county: str = "441802"
    town_fengcheng: str = "441802001"
    town_dongcheng: str = "441802002"
    open_school: str = "4418020001"
    moved_school: str = "4418020002"
    closed_school: str = "4418020003"
    new_school: str = "4418020004"


@pytest.fixture
def world(db: Any) -> World:
    from eduplan.store.models import Region
    from eduplan.store.registry import do_change_school, do_close_school, do_open_school

    w = World()
    Region.objects.create(code="440000", name="广东省", level="province")
    Region.objects.create(code="441800", name="清远市", level="city", parent_id="440000")
    Region.objects.create(code="441802", name="清城区", level="county", parent_id="441800")
    Region.objects.create(code=w.town_fengcheng, name="凤城街道", level="town", parent_id="441802")
    Region.objects.create(code=w.town_dongcheng, name="东城街道", level="town", parent_id="441802")
    common = {"school_type": "小学", "sponsor": "公办", "urban_rural": "城区"}
    do_open_school(w.open_school, 2019, name="城南小学", region_id=w.town_fengcheng, **common)
    do_open_school(w.moved_school, 2019, name="河西小学", region_id=w.town_fengcheng, **common)
    do_open_school(
        w.closed_school,
        2019,
        name="石角小学教学点",
        region_id=w.town_dongcheng,
        **{**common, "school_type": "小学教学点"},
    )
    do_open_school(w.new_school, 2022, name="新城小学", region_id=w.town_dongcheng, **common)
    do_change_school(w.moved_school, 2021, "迁址", region_id=w.town_dongcheng)
    do_close_school(w.closed_school, 2022)
    return w


def run_eduplan(
    *args: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``eduplan`` command as a user would."""
    exe = Path(sys.executable).parent / "eduplan"
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Environment of a demo store built once per session with ``eduplan demo --no-serve`` (SQLite)."""
    var = tmp_path_factory.mktemp("demo-var")
    env = {"EDUPLAN_VAR": str(var), "EDUPLAN_DATABASE_URL": f"sqlite:///{var / 'eduplan.sqlite3'}"}
    result = run_eduplan("demo", "--no-serve", env=env)
    assert result.returncode == 0, result.stderr
    yield env
