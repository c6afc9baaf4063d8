"""Screening API: rounds, scanning (sampling apps post here), offline batches and coverage."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user
from hub.api.base import ScopedViewSetMixin
from hub.screening import queries
from hub.screening.actions import record_scan_batch, scan
from hub.screening.models import SamplingPoint, ScreeningRound
from hub.screening.queries import may_scan


class RoundSerializer(serializers.ModelSerializer[ScreeningRound]):
    compound_name = serializers.CharField(source="compound.name", read_only=True)

    class Meta:
        model = ScreeningRound
        fields = [
            "id",
            "name",
            "compound",
            "compound_name",
            "starts_at",
            "ends_at",
            "slot_minutes",
            "pooling",
            "pool_size",
            "status",
        ]


class SampleScanSerializer(serializers.Serializer):
    idempotency_key = serializers.CharField(max_length=64)
    code = serializers.CharField(max_length=400)
    tube = serializers.CharField(max_length=40)
    point = serializers.IntegerField(required=False, allow_null=True)
    retest = serializers.BooleanField(required=False, default=False)
    at_home = serializers.BooleanField(required=False, default=False)


class SampleScanReplySerializer(serializers.Serializer):
    idempotency_key = serializers.CharField()
    replayed = serializers.BooleanField()
    tube = serializers.CharField()
    tube_count = serializers.IntegerField()
    tube_capacity = serializers.IntegerField()
    tube_closed = serializers.BooleanField()
    message = serializers.CharField()


class SampleBatchItemSerializer(SampleScanSerializer):
    scanned_at = serializers.DateTimeField(required=False)


class SampleBatchSerializer(serializers.Serializer):
    point = serializers.IntegerField(required=False, allow_null=True)
    items = SampleBatchItemSerializer(many=True)


class SampleBatchReplySerializer(serializers.Serializer):
    results = serializers.ListField(child=serializers.DictField())


class BuildingCoverageSerializer(serializers.Serializer):
    building_id = serializers.IntegerField()
    name = serializers.CharField()
    residents = serializers.IntegerField()
    sampled = serializers.IntegerField()
    home_sampled = serializers.IntegerField()
    exempt = serializers.IntegerField()
    missing = serializers.IntegerField()
    households = serializers.IntegerField()
    households_done = serializers.IntegerField()
    percent = serializers.FloatField()


class CoverageSerializer(serializers.Serializer):
    total = BuildingCoverageSerializer()
    buildings = BuildingCoverageSerializer(many=True)


def _point(round_: ScreeningRound, point_id: Any) -> SamplingPoint | None:
    if point_id is None:
        return round_.points.order_by("pk").first()
    point = round_.points.filter(pk=point_id).first()
    if point is None:
        from hub.errors import DomainError

        raise DomainError(_("That point belongs to another round."), code="point_elsewhere")
    return point


class ScreeningRoundViewSet(ScopedViewSetMixin[ScreeningRound], viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Screening rounds the user may see; scanning needs a sampler of the round."""

    base_queryset = ScreeningRound.objects.select_related("compound").order_by("-starts_at", "-pk")
    serializer_class = RoundSerializer

    def _scanning_round(self) -> ScreeningRound:
        round_ = self.get_object()
        if not may_scan(acting_user(self.request), round_):
            raise PermissionDenied(_("You are not a sampler of this round."))
        return round_

    @extend_schema(
        request=SampleScanSerializer,
        responses={201: SampleScanReplySerializer, 200: SampleScanReplySerializer},
    )
    @action(detail=True, methods=["post"])
    def scan(self, request: Request, pk: str | None = None) -> Response:
        """Scan one code into a tube; the same key again answers 200 and writes nothing."""
        round_ = self._scanning_round()
        data = SampleScanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        result = scan(
            by=acting_user(request),
            round_=round_,
            point=_point(round_, v.get("point")),
            tube_label=v["tube"],
            code_text=v["code"],
            idempotency_key=v["idempotency_key"],
            now=timezone.now(),
            retest=v["retest"],
            at_home=v["at_home"],
        )
        body = {
            "idempotency_key": result.sample.idempotency_key,
            "replayed": result.replayed,
            "tube": result.tube.label,
            "tube_count": result.tube.count,
            "tube_capacity": result.tube.capacity,
            "tube_closed": result.tube_closed,
            "message": result.message,
        }
        return Response(
            body, status=status.HTTP_200_OK if result.replayed else status.HTTP_201_CREATED
        )

    @extend_schema(request=SampleBatchSerializer, responses={200: SampleBatchReplySerializer})
    @action(detail=True, methods=["post"], url_path="scan-batch")
    def scan_batch(self, request: Request, pk: str | None = None) -> Response:
        """Replay a phone's offline queue; each item answers ok or its refusal."""
        round_ = self._scanning_round()
        data = SampleBatchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        results = record_scan_batch(
            by=acting_user(request),
            round_=round_,
            point=_point(round_, v.get("point")),
            items=v["items"],
            now=timezone.now(),
        )
        return Response({"results": results})

    @extend_schema(responses={200: CoverageSerializer})
    @action(detail=True, methods=["get"])
    def coverage(self, request: Request, pk: str | None = None) -> Response:
        """Coverage per building, counted against the household register."""
        round_ = self.get_object()
        cover = queries.coverage(
            round_, building_ids=queries.visible_building_ids(request.user, round_)
        )
        return Response(
            CoverageSerializer({"total": cover.total(), "buildings": cover.buildings}).data
        )


urlpatterns: list[Any] = []


def register(router: Any) -> None:
    router.register("screening-rounds", ScreeningRoundViewSet, basename="screening-round")
