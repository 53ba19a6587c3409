"""Fitness results of the web world (2023): 城南小学 (in every test user's scope), 河西小学 (its sibling, out of the
clerk's) and 外县小学 (another county). Uploaded by the access rules that need them (``upload_fitness``)."""

from __future__ import annotations

from pathlib import Path

from eduplan.ingest.fitness import read_fitness
from eduplan.store.fitness import do_import_fitness
from tests.store.test_fitness import HEADER, ROWS


def upload_fitness(folder: Path) -> None:
    for school, rows in (("4418020001", ROWS), ("4418020002", ROWS[:6]), ("4418030001", ROWS[:5])):
        path = folder / f"{school}.csv"
        path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
        do_import_fitness(read_fitness(path, school_code=school), year=2023, school_code=school, file=path.name)
