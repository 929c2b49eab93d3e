"""Queries whose SQL is worked out once per process for the same arguments.

Building a queryset with a few subqueries and compiling it to SQL takes the ORM longer than
SQLite takes to answer it: on the General Assembly's page, eight such queries were two thirds of
the page. A query here is written as usual, by a function of plain, hashable arguments (the
day, the seats, the limit) that returns a queryset; its SQL, parameters and column converters
are kept per process for those arguments and the database connection, and each call only runs
the SQL. The data is read afresh every time: what is kept is the SQL text, which depends on the
arguments alone, as a prepared statement would.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

#: What a query's SQL was compiled to: the SQL and its parameters (``None``: it can match no
#: row) and the converters of each column that has some.
_Compiled = tuple[str | None, tuple[Any, ...], list[tuple[int, list[Any], Any]]]

#: A few entries per page and day; emptied when full rather than kept in order.
_MAX_ENTRIES = 512
_compiled: dict[tuple[Hashable, ...], _Compiled] = {}


def _compile(queryset: QuerySet[Any]) -> _Compiled:
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None, (), []
    fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
    query = queryset.query
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    asked = tuple(getattr(queryset, "_fields", None) or ())
    if names[: len(asked)] != asked:
        # values_list() puts annotations after the fields in SQL and reorders each row: the
        # rows here come in SQL order, so a query must ask for its columns in that order.
        raise ValueError(f"prepared_rows: ask for the columns in this order: {names}")
    converters = [
        (position, converters, expression)
        for position, (converters, expression) in compiler.get_converters(fields).items()
    ]
    return sql, tuple(params), converters


def prepared_rows(
    build: Callable[..., QuerySet[Any]], *args: Hashable, using: str = "default"
) -> list[tuple[Any, ...]]:
    """The rows of ``build(*args)`` (a ``values_list()`` or ``values()`` queryset), as tuples
    in the order of its columns; the SQL is compiled on the first call with these arguments.

    ``build`` must depend on its arguments alone (no clock, no setting that changes while
    the process runs): they are the key under which its SQL is kept.
    """
    connection = connections[using]
    key = (build, args, using, connection.vendor)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compile(build(*args).using(using))
        if len(_compiled) >= _MAX_ENTRIES:
            _compiled.clear()
        _compiled[key] = compiled
    sql, params, converters = compiled
    if sql is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not converters:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for position, functions, expression in converters:
            value = values[position]
            for function in functions:
                value = function(value, expression, connection)
            values[position] = value
        converted.append(tuple(values))
    return converted
