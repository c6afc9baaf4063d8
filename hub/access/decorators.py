"""Doors for views: every page is either public (declared) or behind login and these checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from hub.access.scope import scope_for
from hub.accounts.models import User


def acting_user(request: Any) -> User:
    """The signed-in user behind a request, typed for actions' ``by=``.

    Views reach this only behind login; an anonymous user here is a wiring bug, answered 403.
    """
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied(_("Please sign in."))
    return user


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as deliberately open to anonymous users (the access-matrix test reads this)."""
    view.access_public = True  # type: ignore[attr-defined]
    return view


def roles_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Logged-in users holding one of ``roles`` (in any scope); others get 403."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not scope_for(request.user).has_role(*roles):
                raise PermissionDenied(_("Your role does not include this page."))
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorate
