"""Writing many rows at the database's bulk speed, inside the caller's transaction.

Django's ``bulk_create`` builds a model instance per row and prepares every value through its field (~4,000 rows/s
for a census sheet of twenty columns). The rows a census import writes are plain values (text, integers, floats,
booleans, NULL) already typed by the validator, so they can go to the database as they are: ``executemany`` of one
prepared INSERT on SQLite, ``COPY … FROM STDIN`` on PostgreSQL (psycopg's copy) — 10⁵–10⁶ rows/s. Nothing is
committed here: the rows are part of the transaction that is open (``transaction.atomic``), like any ORM write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.db import connection, models, transaction

# Fields whose Python values the database drivers take as they are (no get_db_prep_save needed).
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,  # and its Small/Big/Positive variants
    models.FloatField,
    models.BooleanField,
)


def model_field(model: type[models.Model], name: str) -> models.Field:  # type: ignore[type-arg]
    """A concrete field of ``model`` by its name or attname (a foreign key as region or region_id)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def plain_columns(model: type[models.Model], names: Sequence[str]) -> list[str]:
    """The database columns of ``names`` (field names or attnames); refuses a field whose values need preparing."""
    columns = []
    for name in names:
        field = model_field(model, name)
        target = field.target_field if isinstance(field, models.ForeignKey) else field
        if not isinstance(target, _PLAIN):
            raise TypeError(f"{model.__name__}.{name}: {type(field).__name__} is not written by bulk_insert")
        columns.append(str(field.column))
    return columns


def bulk_insert(model: type[models.Model], names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert ``rows`` (tuples of plain values in the order of ``names``) into ``model``'s table, in the current
    transaction (one is opened if none is). Rows are inserted in order, so their ids increase with it."""
    columns = plain_columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            whole = _integer_positions(model, names)
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(_integers_as_int(row, whole) if whole else row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", cast(Any, rows))


def _integer_positions(model: type[models.Model], names: Sequence[str]) -> list[int]:
    """Positions of integer columns: a count read into a float column of a frame (50.0, because the column holds a
    blank somewhere) must reach COPY as 50, which PostgreSQL's text input for bigint requires (SQLite's INTEGER
    affinity stores an integral REAL as an integer by itself)."""
    fields = [model_field(model, n) for n in names]
    targets = [f.target_field if isinstance(f, models.ForeignKey) else f for f in fields]
    return [i for i, f in enumerate(targets) if isinstance(f, models.IntegerField)]


def _integers_as_int(row: Sequence[Any], positions: Sequence[int]) -> Sequence[Any]:
    values = list(row)
    for i in positions:
        value = values[i]
        if isinstance(value, float) and value.is_integer():
            values[i] = int(value)
    return values
