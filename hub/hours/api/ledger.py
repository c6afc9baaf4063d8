"""Ledger endpoints: entries (record, confirm, correct), correction requests, totals, star
awards and exports. Thin doors onto :mod:`hub.hours.actions.ledger`,
:mod:`~hub.hours.actions.stars`, :mod:`~hub.hours.actions.exports` and :mod:`~hub.hours.queries`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, get_changeable, get_visible
from hub.api.base import ScopedViewSetMixin
from hub.api.fields import StrictDateField
from hub.hours import queries
from hub.hours.actions.exports import (
    approve_export,
    export_filename,
    reject_export,
    render_export,
    request_export,
)
from hub.hours.actions.ledger import (
    confirm_entry,
    confirm_shift,
    correct_entry,
    decide_correction,
    record_entry,
    request_correction,
)
from hub.hours.actions.stars import grant_star, reject_star, start_star_review
from hub.hours.models import CorrectionRequest, ExportRequest, HourEntry, StarAward
from hub.people.models import Organization, Person
from hub.volunteering.models import Post, Shift

HOURS = {"max_digits": 5, "decimal_places": 2, "min_value": 0, "max_value": 24}


# Serializers ---------------------------------------------------------------------------------
class HourEntrySerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.masked_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = HourEntry
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "organization_name",
            "post",
            "shift",
            "checkin",
            "kind",
            "entry_type",
            "reverses",
            "status",
            "served_on",
            "activity",
            "place",
            "content",
            "hours",
            "evaluation",
            "activity_lead",
            "reason",
            "recorded_by",
            "confirmed_by",
            "confirmed_at",
            "created_at",
        ]
        read_only_fields = fields


class RecordEntrySerializer(serializers.Serializer):
    person = serializers.IntegerField()
    post = serializers.IntegerField()
    served_on = serializers.DateField()
    hours = serializers.DecimalField(**HOURS)  # type: ignore[arg-type]
    content = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)
    evaluation = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class CorrectSerializer(serializers.Serializer):
    hours = serializers.DecimalField(**HOURS)  # type: ignore[arg-type]
    reason = serializers.CharField(max_length=300)


class ConfirmShiftSerializer(serializers.Serializer):
    shift = serializers.IntegerField()


class ConfirmedCountSerializer(serializers.Serializer):
    confirmed = serializers.IntegerField()


class CorrectionRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = CorrectionRequest
        fields = [
            "id",
            "entry",
            "requested_by",
            "proposed_hours",
            "reason",
            "status",
            "decided_by",
            "decision_note",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class CorrectionCreateSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    proposed_hours = serializers.DecimalField(**HOURS)  # type: ignore[arg-type]
    reason = serializers.CharField(max_length=300)


class DecideSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    note = serializers.CharField(max_length=300, required=False, default="", allow_blank=True)


class StarAwardSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.masked_name", read_only=True)

    class Meta:
        model = StarAward
        fields = [
            "id",
            "person",
            "person_name",
            "organization",
            "level",
            "hours_at_review",
            "status",
            "notice_until",
            "reviewed_by",
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields


class StarReviewSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    level = serializers.IntegerField(min_value=1, max_value=5)
    notice_days = serializers.IntegerField(min_value=1, max_value=60, default=7)
    organization = serializers.IntegerField(required=False)


class ExportRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExportRequest
        fields = [
            "id",
            "organization",
            "requested_by",
            "approved_by",
            "unmasked",
            "period_start",
            "period_end",
            "status",
            "created_at",
            "decided_at",
        ]
        read_only_fields = fields


class ExportCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    unmasked = serializers.BooleanField(default=False)


class TotalsSerializer(serializers.Serializer):
    volunteer_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    volunteer_entries = serializers.IntegerField()
    people = serializers.IntegerField()
    duty_records = serializers.IntegerField()
    duty_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    pending_entries = serializers.IntegerField()


class TotalsQuerySerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False)
    branch = serializers.IntegerField(required=False)
    organization = serializers.IntegerField(required=False)
    start = StrictDateField(required=False)
    end = StrictDateField(required=False)


# Viewsets ------------------------------------------------------------------------------------
class _OneRowActionMixin:
    """Endpoints that run one action on the row their URL names and answer the row it returns.

    ``row_keyword`` is the keyword the viewset's actions take their row by.
    """

    row_keyword: str

    def act_on_row(self, request: Request, write: Callable[..., Any], **options: Any) -> Response:
        row = self.get_changeable_object()  # type: ignore[attr-defined]
        done = write(by=acting_user(request), **{self.row_keyword: row}, **options)
        return Response(self.get_serializer(done).data)  # type: ignore[attr-defined]


class HourEntryViewSet(
    _OneRowActionMixin,
    ScopedViewSetMixin[HourEntry],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Ledger entries the user may see: their own, and those their organization/posts record."""

    base_queryset = HourEntry.objects.select_related("person", "organization").order_by(
        "-served_on", "-id"
    )
    serializer_class = HourEntrySerializer
    row_keyword = "entry"

    @extend_schema(request=RecordEntrySerializer, responses={201: HourEntrySerializer})
    def create(self, request: Request) -> Response:
        """Record hours by hand (pending until confirmed)."""
        data = RecordEntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        post = get_visible(request.user, Post.objects.all(), pk=values["post"])
        person = Person.objects.filter(pk=values["person"]).first()
        if person is None:
            return Response(
                {"detail": _("You cannot record hours for this person."), "code": "not_found"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        entry = record_entry(
            by=acting_user(request),
            person=person,
            post=post,
            served_on=values["served_on"],
            hours=values["hours"],
            content=values["content"],
            evaluation=values["evaluation"],
        )
        return Response(HourEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: HourEntrySerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        """Confirm a pending entry; a second confirmation answers 400 ``already_confirmed``."""
        return self.act_on_row(request, confirm_entry)

    @extend_schema(request=CorrectSerializer, responses={201: HourEntrySerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: str | None = None) -> Response:
        """Write a reversal and a correction; answers the correction entry."""
        entry = self.get_changeable_object()
        data = CorrectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        correction = correct_entry(
            by=acting_user(request),
            entry=entry,
            hours=data.validated_data["hours"],
            reason=data.validated_data["reason"],
        )
        return Response(HourEntrySerializer(correction).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: HourEntrySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """The entry's chain: original, reversals and corrections, oldest first."""
        entry = self.get_object()
        return Response(HourEntrySerializer(queries.entry_history(entry), many=True).data)

    @extend_schema(request=ConfirmShiftSerializer, responses={200: ConfirmedCountSerializer})
    @action(detail=False, methods=["post"], url_path="confirm-shift")
    def confirm_shift(self, request: Request) -> Response:
        """Confirm every pending entry of a shift; answers how many were confirmed."""
        data = ConfirmShiftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        shift = get_changeable(request.user, Shift.objects.all(), pk=data.validated_data["shift"])
        count = confirm_shift(by=acting_user(request), shift=shift)
        return Response({"confirmed": count})


class CorrectionRequestViewSet(
    ScopedViewSetMixin[CorrectionRequest],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Correction requests: the volunteer's own, and those on entries the user manages."""

    base_queryset = CorrectionRequest.objects.order_by("-created_at", "-id")
    serializer_class = CorrectionRequestSerializer

    @extend_schema(request=CorrectionCreateSerializer, responses={201: CorrectionRequestSerializer})
    def create(self, request: Request) -> Response:
        data = CorrectionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = get_visible(request.user, HourEntry.objects.all(), pk=data.validated_data["entry"])
        made = request_correction(
            by=acting_user(request),
            entry=entry,
            proposed_hours=data.validated_data["proposed_hours"],
            reason=data.validated_data["reason"],
        )
        return Response(CorrectionRequestSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecideSerializer, responses={200: CorrectionRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """Accept (the entry is corrected) or reject (a note is required)."""
        correction = self.get_changeable_object()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = decide_correction(
            by=acting_user(request),
            request=correction,
            accept=data.validated_data["accept"],
            note=data.validated_data["note"],
        )
        return Response(CorrectionRequestSerializer(decided).data)


class StarAwardViewSet(
    _OneRowActionMixin,
    ScopedViewSetMixin[StarAward],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Star awards: the person's own, and their organization's reviews."""

    base_queryset = StarAward.objects.select_related("person").order_by("-created_at", "-id")
    serializer_class = StarAwardSerializer
    row_keyword = "award"

    @extend_schema(request=StarReviewSerializer, responses={201: StarAwardSerializer})
    def create(self, request: Request) -> Response:
        """Start a review: the level goes into public notice (refused when not eligible)."""
        data = StarReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = get_visible(request.user, Person.objects.all(), pk=values["person"])
        organization = None
        if values.get("organization") is not None:
            organization = get_visible(
                request.user, Organization.objects.all(), pk=values["organization"]
            )
        award = start_star_review(
            by=acting_user(request),
            person=person,
            level=values["level"],
            notice_days=values["notice_days"],
            organization=organization,
        )
        return Response(StarAwardSerializer(award).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: StarAwardSerializer})
    @action(detail=True, methods=["post"])
    def grant(self, request: Request, pk: str | None = None) -> Response:
        """Grant after the public notice ended (400 ``notice_running`` before)."""
        return self.act_on_row(request, grant_star, now=timezone.now())

    @extend_schema(request=None, responses={200: StarAwardSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self.act_on_row(request, reject_star)


class ExportRequestViewSet(
    _OneRowActionMixin,
    ScopedViewSetMixin[ExportRequest],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Export requests of the organizations the user administers."""

    base_queryset = ExportRequest.objects.order_by("-created_at", "-id")
    serializer_class = ExportRequestSerializer
    row_keyword = "request"

    @extend_schema(request=ExportCreateSerializer, responses={201: ExportRequestSerializer})
    def create(self, request: Request) -> Response:
        """Masked exports are ready at once; unmasked ones await a second admin."""
        data = ExportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        organization = get_visible(
            request.user, Organization.objects.all(), pk=values["organization"]
        )
        export = request_export(
            by=acting_user(request),
            organization=organization,
            start=values["start"],
            end=values["end"],
            unmasked=values["unmasked"],
        )
        return Response(ExportRequestSerializer(export).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ExportRequestSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """A different admin approves an unmasked export (400 ``needs_second_approver``)."""
        return self.act_on_row(request, approve_export)

    @extend_schema(request=None, responses={200: ExportRequestSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str | None = None) -> Response:
        return self.act_on_row(request, reject_export)

    @extend_schema(
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV")}
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The CSV (UTF-8 with BOM); every download is written to the access log."""
        export = self.get_changeable_object()
        data = render_export(by=acting_user(request), request=export)
        response = HttpResponse(data, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{export_filename(export)}"'
        response["Cache-Control"] = "no-store"
        return response


# Totals --------------------------------------------------------------------------------------
@extend_schema(
    parameters=[
        OpenApiParameter("person", int, description="Default: yourself"),
        OpenApiParameter("branch", int, description="Members of the branch and its sub-branches"),
        OpenApiParameter("organization", int, description="Recorded by this organization"),
        OpenApiParameter("start", OpenApiTypes.DATE),
        OpenApiParameter("end", OpenApiTypes.DATE),
    ],
    responses={200: TotalsSerializer},
)
@api_view(["GET"])
def totals(request: Request) -> Response:
    """Ledger totals (confirmed volunteer hours; duty apart). Not an official certification."""
    query = TotalsQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    result = queries.totals_for(request.user, **query.validated_data)
    return Response(TotalsSerializer(result).data)


urlpatterns = [path("hours/totals/", totals, name="hour-totals")]


def register(router: Any) -> None:
    """Register this module's viewsets on the shared router."""
    router.register("hour-entries", HourEntryViewSet, basename="hour-entry")
    router.register("correction-requests", CorrectionRequestViewSet, basename="correction-request")
    router.register("star-awards", StarAwardViewSet, basename="star-award")
    router.register("hour-exports", ExportRequestViewSet, basename="hour-export")
