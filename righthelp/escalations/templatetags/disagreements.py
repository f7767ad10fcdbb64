"""``{% child_disagreements person %}``: the child's open disagreements on their record, for
whoever may see the child (the selector logs the read and returns nothing for anyone else)."""

from __future__ import annotations

from typing import Any

from django import template

from righthelp.escalations import selectors

register = template.Library()


@register.inclusion_tag("escalations/_child_disagreements.html", takes_context=True)
def child_disagreements(context: template.Context, person: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"disagreements": [], "person": person, "may_raise": False}
    return {
        "disagreements": selectors.child_open_disagreements(
            user=user, person=person, path=request.get_full_path() if request else ""
        ),
        "person": person,
        "may_raise": True,
    }
