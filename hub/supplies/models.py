"""Sealed-compound supplies: parcels from the gate to the door, carts, trips and custody.

A night (one evening's intake at a compound's gate) holds parcels; each parcel belongs to a
household once its room is known (until then it waits on the exceptions list with the text that
was typed). Every hand-over — gate, sorting, cart, door — is a custody event, so the chain of
custody says where a parcel is and who had it last. Statuses move only through
``Parcel.TRANSITIONS`` (enforced by ``hub.supplies.actions``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SupplySite(models.Model):
    """A compound's supplies settings: how the household hears "放门口了"."""

    class NoticeVia(models.TextChoices):
        ROBOT = "robot", _("Building group robot")
        SMS = "sms", _("SMS to the household")

    compound = models.OneToOneField(
        "places.Compound", on_delete=models.CASCADE, related_name="supply_site"
    )
    notice_via = models.CharField(
        _("tell the household by"), max_length=8, choices=NoticeVia.choices, default=NoticeVia.SMS
    )

    class Meta:
        verbose_name = _("supplies settings")
        verbose_name_plural = _("supplies settings")

    def __str__(self) -> str:
        return str(self.compound)


class BuildingSpot(models.Model):
    """Where a building stands, in metres from the gate (the dispatch engine's map)."""

    building = models.OneToOneField(
        "places.Building", on_delete=models.CASCADE, related_name="supply_spot"
    )
    x_m = models.IntegerField(_("metres east of the gate"), default=0)
    y_m = models.IntegerField(_("metres north of the gate"), default=0)

    class Meta:
        verbose_name = _("building position")
        verbose_name_plural = _("building positions")

    def __str__(self) -> str:
        return str(self.building)


