"""Access alerts and their reviews are append-only, like the rest of the audit tables.

A review is never edited: a later review of the same alert is a new row. The tables of 0002 are
left as they are; this adds the same triggers to the two new tables, on SQLite and PostgreSQL
(where 0002's function ``righthelp_refuse_audit_change`` does the refusing).
"""

from django.db import migrations

TABLES = ["audit_accessalert", "audit_accessalertreview"]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION righthelp_refuse_audit_change();"
            )
        elif vendor == "sqlite":
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


class Migration(migrations.Migration):
    dependencies = [("audit", "0010_access_alerts")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
