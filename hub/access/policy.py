"""Visibility and change rules per model, and the lookups every view goes through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from hub.access.scope import Scope, scope_for

M = TypeVar("M", bound=models.Model)
Rule = Callable[[Scope], Q]

_VISIBLE: dict[type[models.Model], Rule] = {}
_CHANGE: dict[type[models.Model], Rule] = {}
NOTHING = Q(pk__in=[])


def register(model: type[models.Model], *, visible: Rule, change: Rule) -> None:
    """Declare who may see and change rows of ``model``; each app registers its own models."""
    _VISIBLE[model] = visible
    _CHANGE[model] = change


_loaded = False


def _rules() -> None:
    """Load the foundation's rules and each app's ``hub/<app>/access.py`` once.

    Imported lazily: the rules import models, and models are ready only after app loading.
    """
    global _loaded
    if _loaded:
        return
    import importlib
    import importlib.util

    from django.apps import apps

    from hub.access import rules  # noqa: F401

    for config in apps.get_app_configs():
        module = f"{config.name}.access"
        if config.name.startswith("hub.") and importlib.util.find_spec(module) is not None:
            importlib.import_module(module)
    _loaded = True


def _rule_for(table: dict[type[models.Model], Rule], model: type[models.Model]) -> Rule:
    _rules()
    try:
        return table[model]
    except KeyError:
        raise LookupError(f"No access rule registered for {model.__name__}") from None


def visible(user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """Rows of ``queryset`` the user may see. Anonymous users see nothing."""
    scope = scope_for(user)
    if scope.is_anonymous:
        return queryset.none()
    if scope.is_superuser:
        return queryset
    return queryset.filter(_rule_for(_VISIBLE, queryset.model)(scope))


def changeable(user: Any, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """Rows of ``queryset`` the user may change (always a subset of the visible ones)."""
    scope = scope_for(user)
    if scope.is_anonymous:
        return queryset.none()
    if scope.is_superuser:
        return queryset
    model = queryset.model
    return queryset.filter(_rule_for(_VISIBLE, model)(scope)).filter(
        _rule_for(_CHANGE, model)(scope)
    )


def get_visible(user: Any, queryset: models.QuerySet[M], **lookup: Any) -> M:
    """The one row matching ``lookup`` that the user may see, else 404 (never 403)."""
    try:
        return visible(user, queryset).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(_("Not found.")) from None


def get_changeable(user: Any, queryset: models.QuerySet[M], **lookup: Any) -> M:
    """The row to change: 404 when invisible, 403 when visible but out of the user's write scope."""
    obj = get_visible(user, queryset, **lookup)
    if not may_change(user, obj):
        raise PermissionDenied(_("You may not change this."))
    return obj


def may_change(user: Any, obj: models.Model) -> bool:
    """Whether the user may change ``obj`` under its model's rules (pages ask it to show a
    button, actions to authorize). ``None`` is the system itself (jobs, commands): it may."""
    if user is None:
        return True
    return changeable(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def may_reveal(user: Any, person: Any, field: str) -> bool:
    """Whether the user may see the full value of ``field`` of ``person`` (logged when shown)."""
    from hub.access.rules import reveal_rule

    scope = scope_for(user)
    if scope.is_anonymous:
        return False
    if scope.is_superuser or (scope.person_id is not None and scope.person_id == person.pk):
        return True
    rule = reveal_rule(scope, field)
    if rule is None:
        return False
    return type(person)._default_manager.filter(rule, pk=person.pk).exists()
