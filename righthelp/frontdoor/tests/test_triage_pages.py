"""The front door's pages through the test client: the queue and its filters, the contact page,
assignment, priority, linking people, deciding, sign-off, feedback, consultations, the access
log and query counts. Who may reach each page is in ``access_expectations_triage.py``, checked
by the project's access matrix (``core/tests/test_access_matrix.py``)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from righthelp.accounts.models import Locality
from righthelp.audit.events import AccessAction
from righthelp.audit.models import AccessRecord
from righthelp.frontdoor import services
from righthelp.frontdoor.models import (
    Consultation,
    Contact,
    ContactStatus,
    Decision,
    EarlyHelpRequest,
    Feedback,
)
from righthelp.frontdoor.services import SubjectDetails
from righthelp.frontdoor.tests.access_expectations_triage import sent_contact
from righthelp.people.models import InvolvedProfessional, Person
from righthelp.people.tests.factories import PersonFactory
from righthelp.thresholds.models import ThresholdEvaluation
from righthelp.thresholds.registry import load_framework

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

    from conftest import Cast


pytestmark = pytest.mark.django_db

QUEUE = reverse("frontdoor:queue")


def contact_url(name: str, contact: Contact, **kwargs: int) -> str:
    return reverse(f"frontdoor:{name}", kwargs={"contact_id": contact.pk, **kwargs})


def public_concern(child_given: str = "Ellie", child_family: str = "Shaw") -> Contact:
    return services.public_contact_submit(
        kind="public_concern",
        sender_address="203.0.113.9",
        referrer_name="A neighbour",
        referrer_email="",
        referrer_phone="07700 900123",
        referrer_relationship="Neighbour",
        child=SubjectDetails(role="child", given_name=child_given, family_name=child_family),
        worry="Shouting every night and the little girl is left alone",
    )


def banner(response: TestResponse) -> str:
    return " ".join(str(m) for m in response.context["messages"])


# --- The queue ---------------------------------------------------------------------------------


def test_the_queue_shows_each_open_contact_and_logs_the_people_shown(
    cast: Cast, client: Client
) -> None:
    contact = sent_contact(cast)
    public = public_concern()
    client.force_login(cast.front_door_worker)
    response = client.get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        contact.reference,
        public.reference,
        "Kayden Fletcher",
        "Ellie Shaw",
        "Request for support (practitioner)",
        "Received ",
        " ago",
        "Not assigned",
        "moj-filter-layout",
    ):
        assert text in html, text
    record = AccessRecord.objects.get(action=AccessAction.LIST_CONTACTS)
    assert record.user == cast.front_door_worker
    assert list(record.people.values_list("person_id", flat=True)) == [cast.child.pk]


def test_the_queue_filters_by_status_priority_locality_and_mine(cast: Cast, client: Client) -> None:
    west = Locality.objects.get(slug="west")
    east = Locality.objects.create(name="East", slug="east")
    red = sent_contact(cast, worry="red one")
    services.contact_prioritise(actor=cast.front_door_worker, contact=red, priority="red")
    mine = sent_contact(cast, worry="mine")
    services.contact_assign(
        actor=cast.front_door_worker, contact=mine, worker=cast.front_door_worker
    )
    in_east = sent_contact(cast, worry="east")
    Contact.objects.filter(pk=in_east.pk).update(locality=east)
    Contact.objects.filter(pk=red.pk).update(locality=west)
    client.force_login(cast.front_door_worker)

    def shown(params: dict[str, str]) -> set[int]:
        response = client.get(QUEUE, params)
        assert response.status_code == 200
        return {row.contact.pk for row in response.context["rows"]}

    assert shown({}) == {red.pk, mine.pk, in_east.pk}
    assert shown({"priority": "red"}) == {red.pk}
    assert shown({"status": "in_triage"}) == {mine.pk}
    assert shown({"status": "received"}) == {red.pk, in_east.pk}
    assert shown({"locality": "east"}) == {in_east.pk}
    assert shown({"mine": "on"}) == {mine.pk}
    html = client.get(QUEUE, {"locality": "east", "priority": "red"}).content.decode()
    assert "Selected filters" in html and "No contacts" in html
    assert 'href="?priority=red"' in html  # removing the locality keeps the priority


def test_the_overdue_filter_shows_only_contacts_past_their_decision_time(
    cast: Cast, client: Client
) -> None:
    late = sent_contact(cast, worry="late")
    on_time = sent_contact(cast, worry="on time")
    Contact.objects.filter(pk=late.pk).update(decision_due_at=timezone.now() - timedelta(hours=2))
    Contact.objects.filter(pk=on_time.pk).update(decision_due_at=timezone.now() + timedelta(days=2))
    client.force_login(cast.front_door_worker)
    response = client.get(QUEUE, {"overdue": "on"})
    assert [row.contact.pk for row in response.context["rows"]] == [late.pk]
    assert response.context["rows"][0].overdue
    assert 'govuk-tag--red">Overdue' in response.content.decode()
    everything = client.get(QUEUE)
    assert [row.contact.pk for row in everything.context["rows"]] == [late.pk, on_time.pk]


def test_an_invalid_filter_shows_the_error_summary_and_no_contacts(
    cast: Cast, client: Client
) -> None:
    sent_contact(cast)
    client.force_login(cast.front_door_worker)
    response = client.get(QUEUE, {"status": "lost"})
    html = response.content.decode()
    assert "govuk-error-summary" in html and response.context["page_obj"] is None
    assert not AccessRecord.objects.filter(action=AccessAction.LIST_CONTACTS).exists()


def test_the_queue_takes_the_same_number_of_queries_for_5_or_40_contacts(
    cast: Cast, client: Client
) -> None:
    def add(count: int) -> None:
        for n in range(count):
            child = PersonFactory(given_name=f"Child{n}", family_name="Queue")
            contact = services.public_contact_submit(
                kind="self_referral",
                sender_address=f"198.51.100.{n}",
                referrer_name="Parent",
                referrer_email="parent@example.org",
                referrer_phone="",
                referrer_relationship="Mother",
                child=SubjectDetails(role="child", given_name=f"Child{n}", family_name="Queue"),
                worry="We need help with our son's behaviour",
            )
            subject = contact.subjects.get()
            services.contact_link_person(
                actor=cast.front_door_worker, subject=subject, person=child
            )
            services.contact_assign(
                actor=cast.front_door_worker, contact=contact, worker=cast.front_door_manager
            )

    client.force_login(cast.front_door_worker)
    add(5)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(QUEUE).context["rows"]) == 5
    add(35)
    with CaptureQueriesContext(connection) as many:
        response = client.get(QUEUE)
    assert len(response.context["rows"]) == 40
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_navigation_shows_the_front_door_with_decisions_due_today(
    cast: Cast, client: Client
) -> None:
    late = sent_contact(cast)
    sent_contact(cast, worry="not due yet")
    Contact.objects.filter(pk=late.pk).update(decision_due_at=timezone.now() - timedelta(hours=1))
    Contact.objects.exclude(pk=late.pk).update(decision_due_at=timezone.now() + timedelta(days=3))
    client.force_login(cast.front_door_manager)
    html = client.get(reverse("core:home")).content.decode()
    assert "Front door (1 due)" in html
    client.force_login(cast.involved)
    assert "Front door" not in client.get(reverse("core:home")).content.decode()


# --- The contact page --------------------------------------------------------------------------


def test_the_contact_page_shows_what_was_sent_known_answers_and_repeat_contacts(
    cast: Cast, client: Client
) -> None:
    earlier = sent_contact(cast, worry="Earlier worry about attendance")
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    response = client.get(contact_url("contact", contact))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Coming to school hungry and withdrawn",
        "Jo Fletcher",  # consent given by
        "Repeat contact",
        earlier.reference,
        # Already known: the other open contact, with its reference, for the front door
        f"The front door is considering a recent contact ({earlier.reference}): contact the "
        "front door.",
        reverse("people:detail", kwargs={"person_id": cast.child.pk}),
        "Level 3",  # the referrer's view
        "moj-timeline",
    ):
        assert text in html, text
    record = AccessRecord.objects.get(action=AccessAction.VIEW_CONTACT)
    assert record.detail == {"contact": contact.pk}
    assert list(record.people.values_list("person_id", flat=True)) == [cast.child.pk]


def test_a_first_contact_is_not_marked_as_a_repeat(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    html = client.get(contact_url("contact", contact)).content.decode()
    assert "Repeat contact" not in html


def test_assigning_to_me_moves_the_contact_into_triage(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    response = client.post(contact_url("contact-assign", contact), {"worker": "me"}, follow=True)
    assert banner(response) == f"{contact.reference} is assigned to you"
    contact.refresh_from_db()
    assert contact.assigned_to == cast.front_door_worker
    assert contact.status == ContactStatus.IN_TRIAGE


def test_assigning_to_someone_outside_the_front_door_is_refused_on_the_page(
    cast: Cast, client: Client
) -> None:
    contact = sent_contact(cast)
    client.force_login(cast.front_door_manager)
    response = client.post(contact_url("contact-assign", contact), {"worker": cast.involved.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and "Select someone who works at the front door" in html
    assert client.post(contact_url("contact-assign", contact), {}).status_code == 200
    contact.refresh_from_db()
    assert contact.assigned_to is None


def test_setting_the_priority_shows_a_banner_and_the_tag(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    response = client.post(
        contact_url("contact-priority", contact), {"priority": "amber"}, follow=True
    )
    assert banner(response) == f"{contact.reference} priority is amber"
    assert 'govuk-tag--orange">Amber' in response.content.decode()
    bad = client.post(contact_url("contact-priority", contact), {"priority": "purple"})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()


def test_a_drafted_contact_or_a_missing_one_is_not_found(cast: Cast, client: Client) -> None:
    draft = services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Not sent yet",
    )
    client.force_login(cast.front_door_worker)
    assert client.get(contact_url("contact", draft)).status_code == 404
    assert (
        client.get(reverse("frontdoor:contact", kwargs={"contact_id": 999999})).status_code == 404
    )
    assert client.post(contact_url("contact-assign", draft), {"worker": "me"}).status_code == 404


# --- Linking people ----------------------------------------------------------------------------


def test_a_named_child_gets_a_new_record_linked_to_the_contact(cast: Cast, client: Client) -> None:
    contact = public_concern()
    subject = contact.subjects.get()
    client.force_login(cast.front_door_worker)
    url = contact_url("contact-link", contact, subject_id=subject.pk)
    page = client.get(url).content.decode()
    assert 'value="Ellie"' in page and 'value="Shaw"' in page
    response = client.post(
        url,
        {
            "action": "create",
            "new-kind": "child",
            "new-given_name": "Ellie",
            "new-family_name": "Shaw",
            "new-date_of_birth-day": "4",
            "new-date_of_birth-month": "3",
            "new-date_of_birth-year": "2016",
        },
        follow=True,
    )
    assert banner(response) == "A record for Ellie Shaw has been created and linked"
    subject.refresh_from_db()
    assert subject.person_id is not None
    person = Person.objects.get(pk=subject.person_id)
    assert person.date_of_birth is not None
    assert person.date_of_birth.isoformat() == "2016-03-04"
    involvement = InvolvedProfessional.objects.get(person=person)
    assert involvement.user == cast.front_door_worker and involvement.role == "other"
    assert reverse("people:detail", kwargs={"person_id": person.pk}) in response.content.decode()


def test_a_new_record_without_a_family_name_keeps_what_was_typed(
    cast: Cast, client: Client
) -> None:
    contact = public_concern(child_family="")
    subject = contact.subjects.get()
    client.force_login(cast.front_door_worker)
    response = client.post(
        contact_url("contact-link", contact, subject_id=subject.pk),
        {"action": "create", "new-kind": "child", "new-given_name": "Ellie"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a family name" in html and 'value="Ellie"' in html
    assert not Person.objects.filter(given_name="Ellie").exists()


def test_a_named_person_links_to_a_record_the_front_door_already_sees(
    cast: Cast, client: Client
) -> None:
    sent_contact(cast)  # the front door sees Kayden through this contact
    contact = public_concern(child_given="Kayden", child_family="Fletcher")
    subject = contact.subjects.get()
    client.force_login(cast.front_door_worker)
    url = contact_url("contact-link", contact, subject_id=subject.pk)
    response = client.get(url)
    assert [p.pk for p in response.context["candidates"]] == [cast.child.pk]
    # A record the search did not offer cannot be linked by posting its id.
    stranger = PersonFactory(given_name="Morgan", family_name="Unrelated")
    refused = client.post(url, {"action": "link", "q": "Kayden", "link-person": stranger.pk})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    response = client.post(
        url, {"action": "link", "q": "Kayden", "link-person": cast.child.pk}, follow=True
    )
    assert "is linked to the record of Kayden Fletcher" in banner(response)
    subject.refresh_from_db()
    assert subject.person_id == cast.child.pk


# --- Deciding ----------------------------------------------------------------------------------


def decision_data(contact: Contact, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "outcome": "early_help_targeted",
        "locality": Locality.objects.get(slug="west").pk,
        "threshold-decided_scale": "3",
        "rationale": "Needs across health and school; the family wants help",
        "version": contact.version,
    }
    data.update(overrides)
    return data


def test_an_early_help_decision_takes_effect_with_a_banner(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    page = client.get(contact_url("contact-decide", contact)).content.decode()
    assert "Early help: targeted early help" in page and "Goes to the locality" in page
    response = client.post(
        contact_url("contact-decide", contact), decision_data(contact), follow=True
    )
    assert banner(response) == "Decision recorded"
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED
    decision = Decision.objects.get(contact=contact)
    assert EarlyHelpRequest.objects.get(decision=decision).locality.slug == "west"
    assert decision.decided_scale == 3 and decision.threshold_evaluation is None
    assert contact.feedback.exists()


def test_an_early_help_decision_without_a_locality_keeps_the_form(
    cast: Cast, client: Client
) -> None:
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    response = client.post(
        contact_url("contact-decide", contact),
        decision_data(contact, locality="", rationale="Kept as typed"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Select the locality the early help request goes to" in html
    assert 'href="#id_locality"' in html
    assert "Kept as typed" in html
    assert 'value="early_help_targeted" aria-describedby="id_outcome_3-hint" checked' in html
    assert not Decision.objects.exists()


def test_a_level_that_differs_from_the_referrers_needs_a_reason(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    response = client.post(
        contact_url("contact-decide", contact),
        decision_data(contact, **{"threshold-decided_scale": "2"}),
    )
    assert "differs from the referrer&#x27;s view (level 3)" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_decision_needing_sign_off_waits_for_a_manager(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    response = client.post(
        contact_url("contact-decide", contact),
        decision_data(
            contact,
            outcome="csc_assessment",
            locality="",
            **{"threshold-decided_scale": "4"},
            differs_reason="An injury the school had not seen",
        ),
        follow=True,
    )
    assert banner(response) == "Decision sent to a manager for sign-off"
    decision = Decision.objects.get(contact=contact)
    sign_off = contact_url("decision-sign-off", contact, decision_id=decision.pk)
    assert client.get(sign_off).status_code == 404  # a worker cannot sign off
    assert client.post(sign_off, {"agreed": "yes"}).status_code == 404
    client.force_login(cast.front_door_manager)
    assert "Sign off the decision" in client.get(contact_url("contact", contact)).content.decode()
    page = client.get(sign_off).content.decode()
    assert "An injury the school had not seen" in page and "child in need assessment" in page
    missing_note = client.post(sign_off, {"agreed": "no"})
    assert "Say why you do not agree" in missing_note.content.decode()
    response = client.post(sign_off, {"agreed": "yes", "note": ""}, follow=True)
    assert banner(response) == (
        "Sign-off recorded: the decision takes effect and the referrer has been told"
    )
    contact.refresh_from_db()
    decision.refresh_from_db()
    assert contact.status == ContactStatus.DECIDED and decision.sign_off_agreed is True
    again = client.get(sign_off, follow=True)
    assert banner(again) == "This decision has already been signed off"


def test_a_manager_who_disagrees_sends_the_contact_back_to_triage(
    cast: Cast, client: Client
) -> None:
    contact = sent_contact(cast)
    decision = services.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="advice",
        rationale="Advice to the school",
        decided_scale=3,
    )
    client.force_login(cast.front_door_manager)
    sign_off = contact_url("decision-sign-off", contact, decision_id=decision.pk)
    response = client.post(sign_off, {"agreed": "no", "note": "Talk to the GP first"}, follow=True)
    assert banner(response) == "Sign-off recorded: the contact is back in triage with your note"
    contact.refresh_from_db()
    assert contact.status == ContactStatus.IN_TRIAGE
    assert "Talk to the GP first" in response.content.decode()


def test_a_manager_cannot_sign_off_their_own_decision(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    decision = services.decision_record(
        actor=cast.front_door_manager,
        contact=contact,
        outcome="signpost",
        rationale="Universal services can help",
        decided_scale=3,
    )
    client.force_login(cast.front_door_manager)
    response = client.post(
        contact_url("decision-sign-off", contact, decision_id=decision.pk), {"agreed": "yes"}
    )
    assert response.status_code == 200
    assert "Another manager must sign off a decision you made" in response.content.decode()
    decision.refresh_from_db()
    assert decision.sign_off_agreed is None


def test_a_stale_decision_is_refused_and_the_second_try_works(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    data = decision_data(contact)
    services.contact_prioritise(actor=cast.front_door_manager, contact=contact, priority="red")
    response = client.post(contact_url("contact-decide", contact), data)
    html = response.content.decode()
    assert "changed by someone else" in html and not Decision.objects.exists()
    contact.refresh_from_db()
    assert f'name="version" value="{contact.version}"' in html
    data["version"] = contact.version
    assert client.post(contact_url("contact-decide", contact), data).status_code == 302


def test_a_contact_already_decided_cannot_be_decided_again(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    services.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="advice",
        rationale="Advice",
        decided_scale=3,
    )
    client.force_login(cast.front_door_worker)
    response = client.get(contact_url("contact-decide", contact), follow=True)
    assert banner(response) == "This contact is waiting for a manager's sign-off"
    contact.refresh_from_db()
    response = client.post(contact_url("contact-decide", contact), decision_data(contact))
    assert "This contact already has a decision" in response.content.decode()
    assert Decision.objects.count() == 1


def test_the_threshold_selection_is_stored_with_the_decision(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    hull = load_framework("hull-2018")
    need = next(i for i in hull.needs() if i.scale == 3 and not i.immediate_referral)
    client.force_login(cast.front_door_worker)
    response = client.post(
        contact_url("contact-decide", contact),
        decision_data(contact, **{"threshold-needs": [need.id], "threshold-decided_scale": "3"}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(contact=contact)
    evaluation = ThresholdEvaluation.objects.get()
    assert decision.threshold_evaluation == evaluation
    assert evaluation.person_ids == [cast.child.pk]
    assert evaluation.context == f"contact:{contact.pk}"
    assert evaluation.needs == [need.id] and evaluation.decided_scale == 3


def test_a_refused_decision_keeps_no_threshold_evaluation(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    hull = load_framework("hull-2018")
    need = next(i for i in hull.needs() if i.scale == 3 and not i.immediate_referral)
    client.force_login(cast.front_door_worker)
    response = client.post(
        contact_url("contact-decide", contact),
        decision_data(contact, locality="", **{"threshold-needs": [need.id]}),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{need.id}"' in html and "checked" in html
    assert not ThresholdEvaluation.objects.exists() and not Decision.objects.exists()


# --- Feedback ----------------------------------------------------------------------------------


def test_feedback_is_prefilled_with_the_outcome_in_the_referrers_words(
    cast: Cast, client: Client
) -> None:
    contact = sent_contact(cast)
    decision = services.decision_record(
        actor=cast.front_door_worker,
        contact=contact,
        outcome="early_help_additional",
        locality=Locality.objects.get(slug="west"),
        rationale="One agency can help",
        decided_scale=3,
    )
    client.force_login(cast.front_door_worker)
    url = contact_url("contact-feedback", contact)
    page = client.get(url).content.decode()
    assert services.referrer_message(decision).split(":")[1].strip()[:40] in page
    response = client.post(url, {"message": "We have asked the West hub to call you."}, follow=True)
    assert banner(response) == "Feedback sent to the referrer"
    assert Feedback.objects.filter(contact=contact).count() == 2
    empty = client.post(url, {"message": "  "})
    assert "Enter the message for the referrer" in empty.content.decode()


# --- Consultations -----------------------------------------------------------------------------


def test_consultations_list_unanswered_first_and_take_advice(cast: Cast, client: Client) -> None:
    answered = services.consultation_ask(actor=cast.involved, question="Answered question")
    services.consultation_advise(
        actor=cast.front_door_manager, consultation=answered, advice="Speak to the DSL"
    )
    first = services.consultation_ask(actor=cast.involved, question="Older waiting question")
    second = services.consultation_ask(actor=cast.practitioner, question="Newer waiting question")
    client.force_login(cast.front_door_worker)
    response = client.get(reverse("frontdoor:consultation-queue"))
    assert [c.pk for c in response.context["page_obj"].object_list] == [
        first.pk,
        second.pk,
        answered.pk,
    ]
    assert response.context["waiting"] == 2
    url = reverse("frontdoor:consultation-advise", kwargs={"consultation_id": first.pk})
    assert "Enter the advice given" in client.post(url, {"advice": ""}).content.decode()
    response = client.post(url, {"advice": "Make a request for support"}, follow=True)
    assert banner(response) == "Advice recorded: the practitioner has been told"
    first.refresh_from_db()
    assert (
        first.advice == "Make a request for support" and first.advised_by == cast.front_door_worker
    )
    again = client.post(url, {"advice": "Something else"})
    assert "already been answered" in again.content.decode()
    assert Consultation.objects.get(pk=first.pk).advice == "Make a request for support"


def test_an_empty_decision_lists_every_problem_at_once(cast: Cast, client: Client) -> None:
    contact = sent_contact(cast)
    client.force_login(cast.front_door_worker)
    response = client.post(contact_url("contact-decide", contact), {"version": contact.version})
    html = response.content.decode()
    for message in (
        "Select the decision",
        "Explain the reasons for the decision",
        "Select the level of need you decided",
    ):
        assert message in html, message
    assert "<title>Error: " in html
