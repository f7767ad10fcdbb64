"""Demo holders for every named level of every escalation ladder, so a demo disagreement climbs
to someone different at each level: the worker and the team manager come from who holds the
work; children's social care and the early help service each name a service manager and a head
of service; the director, the corporate director and the partnership's chair are shared. On the
referrer's side (Nottingham's ladder), Westfield Primary School names its safeguarding lead and
its headteacher as its equivalent of the senior levels. Loaded with the demo reference data."""

from __future__ import annotations

from righthelp.accounts.models import Organisation, User
from righthelp.escalations.ladder import NAMED, SAFEGUARDING_LEAD, all_levels, held_by
from righthelp.escalations.models import LadderHolder

# The agencies a demo disagreement is with: who they name at each level.
RESPONDING = {
    "Children's Social Care": {
        "Service manager": "sam.servicemanager",
        "Head of service": "holly.headofservice",
    },
    "Early Help Service": {
        "Service manager": "sue.ehservice",
        "Head of service": "harry.ehhead",
    },
}
SHARED = {
    "Director": "dina.director",
    "Corporate director": "carl.corporate",
    "Partnership chair": "priya.chair",
    "Safeguarding children board chair": "priya.chair",
}
# The referrer's side at Westfield: its safeguarding lead, and its headteacher as the school's
# equivalent of a head of service, director and corporate director.
REFERRER_SIDE = {
    "Westfield Primary School": {
        SAFEGUARDING_LEAD: "pat.teacher",
        "Head of service": "helen.head",
        "Director": "helen.head",
        "Corporate director": "helen.head",
    }
}


def demo_holders() -> list[tuple[str, str, str]]:
    """(organisation, level, username) for every named level of every ladder, for each agency
    a demo disagreement can be with, and the referrer's side at Westfield."""
    rows: list[tuple[str, str, str]] = []
    for organisation, own in RESPONDING.items():
        for level in all_levels():
            if level == SAFEGUARDING_LEAD or held_by(level) != NAMED:
                continue
            username = own.get(level) or SHARED.get(level)
            if username is None:
                raise ValueError(f"No demo holder for {level!r} at {organisation}")
            rows.append((organisation, level, username))
    for organisation, levels in REFERRER_SIDE.items():
        rows.extend((organisation, level, username) for level, username in levels.items())
    return rows


def ladder_holders_load(organisations: dict[str, Organisation], users: dict[str, User]) -> int:
    """Create the demo holders that are missing; returns how many were added."""
    added = 0
    for organisation, level, username in demo_holders():
        _, created = LadderHolder.objects.get_or_create(
            organisation=organisations[organisation], level=level, user=users[username]
        )
        added += int(created)
    return added
