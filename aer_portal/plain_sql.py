"""A few rows read in plain SQL, each value converted by the ORM's own converters.

For the hot pages' small reads: building a queryset took the ORM about three times as long as
the database took to answer it (the fee-call preview's rows, its parameters, billing
contacts). The values are the ORM's (days, amounts, through the same converters of the same
fields), so the rows are exactly what the equivalent queryset reads. Table and column names
come from the models; values are always parameters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, connections
from django.db.models import Field, Model
from django.db.models.expressions import Col


def concrete(found: object) -> Field[Any, Any]:
    """A field read by :meth:`Options.get_field`, as the column of the table it is."""
    assert isinstance(found, Field)  # a column of the table, not a relation's other side
    return found


def select_rows(
    model: type[Model],
    columns: Sequence[str],
    where: str,
    params: Sequence[str | int],
    *,
    order: str = "",
    limit: int | None = None,
) -> list[list[Any]]:
    """``columns`` (attribute names) of the rows of ``model`` matching ``where``, an SQL
    condition over its columns, in the ``order`` of a column if given (``"-year"``: latest
    first), the first ``limit`` if given, each value converted as the ORM converts it (days,
    amounts)."""
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [concrete(meta.get_field(name)) for name in columns]
    # Column names from the models, never from a request.
    sql = (
        f"SELECT {', '.join(quote(f.column) for f in fields)} "  # noqa: S608
        f"FROM {quote(meta.db_table)} WHERE {where}"
    )
    if order:
        column = quote(concrete(meta.get_field(order.removeprefix("-"))).column)
        sql += f" ORDER BY {column} DESC" if order.startswith("-") else f" ORDER BY {column}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return converted(fetched(sql, params), fields, meta.db_table)


def fetched(sql: str, params: Sequence[str | int]) -> list[list[Any]]:
    """The rows of ``sql``, each a list (to be converted in place)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [list(row) for row in cursor.fetchall()]


def converted(
    rows: list[list[Any]], fields: Sequence[Field[Any, Any]], table: str, start: int = 0
) -> list[list[Any]]:
    """The ``rows`` with the values of ``fields`` (from column ``start`` on) converted as the
    ORM converts them (days, amounts). ``table`` is the name or alias the columns are read
    from."""
    for position, model_field in enumerate(fields, start):
        column, converters = _converters(model_field, table)
        if converters:
            for row in rows:
                for convert in converters:
                    row[position] = convert(row[position], column, connection)
    return rows


def _converters(model_field: Field[Any, Any], table: str) -> tuple[Col, list[Any]]:
    """The column of ``model_field`` and the ORM's converters of its values, looked up once
    per connection: looking them up for every field of every read cost as much as reading."""
    wrapper = connections[connection.alias]  # the thread's own connection
    known: dict[tuple[Field[Any, Any], str], tuple[Col, list[Any]]] = wrapper.__dict__.setdefault(
        "_plain_sql_converters", {}
    )
    found = known.get((model_field, table))
    if found is None:
        column = model_field.get_col(table)
        converters = [*wrapper.ops.get_db_converters(column), *column.get_db_converters(wrapper)]
        found = known[(model_field, table)] = (column, converters)
    return found