class WalkingDistance(models.Model):
    """A measured walk that replaces the straight line; an empty ``frm`` is the gate."""

    compound = models.ForeignKey(
        "places.Compound", on_delete=models.CASCADE, related_name="walking_distances"
    )
    frm = models.ForeignKey(
        "places.Building", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    to = models.ForeignKey("places.Building", on_delete=models.CASCADE, related_name="+")
    metres = models.PositiveIntegerField(_("metres"))

    class Meta:
        verbose_name = _("walking distance")
        verbose_name_plural = _("walking distances")
        constraints = [
            models.UniqueConstraint(fields=["compound", "frm", "to"], name="supplies_walk_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.frm or '—'} → {self.to}: {self.metres}"


class Night(models.Model):
    """One evening of intake and delivery at a compound; shifts link it to service hours."""

    compound = models.ForeignKey(
        "places.Compound", on_delete=models.CASCADE, related_name="supply_nights"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=120, blank=True)
    sorting_shift = models.ForeignKey(
        "volunteering.Shift",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sorting shift"),
    )
    delivery_shift = models.ForeignKey(
        "volunteering.Shift",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivery shift"),
    )
    next_pick = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("supplies night")
        verbose_name_plural = _("supplies nights")
        constraints = [
            models.UniqueConstraint(fields=["compound", "date"], name="supplies_night_once"),
        ]

    def __str__(self) -> str:
        return f"{self.compound} {self.date}"


class Cart(models.Model):
    compound = models.ForeignKey("places.Compound", on_delete=models.CASCADE, related_name="carts")
    name = models.CharField(_("name"), max_length=60)
    capacity_count = models.PositiveIntegerField(_("parcels per trip"))
    capacity_kg = models.PositiveIntegerField(_("kilograms per trip"))
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["compound", "name"]
        verbose_name = pgettext_lazy("hand cart", "cart")
        verbose_name_plural = pgettext_lazy("hand cart", "carts")
        constraints = [
            models.UniqueConstraint(fields=["compound", "name"], name="supplies_cart_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """One run of the dispatch engine for a night; the newest is the one in force."""

    night = models.ForeignKey(Night, on_delete=models.CASCADE, related_name="plans")
    trips = models.PositiveIntegerField(default=0)
    lower_bound = models.PositiveIntegerField(default=0)
    distance_m = models.PositiveIntegerField(default=0)
    naive_distance_m = models.PositiveIntegerField(default=0)
    runtime_ms = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery plan")
        verbose_name_plural = _("delivery plans")

    def __str__(self) -> str:
        return f"{self.night} #{self.pk}"


class Trip(models.Model):
    """One cart trip of one volunteer: buildings in order, parcels on board."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ON_ROAD = "on_road", _("On the road")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Replaced by a new plan")

    night = models.ForeignKey(Night, on_delete=models.CASCADE, related_name="trips")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="trip_rows")
    volunteer = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="supply_trips"
    )
    cart = models.ForeignKey(Cart, on_delete=models.PROTECT, related_name="trips")
    round = models.PositiveSmallIntegerField(_("round"))
    building_order = models.JSONField(default=list)  # building ids in walking order
    distance_m = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["night", "volunteer", "round", "id"]
        verbose_name = _("trip")
        verbose_name_plural = _("trips")

    def __str__(self) -> str:
        return f"{self.volunteer_id} #{self.round}"

    @property
    def may_load(self) -> bool:
        """Sorted parcels may be loaded on a trip that is planned or on the road."""
        return self.status in (self.Status.PLANNED, self.Status.ON_ROAD)

    @property
    def may_set_off(self) -> bool:
        """Loading a planned trip sets it on the road; a plan again keeps such trips."""
        return self.status == self.Status.PLANNED


class Parcel(models.Model):
    class Kind(models.TextChoices):
        GROUP_BUY = "group_buy", _("Group buy (团购)")
        COURIER = "courier", _("Takeaway / courier")
        GOVERNMENT = "government", _("Government supply pack")

    class Status(models.TextChoices):
        UNMATCHED = "unmatched", _("Room not found")
        RECEIVED = "received", _("Received at the gate")
        SORTED = "sorted", _("Sorted")
        LOADED = "loaded", _("On a cart")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Not delivered")

    class Failure(models.TextChoices):
        NOBODY_HOME = "nobody_home", _("Nobody home for a hand-over")
        WRONG_ROOM = "wrong_room", _("Wrong room")
        REFUSED = "refused", _("Refused")
        DAMAGED = "damaged", _("Damaged")

    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.UNMATCHED: (Status.RECEIVED,),
        Status.RECEIVED: (Status.SORTED, Status.FAILED),
        Status.SORTED: (Status.LOADED, Status.FAILED),
        Status.LOADED: (Status.DELIVERED, Status.FAILED, Status.SORTED),
        Status.FAILED: (Status.SORTED,),
        Status.DELIVERED: (),
    }
    QUEUED = (Status.RECEIVED, Status.SORTED, Status.LOADED)

    night = models.ForeignKey(Night, on_delete=models.CASCADE, related_name="parcels")
    compound = models.ForeignKey(
        "places.Compound", on_delete=models.CASCADE, related_name="parcels"
    )
    household = models.ForeignKey(
        "places.Household", on_delete=models.PROTECT, null=True, blank=True, related_name="parcels"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    pick_code = models.CharField(_("pick code"), max_length=16)
    barcode = models.CharField(_("barcode"), max_length=64, blank=True)
    raw_room = models.CharField(_("room as written"), max_length=60, blank=True)
    quantity = models.PositiveSmallIntegerField(_("portions"), default=1)
    weight_g = models.PositiveIntegerField(_("grams"), default=1000)
    priority = models.BooleanField(_("door delivery first"), default=False)
    group_leader = models.CharField(_("group-buy leader (团长)"), max_length=60, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    failure = models.CharField(
        _("reason not delivered"), max_length=12, choices=Failure.choices, blank=True
    )
    proxy_name = models.CharField(_("collected by (neighbour/relative)"), max_length=60, blank=True)
    proxy_relation = models.CharField(_("relation"), max_length=30, blank=True)
    trip = models.ForeignKey(
        Trip, on_delete=models.SET_NULL, null=True, blank=True, related_name="parcels"
    )
    drop_notice = models.ForeignKey(
        "notify.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    import_batch = models.CharField(max_length=40, blank=True, db_index=True)
    assisted_by = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    received_at = models.DateTimeField()
    delivered_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["night", "pick_code"]
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        constraints = [
            models.UniqueConstraint(
                fields=["compound", "barcode"],
                condition=~Q(barcode=""),
                name="supplies_barcode_once_per_compound",
            ),
            models.UniqueConstraint(
                fields=["night", "pick_code"], name="supplies_pick_code_unique"
            ),
            models.UniqueConstraint(
                fields=["night", "household"],
                condition=Q(kind="government"),
                name="supplies_one_government_pack_per_household",
            ),
            models.CheckConstraint(
                condition=Q(household__isnull=False) | Q(status="unmatched"),
                name="supplies_parcel_room_known_unless_unmatched",
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(failure=""),
                name="supplies_failed_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["night", "status"], name="supplies_parcel_status")]

    def __str__(self) -> str:
        return self.pick_code

    def may_become(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())

    @property
    def may_resolve(self) -> bool:
        """A parcel whose room was not found waits for someone to type the right room."""
        return self.may_become(self.Status.RECEIVED)

    @property
    def may_requeue(self) -> bool:
        """A parcel not delivered goes back on its building's pile."""
        return self.status == self.Status.FAILED and self.may_become(self.Status.SORTED)

    @property
    def may_drop(self) -> bool:
        """The door button shows only for a parcel on a cart."""
        return self.status == self.Status.LOADED


class CustodyEvent(models.Model):
    """One hand-over of a parcel: where, who, when. Append-only."""

    class Stage(models.TextChoices):
        GATE = "gate", _("Gate")
        SORTING = "sorting", _("Sorting")
        CART = "cart", pgettext_lazy("hand cart", "Cart")
        DOOR = "door", _("Door")
        FAILED = "failed", _("Not delivered")
        QUEUE = "queue", _("Back to the queue")

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="custody")
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField()
    scanned = models.CharField(_("code scanned"), max_length=64, blank=True)
    trip = models.ForeignKey(
        Trip, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["parcel", "at", "id"]
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")
        indexes = [models.Index(fields=["parcel", "at"], name="supplies_custody_lookup")]

    def __str__(self) -> str:
        return f"{self.parcel_id} {self.stage}"


class AssistedOrder(models.Model):
    """An order a volunteer placed (代下单) for a resident who cannot use a phone.

    It waits as ``ordered`` until the goods come through the gate; then the volunteer (or the
    coordinator) links the parcel, which is delivered to the door first. The resident's name and
    room are masked for everyone but the compound's managers, the building's leader and the
    one who recorded it (``recorded_by``; ``volunteer`` is their profile, when they have one).
    """

    class Status(models.TextChoices):
        ORDERED = "ordered", _("Ordered, waiting for the goods")
        ARRIVED = "arrived", _("Arrived at the gate")
        CANCELLED = "cancelled", _("Cancelled")

    night = models.ForeignKey(Night, on_delete=models.CASCADE, related_name="assisted_orders")
    household = models.ForeignKey(
        "places.Household", on_delete=models.PROTECT, related_name="assisted_orders"
    )
    resident_name = models.CharField(_("for whom"), max_length=60)
    items = models.CharField(_("what was ordered"), max_length=500)
    shop = models.CharField(_("shop or group buy"), max_length=60, blank=True)
    volunteer = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assisted_orders",
        verbose_name=_("volunteer who ordered"),
    )
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField()
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ORDERED
    )
    parcel = models.OneToOneField(
        Parcel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assisted_order",
        verbose_name=_("parcel"),
    )
    arrived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["night", "status", "pk"]
        verbose_name = _("assisted order")
        verbose_name_plural = _("assisted orders")
        constraints = [
            models.CheckConstraint(
                condition=Q(parcel__isnull=True) | Q(status="arrived"),
                name="supplies_assisted_parcel_only_when_arrived",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.night_id} #{self.pk}"

    @property
    def may_link(self) -> bool:
        """The parcel can be linked while the order waits for its goods."""
        return self.status == self.Status.ORDERED

    @property
    def may_cancel(self) -> bool:
        return self.status == self.Status.ORDERED
