"""Supplies endpoints: a gate scanner or a group-buy tool posts parcels; scans move them; the
coordinator plans. Thin doors onto hub.supplies.queries and hub.supplies.actions.

Rooms and phones are masked on the server as on the pages (``queries.RoomPolicy``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, get_visible, visible
from hub.api.base import ScopedViewSetMixin, query_id
from hub.supplies import actions, queries
from hub.supplies.models import AssistedOrder, Night, Parcel, Plan, Trip

urlpatterns: list = []


class ParcelSerializer(serializers.ModelSerializer):
    room = serializers.SerializerMethodField()
    contact_phone = serializers.SerializerMethodField()

    class Meta:
        model = Parcel
        fields = [
            "id",
            "night",
            "kind",
            "status",
            "pick_code",
            "barcode",
            "room",
            "quantity",
            "weight_g",
            "priority",
            "group_leader",
            "contact_phone",
            "failure",
            "proxy_name",
            "proxy_relation",
            "trip",
            "received_at",
            "delivered_at",
        ]
        read_only_fields = fields

    def _policy(self, parcel: Parcel) -> queries.RoomPolicy:
        context: dict[str, Any] = self.context  # type: ignore[assignment]
        cache: dict[int, queries.RoomPolicy] = context.setdefault("policies", {})
        if parcel.night_id not in cache:
            night = Night.objects.get(pk=parcel.night_id)
            cache[parcel.night_id] = queries.RoomPolicy.for_user(
                self.context["request"].user, night
            )
        return cache[parcel.night_id]

    def get_room(self, parcel: Parcel) -> str:
        """The room, masked unless the reader manages the compound, leads the building or
        carries the parcel."""
        return self._policy(parcel).room(parcel)

    def get_contact_phone(self, parcel: Parcel) -> str:
        return self._policy(parcel).phone(parcel)


class IntakeSerializer(serializers.Serializer):
    night = serializers.IntegerField()
    room = serializers.CharField(max_length=60, help_text="e.g. 3-1202 or 3号楼1202")
    kind = serializers.ChoiceField(choices=Parcel.Kind.choices, default=Parcel.Kind.COURIER)
    barcode = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    weight_g = serializers.IntegerField(required=False, default=1000)
    quantity = serializers.IntegerField(required=False, default=1)
    priority = serializers.BooleanField(required=False, default=False)


class ScanSerializer(serializers.Serializer):
    night = serializers.IntegerField()
    code = serializers.CharField(max_length=64, help_text="courier barcode or pick code")


class DeliverSerializer(serializers.Serializer):
    proxy_name = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    proxy_relation = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default=""
    )


class FailSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Parcel.Failure.choices)


def _parcels() -> QuerySet[Parcel]:
    return Parcel.objects.select_related(*queries.PARCEL_RELATED)


class ParcelViewSet(
    ScopedViewSetMixin[Parcel],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Parcels the user may see; ``?night=`` narrows to one night."""

    base_queryset = _parcels()
    serializer_class = ParcelSerializer

    def get_queryset(self) -> QuerySet[Parcel]:
        rows = super().get_queryset().order_by("pk")
        night = query_id(self.request, "night")
        if night is not None:
            rows = rows.filter(night_id=night)
        return rows

    @extend_schema(
        parameters=[OpenApiParameter("night", int, required=False)],
        responses={200: ParcelSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _night(self, night_id: int) -> Night:
        """The night named in the body: 403 alike for a missing, invisible or unworked one."""
        night = visible(self.request.user, Night.objects.all()).filter(pk=night_id).first()
        if night is None or not queries.may_work(self.request.user, night):
            raise PermissionDenied
        return night

    def _answer(self, parcel: Parcel, code: int = status.HTTP_200_OK) -> Response:
        row = get_visible(self.request.user, _parcels(), pk=parcel.pk)
        return Response(self.get_serializer(row).data, status=code)

    @extend_schema(request=IntakeSerializer, responses={201: ParcelSerializer})
    def create(self, request: Request) -> Response:
        """Receive a parcel at the gate; the answer carries its pick code. A barcode seen before
        is refused (400, code ``duplicate_barcode``) naming the earlier parcel."""
        data = IntakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        parcel = actions.receive_parcel(
            by=acting_user(request),
            night=self._night(values["night"]),
            kind=values["kind"],
            room_text=values["room"],
            barcode=values["barcode"],
            weight_g=values["weight_g"],
            quantity=values["quantity"],
            priority=values["priority"],
        )
        return self._answer(parcel, status.HTTP_201_CREATED)

    @extend_schema(request=ScanSerializer, responses={200: ParcelSerializer})
    @action(detail=False, methods=["post"])
    def sort(self, request: Request) -> Response:
        """A sorting-table scan: the parcel named by its barcode or pick code is sorted."""
        data = ScanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        night = self._night(data.validated_data["night"])
        parcel = queries.find_parcel(night, data.validated_data["code"])
        parcel = actions.sort_parcel(
            by=acting_user(request), parcel=parcel, scanned=data.validated_data["code"]
        )
        return self._answer(parcel)

    def _on_my_trip(self) -> Parcel:
        parcel = self.get_object()
        if not visible(self.request.user, Trip.objects.filter(pk=parcel.trip_id or 0)).exists():
            raise PermissionDenied
        return parcel

    @extend_schema(request=DeliverSerializer, responses={200: ParcelSerializer})
    @action(detail=True, methods=["post"])
    def deliver(self, request: Request, pk: str | None = None) -> Response:
        """放门口了 (or handed to a neighbour or relative); the household is told."""
        parcel = self._on_my_trip()
        data = DeliverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parcel = actions.deliver_parcel(
            by=acting_user(request), parcel=parcel, **data.validated_data
        )
        return self._answer(parcel)

    @extend_schema(request=FailSerializer, responses={200: ParcelSerializer})
    @action(detail=True, methods=["post"])
    def fail(self, request: Request, pk: str | None = None) -> Response:
        """Not delivered, with the reason; the parcel waits to be requeued."""
        parcel = self._on_my_trip()
        data = FailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        parcel = actions.fail_parcel(
            by=acting_user(request), parcel=parcel, reason=data.validated_data["reason"]
        )
        return self._answer(parcel)


class TripSerializer(serializers.ModelSerializer):
    parcels = serializers.SerializerMethodField()

    class Meta:
        model = Trip
        fields = ["id", "night", "volunteer", "cart", "round", "status", "distance_m", "parcels"]
        read_only_fields = fields

    def get_parcels(self, trip: Trip) -> list[int]:
        """Parcel ids in door order is on the trip page; here the ids on board."""
        return [p.pk for p in trip.parcels.all()]


class TripViewSet(ScopedViewSetMixin[Trip], viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """A volunteer's own trips; a coordinator's compound's trips."""

    base_queryset = Trip.objects.exclude(status=Trip.Status.CANCELLED).prefetch_related("parcels")
    serializer_class = TripSerializer

    def get_queryset(self) -> QuerySet[Trip]:
        return super().get_queryset().order_by("night", "volunteer", "round", "pk")


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = [
            "id",
            "night",
            "trips",
            "lower_bound",
            "distance_m",
            "naive_distance_m",
            "runtime_ms",
            "created_at",
        ]
        read_only_fields = fields


class NightSerializer(serializers.ModelSerializer):
    class Meta:
        model = Night
        fields = ["id", "compound", "date", "title", "delivery_shift", "sorting_shift"]
        read_only_fields = fields


class NightViewSet(ScopedViewSetMixin[Night], viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Nights the user may see; the coordinator plans one with ``plan``."""

    base_queryset = Night.objects.all()
    serializer_class = NightSerializer

    def get_queryset(self) -> QuerySet[Night]:
        return super().get_queryset().order_by("-date", "-id")

    @extend_schema(request=None, responses={201: PlanSerializer})
    @action(detail=True, methods=["post"])
    def plan(self, request: Request, pk: str | None = None) -> Response:
        """Plan the night's cart trips again (trips on the road are kept)."""
        night = self.get_changeable_object()
        made = actions.plan_night(by=acting_user(request), night=night)
        return Response(PlanSerializer(made).data, status=status.HTTP_201_CREATED)


class AssistedOrderSerializer(serializers.ModelSerializer):
    resident_name = serializers.SerializerMethodField()
    room = serializers.SerializerMethodField()

    class Meta:
        model = AssistedOrder
        fields = [
            "id",
            "night",
            "room",
            "resident_name",
            "items",
            "shop",
            "volunteer",
            "status",
            "parcel",
            "recorded_at",
            "arrived_at",
        ]
        read_only_fields = fields

    def _row(self, order: AssistedOrder) -> queries.AssistedRow:
        context: dict[str, Any] = self.context  # type: ignore[assignment]
        cache: dict[int, dict[int, queries.AssistedRow]] = context.setdefault("rows", {})
        if order.night_id not in cache:
            night = Night.objects.get(pk=order.night_id)
            rows = queries.assisted_orders(self.context["request"].user, night)
            cache[order.night_id] = {row.order.pk: row for row in rows}
        return cache[order.night_id][order.pk]

    def get_resident_name(self, order: AssistedOrder) -> str:
        """Masked unless the reader manages the compound, leads the building or recorded it."""
        return self._row(order).resident

    def get_room(self, order: AssistedOrder) -> str:
        return self._row(order).room


class AssistedOrderCreateSerializer(serializers.Serializer):
    night = serializers.IntegerField()
    room = serializers.CharField(max_length=60, help_text="e.g. 3-1202")
    resident_name = serializers.CharField(max_length=60)
    items = serializers.CharField(max_length=500)
    shop = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class ArrivedSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=64, help_text="the parcel's pick code or barcode")


class AssistedOrderViewSet(
    ScopedViewSetMixin[AssistedOrder],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Assisted orders (代下单) the user may see; ``?night=`` narrows to one night."""

    base_queryset = AssistedOrder.objects.all()
    serializer_class = AssistedOrderSerializer

    def get_queryset(self) -> QuerySet[AssistedOrder]:
        rows = super().get_queryset().order_by("night", "status", "pk")
        night = self.request.query_params.get("night")
        if night and night.isdigit():
            rows = rows.filter(night_id=int(night))
        return rows

    @extend_schema(
        parameters=[OpenApiParameter("night", int, required=False)],
        responses={200: AssistedOrderSerializer(many=True)},
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def _answer(self, order: AssistedOrder, code: int = status.HTTP_200_OK) -> Response:
        row = get_visible(self.request.user, AssistedOrder.objects.all(), pk=order.pk)
        return Response(self.get_serializer(row).data, status=code)

    @extend_schema(request=AssistedOrderCreateSerializer, responses={201: AssistedOrderSerializer})
    def create(self, request: Request) -> Response:
        """Record an order placed for a resident who cannot use a phone."""
        data = AssistedOrderCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        night_id = values.pop("night")
        night = visible(request.user, Night.objects.all()).filter(pk=night_id).first()
        if night is None or not queries.may_work(request.user, night):
            raise PermissionDenied
        order = actions.record_assisted_order(
            by=acting_user(request), night=night, room_text=values.pop("room"), **values
        )
        return self._answer(order, status.HTTP_201_CREATED)

    @extend_schema(request=ArrivedSerializer, responses={200: AssistedOrderSerializer})
    @action(detail=True, methods=["post"])
    def arrived(self, request: Request, pk: str | None = None) -> Response:
        """The goods came through the gate: link the parcel by its pick code or barcode."""
        order = self.get_changeable_object()
        data = ArrivedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = actions.link_assisted_parcel(
            by=acting_user(request), order=order, code=data.validated_data["code"]
        )
        return self._answer(order)


def register(router: Any) -> None:
    """Register this module's viewsets on the shared router."""
    router.register("supply-nights", NightViewSet, basename="supply-night")
    router.register("parcels", ParcelViewSet, basename="parcel")
    router.register("supply-trips", TripViewSet, basename="supply-trip")
    router.register("assisted-orders", AssistedOrderViewSet, basename="assisted-order")
