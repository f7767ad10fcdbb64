"""A front-door decision that departs from the framework needs a reason: a referral to children's
social care recorded at level 1 or 2, and a decided level that differs from the framework's
suggestion on the referrer's or the decision's own threshold evaluation."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from righthelp.accounts.models import Locality
from righthelp.consent.tests.factories import CHILD_NOT_ASKED, VALID
from righthelp.frontdoor import services
from righthelp.frontdoor.models import EARLY_HELP_OUTCOMES, Contact, Decision, Outcome
from righthelp.frontdoor.services import ConsentDetails, SubjectDetails
from righthelp.thresholds import services as threshold_services
from righthelp.thresholds.framework import Framework
from righthelp.thresholds.models import ThresholdEvaluation
from righthelp.thresholds.registry import load_framework

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
SOCIAL_CARE = [Outcome.CSC_STRATEGY, Outcome.CSC_ASSESSMENT]


@pytest.fixture
def hull() -> Framework:
    return load_framework("hull-2018")


def _top_need(hull: Framework) -> str:
    return next(i.id for i in hull.needs() if i.scale == 4)


def referrers_evaluation(cast: Cast, hull: Framework, *, judged: int) -> ThresholdEvaluation:
    """The referrer ticked a top-level need (the framework suggests level 4) but judged
    ``judged``, with their reason."""
    return threshold_services.evaluation_record(
        actor=cast.involved,
        framework=hull,
        needs=[_top_need(hull)],
        decided_scale=judged,
        decided_reason="The family have already moved away from the risk",
        person_ids=[cast.child.pk],
    )


def sent(cast: Cast, *, view: int, evaluation: ThresholdEvaluation | None = None) -> Contact:
    draft = services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Bruising on the upper arm the child will not explain",
        referrer_view_scale=view,
        threshold_evaluation=evaluation,
    )
    return services.request_submit(actor=cast.involved, contact=draft, consent=CONSENT)


def decide(cast: Cast, contact: Contact, **kwargs: object) -> Decision:
    values: dict[str, object] = {
        "actor": cast.front_door_worker,
        "contact": contact,
        "rationale": "What the school, the GP and the family told us",
    }
    if kwargs.get("outcome") in EARLY_HELP_OUTCOMES:
        values["locality"] = Locality.objects.get(slug="west")
    values.update(kwargs)
    return services.decision_record(**values)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# A referral to children's social care at level 1 or 2
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", SOCIAL_CARE)
@pytest.mark.parametrize("level", [1, 2])
def test_social_care_at_level_one_or_two_without_a_reason_is_refused(
    cast: Cast, outcome: str, level: int
) -> None:
    contact = sent(cast, view=level)  # the referrer agrees with the level: only the outcome jars
    with pytest.raises(ValidationError) as refused:
        decide(cast, contact, outcome=outcome, decided_scale=level)
    assert set(refused.value.message_dict) == {"differs_reason"}
    message = refused.value.message_dict["differs_reason"][0]
    assert "children's social care" in message and f"level {level}" in message
    assert not Decision.objects.exists()


@pytest.mark.parametrize("outcome", SOCIAL_CARE)
def test_social_care_at_a_low_level_with_a_reason_is_recorded(cast: Cast, outcome: str) -> None:
    contact = sent(cast, view=2)
    decision = decide(
        cast,
        contact,
        outcome=outcome,
        decided_scale=2,
        differs_reason="A disclosure this morning: the level was set before it",
    )
    assert decision.differs_reason == "A disclosure this morning: the level was set before it"


@pytest.mark.parametrize("outcome", SOCIAL_CARE)
@pytest.mark.parametrize("level", [3, 4])
def test_social_care_at_level_three_or_four_needs_no_extra_reason(
    cast: Cast, outcome: str, level: int
) -> None:
    contact = sent(cast, view=level)
    decision = decide(cast, contact, outcome=outcome, decided_scale=level)
    assert decision.differs_reason == ""


# --------------------------------------------------------------------------------------------
# A level that differs from the framework's suggestion
# --------------------------------------------------------------------------------------------


def test_a_level_below_the_suggestion_on_the_referrers_evaluation_needs_a_reason(
    cast: Cast, hull: Framework
) -> None:
    evaluation = referrers_evaluation(cast, hull, judged=3)
    contact = sent(cast, view=3, evaluation=evaluation)  # the referrer's view agrees: 3
    with pytest.raises(ValidationError) as refused:
        decide(cast, contact, outcome=Outcome.EARLY_HELP_TARGETED, decided_scale=3)
    message = refused.value.message_dict["differs_reason"][0]
    assert "framework's suggestion on the referrer's threshold evaluation (level 4)" in message
    assert "referrer's view" not in message
    decision = decide(
        cast,
        contact,
        outcome=Outcome.EARLY_HELP_TARGETED,
        decided_scale=3,
        differs_reason="The adult who posed the risk has left the household",
    )
    assert decision.differs_reason == "The adult who posed the risk has left the household"


def test_a_level_below_the_suggestion_on_the_decisions_own_evaluation_needs_a_reason(
    cast: Cast, hull: Framework
) -> None:
    contact = sent(cast, view=3)
    own = threshold_services.evaluation_record(
        actor=cast.front_door_worker,
        framework=hull,
        needs=[_top_need(hull)],
        decided_scale=4,
        person_ids=[cast.child.pk],
    )
    with pytest.raises(ValidationError) as refused:
        decide(
            cast,
            contact,
            outcome=Outcome.EARLY_HELP_TARGETED,
            decided_scale=3,
            threshold_evaluation=own,
        )
    assert "level 4" in refused.value.message_dict["differs_reason"][0]


def test_a_reason_already_recorded_with_the_decisions_evaluation_is_enough(
    cast: Cast, hull: Framework
) -> None:
    contact = sent(cast, view=3)
    own = threshold_services.evaluation_record(
        actor=cast.front_door_worker,
        framework=hull,
        needs=[_top_need(hull)],
        decided_scale=3,
        decided_reason="Police have already removed the adult who posed the risk",
        person_ids=[cast.child.pk],
    )
    decision = decide(
        cast,
        contact,
        outcome=Outcome.EARLY_HELP_TARGETED,
        decided_scale=3,
        threshold_evaluation=own,
    )
    assert decision.threshold_evaluation == own


# --------------------------------------------------------------------------------------------
# The decision page
# --------------------------------------------------------------------------------------------


def _decide_url(contact: Contact) -> str:
    return reverse("frontdoor:contact-decide", kwargs={"contact_id": contact.pk})


def test_the_page_shows_the_missing_reason_inline_and_keeps_what_was_typed(
    cast: Cast, client: Client
) -> None:
    contact = sent(cast, view=2)
    client.force_login(cast.front_door_worker)
    response = client.post(
        _decide_url(contact),
        {
            "outcome": Outcome.CSC_STRATEGY,
            "locality": "",
            "threshold-decided_scale": "2",
            "rationale": "Kept as typed: what the teacher saw",
            "differs_reason": "",
            "version": contact.version,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_differs_reason"' in html  # the error summary links to the field
    field = html[html.index('id="id_differs_reason-error"') :][:600]
    assert "children&#x27;s social care" in field and "level 2" in field
    assert "Kept as typed: what the teacher saw" in html
    assert 'value="csc_strategy" aria-describedby="id_outcome_5-hint" checked' in html
    assert not Decision.objects.exists()


def test_the_page_shows_the_framework_suggestion_and_what_to_do_now(
    cast: Cast, client: Client, hull: Framework
) -> None:
    contact = sent(cast, view=3, evaluation=referrers_evaluation(cast, hull, judged=3))
    client.force_login(cast.front_door_worker)
    html = client.get(_decide_url(contact)).content.decode()
    assert 'class="rh-act-now"' in html
    assert hull.act_now is not None and escape(hull.act_now) in html
    suggestion = "The framework's suggestion on the referrer's threshold evaluation"
    assert f"{suggestion}: <strong>level 4" in html


def test_pages_showing_a_top_level_evaluation_say_what_to_do_now(
    cast: Cast, client: Client, hull: Framework
) -> None:
    """The referrer's check page, the front door's contact page and a consultation all show the
    framework's act-now text with a stored top-level evaluation."""
    assert hull.act_now is not None
    shown = escape(hull.act_now)
    draft = services.request_save(
        actor=cast.involved,
        subjects=[SubjectDetails(role="child", person=cast.child)],
        worry="Bruising on the upper arm the child will not explain",
        referrer_view_scale=4,
        threshold_evaluation=referrers_evaluation(cast, hull, judged=4),
    )
    client.force_login(cast.involved)
    check = client.get(reverse("frontdoor:request-submit", kwargs={"contact_id": draft.pk}))
    assert shown in check.content.decode()
    contact = services.request_submit(actor=cast.involved, contact=draft, consent=CONSENT)
    anonymous = threshold_services.evaluation_record(
        actor=cast.involved, framework=hull, needs=[_top_need(hull)]
    )
    consultation = services.consultation_ask(
        actor=cast.involved, question="A child with bruises", threshold_evaluation=anonymous
    )
    client.force_login(cast.front_door_worker)
    page = client.get(reverse("frontdoor:contact", kwargs={"contact_id": contact.pk}))
    assert shown in page.content.decode()
    advise = client.get(
        reverse("frontdoor:consultation-advise", kwargs={"consultation_id": consultation.pk})
    )
    assert shown in advise.content.decode()
