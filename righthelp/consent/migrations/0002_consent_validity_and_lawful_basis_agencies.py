"""Valid consent (voluntary, informed, capacity; a child's competence) and the agencies a lawful
basis is for.

Existing consent rows were recorded before RightHelp asked these questions: they are marked
``before_validity_questions`` and their answers stay empty (nothing is guessed). Existing lawful
bases named no agency: each now counts for the agency its basis is about, and nothing more:
children's social care for safeguarding (including every basis sent with a request to the front
door), the police for preventing or detecting crime.
"""

from django.db import migrations, models
from django.db.models import Q


def lawful_basis_agencies(apps, schema_editor):  # type: ignore[no-untyped-def]
    LawfulBasisRecord = apps.get_model("consent", "LawfulBasisRecord")
    for record in LawfulBasisRecord.objects.all().only("pk", "basis", "context"):
        crime = record.basis == "prevention_of_crime" and not record.context.startswith("contact:")
        LawfulBasisRecord.objects.filter(pk=record.pk).update(
            share_with=["police"] if crime else ["childrens_social_care"]
        )


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [
        # Added with the old rows' value as default, then the default becomes "recorded".
        migrations.AddField(
            model_name="consentrecord",
            name="validity_source",
            field=models.CharField(
                choices=[
                    ("recorded", "Asked and recorded in RightHelp"),
                    ("stated_by_sender", "Stated by the agency that sent the request"),
                    (
                        "before_validity_questions",
                        "Recorded before RightHelp asked whether consent was voluntary and "
                        "informed",
                    ),
                ],
                default="before_validity_questions",
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="consentrecord",
            name="validity_source",
            field=models.CharField(
                choices=[
                    ("recorded", "Asked and recorded in RightHelp"),
                    ("stated_by_sender", "Stated by the agency that sent the request"),
                    (
                        "before_validity_questions",
                        "Recorded before RightHelp asked whether consent was voluntary and "
                        "informed",
                    ),
                ],
                default="recorded",
                max_length=30,
            ),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="voluntary",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="explained",
            field=models.JSONField(blank=True, default=list, help_text="Explained values."),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="giver_has_capacity",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="capacity_judged",
            field=models.TextField(
                blank=True,
                help_text="How the giver's capacity (a child's understanding) was judged.",
            ),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="competence_assessed_by",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="competence_assessed_how",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="competence_assessed_on",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="consentrecord",
            name="child_not_asked_reason",
            field=models.TextField(blank=True),
        ),
        migrations.AddConstraint(
            model_name="consentrecord",
            constraint=models.CheckConstraint(
                condition=~Q(decision="given", validity_source="recorded")
                | Q(voluntary=True, giver_has_capacity=True),
                name="consent_given_is_voluntary_with_capacity",
            ),
        ),
        migrations.AddField(
            model_name="lawfulbasisrecord",
            name="share_with",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(lawful_basis_agencies, migrations.RunPython.noop),
    ]
