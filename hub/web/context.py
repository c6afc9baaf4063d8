"""What every page's shell needs: the user's scope and which sections the navigation shows."""

from __future__ import annotations

from typing import Any

from hub.access.scope import scope_for
from hub.accounts.models import Role

ADMIN, SECRETARY, OFFICE = Role.ORG_ADMIN, Role.BRANCH_SECRETARY, Role.OFFICE_STAFF
COORDINATOR, LEADER = Role.COMMUNITY_COORDINATOR, Role.BUILDING_LEADER


def shell(request: Any) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"scope": None, "nav": {}}
    scope = scope_for(user)
    nav = {
        "people": scope.has_role(ADMIN, SECRETARY, OFFICE, COORDINATOR, LEADER),
        "places": scope.has_role(ADMIN, COORDINATOR, LEADER),
        "hours": scope.has_role(ADMIN, SECRETARY, COORDINATOR),
        "imports": scope.has_role(ADMIN, SECRETARY, COORDINATOR),
        "rosters": scope.has_role(ADMIN, SECRETARY, OFFICE, COORDINATOR),
        "supplies": scope.has_role(ADMIN, COORDINATOR, LEADER, Role.VOLUNTEER),
        "screening": scope.has_role(ADMIN, COORDINATOR, LEADER),
        "office": scope.has_role(ADMIN, SECRETARY, OFFICE, Role.ENTRY_DESK),
        # Leads: the "today" page; org admins: stars, national-system export, notifications.
        "today": scope.has_role(ADMIN, SECRETARY, COORDINATOR),
        "admin": scope.has_role(ADMIN),
        "issuer": scope.has_role(ADMIN, SECRETARY, COORDINATOR),
        "sender": scope.has_role(ADMIN, SECRETARY),  # notices
    }
    return {"scope": scope, "nav": nav}
