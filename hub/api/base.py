"""The API's door onto the access layer: every viewset scopes its rows through it."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from rest_framework import viewsets
from rest_framework.serializers import Serializer

from hub.access import get_changeable, get_visible, visible


class ScopedViewSetMixin:
    """List what the user may see; look single objects up with 404 for the invisible."""

    base_queryset: QuerySet[Any]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.base_queryset.none()
        return visible(self.request.user, self.base_queryset.all())  # type: ignore[attr-defined]

    def get_object(self) -> Model:
        lookup = self.kwargs[self.lookup_field]  # type: ignore[attr-defined]
        obj = get_visible(self.request.user, self.base_queryset.all(), pk=lookup)  # type: ignore[attr-defined]
        self.check_object_permissions(self.request, obj)  # type: ignore[attr-defined]
        return obj

    def get_changeable_object(self) -> Model:
        lookup = self.kwargs[self.lookup_field]  # type: ignore[attr-defined]
        return get_changeable(self.request.user, self.base_queryset.all(), pk=lookup)  # type: ignore[attr-defined]


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class: type[Serializer]
