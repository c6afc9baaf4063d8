"""Door-knocking API: campaigns, progress per building, and recording a visit from a phone."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user
from hub.api.base import ScopedViewSetMixin
from hub.campaigns import queries
from hub.campaigns.actions import record_visit
from hub.campaigns.models import Campaign, Visit


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    class Meta:
        model = Campaign
        fields = [
            "id",
            "name",
            "compound",
            "checklist",
            "starts_on",
            "quiet_hours",
            "alone_every_days",
            "others_every_days",
        ]


class ProgressSerializer(serializers.Serializer):
    name = serializers.CharField()
    households = serializers.IntegerField()
    visited = serializers.IntegerField()
    due = serializers.IntegerField()
    open_follow_ups = serializers.IntegerField()


class VisitInSerializer(serializers.Serializer):
    household = serializers.IntegerField()
    outcome = serializers.ChoiceField(choices=Visit.Outcome.choices)
    idempotency_key = serializers.CharField(max_length=64)
    answers = serializers.DictField(child=serializers.BooleanField(), required=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class VisitOutSerializer(serializers.ModelSerializer[Visit]):
    class Meta:
        model = Visit
        fields = ["id", "household", "outcome", "answers", "visited_at", "idempotency_key"]


class CampaignViewSet(ScopedViewSetMixin[Campaign], viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    base_queryset = Campaign.objects.select_related("checklist").order_by("-starts_on", "-pk")
    serializer_class = CampaignSerializer

    @extend_schema(responses={200: ProgressSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def progress(self, request: Request, pk: str | None = None) -> Response:
        """Per building: households, visited, due now, open follow-ups."""
        campaign = self.get_object()
        rows = queries.progress(request.user, campaign, now=timezone.now())
        return Response(ProgressSerializer(rows, many=True).data)

    @extend_schema(request=VisitInSerializer, responses={201: VisitOutSerializer})
    @action(detail=True, methods=["post"])
    def visit(self, request: Request, pk: str | None = None) -> Response:
        """Record a knock at a household's door (idempotent by key)."""
        campaign = self.get_object()
        data = VisitInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        household = queries.get_campaign_household(request.user, campaign, v["household"])
        visit = record_visit(
            by=acting_user(request),
            campaign=campaign,
            household=household,
            outcome=v["outcome"],
            idempotency_key=v["idempotency_key"],
            now=timezone.now(),
            answers=v.get("answers"),
            note=v.get("note", ""),
        )
        return Response(VisitOutSerializer(visit).data, status=status.HTTP_201_CREATED)


urlpatterns: list[Any] = []


def register(router: Any) -> None:
    router.register("campaigns", CampaignViewSet, basename="campaign")
