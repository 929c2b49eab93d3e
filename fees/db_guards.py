"""A database guard on PostgreSQL: issued invoices, their lines and credit notes cannot be
changed or deleted, even by SQL that bypasses the portal (only the stored PDF may be set).

Installed after every `migrate` (post_migrate, see FeesConfig.ready), idempotently. SQLite has
no such guard: Django's test flush deletes rows there, and the embedded default is for trying
the portal, not for keeping accounts. The lead may move this SQL into a migration.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

#: Columns that may change after issue: the PDF rendered later, and the issuer's account
#: becoming NULL if that account is ever deleted.
MUTABLE_COLUMNS = ("pdf", "pdf_rendered_at", "issued_by_id")
GUARDED_TABLES = ("fees_invoice", "fees_invoiceline", "fees_creditnote")

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION fees_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'fees: % rows are never deleted once issued; issue a credit note',
            TG_TABLE_NAME;
    END IF;
    IF (to_jsonb(NEW) - %(mutable)s::text[]) IS DISTINCT FROM (to_jsonb(OLD) - %(mutable)s::text[])
    THEN
        RAISE EXCEPTION 'fees: % rows are never changed once issued; issue a credit note',
            TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def install_guards(*, using: str = "default", **kwargs: Any) -> bool:
    """Creates (or replaces) the triggers; False on a database other than PostgreSQL."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return False
    tables = set(connection.introspection.table_names())
    if not set(GUARDED_TABLES) <= tables:
        return False
    mutable = "ARRAY[" + ", ".join(f"'{column}'" for column in MUTABLE_COLUMNS) + "]"
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION_SQL.replace("%(mutable)s", mutable))
        for table in GUARDED_TABLES:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
            cursor.execute(
                f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION fees_refuse_change()"
            )
    return True
