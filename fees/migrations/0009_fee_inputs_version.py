"""The version of the fees' inputs, moved by triggers on the tables a fee is computed from.

The kept fees (0008) were checked on every view of the fee-call preview and the Treasurer's
view by a query that summed every row of those tables (a thousand members' memberships and
ten years of their statistics at five times AER's size): the part of both pages that grew
with the data. A trigger on each table now moves one number in the same transaction as the
change, whoever makes it (a service, the admin, a data migration, SQL typed by hand), and the
pages read that number. Invoices have no trigger: the pages count the year's invoices through
their (year, sequence) index instead, so that issuing a call, which takes the number series'
lock first, never waits for the version's row while a service holding it waits for the series.

Only the columns a fee reads move the version (``fees.selectors.calls.fee_call_preview``);
members count by their rows (a fee reads their name only, for its explanation). PostgreSQL
moves it once per statement, SQLite once per row (it has no statement triggers; it has one
writer at a time, so nothing waits longer for it).

Django's SQLite schema editor rebuilds a table for many changes of a column and the rebuilt
table has no triggers: a later migration that changes one of these tables on SQLite must
install them again (``install``). tests/fees/test_assessed_fees.py fails if one is missing.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

VERSION_TABLE = "fees_feeinputsversion"

#: (app label, model, the fields whose change moves the version; None: added or deleted rows
#: only)
WATCHED = (
    ("members", "Member", None),
    ("members", "Membership", ("member", "category", "board_decision", "ended_on")),
    (
        "members",
        "MemberStatistics",
        ("member", "year", "population", "relative_gdp", "total_revenue"),
    ),
    # Not the invoice: set with a new invoice of the year, which the pages count.
    ("fees", "ProgrammeParticipation", ("member", "year", "programme")),
    ("fees", "Exemption", ("member", "year", "amount", "credit_note")),
)

# Table names from the models, never from input.
FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION fees_inputs_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = {VERSION_TABLE}.version + 1;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
"""  # noqa: S608

SQLITE_MOVE = (
    f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, 1) "  # noqa: S608
    "ON CONFLICT (id) DO UPDATE SET version = version + 1;"
)


def _watched(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> list[tuple[str, str]]:
    """Each watched table, quoted, with its trigger's ``UPDATE OF`` columns ('' for none)."""
    quote = schema_editor.quote_name
    tables = []
    for app_label, model_name, fields in WATCHED:
        meta = apps.get_model(app_label, model_name)._meta
        columns = ", ".join(quote(meta.get_field(name).column) for name in fields or ())
        tables.append((meta.db_table, columns))
    return tables


def install(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    quote = schema_editor.quote_name
    if vendor == "postgresql":
        schema_editor.execute(FUNCTION_SQL, params=None)
    for table, columns in _watched(apps, schema_editor):
        name = f"fees_inputs_{table}"
        if vendor == "postgresql":
            events = "INSERT OR DELETE OR TRUNCATE" + (
                f" OR UPDATE OF {columns}" if columns else ""
            )
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}", params=None)
            schema_editor.execute(
                f"CREATE TRIGGER {name} AFTER {events} ON {quote(table)} "
                "FOR EACH STATEMENT EXECUTE FUNCTION fees_inputs_changed()",
                params=None,
            )
        elif vendor == "sqlite":
            for event in ["INSERT", "DELETE"] + ([f"UPDATE OF {columns}"] if columns else []):
                trigger = f"{name}_{event.split()[0].lower()}"
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}", params=None)
                schema_editor.execute(
                    f"CREATE TRIGGER {trigger} AFTER {event} ON {quote(table)} "
                    f"BEGIN {SQLITE_MOVE} END",
                    params=None,
                )
        else:
            raise NotImplementedError(f"fees: no triggers written for {vendor}")
    schema_editor.execute(
        f"INSERT INTO {VERSION_TABLE} (id, version) VALUES (1, 0) "  # noqa: S608
        "ON CONFLICT (id) DO NOTHING",
        params=None,
    )


def remove(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    quote = schema_editor.quote_name
    for table, _columns in _watched(apps, schema_editor):
        name = f"fees_inputs_{table}"
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}", params=None)
        else:
            for event in ("insert", "delete", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}", params=None)
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS fees_inputs_changed()", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("fees", "0008_assessed_fees"),
        ("members", "0007_withdrawal_constraint_messages"),
    ]

    operations = [
        migrations.CreateModel(
            name="FeeInputsVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "version",
                    models.BigIntegerField(default=0, verbose_name="version of the fees' inputs"),
                ),
            ],
            options={
                "verbose_name": "version of the fees' inputs",
                "verbose_name_plural": "versions of the fees' inputs",
            },
        ),
        migrations.RunPython(install, remove, elidable=False),
    ]
