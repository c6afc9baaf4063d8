"""What every page's shell needs: the user's roles for the navigation."""

from __future__ import annotations

from typing import Any

from hub.access.scope import scope_for


def shell(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"scope": None}
    return {"scope": scope_for(user)}
