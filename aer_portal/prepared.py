"""Queries whose SQL is worked out once per process for the same arguments, for every app.

Building a queryset with a few subqueries and compiling it to SQL takes the ORM longer than
SQLite takes to answer it: on the General Assembly's page, eight such queries were two thirds of
the page. A query here is written as usual, by a function of plain, hashable arguments (the
day, the seats, the limit) that returns a queryset; its SQL, parameters and column converters
are kept per process for those arguments and the database connection, and each call only runs
the SQL. The data is read afresh every time: what is kept is the SQL text, which depends on the
arguments alone, as a prepared statement would.

A value that changes at every call (the current moment) is not an argument but a `Late`
expression, named in the query and given to each call (`bind`): the SQL keeps a placeholder
for it. `prepared_objects` reads model instances, with the related ones `select_related` would
join, from the same kept SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, Field, IntegerField, Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler

_M = TypeVar("_M", bound=Model)


class _LateParam:
    """Where a `Late` value goes among a compiled query's parameters."""

    def __init__(self, name: str, field: Field[Any, Any]) -> None:
        self.name = name
        self.field = field


class Late(Expression):
    """A value given when a prepared query runs (``bind={name: value}``), not when it is
    compiled: the moment of the request, which would otherwise make every call's SQL new."""

    def __init__(self, name: str, output_field: Field[Any, Any]) -> None:
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        return "%s", [_LateParam(self.name, self.output_field)]


#: What a query's SQL was compiled to: the SQL and its parameters (``None``: it can match no
#: row) and the converters of each column that has some.
_Compiled = tuple[str | None, tuple[Any, ...], list[tuple[int, list[Any], Any]]]

#: A few entries per page and day, and about ten per region whose users open the dashboard
#: that day (their members, their person); emptied when full rather than kept in order.
_MAX_ENTRIES = 4096
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
    build: Callable[..., QuerySet[Any]],
    *args: Hashable,
    using: str = "default",
    bind: Mapping[str, Any] | None = None,
) -> list[tuple[Any, ...]]:
    """The rows of ``build(*args)`` (a ``values_list()`` or ``values()`` queryset), as tuples
    in the order of its columns; the SQL is compiled on the first call with these arguments.

    ``build`` must depend on its arguments alone (no clock, no setting that changes while
    the process runs): they are the key under which its SQL is kept. A value that changes at
    every call is a `Late` expression in the query, given here in ``bind``.
    """
    return _prepared(lambda: build(*args), (build, args), using, bind)


def _prepared(
    build: Callable[[], QuerySet[Any]],
    key: tuple[Hashable, ...],
    using: str,
    bind: Mapping[str, Any] | None,
) -> list[tuple[Any, ...]]:
    connection = connections[using]
    key = (*key, using, connection.vendor)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compile(build().using(using))
        if len(_compiled) >= _MAX_ENTRIES:
            _compiled.clear()
        _compiled[key] = compiled
    sql, params, converters = compiled
    if sql is None:
        return []
    if any(isinstance(param, _LateParam) for param in params):
        params = tuple(
            param.field.get_db_prep_value((bind or {})[param.name], connection)
            if isinstance(param, _LateParam)
            else param
            for param in params
        )
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


#: A model, the path that reaches it (empty for the queried model), the relation that leads
#: there from its parent (``None`` for the queried model) and the columns it is read from.
_Part = tuple[type[Model], str, Any, tuple[str, ...]]
#: The parts and the column names of each `prepared_objects` query (by its function,
#: arguments and paths), worked out with its SQL.
_shapes: dict[tuple[Hashable, ...], tuple[list[_Part], tuple[str, ...]]] = {}


def _shape(
    queryset: QuerySet[Any], related: tuple[str, ...]
) -> tuple[list[_Part], tuple[str, ...]]:
    """The parts of ``queryset``'s objects: every model's concrete fields, or those its
    ``only()`` or ``defer()`` leave, as the ORM would load them."""
    loaded = queryset.query.get_select_mask()
    parts: list[_Part] = [(queryset.model, "", None, _loaded(queryset.model, loaded))]
    for path in related:
        model, mask, relation = queryset.model, loaded, None
        for name in path.split("__"):
            relation = model._meta.get_field(name)
            mask = mask.get(relation) or {}
            assert isinstance(relation.related_model, type), path
            model = relation.related_model
        parts.append((model, path, relation, _loaded(model, mask)))
    columns = tuple(
        f"{path}__{name}" if path else name for _m, path, _r, names in parts for name in names
    )
    return parts, columns


def _loaded(model: type[Model], mask: Mapping[Any, Any]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields if not mask or f in mask)


def prepared_objects(
    build: Callable[..., QuerySet[_M]],
    *args: Hashable,
    related: tuple[str, ...] = (),
    annotations: tuple[str, ...] = (),
    using: str = "default",
    bind: Mapping[str, Any] | None = None,
) -> list[_M]:
    """The instances ``build(*args)`` finds, as :func:`prepared_rows` reads rows: each with
    the objects along ``related`` (paths as ``select_related`` names them, parents first:
    ``("seat", "seat__body")``; a reverse one-to-one too) set on it and its ``annotations``
    as attributes.

    Plain instances, as a queryset would give with ``select_related`` (the fields its
    ``only()`` or ``defer()`` leave, a missing one-to-one known to be missing); what the ORM
    spent building and compiling the query each time is done once.
    """
    key = (build, args, related, annotations)
    shape = _shapes.get(key)
    if shape is None:
        if len(_shapes) >= _MAX_ENTRIES:
            _shapes.clear()
        shape = _shapes[key] = _shape(build(*args), related)
    parts, columns = shape
    rows = _prepared(lambda: build(*args).values_list(*columns, *annotations), key, using, bind)
    found: list[_M] = []
    for row in rows:
        start = 0
        objects: dict[str, Model | None] = {}
        for part, path, relation, names in parts:
            values = row[start : start + len(names)]
            start += len(names)
            obj = None if values[0] is None else part.from_db(using, names, values)
            if path:
                parent = objects[path.rpartition("__")[0]]
                if parent is not None:
                    # As select_related leaves them: each side knows the other, or that
                    # there is none.
                    relation.set_cached_value(parent, obj)
                    if obj is not None and relation.one_to_one:
                        relation.remote_field.set_cached_value(obj, parent)
            objects[path] = obj
        instance = objects[""]
        for name, value in zip(annotations, row[start:], strict=True):
            setattr(instance, name, value)
        found.append(instance)  # type: ignore[arg-type]
    return found


class _Rows(Expression):
    """``COUNT(*)``, as a plain expression: an aggregate would make values_list() group."""

    output_field = IntegerField()

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        return "COUNT(*)", []


def prepared_count(
    build: Callable[..., QuerySet[Any]],
    *args: Hashable,
    using: str = "default",
    bind: Mapping[str, Any] | None = None,
) -> int:
    """How many rows ``build(*args)`` finds, as ``count()`` says, from SQL compiled once."""
    rows = _prepared(
        lambda: build(*args).order_by().annotate(_rows=_Rows()).values_list("_rows"),
        (build, args, "count"),
        using,
        bind,
    )
    return rows[0][0] if rows else 0


def prefetched(instance: Model, relation: str, objects: list[Any]) -> None:
    """Gives ``instance.<relation>.all()`` the ``objects`` read by a prepared query, as
    ``prefetch_related`` would have: the page and its templates read the relation as usual,
    without a query, and without the prefetch's queryset built at every request."""
    manager = getattr(instance, relation)
    queryset = manager.all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    # Where a reverse foreign key's manager looks first (a many-to-many one names it itself).
    name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
