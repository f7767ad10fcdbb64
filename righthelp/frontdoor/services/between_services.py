"""Work moving between services: step up from early help, step down from social care, and Think
Family notices."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from righthelp.accounts.models import Locality, User
from righthelp.core.services import submission_claim, submission_complete
from righthelp.frontdoor.events import (
    step_down_requested_event,
)
from righthelp.frontdoor.models import (
    Contact,
    ContactKind,
    ContactSubject,
    SocialCareReferral,
    StepDownRequest,
    StepUpHandover,
    SubjectRole,
    Urgency,
)
from righthelp.frontdoor.permissions import (
    is_childrens_social_care,
)
from righthelp.frontdoor.services.common import _receive
from righthelp.frontdoor.services.think_family import think_family_tell
from righthelp.people.models import Person


def step_up_contact_build(
    *,
    actor: User,
    locality: Locality,
    children: Sequence[Person],
    adults: Sequence[Person],
    worry: str,
    episode_id: int,
    assessment_id: int | None = None,
    assessment_completed: bool = False,
    plan_id: int | None = None,
    what_tried: str = "",
    child_views: str = "",
    urgency: str = Urgency.ROUTINE,
) -> Contact:
    """A step-up contact from early help, received at the front door with its children linked
    and its handover (``StepUpHandover``): links to the episode, its assessment (signed off, or
    in progress when ``assessment_completed`` is false) and its agreed plan version, which the
    front door opens from the contact rather than reading pasted text.

    Called only inside ``earlyhelp.services.step_up_consult``, which chooses what is handed
    over (never a draft plan) and records the one event (STEPPED_UP) for the whole step; this
    records none of its own, apart from Think Family's (``think_family_tell``, when other
    children's professionals are considered). Consent is not required: the front door can
    always be told a child may need social care.
    """
    now = timezone.now()
    contact = Contact.objects.create(
        reference=f"DRAFT-{uuid.uuid4().hex[:10]}",
        kind=ContactKind.STEP_UP,
        referrer=actor,
        referrer_organisation_id=actor.organisation_id,
        referrer_name=actor.display_name,
        referrer_email=actor.email,
        locality=locality,
        worry=worry,
        what_tried=what_tried,
        child_views=child_views,
        urgency=urgency,
        family_knows=None,
        created_at=now,
    )
    ContactSubject.objects.bulk_create(
        [ContactSubject(contact=contact, person=p, role=SubjectRole.CHILD) for p in children]
        + [ContactSubject(contact=contact, person=p, role=SubjectRole.ADULT) for p in adults]
    )
    StepUpHandover.objects.create(
        contact=contact,
        episode_id=episode_id,
        assessment_id=assessment_id,
        assessment_completed=assessment_completed and assessment_id is not None,
        plan_id=plan_id,
        handed_over_at=now,
    )
    _receive(contact)
    contact.save()
    think_family_tell(actor=actor, contact=contact)
    return contact


# --- Social care's work ending: step down ------------------------------------------------------


@transaction.atomic
def step_down_request(
    *,
    actor: User,
    referral: SocialCareReferral,
    work_ends_on: date | None,
    locality: Locality | None,
    why: str,
    support_needed: str,
    submission_key: str | None = None,
) -> StepDownRequest:
    """Record that children's social care's work with a family is ending and that early help
    should take over: who said so (the actor), when the work ends, why, what support is still
    needed, and the locality whose early help team picks it up. Only then does the referral
    wait to step down in that locality's early help list; accepting a referral never does.

    Only children's social care may say so (``permissions.is_childrens_social_care``; anyone
    else gets ``PermissionError``, shown as 404). Refuses a referral already stepped down or
    already asked to (one request per referral: a second submission changes nothing), and
    missing answers; a repeated post of the same form (``submission_key``) returns the request
    the first one made. Records STEP_DOWN_REQUESTED about the people the referral concerns.
    """
    if not is_childrens_social_care(actor):
        raise PermissionError("Only children's social care can say its work is ending")
    existing = submission_claim(key=submission_key, user=actor, purpose="step_down_request")
    if existing is not None:
        return StepDownRequest.objects.get(pk=existing)
    referral = (
        SocialCareReferral.objects.select_for_update()
        .select_related("decision__contact")
        .get(pk=referral.pk)
    )
    if StepDownRequest.objects.filter(referral=referral).exists():
        raise ValidationError(
            "Children's social care has already said its work with this family is ending"
        )
    if referral.step_downs.exists():
        raise ValidationError("This family has already stepped down to early help")
    errors: dict[str, list[str]] = {}
    if work_ends_on is None:
        errors["work_ends_on"] = ["Enter the date children's social care's work ends"]
    if locality is None:
        errors["locality"] = ["Select the locality whose early help team should take over"]
    if not why.strip():
        errors["why"] = ["Say why children's social care's work is ending"]
    if not support_needed.strip():
        errors["support_needed"] = ["Say what support the family still needs"]
    if errors:
        raise ValidationError(errors)
    assert work_ends_on is not None and locality is not None
    request = StepDownRequest.objects.create(
        referral=referral,
        requested_by=actor,
        requested_at=timezone.now(),
        work_ends_on=work_ends_on,
        locality=locality,
        why=why.strip(),
        support_needed=support_needed.strip(),
    )
    submission_complete(key=submission_key, result_id=request.pk)
    contact = referral.decision.contact
    step_down_requested_event(
        actor=actor,
        referral=referral,
        contact=contact,
        request=request,
        work_ends_on=work_ends_on,
        locality=locality,
    )
    return request
