"""Office endpoints: the entry check a turnstile or kiosk posts to, and the logs (entries,
cleaning rounds, sites). Thin doors onto hub.office.actions and hub.office.queries; names and
phones leave masked (they are stored masked)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, get_visible
from hub.api.base import ScopedViewSetMixin, query_id
from hub.office.actions.entries import record_entry
from hub.office.models import CleaningRecord, CodeColour, ContractorWorker, Entry, Site
from hub.office.reasons import describe_reasons

urlpatterns: list = []


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = [
            "id",
            "organization",
            "name",
            "kind",
            "require_green",
            "test_valid_hours",
            "retention_days",
        ]
        read_only_fields = fields


class EntrySerializer(serializers.ModelSerializer):
    reasons_zh = serializers.SerializerMethodField()
    reasons_en = serializers.SerializerMethodField()

    class Meta:
        model = Entry
        fields = [
            "id",
            "site",
            "kind",
            "method",
            "outcome",
            "arrived_at",
            "masked_name",
            "masked_phone",
            "purpose",
            "host",
            "code_colour",
            "tested_on",
            "worker",
            "reasons_zh",
            "reasons_en",
        ]
        read_only_fields = fields

    def get_reasons_zh(self, obj: Entry) -> str:
        """Why it was refused, in Chinese (empty when admitted)."""
        return describe_reasons(obj.reasons, "zh-hans")

    def get_reasons_en(self, obj: Entry) -> str:
        """Why it was refused, in English (empty when admitted)."""
        return describe_reasons(obj.reasons, "en")


class EntryCheckSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Entry.Kind.choices)
    code_colour = serializers.ChoiceField(choices=CodeColour.choices)
    tested_on = serializers.DateField(required=False, allow_null=True)
    name = serializers.CharField(max_length=60, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    purpose = serializers.CharField(max_length=120, required=False, allow_blank=True)
    host = serializers.CharField(max_length=60, required=False, allow_blank=True)
    worker = serializers.IntegerField(required=False, allow_null=True)
    key = serializers.CharField(max_length=64, required=False, allow_blank=True)


class CleaningRecordSerializer(serializers.ModelSerializer):
    done_by = serializers.CharField(source="masked_done_by", read_only=True)

    class Meta:
        model = CleaningRecord
        fields = ["id", "area", "done_at", "done_by", "agent", "concentration_mg_l", "note"]
        read_only_fields = fields


class SiteViewSet(
    ScopedViewSetMixin[Site],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Entry sites the user's office runs or whose desk they work, with their rule;
    ``check`` judges a new arrival (a turnstile or kiosk posts to it)."""

    base_queryset = Site.objects.order_by("organization_id", "name")
    serializer_class = SiteSerializer

    @extend_schema(
        request=EntryCheckSerializer,
        responses={201: EntrySerializer, 200: EntrySerializer},
        description="Judge an arrival by the site's rule and record it (admitted or refused). "
        "A replay with the same key answers 200 with the first entry.",
    )
    @action(detail=True, methods=["post"])
    def check(self, request: Request, pk: str | None = None) -> Response:
        data = EntryCheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = dict(data.validated_data)
        site = self.get_object()
        worker_id = values.pop("worker", None)
        worker = None
        if worker_id:
            worker = get_visible(
                request.user,
                ContractorWorker.objects.select_related("company").filter(
                    company__organization_id=site.organization_id
                ),
                pk=worker_id,
            )
        key = values.get("key", "")
        replay = bool(key) and Entry.objects.filter(site=site, key=key).exists()
        entry = record_entry(
            by=acting_user(request), site=site, method=Entry.Method.API, worker=worker, **values
        )
        return Response(
            EntrySerializer(entry).data,
            status=status.HTTP_200_OK if replay else status.HTTP_201_CREATED,
        )


class EntryViewSet(
    ScopedViewSetMixin[Entry],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """The entry log (masked) of the sites the user works (``?site=`` narrows it to one)."""

    base_queryset = Entry.objects.order_by("-arrived_at", "-id")
    serializer_class = EntrySerializer

    def get_queryset(self) -> QuerySet[Entry]:
        queryset = super().get_queryset()
        site = query_id(self.request, "site")
        if site is not None:
            queryset = queryset.filter(site_id=site)
        return queryset


class CleaningRecordViewSet(
    ScopedViewSetMixin[CleaningRecord],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Cleaning and disinfection rounds of the user's organization's areas (names masked)."""

    base_queryset = CleaningRecord.objects.order_by("-done_at", "-id")
    serializer_class = CleaningRecordSerializer


def register(router: Any) -> None:
    """Register this module's viewsets on the shared router."""
    router.register("office-sites", SiteViewSet, basename="office-site")
    router.register("office-entries", EntryViewSet, basename="office-entry")
    router.register(
        "office-cleaning-records", CleaningRecordViewSet, basename="office-cleaning-record"
    )
