"""Cross-cutting write helpers used inside other services."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

from righthelp.accounts.models import User
from righthelp.core.models import SubmissionKey


class StaleEdit(Exception):
    """Someone else changed the record after this form was opened; nothing was saved."""


def submission_claim(*, key: uuid.UUID | str | None, user: User, purpose: str) -> int | None:
    """Claim a form's submission key inside the caller's transaction.

    Returns ``None`` when this is the first submission (carry on and call
    ``submission_complete``), or the id of the record the first submission made. Concurrent
    duplicates wait on the unique key and then see the first one's result.
    """
    if key is None or key == "":
        return None
    key_uuid = key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
    try:
        with transaction.atomic():
            SubmissionKey.objects.create(key=key_uuid, user=user, purpose=purpose)
    except IntegrityError:
        existing = SubmissionKey.objects.get(key=key_uuid)
        if existing.user_id != user.pk or existing.purpose != purpose:
            raise
        return existing.result_id
    return None


def submission_complete(*, key: uuid.UUID | str | None, result_id: int) -> None:
    if key is None or key == "":
        return
    key_uuid = key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
    SubmissionKey.objects.filter(key=key_uuid).update(result_id=result_id)


def new_submission_key() -> str:
    return str(uuid.uuid4())
