"""Who may do what with threshold frameworks.

The threshold guide and the evaluation API hold no personal data, so any signed-in user may use
them (rule ``checkpoint.signed_in``). Only administrators change which framework version is in
use (rule ``checkpoint.administrator`` on the upload page; ``services.framework_upload`` checks
the role again). Recording an evaluation about a child belongs to the capability whose form
embeds the selection (request for support, front-door decision, assessment): that form's view
checks that the user may see the child before it calls ``ThresholdSelectionForm.record``.
"""

from __future__ import annotations

from righthelp.accounts.models import Role, User


def can_use_threshold_guide(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_upload_framework(user: User) -> bool:
    return can_use_threshold_guide(user) and user.has_role(Role.ADMINISTRATOR)
