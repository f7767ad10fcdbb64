"""Notification now belongs to the ``notifications`` app (its ``0001_initial``): ``workdue``
forgets the model without dropping its table, which ``notifications`` keeps using."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workdue", "0004_task_queue_locality_label"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
