"""Issued invoices, their lines and credit notes cannot be changed or deleted on PostgreSQL,
even by SQL that bypasses the portal; only the PDF rendered later (and the issuer's account
becoming NULL if that account is deleted) may change.

A migration rather than a post_migrate signal: the trigger is part of the schema, installed
once with the tables it guards, and visible where a reader looks for schema. SQLite has no such
guard (Django's test flush deletes rows there, and the embedded default is for trying the
portal, not for keeping accounts). On a database where the post_migrate hook installed it
before, CREATE OR REPLACE and DROP TRIGGER IF EXISTS make this a no-op.
"""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

MUTABLE_COLUMNS = "ARRAY['pdf', 'pdf_rendered_at', 'issued_by_id']"
GUARDED_TABLES = ("fees_invoice", "fees_invoiceline", "fees_creditnote")

FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION fees_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'fees: % rows are never deleted once issued; issue a credit note',
            TG_TABLE_NAME;
    END IF;
    IF (to_jsonb(NEW) - {MUTABLE_COLUMNS}::text[])
        IS DISTINCT FROM (to_jsonb(OLD) - {MUTABLE_COLUMNS}::text[])
    THEN
        RAISE EXCEPTION 'fees: % rows are never changed once issued; issue a credit note',
            TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION_SQL, params=None)
    for table in GUARDED_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}", params=None)
        schema_editor.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION fees_refuse_change()",
            params=None,
        )


def remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in GUARDED_TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}", params=None)
    schema_editor.execute("DROP FUNCTION IF EXISTS fees_refuse_change()", params=None)


class Migration(migrations.Migration):
    dependencies = [("fees", "0005_reduction_proposals")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
