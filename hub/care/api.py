"""Care endpoints: requests for help (intake from other tools, claim) and the contact log.

Thin doors onto hub.care.queries and hub.care.actions; phones leave the server masked.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, changeable, get_visible, visible
from hub.api.base import ScopedViewSetMixin
from hub.care.actions import claim_request, record_contact, submit_help_request
from hub.care.models import CareRecipient, ContactLog, ContactMode, HelpRequest, Need
from hub.places.models import Building, Compound
from hub.privacy.masking import mask_phone

urlpatterns: list = []


class HelpRequestSerializer(serializers.ModelSerializer):
    requester_phone = serializers.SerializerMethodField()

    class Meta:
        model = HelpRequest
        fields = [
            "id", "organization", "compound", "building", "room", "for_name", "relation",
            "requester_phone", "need", "details", "urgency", "status", "source", "merged_into",
            "assignee", "claimed_at", "due_at", "escalated_at", "resolved_at", "resolution",
            "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_requester_phone(self, obj: HelpRequest) -> str:
        return mask_phone(obj.requester_phone)


class HelpRequestIntakeSerializer(serializers.Serializer):
    compound = serializers.IntegerField()
    building = serializers.IntegerField(required=False, allow_null=True)
    room = serializers.CharField(max_length=30, required=False, allow_blank=True)
    for_name = serializers.CharField(max_length=60)
    requester_name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    requester_phone = serializers.CharField(max_length=20)
    relation = serializers.ChoiceField(choices=HelpRequest.Relation.choices, default="self")
    need = serializers.ChoiceField(choices=Need.choices)
    urgency = serializers.ChoiceField(choices=HelpRequest.Urgency.choices)
    details = serializers.CharField(max_length=1000, required=False, allow_blank=True)


class HelpRequestViewSet(
    ScopedViewSetMixin[HelpRequest],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """Requests for help the user may see; a duplicate comes back as the open request it joined."""

    base_queryset = HelpRequest.objects.order_by("due_at", "id")
    serializer_class = HelpRequestSerializer

    @extend_schema(request=HelpRequestIntakeSerializer, responses={201: HelpRequestSerializer})
    def create(self, request: Request) -> Response:
        """Take a request from another tool, for a compound the user coordinates."""
        data = HelpRequestIntakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        # The same 403 for another organization's compound and a missing one: nothing leaks.
        compound = changeable(
            request.user, Compound.objects.filter(pk=values.pop("compound"))
        ).first()
        if compound is None:
            raise PermissionDenied(_("You may not take requests for this compound."))
        building_id = values.pop("building", None)
        building = (
            get_visible(request.user, Building.objects.filter(compound=compound), pk=building_id)
            if building_id
            else None
        )
        acting_user(request)
        row = submit_help_request(
            compound=compound, building=building, source=HelpRequest.Source.API, **values
        )
        return Response(HelpRequestSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: HelpRequestSerializer})
    @action(detail=True, methods=["post"])
    def claim(self, request: Request, pk: str | None = None) -> Response:
        """Take the request (one claim wins; the others get ``already_claimed``)."""
        row = claim_request(by=acting_user(request), request=self.get_object())
        return Response(HelpRequestSerializer(row).data)


class ContactLogSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactLog
        fields = [
            "id", "recipient", "pairing", "by_person", "at", "mode", "outcome", "note",
            "needs_found", "next_due_at",
        ]  # fmt: skip
        read_only_fields = fields


class PurchaseInSerializer(serializers.Serializer):
    items = serializers.CharField(max_length=300)
    cost = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=0)
    paid_by = serializers.CharField(max_length=60, required=False, allow_blank=True)


class ContactInSerializer(serializers.Serializer):
    recipient = serializers.IntegerField()
    mode = serializers.ChoiceField(choices=ContactMode.choices)
    outcome = serializers.ChoiceField(choices=ContactLog.Outcome.choices)
    at = serializers.DateTimeField(required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    needs_found = serializers.CharField(max_length=300, required=False, allow_blank=True)
    next_due_at = serializers.DateTimeField(required=False)
    purchases = PurchaseInSerializer(many=True, required=False)


class ContactLogViewSet(
    ScopedViewSetMixin[ContactLog],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    """The contact log of the people the user may see (a volunteer: those paired with them)."""

    base_queryset = ContactLog.objects.order_by("-at", "-id")
    serializer_class = ContactLogSerializer

    @extend_schema(request=ContactInSerializer, responses={201: ContactLogSerializer})
    def create(self, request: Request) -> Response:
        """Log a call or visit (the paired volunteer or the coordinator)."""
        data = ContactInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        # The same 403 for someone out of scope and a missing id: nothing leaks.
        recipient = visible(
            request.user, CareRecipient.objects.filter(pk=values.pop("recipient"))
        ).first()
        if recipient is None:
            raise PermissionDenied(_("You may not log contacts for this person."))
        row = record_contact(by=acting_user(request), recipient=recipient, **values)
        return Response(ContactLogSerializer(row).data, status=status.HTTP_201_CREATED)


def register(router: Any) -> None:
    """Register this module's viewsets on the shared router."""
    router.register("care/requests", HelpRequestViewSet, basename="care-request")
    router.register("care/contacts", ContactLogViewSet, basename="care-contact")
