"""Row locks the ORM does not offer: a shared lock that many voters hold at once."""

from __future__ import annotations

from django.db import connection, models


def share_row(model: type[models.Model], pk: int) -> None:
    """Takes a shared lock (``SELECT … FOR SHARE``) on one row until the transaction ends.

    Many transactions hold it together, so simultaneous votes do not queue behind one another;
    a ``select_for_update`` of the same row (closing the vote) waits until every holder has
    committed, and a holder that comes after the close reads the closed row. Call it inside
    ``transaction.atomic``. SQLite has no row locks: there every transaction takes the write
    lock when it begins (settings, ``transaction_mode``), which is stronger.
    """
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        # Both names are quoted identifiers of our own models, never input.
        cursor.execute(f"SELECT 1 FROM {table} WHERE {column} = %s FOR SHARE", [pk])  # noqa: S608
