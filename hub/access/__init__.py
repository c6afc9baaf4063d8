"""The one access layer: may this user see or change this object?

Every page and endpoint scopes its querysets through :func:`visible` / :func:`changeable`
and looks single objects up with :func:`get_visible` / :func:`get_changeable`. Another
organization's objects are invisible, so they answer 404 exactly like a missing id.
"""

from hub.access.decorators import acting_user
from hub.access.policy import (
    changeable,
    get_changeable,
    get_visible,
    may_change,
    may_reveal,
    visible,
)
from hub.access.scope import Scope, scope_for

__all__ = [
    "Scope",
    "acting_user",
    "changeable",
    "get_changeable",
    "get_visible",
    "may_change",
    "may_reveal",
    "scope_for",
    "visible",
]
