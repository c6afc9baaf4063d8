"""Screening API: rounds, scanning (sampling apps post here), offline batches and coverage."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user
from hub.api.base import ScopedViewSetMixin
from hub.errors import DomainError
from hub.screening import queries
from hub.screening.actions import record_scan_batch, scan
from hub.screening.actions.antigen import report_antigen
from hub.screening.models import AntigenReport, SamplingPoint, ScreeningRound
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


class AntigenReportInSerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False, help_text="Omit to report for yourself.")
    day = serializers.DateField()
    result = serializers.ChoiceField(choices=AntigenReport.Result.choices)
    photo = serializers.CharField(
        required=False, allow_blank=True, help_text="A JPEG or PNG picture, base64-encoded."
    )


class AntigenReportOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    day = serializers.DateField()
    has_photo = serializers.BooleanField()


class NotReportedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="masked_name")
    building = serializers.CharField(source="household.building.name")
    room = serializers.CharField(source="household.room")


class AntigenViewSet(viewsets.ViewSet):
    """Antigen self-tests: report a result (yours, or a resident's as a helper); who has not
    reported for a day in the buildings you see (never their results)."""

    @extend_schema(request=AntigenReportInSerializer, responses={201: AntigenReportOutSerializer})
    @action(detail=False, methods=["post"])
    def report(self, request: Request) -> Response:
        data = AntigenReportInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if v.get("person") is None:
            person = queries.resident_of(request.user)
            if person is None:
                raise DomainError(
                    _("You are not registered as a resident of a compound."), code="not_resident"
                )
        else:
            person = queries.visible_resident(request.user, v["person"])
        photo = None
        if v.get("photo"):
            try:
                photo = base64.b64decode(v["photo"], validate=True)
            except (binascii.Error, ValueError):
                raise DomainError(
                    _("The photo must be a JPEG or PNG picture."), code="photo_type"
                ) from None
        report = report_antigen(
            by=acting_user(request),
            person=person,
            day=v["day"],
            result=v["result"],
            now=timezone.now(),
            photo=photo,
        )
        body = {
            "id": report.pk,
            "person_id": report.person_id,
            "day": report.day,
            "has_photo": bool(report.photo_type),
        }
        return Response(AntigenReportOutSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("day", OpenApiTypes.DATE, required=False)],
        responses={200: NotReportedSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], url_path="not-reported")
    def not_reported(self, request: Request) -> Response:
        try:
            day = parse_date(request.query_params.get("day", "") or "") or timezone.localdate()
        except ValueError:
            day = None
        if day is None:
            raise DomainError(_("Give the day as YYYY-MM-DD."), code="day", field="day")
        people = queries.not_reported(request.user, day=day)[:1000]
        return Response(NotReportedSerializer(people, many=True).data)


urlpatterns: list[Any] = []


def register(router: Any) -> None:
    router.register("screening-rounds", ScreeningRoundViewSet, basename="screening-round")
    router.register("antigen", AntigenViewSet, basename="antigen")
