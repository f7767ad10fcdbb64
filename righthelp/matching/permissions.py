"""Who may search all records, and on what ground.

Everyone else finds people only among the records they work with (``core.checkpoint``). Triage
is different: the front door must find the right child wherever the child is already known,
or it makes a second record and splits the child's history. So a role whose job is triage
searches all records, but only while working on a contact it may handle (one still open), and
every such search and every record opened from it is logged with the contact
(``matching.selectors.match_candidates``, ``triage_person_or_404``). Outside a contact the role
sees what it saw before.

A later role whose job is triage joins by being added to ``TRIAGE_SEARCH_ROLES``: nothing else
names these roles.
"""

from __future__ import annotations

from righthelp.accounts.models import Role, User
from righthelp.frontdoor.models import OPEN_STATUSES, Contact
from righthelp.frontdoor.permissions import can_view_contact

TRIAGE_SEARCH_ROLES: frozenset[str] = frozenset({Role.FRONT_DOOR_WORKER, Role.FRONT_DOOR_MANAGER})


def can_triage_search(user: User) -> bool:
    """Whether this user's job is triage: they may search all records for a contact."""
    return bool(user.is_authenticated and user.is_active and user.has_role(*TRIAGE_SEARCH_ROLES))


def is_triage_ground(user: User, contact: Contact) -> bool:
    """Whether ``contact`` is a ground for this user to search all records: their job is
    triage, the contact is still open (not decided, not a draft), and they may handle it."""
    return (
        can_triage_search(user)
        and contact.status in OPEN_STATUSES
        and can_view_contact(user, contact)
    )
