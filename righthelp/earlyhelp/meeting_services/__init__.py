"""Writes for Team Around the Family meetings and locality early help action meetings.

* ``taf_meeting_plan``: arrange a meeting with practitioners and family members invited; its
  ``due_on`` follows the timescales in ``RIGHTHELP_EARLY_HELP``. Never in the past, unless the
  worker confirms it was held already and is being recorded afterwards. A practitioner whose
  agency the family's consent does not cover is refused there and then, with that reason.
* ``taf_meeting_reschedule`` and ``taf_meeting_cancel``: move a planned meeting (a new date,
  with a reason) or cancel it (with a reason); the invited practitioners are told, and the
  event keeps the old date.
* ``taf_update_add``: an invited practitioner adds their agency's update before the meeting.
* ``taf_meeting_record``: who came, what was discussed and decided, once the meeting's time has
  come; a review also makes the next plan version (``plan_services.plan_review``).
* ``locality_meeting_plan``, ``locality_case_add``, ``locality_case_decide``: the locality's
  early help action meeting and the cases brought to it.

Each write checks who may make it (``PermissionError`` otherwise) and records one event.
"""

from __future__ import annotations

from righthelp.earlyhelp.meeting_services.locality import (
    locality_case_add,
    locality_case_decide,
    locality_meeting_plan,
)
from righthelp.earlyhelp.meeting_services.taf import (
    PAST_WARNING,
    invitee_refusal,
    meeting_due_on,
    taf_meeting_cancel,
    taf_meeting_plan,
    taf_meeting_record,
    taf_meeting_reschedule,
    taf_update_add,
)

__all__ = [
    "PAST_WARNING",
    "invitee_refusal",
    "locality_case_add",
    "locality_case_decide",
    "locality_meeting_plan",
    "meeting_due_on",
    "taf_meeting_cancel",
    "taf_meeting_plan",
    "taf_meeting_record",
    "taf_meeting_reschedule",
    "taf_update_add",
]
