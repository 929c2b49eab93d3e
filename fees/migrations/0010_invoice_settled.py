"""Invoices keep whether they are paid or credited in full (``settled``), so that the staff's
overdue count reads the unsettled ones only (issue 16: it read every past invoice with its
payments, and grew with the years).

The mark is set here for the invoices already settled. On PostgreSQL, issued invoices refuse
any change but their PDF and issuer (migration 0006): the guard now lets ``settled`` change
too, before the mark is set.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION fees_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'fees: % rows are never deleted once issued; issue a credit note',
            TG_TABLE_NAME;
    END IF;
    IF (to_jsonb(NEW) - {columns}::text[])
        IS DISTINCT FROM (to_jsonb(OLD) - {columns}::text[])
    THEN
        RAISE EXCEPTION 'fees: % rows are never changed once issued; issue a credit note',
            TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""
BEFORE = "ARRAY['pdf', 'pdf_rendered_at', 'issued_by_id']"
AFTER = "ARRAY['pdf', 'pdf_rendered_at', 'issued_by_id', 'settled']"

MARK_SETTLED_SQL = """
UPDATE fees_invoice SET settled = %s
WHERE fees_invoice.total
    - (SELECT COALESCE(SUM(amount), 0) FROM fees_creditnote
       WHERE fees_creditnote.invoice_id = fees_invoice.id)
    - (SELECT COALESCE(SUM(amount), 0) FROM fees_payment
       WHERE fees_payment.invoice_id = fees_invoice.id)
    < 0.01
"""


def _guard(schema_editor: BaseDatabaseSchemaEditor, columns: str) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION_SQL.format(columns=columns), params=None)


def settled_may_change(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _guard(schema_editor, AFTER)


def settled_may_not_change(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _guard(schema_editor, BEFORE)


def mark_settled(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    schema_editor.execute(MARK_SETTLED_SQL, params=(True,))


class Migration(migrations.Migration):
    dependencies = [("fees", "0009_fee_inputs_version")]

    operations = [
        migrations.AddField(
            model_name="invoice",
            name="settled",
            field=models.BooleanField(default=False, editable=False, verbose_name="paid in full"),
        ),
        migrations.RunPython(settled_may_change, settled_may_not_change, elidable=False),
        migrations.RunPython(mark_settled, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="invoice",
            index=models.Index(
                condition=models.Q(("settled", False)),
                fields=["due_on"],
                name="fees_invoice_unsettled_due",
            ),
        ),
    ]
