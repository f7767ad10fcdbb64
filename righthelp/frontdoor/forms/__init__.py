"""Forms for the front door's referrer and public pages.

Forms check what a form can check (lengths, formats, which fields go together) so that every
problem shows at once; the services check again and have the last word (consent, lawful basis,
rate limits). Nothing here writes.
"""

from __future__ import annotations

from righthelp.frontdoor.forms.checks import ConsultationForm, KnownCheckForm
from righthelp.frontdoor.forms.children import ChildAddForm, ChildPickForm, ChildSearchForm
from righthelp.frontdoor.forms.common import (
    CHILD_ANSWERS,
    GENERIC_LEVELS,
    MAX_AGE_YEARS,
    MAX_PRACTITIONER_TEXT,
    MAX_PUBLIC_TEXT,
    YES_NO,
    too_long,
)
from righthelp.frontdoor.forms.public import PublicContactForm
from righthelp.frontdoor.forms.requests import ConcernAppliesField, RequestForm, SendForm

__all__ = [
    "CHILD_ANSWERS",
    "ChildAddForm",
    "ChildPickForm",
    "ChildSearchForm",
    "ConcernAppliesField",
    "ConsultationForm",
    "GENERIC_LEVELS",
    "KnownCheckForm",
    "MAX_AGE_YEARS",
    "MAX_PRACTITIONER_TEXT",
    "MAX_PUBLIC_TEXT",
    "PublicContactForm",
    "RequestForm",
    "SendForm",
    "YES_NO",
    "too_long",
]
