"""Early help pages about episodes: caseloads, starting (directly or from a front-door request),
requests waiting (joined to the family's open episode or closed), the episode overview, who is
in the family, lead practitioners, step up, step down and closure.

Thin views: reads through ``earlyhelp.selectors`` (each logs what it shows), writes through
``earlyhelp.services``. A refusal (``ValidationError``, ``StaleEdit``) is shown on the form with
what was typed; a ``PermissionError`` is a 404 like any other refusal. Post/redirect/get with a
notification banner after every change.
"""

from __future__ import annotations

from righthelp.earlyhelp.views.episodes.caseload import (
    caseload,
    request_close,
    request_join,
    requests_waiting,
    start_direct,
    take_up,
)
from righthelp.earlyhelp.views.episodes.common import TAB_LABELS, early_help_worker
from righthelp.earlyhelp.views.episodes.episode import (
    episode,
    lead_agree,
    lead_end,
    lead_propose,
    member_add,
    member_new,
)
from righthelp.earlyhelp.views.episodes.moving_on import close, step_down, step_up
from righthelp.earlyhelp.views.episodes.urls import urlpatterns

__all__ = [
    "TAB_LABELS",
    "caseload",
    "close",
    "early_help_worker",
    "episode",
    "lead_agree",
    "lead_end",
    "lead_propose",
    "member_add",
    "member_new",
    "request_close",
    "request_join",
    "requests_waiting",
    "start_direct",
    "step_down",
    "step_up",
    "take_up",
    "urlpatterns",
]
