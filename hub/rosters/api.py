"""API of roster runs: their results and cells, solving and publishing (thin doors onto
queries and actions). Registered on the shared /api/v1/ router by hub/api/urls.py."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user
from hub.api.base import ScopedReadOnlyViewSet
from hub.rosters.actions import (
    PublishRefused,
    propose_repair,
    publish_repair,
    publish_run,
    start_roster_run,
)
from hub.rosters.models import RosterCell, RosterRun

urlpatterns: list = []


class RosterCellSerializer(serializers.ModelSerializer):
    class Meta:
        model = RosterCell
        fields = ["shift", "person", "locked", "source"]
        read_only_fields = fields


class RosterRunSerializer(serializers.ModelSerializer):
    # Plain strings: their choice sets would collide with other apps' "kind"/"status" enums.
    kind = serializers.CharField(read_only=True, help_text="volunteer | duty")
    status = serializers.CharField(
        read_only=True, help_text="draft | queued | solved | failed | published"
    )

    class Meta:
        model = RosterRun
        fields = [
            "id",
            "organization",
            "branch",
            "compound",
            "title",
            "kind",
            "period_start",
            "period_end",
            "status",
            "job",
            "version",
            "published_at",
            "created_at",
        ]
        read_only_fields = fields


class RosterRunDetailSerializer(RosterRunSerializer):
    cells = RosterCellSerializer(many=True, read_only=True)
    result = serializers.JSONField(read_only=True)
    proposal = serializers.JSONField(read_only=True)
    rules = serializers.JSONField(read_only=True)
    weights = serializers.JSONField(read_only=True)

    class Meta(RosterRunSerializer.Meta):
        fields = [
            *RosterRunSerializer.Meta.fields,
            "rules",
            "weights",
            "result",
            "proposal",
            "cells",
        ]
        read_only_fields = fields


class PublishRefusedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    failures = serializers.ListField(child=serializers.DictField())


class RosterRunViewSet(ScopedReadOnlyViewSet[RosterRun]):
    """Roster runs the user may see; the detail carries the result, explanations and cells."""

    base_queryset = RosterRun.objects.prefetch_related("cells").order_by("-period_start", "-id")

    def get_serializer_class(self) -> Any:
        return RosterRunSerializer if self.action == "list" else RosterRunDetailSerializer

    def _done(self, run: RosterRun) -> Response:
        run = RosterRun.objects.prefetch_related("cells").get(pk=run.pk)
        return Response(RosterRunDetailSerializer(run).data)

    def _refused(self, exc: PublishRefused) -> Response:
        return Response(
            {"detail": exc.message, "code": exc.code, "failures": exc.failures},
            status=status.HTTP_400_BAD_REQUEST,
        )

    @extend_schema(request=None, responses={202: RosterRunDetailSerializer})
    @action(detail=True, methods=["post"])
    def solve(self, request: Request, pk: str | None = None) -> Response:
        """Queue the solve as a background job; poll the run (or its job) for the result."""
        run = self.get_changeable_object()
        start_roster_run(by=acting_user(request), run=run)
        response = self._done(run)
        response.status_code = status.HTTP_202_ACCEPTED
        return response

    @extend_schema(
        request=None, responses={200: RosterRunDetailSerializer, 400: PublishRefusedSerializer}
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish all places as approved sign-ups, or nothing (400 lists every refusal)."""
        run = self.get_changeable_object()
        try:
            run = publish_run(by=acting_user(request), run=run)
        except PublishRefused as exc:
            return self._refused(exc)
        return self._done(run)

    @extend_schema(request=None, responses={200: RosterRunDetailSerializer})
    @action(detail=True, methods=["post"])
    def repair(self, request: Request, pk: str | None = None) -> Response:
        """Propose the fewest changes that refill a published roster's holes."""
        run = propose_repair(by=acting_user(request), run=self.get_changeable_object())
        return self._done(run)

    @extend_schema(
        request=None, responses={200: RosterRunDetailSerializer, 400: PublishRefusedSerializer}
    )
    @action(detail=True, methods=["post"], url_path="repair/publish")
    def repair_publish(self, request: Request, pk: str | None = None) -> Response:
        """Apply the stored repair proposal, all or nothing."""
        run = self.get_changeable_object()
        try:
            run = publish_repair(by=acting_user(request), run=run)
        except PublishRefused as exc:
            return self._refused(exc)
        return self._done(run)


def register(router: Any) -> None:
    router.register("roster-runs", RosterRunViewSet, basename="roster-run")
