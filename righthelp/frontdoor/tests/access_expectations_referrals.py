"""Who may reach children's social care's referral pages (see ``righthelp/core/tests/access.py``).

Children's social care is the front door and casework users in a team of a children's social
care organisation (``permissions.is_childrens_social_care``); in ``cast`` that is the front-door
worker and manager. The referral is about a child of its own, not yet asked to step down.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from righthelp.core.tests.access import FRONT_DOOR, Row
from righthelp.earlyhelp.tests.access_expectations_episodes import social_care_referral
from righthelp.people.tests.factories import PersonFactory

if TYPE_CHECKING:
    from conftest import Cast


def rows(cast: Cast) -> dict[str, Row]:
    referral = social_care_referral(
        cast, [PersonFactory(given_name="Rae", family_name="Referral-Matrix")], work_ending=False
    )
    return {
        "frontdoor:referrals": Row(reverse("frontdoor:referrals"), FRONT_DOOR),
        "frontdoor:referral-work-ending": Row(
            reverse("frontdoor:referral-work-ending", kwargs={"referral_id": referral.pk}),
            FRONT_DOOR,
        ),
    }
