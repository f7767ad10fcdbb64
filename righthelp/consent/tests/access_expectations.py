"""Consent pages in the access matrix: part of the person's record, so the people around the
child reach them and everyone else signed in gets the record's 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.consent.services import consent_record
from righthelp.consent.tests.factories import VALID
from righthelp.core.tests.access import AROUND_THE_CHILD, Row

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    person = {"person_id": cast.child.pk}
    consent = consent_record(
        actor=cast.involved,
        person=cast.child,
        purpose="early_help",
        decision="given",
        given_by="parent_or_carer",
        given_by_name="Jo Fletcher",
        share_with=["early_help", "childrens_social_care"],
        method="written",
        validity=VALID,
    )
    return {
        "consent:list": Row(reverse("consent:list", kwargs=person), AROUND_THE_CHILD),
        "consent:record": Row(reverse("consent:record", kwargs=person), AROUND_THE_CHILD),
        "consent:lawful-basis": Row(
            reverse("consent:lawful-basis", kwargs=person), AROUND_THE_CHILD
        ),
        # The confirmation form (GET); withdrawing is its POST.
        "consent:withdraw": Row(
            reverse("consent:withdraw", kwargs={**person, "consent_id": consent.pk}),
            AROUND_THE_CHILD,
        ),
    }
