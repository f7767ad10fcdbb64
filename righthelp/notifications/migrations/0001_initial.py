"""The Notification model moves here from ``workdue`` without moving its data: only Django's
picture of the models changes (``SeparateDatabaseAndState`` with no database operations), the
table stays ``workdue_notification`` with its rows, indexes and constraint. Its content type moves
with it, so any permission on it is kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="workdue", model="notification").update(
        app_label="notifications"
    )


def content_type_backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    content_type.objects.using(db).filter(app_label="notifications", model="notification").update(
        app_label="workdue"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("contenttypes", "0002_remove_content_type_name"),
        # The table is created (and its kinds last changed) by workdue's migrations.
        ("workdue", "0004_task_queue_locality_label"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("allocation", "New allocation"),
                                    ("sign_off_needed", "Sign-off needed"),
                                    ("due_soon", "Due soon"),
                                    ("overdue", "Overdue"),
                                    ("feedback_arrived", "Feedback arrived"),
                                    ("escalation_raised", "Escalation raised against you"),
                                    (
                                        "think_family",
                                        "A concern in the household of a child you work with",
                                    ),
                                    ("consent_withdrawn", "Consent withdrawn"),
                                    ("lead_proposed", "Proposed as lead practitioner"),
                                    ("meeting_invitation", "Invited to a meeting"),
                                    ("meeting_changed", "Meeting moved or cancelled"),
                                    ("action_owner", "Plan action for you"),
                                    ("episode_closed", "Early help closed"),
                                ],
                                max_length=30,
                            ),
                        ),
                        ("key", models.CharField(max_length=300)),
                        ("subject", models.CharField(max_length=300)),
                        ("body", models.TextField(blank=True)),
                        ("link", models.CharField(blank=True, max_length=500)),
                        ("created_at", models.DateTimeField()),
                        ("emailed_at", models.DateTimeField(blank=True, null=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "workdue_notification",
                        "ordering": ["-created_at", "-pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("recipient", "key"), name="notification_once"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_forwards, content_type_backwards),
    ]
