"""A census version made from stored rows: the collection's approval and a county's restore (docs/collection.md).

Both keep almost every row of an existing version. Instead of reading them into Python and writing them back (about
15,000 rows for the demo year, ~10 s), the kept rows are copied inside the database: one ``INSERT … SELECT`` per
sheet and source, the ``SELECT`` compiled by the ORM (so it is the same on SQLite and PostgreSQL). Only the few new
rows (one school's) are created as objects. The version is made current and audited like ``do_load_census``'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BigIntegerField, Model, Q, Value

from eduplan.contract import SHEETS, SHEETS_BY_NAME
from eduplan.store import audit
from eduplan.store.census import new_current_version
from eduplan.store.models import CensusVersion
from eduplan.store.models.census import ROW_MODELS
from eduplan.store.runs import UserLike


@dataclass(frozen=True)
class Keep:
    """The rows of one sheet of ``version`` that ``where`` selects go into the new version unchanged."""

    version: CensusVersion
    sheet: str
    where: Q


def _copy(model: type[Model], keep: Keep, target: CensusVersion) -> None:
    fields = [f for f in model._meta.local_fields if f.name not in ("id", "version")]
    rows = (
        model._default_manager.filter(keep.where, version=keep.version)
        .annotate(_target=Value(target.pk, output_field=BigIntegerField()))
        .values(*[f.name for f in fields], "_target")
    )
    select, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in [*fields, model._meta.get_field("version")])  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {select}", params)


def _new(model: type[Model], sheet: str, target: CensusVersion, rows: list[dict[str, Any]]) -> None:
    text = {c.key for c in SHEETS_BY_NAME[sheet].columns if c.type in ("code", "text", "enum")}
    keys = SHEETS_BY_NAME[sheet].keys
    objects = [
        model(version=target, row=0, **{k: ("" if v is None and k in text else v) for k, v in r.items() if k in keys})
        for r in rows
    ]
    model._default_manager.bulk_create(objects)


def do_derive_census(
    year: int,
    keep: list[Keep],
    new_rows: dict[str, list[dict[str, Any]]],
    *,
    user: UserLike,
    filename: str,
    source: str,
) -> CensusVersion:
    """A new current version of ``year``: the kept rows copied, the new rows added (call inside a transaction)."""
    current = CensusVersion.objects.filter(year=year, is_current=True).first()
    version = new_current_version(year, user, source=source, filename=filename)
    for part in keep:
        _copy(ROW_MODELS[part.sheet], part, version)
    for sheet, rows in new_rows.items():
        _new(ROW_MODELS[sheet], sheet, version, rows)
    version.row_counts = {s.name: ROW_MODELS[s.name]._default_manager.filter(version=version).count() for s in SHEETS}
    version.save(update_fields=["row_counts"])
    audit.record(
        user,
        f"census.{source}",
        "CensusVersion",
        version.pk,
        summary=f"{year}学年 第{version.number}版（{filename}）",
        before={"current_version": current.number} if current else None,
        after={"current_version": version.number, "rows": version.row_counts},
    )
    return version
