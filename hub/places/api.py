"""Compound endpoints, including the status at any moment and setting a new status."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, get_visible
from hub.api.base import ScopedReadOnlyViewSet
from hub.places.actions import set_area_status
from hub.places.models import AreaStatus, Building, Compound, Household
from hub.places.queries import status_at
from hub.places.serializers import (
    AreaStatusSerializer,
    BuildingSerializer,
    CompoundSerializer,
    HouseholdSerializer,
    SetAreaStatusSerializer,
    StatusAtQuerySerializer,
)


def _building_in(request: Request, compound: Compound, building_id: int | None) -> Building | None:
    """The building of ``compound`` named in the request, if any (404 when not visible)."""
    if building_id is None:
        return None
    return get_visible(request.user, Building.objects.filter(compound=compound), pk=building_id)


class CompoundViewSet(ScopedReadOnlyViewSet[Compound]):
    base_queryset = Compound.objects.order_by("name")
    serializer_class = CompoundSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("at", str, description="ISO datetime; default now"),
            OpenApiParameter("building", int),
        ],
        responses={200: AreaStatusSerializer, 204: None},
    )
    @action(detail=True, methods=["get"], url_path="status-at")
    def status_at(self, request: Request, pk: str | None = None) -> Response:
        """The status in force at a moment (a building's own status wins)."""
        compound = self.get_object()
        query = StatusAtQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        building = _building_in(request, compound, query.validated_data.get("building"))
        found = status_at(compound, query.validated_data.get("at"), building=building)
        if found is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(AreaStatusSerializer(found).data)

    @extend_schema(request=SetAreaStatusSerializer, responses={201: AreaStatusSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request: Request, pk: str | None = None) -> Response:
        compound = self.get_changeable_object()
        data = SetAreaStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        building = _building_in(request, compound, data.validated_data.get("building"))
        row = set_area_status(
            by=acting_user(request),
            compound=compound,
            status=data.validated_data["status"],
            effective_from=data.validated_data.get("effective_from"),
            building=building,
            reason=data.validated_data.get("reason", ""),
        )
        return Response(AreaStatusSerializer(row).data, status=status.HTTP_201_CREATED)


class BuildingViewSet(ScopedReadOnlyViewSet[Building]):
    base_queryset = Building.objects.order_by("compound_id", "sort_key")
    serializer_class = BuildingSerializer


class HouseholdViewSet(ScopedReadOnlyViewSet[Household]):
    base_queryset = Household.objects.order_by("building_id", "sort_key")
    serializer_class = HouseholdSerializer


class AreaStatusViewSet(ScopedReadOnlyViewSet[AreaStatus]):
    base_queryset = AreaStatus.objects.order_by("compound_id", "-effective_from")
    serializer_class = AreaStatusSerializer
