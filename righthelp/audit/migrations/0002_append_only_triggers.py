"""Make the audit tables append-only in the database itself, on SQLite and PostgreSQL.

Application code never updates or deletes these rows; the triggers make sure nothing else does
either (a bug, a shell session, a careless script). Only a database owner dropping the trigger
can change history, and that is outside the application.
"""

from django.db import migrations

TABLES = ["audit_event", "audit_eventsubject", "audit_accessrecord", "audit_accessrecordperson"]

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION righthelp_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'RightHelp audit records are append-only: ' || TG_OP || ' on '
            || TG_TABLE_NAME || ' refused',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FUNCTION)
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION righthelp_refuse_audit_change();"
            )
    elif vendor == "sqlite":
        for table in TABLES:
            for operation in ("UPDATE", "DELETE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, 'RightHelp audit records are append-only: "
                    f"{operation} on {table} refused'); END;"
                )
    else:
        raise NotImplementedError(f"Append-only triggers are not written for {vendor}")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
        else:
            for operation in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation};")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS righthelp_refuse_audit_change();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
