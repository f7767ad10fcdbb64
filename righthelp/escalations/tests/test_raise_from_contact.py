"""Raising a disagreement from a front-door contact: the seed's scenario of a school that
disagrees with the front door's decision not to accept its referral, when the school cannot see
the child's record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from righthelp.accounts.models import Role
from righthelp.accounts.tests.factories import UserFactory
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.core.checkpoint import visible_people
from righthelp.escalations import services
from righthelp.escalations.models import Disagreement, DisagreementKind
from righthelp.frontdoor import services as frontdoor_services
from righthelp.frontdoor.models import Contact, ContactSubject, Decision
from righthelp.frontdoor.services import ConsentDetails, SubjectDetails
from righthelp.people.models import Person
from righthelp.people.tests.factories import InvolvementFactory, PersonFactory

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

CONSENT = ConsentDetails(
    given_by="parent_or_carer",
    given_by_name="Jo Fletcher",
    method="verbal",
    validity=VALID,
    child_not_asked_reason=CHILD_NOT_ASKED,
)
STATEMENTS: dict[str, Any] = {
    "disagree_with": "The decision to give advice only",
    "reason": "He has come to school hungry every day this month",
    "risk": "Neglect",
    "wanted": "An early help assessment",
}


def referral_not_accepted(cast: Cast, children: list[Person | None] | None = None) -> Contact:
    """A request from ``cast.practitioner`` (a school with no involvement with the child) about
    new records it made, which the front door then links to the children's existing records
    (``None``: left unlinked, as a telephone or public contact can be), decided "advice only"
    and signed off."""
    children = [cast.child] if children is None else children
    made_by_referrer = []
    for n, _ in enumerate(children):
        made = PersonFactory(given_name=f"Child {n}", family_name="New-Record")
        InvolvementFactory(person=made, user=cast.practitioner)
        made_by_referrer.append(made)
    draft = frontdoor_services.request_save(
        actor=cast.practitioner,
        subjects=[SubjectDetails(role="child", person=made) for made in made_by_referrer],
        worry="Coming to school hungry and withdrawn",
        referrer_view_scale=3,
    )
    contact = frontdoor_services.request_submit(
        actor=cast.practitioner, contact=draft, consent=CONSENT
    )
    for subject, person in zip(contact.subjects.order_by("pk"), children, strict=True):
        if person is None:
            ContactSubject.objects.filter(pk=subject.pk).update(person=None)
        else:
            frontdoor_services.contact_link_person(
                actor=cast.front_door_worker, subject=subject, person=person
            )
    decision = frontdoor_services.decision_record(
        actor=cast.front_door_worker,
        contact=Contact.objects.get(pk=contact.pk),
        outcome="advice",
        rationale="Needs can be met by the school with advice",
        decided_scale=2,
        differs_reason="No evidence of multiple needs",
    )
    if decision.needs_sign_off:
        frontdoor_services.decision_sign_off(
            actor=cast.front_door_manager, decision=decision, agreed=True
        )
    return Contact.objects.get(pk=contact.pk)


def url_for(contact: Contact) -> str:
    return reverse("escalations:raise-from-contact", kwargs={"contact_id": contact.pk})


# --- The service ----------------------------------------------------------------------------


def test_the_referrer_may_raise_about_a_child_named_in_their_contact(cast: Cast) -> None:
    contact = referral_not_accepted(cast)
    assert not visible_people(cast.practitioner).filter(pk=cast.child.pk).exists()
    disagreement = services.disagreement_raise(
        actor=cast.practitioner,
        child=cast.child,
        kind=DisagreementKind.FRONT_DOOR_DECISION,
        high_risk=False,
        about_contact=contact,
        about_decision=Decision.objects.get(contact=contact),
        **STATEMENTS,
    )
    assert disagreement.about_contact == contact and disagreement.raised_by == cast.practitioner


def test_a_contact_gives_no_right_to_raise_about_a_child_it_does_not_name(cast: Cast) -> None:
    contact = referral_not_accepted(cast)
    stranger = PersonFactory(given_name="Not", family_name="Named")
    with pytest.raises(ValidationError, match="could not be found"):
        services.disagreement_raise(
            actor=cast.practitioner,
            child=stranger,
            kind=DisagreementKind.FRONT_DOOR_DECISION,
            high_risk=False,
            about_contact=contact,
            **STATEMENTS,
        )


def test_someone_elses_contact_gives_no_right_to_raise(cast: Cast) -> None:
    contact = referral_not_accepted(cast)
    with pytest.raises(ValidationError, match="could not be found"):
        services.disagreement_raise(
            actor=cast.early_help_worker,
            child=cast.child,
            kind=DisagreementKind.FRONT_DOOR_DECISION,
            high_risk=False,
            about_contact=contact,
            **STATEMENTS,
        )


# --- The page -------------------------------------------------------------------------------


def test_a_referrer_who_cannot_see_the_child_raises_from_their_contact(
    cast: Cast, client: Client
) -> None:
    contact = referral_not_accepted(cast)
    client.force_login(cast.practitioner)
    page = client.get(url_for(contact))
    assert page.status_code == 200
    content = page.content.decode()
    assert contact.reference in content and "Kayden Fletcher" in content
    assert 'value="front_door_decision" checked' in content
    key = page.context["form"]["submission_key"].value()
    response = client.post(
        url_for(contact),
        {"kind": "front_door_decision", "submission_key": key, **STATEMENTS},
        follow=True,
    )
    assert response.status_code == 200
    assert "Your disagreement has been raised" in response.content.decode()
    disagreement = Disagreement.objects.get()
    assert disagreement.child == cast.child
    assert disagreement.about_contact == contact
    assert disagreement.about_decision == Decision.objects.get(contact=contact)
    assert disagreement.raised_by == cast.practitioner
    # They follow it on its own page, though the child's record stays closed to them.
    assert response.redirect_chain[-1][0] == reverse(
        "escalations:detail", kwargs={"disagreement_id": disagreement.pk}
    )
    assert contact.reference in response.content.decode()
    back = reverse("frontdoor:request-sent", kwargs={"contact_id": contact.pk})
    assert f'href="{back}" class="govuk-back-link"' in response.content.decode()
    assert client.get(reverse("people:detail", args=[cast.child.pk])).status_code == 404
    colleague = UserFactory(
        username="colleague", organisation=cast.practitioner.organisation, roles=[Role.PRACTITIONER]
    )
    client.force_login(colleague)
    detail = reverse("escalations:detail", kwargs={"disagreement_id": disagreement.pk})
    assert client.get(detail).status_code == 404


def test_another_referrers_contact_gives_the_same_404_as_a_missing_one(
    cast: Cast, client: Client
) -> None:
    contact = referral_not_accepted(cast)
    client.force_login(cast.involved)
    missing = reverse("escalations:raise-from-contact", kwargs={"contact_id": contact.pk + 99})
    assert client.get(url_for(contact)).status_code == 404
    assert client.get(missing).status_code == 404
    assert client.post(url_for(contact), STATEMENTS).status_code == 404
    assert not Disagreement.objects.exists()


def test_posting_the_same_form_twice_makes_one_disagreement(cast: Cast, client: Client) -> None:
    contact = referral_not_accepted(cast)
    client.force_login(cast.practitioner)
    key = client.get(url_for(contact)).context["form"]["submission_key"].value()
    data = {"kind": "front_door_decision", "submission_key": key, **STATEMENTS}
    first = client.post(url_for(contact), data)
    second = client.post(url_for(contact), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Disagreement.objects.count() == 1


def test_with_several_children_the_referrer_picks_one(cast: Cast, client: Client) -> None:
    sister = PersonFactory(given_name="Lily", family_name="Fletcher")
    contact = referral_not_accepted(cast, children=[cast.child, sister])
    client.force_login(cast.practitioner)
    content = client.get(url_for(contact)).content.decode()
    assert "Which child is the disagreement about?" in content
    assert "Kayden Fletcher" in content and "Lily Fletcher" in content
    response = client.post(url_for(contact), {"kind": "front_door_decision", **STATEMENTS})
    assert response.status_code == 200
    assert "Select which child the disagreement is about" in response.content.decode()
    response = client.post(
        url_for(contact), {"kind": "front_door_decision", "child": sister.pk, **STATEMENTS}
    )
    assert response.status_code == 302
    assert Disagreement.objects.get().child == sister


def test_a_child_not_in_the_contact_cannot_be_picked(cast: Cast, client: Client) -> None:
    sister = PersonFactory(given_name="Lily", family_name="Fletcher")
    contact = referral_not_accepted(cast, children=[cast.child, sister])
    stranger = PersonFactory(given_name="Not", family_name="Named")
    client.force_login(cast.practitioner)
    response = client.post(
        url_for(contact), {"kind": "front_door_decision", "child": stranger.pk, **STATEMENTS}
    )
    assert response.status_code == 200
    assert not Disagreement.objects.exists()


def test_with_no_child_linked_to_a_record_the_page_says_why_it_cannot_be_raised_yet(
    cast: Cast, client: Client
) -> None:
    contact = referral_not_accepted(cast, children=[None])
    client.force_login(cast.practitioner)
    page = client.get(url_for(contact))
    assert page.status_code == 200
    content = page.content.decode()
    assert "You cannot raise a disagreement about this request yet" in content
    assert "<form" not in content.split('id="main-content"')[1]
    assert (
        client.post(url_for(contact), {"kind": "front_door_decision", **STATEMENTS}).status_code
        == 200
    )
    assert not Disagreement.objects.exists()


def test_the_referrers_request_page_links_to_raising_a_disagreement(
    cast: Cast, client: Client
) -> None:
    contact = referral_not_accepted(cast)
    client.force_login(cast.practitioner)
    sent = client.get(reverse("frontdoor:request-sent", kwargs={"contact_id": contact.pk}))
    assert "Raise a disagreement about this decision" in sent.content.decode()
    assert url_for(contact) in sent.content.decode()
    mine = client.get(reverse("frontdoor:my-requests"))
    assert url_for(contact) in mine.content.decode()


def test_the_triage_contact_page_links_to_raising_a_disagreement(
    cast: Cast, client: Client
) -> None:
    contact = referral_not_accepted(cast)
    client.force_login(cast.front_door_manager)
    page = client.get(reverse("frontdoor:contact", kwargs={"contact_id": contact.pk}))
    assert url_for(contact) in page.content.decode()


def test_an_accepted_referral_has_no_link_to_disagree_on_the_referrers_page(
    cast: Cast, client: Client
) -> None:
    from righthelp.frontdoor.tests.access_expectations_triage import sent_contact

    contact = sent_contact(cast)
    client.force_login(cast.involved)
    sent = client.get(reverse("frontdoor:request-sent", kwargs={"contact_id": contact.pk}))
    assert url_for(contact) not in sent.content.decode()


def test_the_childs_record_links_to_raising_a_disagreement(cast: Cast, client: Client) -> None:
    client.force_login(cast.involved)
    page = client.get(reverse("people:detail", kwargs={"person_id": cast.child.pk}))
    raise_url = reverse("escalations:raise", kwargs={"person_id": cast.child.pk})
    assert f'href="{raise_url}"' in page.content.decode()
    assert "Raise a disagreement" in page.content.decode()


def test_my_requests_shows_the_links_without_a_query_per_request(
    cast: Cast, client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.practitioner)
    referral_not_accepted(cast)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(reverse("frontdoor:my-requests"))
        return len(captured), page.content.decode()

    one, content = queries()
    assert content.count("Raise a disagreement about this decision") == 1
    referral_not_accepted(cast)
    referral_not_accepted(cast)
    three, content = queries()
    assert content.count("Raise a disagreement about this decision") == 3
    assert three == one
