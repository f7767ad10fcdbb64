"""Early help's settings (``RIGHTHELP_EARLY_HELP``), read in one place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings


def early_help_setting(name: str) -> Any:
    """One of early help's settings: ``assessment_working_days``, ``outcome_areas``,
    ``no_lead_flag_days``, ``step_up_prompt_at_or_below``, ... (see the README)."""
    config: Mapping[str, Any] = settings.RIGHTHELP_EARLY_HELP
    return config[name]
