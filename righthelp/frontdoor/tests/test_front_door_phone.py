"""Wherever the service tells someone to phone the front door, it gives the number
(``RIGHTHELP_FRONT_DOOR_PHONE``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from righthelp.frontdoor import services
from righthelp.frontdoor.services import SubjectDetails

if TYPE_CHECKING:
    from conftest import Cast

pytestmark = pytest.mark.django_db

NUMBER = "0300 555 0199"


@override_settings(RIGHTHELP_FRONT_DOOR_PHONE=NUMBER)
def test_a_practitioner_told_to_phone_the_front_door_is_given_its_number(
    cast: Cast, client: Client
) -> None:
    client.force_login(cast.involved)
    for name in ("frontdoor:request-new", "frontdoor:consultation-new"):
        page = client.get(reverse(name)).content.decode()
        assert f'phone the front door on <span class="rh-nowrap">{NUMBER}</span> now' in page, name


@override_settings(RIGHTHELP_FRONT_DOOR_PHONE=NUMBER, RIGHTHELP_PUBLIC_FORM_LIMIT=1)
def test_the_public_form_limit_tells_the_sender_the_number_to_phone() -> None:
    def report() -> None:
        services.public_contact_submit(
            kind="public_concern",
            sender_address="203.0.113.7",
            referrer_name="",
            referrer_email="",
            referrer_phone="",
            referrer_relationship="Neighbour",
            child=SubjectDetails(role="child", given_name="Ellie", family_name="Shaw"),
            worry="Shouting every night",
        )

    report()
    with pytest.raises(services.RateLimited) as limited:
        report()
    assert f"or phone us on {NUMBER}." in str(limited.value)


@override_settings(RIGHTHELP_FRONT_DOOR_PHONE="", RIGHTHELP_PUBLIC_FORM_LIMIT=0)
def test_with_no_number_configured_the_message_still_reads_well() -> None:
    with pytest.raises(services.RateLimited, match=r"or phone us\. If a child"):
        services.public_contact_submit(
            kind="public_concern",
            sender_address="203.0.113.8",
            referrer_name="",
            referrer_email="",
            referrer_phone="",
            referrer_relationship="",
            child=SubjectDetails(role="child", given_name="Ellie"),
            worry="Worried",
        )
