"""The API's door onto the access layer: every viewset scopes its rows through it."""

from __future__ import annotations

import re
from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from hub.access import get_changeable, get_visible, visible

M = TypeVar("M", bound=Model)


class ScopedViewSetMixin(Generic[M]):
    """List what the user may see; look single objects up with 404 for the invisible."""

    base_queryset: QuerySet[M]
    request: Any
    kwargs: dict[str, Any]
    lookup_field = "pk"

    def get_queryset(self) -> QuerySet[M]:
        if getattr(self, "swagger_fake_view", False):
            return self.base_queryset.none()
        return visible(self.request.user, self.base_queryset.all())

    def get_object(self) -> M:
        obj = get_visible(
            self.request.user, self.base_queryset.all(), pk=self.kwargs[self.lookup_field]
        )
        self.check_object_permissions(self.request, obj)  # type: ignore[attr-defined]
        return obj

    def get_changeable_object(self) -> M:
        return get_changeable(
            self.request.user, self.base_queryset.all(), pk=self.kwargs[self.lookup_field]
        )


class ScopedReadOnlyViewSet(ScopedViewSetMixin[M], viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    pass


_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")


def query_id(request: Any, name: str) -> int | None:
    """The integer filter ``?name=`` (an id), or None when it is absent; anything else that is
    not a whole number is a 400 naming the parameter, as the schema's ``integer`` says."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not _WHOLE_NUMBER.fullmatch(raw):
        raise ValidationError({name: [_("Enter a whole number.")]})
    return int(raw)
