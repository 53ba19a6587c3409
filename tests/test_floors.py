"""The floors of eduplan: every import of an eduplan module goes downward (docs/development.md, "The floors").

Read from the source with ``ast`` (nothing is imported), so a new module is checked the moment it exists, and an
import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "eduplan"

# Top to bottom. A module may import its own floor and any floor below it, never one above.
FLOORS = ("cli", "commands", "demo", "web", "reports", "store", "ingest", "core", "standards")
# The shared kernel under every floor: the one vocabulary, the one error hierarchy, the settings, the one engine.
# Each imports only the kernel modules after it in this order (and nothing of the floors).
KERNEL = ("engine", "settings", "contract", "errors", "__init__")
RANK = {name: i for i, name in enumerate(FLOORS)} | {name: len(FLOORS) + i for i, name in enumerate(KERNEL)}
DATA = ("data", "locale", "migrations")  # not code of a floor


def room_of(path: Path, root: Path = SRC) -> str:
    """The floor (or kernel module) a file of src/eduplan belongs to."""
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def eduplan_imports(path: Path, root: Path = SRC) -> list[tuple[int, str]]:
    """(line, module) of every ``eduplan.…`` import of a file, relative imports resolved."""
    package = ".".join(("eduplan", *path.relative_to(root).with_suffix("").parts))
    package = package.removesuffix(".__init__") if path.name == "__init__.py" else package.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            names = [f"{base}.{a.name}" for a in node.names] if base == "eduplan" else [base]
            found += [(node.lineno, n) for n in names]
    return [(line, name) for line, name in found if name == "eduplan" or name.startswith("eduplan.")]


def target_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__version__", "lazy_exports"):  # names defined in eduplan/__init__.py
        return "__init__"
    return parts[1]


def violations(root: Path = SRC) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        room = room_of(path, root)
        if room in DATA or "migrations" in path.parts:
            continue
        where = path.relative_to(root)
        for line, module in eduplan_imports(path, root):
            target = target_of(module)
            if target == room or target in DATA:
                continue
            if target not in RANK or room not in RANK:
                found.append(f"{where}:{line} imports {module}: {room}/{target} is on no floor")
            elif RANK[target] < RANK[room]:
                found.append(f"{where}:{line} imports {module}: {room} may not import {target}")
    return found


def test_every_module_is_on_a_floor() -> None:
    rooms = {room_of(p) for p in SRC.rglob("*.py")} - set(DATA)
    assert sorted(rooms - set(RANK)) == [], "add the new top-level module to FLOORS or KERNEL (and the docs)"


def test_imports_only_go_down() -> None:
    assert violations() == []


@pytest.mark.parametrize(
    ("room", "source", "allowed"),
    [
        ("store", "from eduplan.web.access import scope_of\n", False),
        ("core", "import eduplan.store.census\n", False),
        ("web", "from eduplan.store.runs import latest_run\n", True),
        ("contract", "from eduplan.errors import UsageError\n", True),
        ("errors", "from eduplan.contract import SHEETS\n", False),
        ("store/plans", "from ...web import forms\n", False),
        ("store/plans", "from ..census import census_frames\n", True),
    ],
)
def test_the_check_tells_a_wrong_import(room: str, source: str, allowed: bool, tmp_path: Path) -> None:
    """The check itself, on one-line modules placed as if they were in the tree."""
    path = tmp_path / (f"{room}.py" if room in KERNEL else f"{room}/x.py")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    assert (violations(tmp_path) == []) is allowed


# What a view of web/views/ may import of the web floor: no other view (the shared helpers of views.common aside).
VIEW_IMPORTS = ("access", "forms", "charts", "decorators", "openapi", "areas", "views.common")


def test_no_view_imports_another_view() -> None:
    wrong = []
    for path in sorted((SRC / "web" / "views").glob("*.py")):
        for line, module in eduplan_imports(path):
            if not module.startswith("eduplan.web."):
                continue
            inner = module.removeprefix("eduplan.web.")
            if not any(inner == allowed or inner.startswith(f"{allowed}.") for allowed in VIEW_IMPORTS):
                wrong.append(f"web/views/{path.name}:{line} imports {module}")
    assert wrong == []


def test_templates_live_in_their_area() -> None:
    # templates/web/<area>/ beside views/<area>.py; shared pieces in common/. The error pages Django looks up by
    # name (403.html, 404.html, 500.html, fault.html) stay at the top of templates/.
    loose = sorted(path.name for path in (SRC / "web" / "templates" / "web").glob("*.html"))
    assert loose == []
    areas = {path.name for path in (SRC / "web" / "templates" / "web").iterdir() if path.is_dir()}
    views = {path.stem for path in (SRC / "web" / "views").glob("*.py")}
    assert areas - views - {"common", "home"} == set()
