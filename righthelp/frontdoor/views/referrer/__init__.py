"""Pages for practitioners raising and following requests: a request for support (find or add
the child, the draft with the family network and the threshold selection, check and send, the
confirmation), "My requests", "Is this child known?" and anonymous consultations.

Thin views: reads through ``selectors``, writes through ``services``. Where one post makes
two writes (a child added then the draft saved; a threshold evaluation then the draft), they
share a savepoint so a refusal of the second undoes the first.
"""

from __future__ import annotations

from righthelp.frontdoor.views.referrer.children import request_children, request_new
from righthelp.frontdoor.views.referrer.common import CANDIDATES_SHOWN, THRESHOLD_PREFIX
from righthelp.frontdoor.views.referrer.consultations import consultation_new, consultations
from righthelp.frontdoor.views.referrer.requests import (
    known_check,
    my_requests,
    request_edit,
    request_sent,
    request_submit,
)
from righthelp.frontdoor.views.referrer.urls import urlpatterns

__all__ = [
    "CANDIDATES_SHOWN",
    "THRESHOLD_PREFIX",
    "consultation_new",
    "consultations",
    "known_check",
    "my_requests",
    "request_children",
    "request_edit",
    "request_new",
    "request_sent",
    "request_submit",
    "urlpatterns",
]
