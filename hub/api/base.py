"""The API's door onto the access layer: every viewset scopes its rows through it."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.db.models import Model, QuerySet
from rest_framework import viewsets

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
