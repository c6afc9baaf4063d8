"""Check-in endpoints: check in, check out, replay an offline queue, list check-ins.

Writes are idempotent: every check-in carries a key (the ``Idempotency-Key`` header, or the
``idempotency_key`` / ``checkout_key`` field). A retry with the same key gets the same status
and body as the first request, plus the header ``Idempotent-Replayed: true``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, get_changeable, get_visible
from hub.accounts.models import User
from hub.api.base import ScopedViewSetMixin, query_id
from hub.api.fields import StrictCharField
from hub.errors import DomainError
from hub.volunteering.actions.checkins import (
    BATCH_MAX_ITEMS,
    KEY_MAX_LENGTH,
    CheckInResult,
    OfflineCheckIn,
    Outcome,
    check_in,
    check_out,
    record_offline_batch,
)
from hub.volunteering.models import CheckIn, Shift, SignUp
from hub.volunteering.queries import get_checkin_for, list_checkins

OUTCOMES = [
    Outcome.CHECKED_IN,
    Outcome.ALREADY_CHECKED_IN,
    Outcome.CHECKED_OUT,
    Outcome.ALREADY_CHECKED_OUT,
]
IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A client-chosen key (a UUID); retries with the same key are replayed. "
    "Takes precedence over the key in the body.",
)


class CheckInSerializer(serializers.Serializer):
    # Declared field by field, not a ModelSerializer: the check-in endpoint is a hot path and
    # building fields from the model on every request costs more than the queries.
    id = serializers.IntegerField(read_only=True)
    shift = serializers.IntegerField(source="shift_id", read_only=True)
    post = serializers.IntegerField(source="shift.post_id", read_only=True)
    post_name = serializers.CharField(source="shift.post.name", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    checked_in_at = serializers.DateTimeField(read_only=True)
    checked_out_at = serializers.DateTimeField(read_only=True, allow_null=True)
    method = serializers.ChoiceField(choices=CheckIn.Method.choices, read_only=True)
    auto_closed = serializers.BooleanField(read_only=True)


class CheckInReplySerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    message = serializers.CharField()
    checkin = CheckInSerializer()


class CheckInRequestSerializer(serializers.Serializer):
    shift = serializers.IntegerField()
    person = serializers.IntegerField(
        required=False,
        help_text="Another person's id: a coordinator checks them in (method coordinator).",
    )
    idempotency_key = StrictCharField(
        required=False, max_length=KEY_MAX_LENGTH, help_text="Or the Idempotency-Key header."
    )


class CheckOutRequestSerializer(serializers.Serializer):
    checkout_key = StrictCharField(
        required=False, max_length=KEY_MAX_LENGTH, help_text="Or the Idempotency-Key header."
    )


class OfflineItemSerializer(serializers.Serializer):
    idempotency_key = StrictCharField(max_length=KEY_MAX_LENGTH)
    shift = serializers.IntegerField()
    person = serializers.IntegerField()
    checked_in_at = serializers.DateTimeField()
    checked_out_at = serializers.DateTimeField(required=False, allow_null=True)
    checkout_key = StrictCharField(required=False, allow_blank=True, max_length=KEY_MAX_LENGTH)


class BatchRequestSerializer(serializers.Serializer):
    items = serializers.ListField(child=OfflineItemSerializer(), max_length=BATCH_MAX_ITEMS)


class BatchRowSerializer(serializers.Serializer):
    idempotency_key = StrictCharField()
    outcome = serializers.ChoiceField(choices=OUTCOMES, allow_null=True)
    message = serializers.CharField()
    code = serializers.CharField(help_text="Empty when accepted; the refusal's code otherwise.")
    checkin = CheckInSerializer(allow_null=True)


class BatchReplySerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text="New check-ins written by this request.")
    replayed = serializers.IntegerField(help_text="Rows whose key was seen before.")
    refused = serializers.IntegerField()
    results = BatchRowSerializer(many=True)


def _reply(result: CheckInResult, *, created_status: int = status.HTTP_201_CREATED) -> Response:
    body = CheckInReplySerializer(
        {"outcome": result.outcome, "message": result.message, "checkin": result.checkin}
    ).data
    fresh = result.outcome in (Outcome.CHECKED_IN, Outcome.CHECKED_OUT)
    response = Response(body, status=created_status if fresh else status.HTTP_200_OK)
    if result.replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _key(request: Request, field: str, data: dict[str, Any]) -> str:
    return request.headers.get("Idempotency-Key") or data.get(field) or ""


class CheckInViewSet(
    ScopedViewSetMixin[CheckIn],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Check-ins the user may see: their own, and those of the shifts they manage."""

    base_queryset = CheckIn.objects.select_related("shift__post", "person")
    serializer_class = CheckInSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return CheckIn.objects.none()
        return list_checkins(self.request.user, shift_id=query_id(self.request, "shift"))

    def get_object(self) -> CheckIn:
        return get_checkin_for(self.request.user, self.kwargs["pk"])

    @extend_schema(
        parameters=[
            OpenApiParameter("shift", OpenApiTypes.INT, description="Only this shift's check-ins.")
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=CheckInRequestSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: OpenApiResponse(CheckInReplySerializer, "Checked in (or a replay of that)."),
            200: OpenApiResponse(
                CheckInReplySerializer, "Already checked in with another key: that check-in."
            ),
        },
    )
    def create(self, request: Request) -> Response:
        """Check in to a shift: yourself, or (coordinators) a person without a phone."""
        data = CheckInRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        by = acting_user(request)
        person_id = values.get("person")
        key = _key(request, "idempotency_key", values)
        if person_id is None or person_id == by.person_id:
            return _reply(self._check_in_self(by, values["shift"], key))
        shift = get_changeable(
            request.user, Shift.objects.select_related("post"), pk=values["shift"]
        )
        signup = (
            SignUp.objects.filter(shift=shift, person_id=person_id, status=SignUp.Status.APPROVED)
            .select_related("person")
            .first()
        )
        if signup is None:
            raise DomainError(
                _("There is no approved sign-up for this shift."),
                code="not_signed_up",
                field="person",
            )
        return _reply(
            check_in(
                by=by,
                shift=shift,
                person=signup.person,
                method=CheckIn.Method.COORDINATOR,
                idempotency_key=key,
            )
        )

    def _check_in_self(self, by: User, shift_id: int, key: str) -> CheckInResult:
        # The common case, kept to a few queries: the user's own approved sign-up names the
        # shift (and loads it with its post and the person for the reply). A user always sees
        # their own sign-ups (the rule ``own`` in hub/volunteering/access.py), so filtering by
        # their person is the access check, without building their scope.
        # At most one active sign-up per person and shift (a partial unique constraint): no
        # ORDER BY, as ORDER BY pk with LIMIT can lead PostgreSQL to scan the primary key index.
        mine = (
            SignUp.objects.filter(
                status=SignUp.Status.APPROVED, shift_id=shift_id, person_id=by.person_id
            )
            .select_related("shift__post", "person")
            .order_by()
        )
        signup = next(iter(mine[:1]), None) if by.person_id is not None else None
        if signup is not None:
            return check_in(
                by=by,
                shift=signup.shift,
                person=signup.person,
                idempotency_key=key,
                signup=signup,
            )
        # No sign-up: 404 for a shift the user may not see, else the action says why.
        shift = get_visible(by, Shift.objects.select_related("post"), pk=shift_id)
        return check_in(by=by, shift=shift, idempotency_key=key)

    @extend_schema(
        request=CheckOutRequestSerializer,
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            200: OpenApiResponse(
                CheckInReplySerializer, "Checked out, a replay, or already checked out."
            )
        },
    )
    @action(detail=True, methods=["post"])
    def checkout(self, request: Request, pk: str | None = None) -> Response:
        """Check out; the pending hour entry is written through the ledger."""
        data = CheckOutRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checkin = self.get_object()
        result = check_out(
            by=acting_user(request),
            checkin=checkin,
            checkout_key=_key(request, "checkout_key", data.validated_data),
        )
        return _reply(result, created_status=status.HTTP_200_OK)

    @extend_schema(request=BatchRequestSerializer, responses={200: BatchReplySerializer})
    @action(detail=False, methods=["post"])
    def batch(self, request: Request) -> Response:
        """Replay a coordinator device's offline queue; replaying it again writes nothing."""
        payload = {"items": request.data} if isinstance(request.data, list) else request.data
        data = BatchRequestSerializer(data=payload)
        data.is_valid(raise_exception=True)
        items = [
            OfflineCheckIn(
                idempotency_key=row["idempotency_key"],
                shift_id=row["shift"],
                person_id=row["person"],
                checked_in_at=row["checked_in_at"],
                checked_out_at=row.get("checked_out_at"),
                checkout_key=row.get("checkout_key") or "",
            )
            for row in data.validated_data["items"]
        ]
        outcomes = record_offline_batch(by=acting_user(request), items=items)
        # One query for every row's check-in, so the reply costs the same for 5 rows or 500.
        rows = CheckIn.objects.select_related("shift__post", "person").in_bulk(
            [o.result.checkin.pk for o in outcomes if o.result]
        )
        results = [
            {
                "idempotency_key": o.idempotency_key,
                "outcome": o.result.outcome if o.result else None,
                "message": o.result.message if o.result else o.message,
                "code": o.code,
                "checkin": rows[o.result.checkin.pk] if o.result else None,
            }
            for o in outcomes
        ]
        body = {
            "created": sum(1 for o in outcomes if o.result and o.result.created),
            "replayed": sum(1 for o in outcomes if o.result and o.result.replayed),
            "refused": sum(1 for o in outcomes if o.result is None),
            "results": results,
        }
        return Response(BatchReplySerializer(body).data)


urlpatterns: list = []


def register(router: Any) -> None:
    """Register this module's viewsets on the shared router."""
    router.register("checkins", CheckInViewSet, basename="checkin")
