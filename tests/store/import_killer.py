"""The test-side seam of the kill tests (tests/store/test_census_import.py): runs ``eduplan import census …`` with
the store functions the import calls wrapped so that it stops at a named point, says so on stderr and waits to be
killed. Nothing of this is in the production import path.

Usage: python -m tests.store.import_killer POINT eduplan-arguments…
POINT: checked (the file checked, nothing written), registry (the registry written, in the transaction), rows (every
row written, in the transaction), committed (the transaction committed).
"""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable
from typing import Any


def _stop(point: str) -> None:
    print(f"PAUSED {point}", file=sys.stderr, flush=True)
    time.sleep(600)


def _after(function: Callable[..., Any], point: str, wanted: str, skip_dry_run: bool = False) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        if point == wanted and not (skip_dry_run and kwargs.get("dry_run")):
            _stop(point)
        return result

    return wrapper


def main(point: str, arguments: list[str]) -> None:
    from eduplan import cli, store

    store.setup()
    from eduplan.store import census_import

    # The import checks the file, then in one transaction writes the registry and the rows.
    census_import.check_census_file = _after(census_import.check_census_file, "checked", point)
    census_import.apply_registry = _after(census_import.apply_registry, "registry", point)
    census_import.do_load_census = _after(census_import.do_load_census, "rows", point)
    census_import.do_import_census = _after(census_import.do_import_census, "committed", point, skip_dry_run=True)
    cli.main(arguments, prog_name="eduplan")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
