# Candidate search reads (key, person) from one index; the key-only index it replaces is
# dropped in place (a plain AlterField would make SQLite copy the whole table).

from django.db import migrations, models


def _drop_key_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    model = apps.get_model("matching", "MatchKey")
    names = schema_editor._constraint_names(model, ["key"], index=True, unique=False)
    for name in names:
        schema_editor.execute(schema_editor._delete_index_sql(model, name))


def _create_key_index(apps, schema_editor):  # type: ignore[no-untyped-def]
    model = apps.get_model("matching", "MatchKey")
    field = model._meta.get_field("key")
    schema_editor.execute(
        schema_editor._create_index_sql(model, fields=[field], name="matching_matchkey_key_idx")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),
        ("people", "0002_person_merged_into_person_restricted"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="matchkey",
                    name="key",
                    field=models.CharField(max_length=100),
                ),
            ],
            database_operations=[migrations.RunPython(_drop_key_index, _create_key_index)],
        ),
        migrations.AddIndex(
            model_name="matchkey",
            index=models.Index(fields=["key", "person"], name="match_key_key_person_idx"),
        ),
    ]
