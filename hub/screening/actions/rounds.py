"""Screening rounds: create, points, home-sampling list, exemptions, plan slots, call-ups.

Invariants:
* a round's slots cover its window in ``slot_minutes`` steps; they are (re)written only by
  ``plan_slots``, which replaces the whole plan in one transaction or changes nothing;
* a plan never puts more residents in a point's slot than its capacity (the engine's hard rule,
  checked again here before writing);
* one call-up per assignment (``called_up_at`` set by a conditional UPDATE; the outbox
  ``dedupe_key`` makes a second run write nothing).

Lock order: the round row (``select_for_update``) before its slots and assignments.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hub.access import get_changeable
from hub.accounts.models import User
from hub.errors import DomainError
from hub.notify.models import Message, Topic
from hub.notify.routing import notify_building
from hub.notify.templates import register_template
from hub.people.models import Person
from hub.places.models import Building, Compound
from hub.screening import adapters
from hub.screening.models import (
    ClosureRound,
    Exemption,
    HomeSampling,
    SamplingPoint,
    ScreeningRound,
    Slot,
    SlotAssignment,
)

CALL_UP_TEMPLATE = "screening.call_up"
CALL_UP_LEAD = dt.timedelta(minutes=30)
MAX_WINDOW = dt.timedelta(hours=24)
register_template(
    CALL_UP_TEMPLATE,
    gettext_lazy("PCR screening: {building} at {time}"),
    gettext_lazy(
        "{round}: residents of {building}{unit} please come down to {point} at {time} "
        "with your screening code. Bed-bound residents stay home; a team will come."
    ),
)


def _require_change(by: User | None, round_: ScreeningRound) -> None:
    if by is not None:
        get_changeable(by, ScreeningRound.objects.all(), pk=round_.pk)


@transaction.atomic
def create_round(
    *,
    by: User | None,
    compound: Compound,
    name: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    slot_minutes: int = 20,
    pooling: str = ScreeningRound.Pooling.POOLED,
    pool_size: int = 10,
    previous: ScreeningRound | None = None,
    closure: ClosureRound | None = None,
) -> ScreeningRound:
    """Open a PCR round at ``compound``; its slots are cut from the window at once.

    Raises DomainError: forbidden, required, window, slot_minutes, pool_size, previous_elsewhere.
    """
    if by is not None:
        get_changeable(by, Compound.objects.all(), pk=compound.pk)
    name = name.strip()
    if not name:
        raise DomainError(_("Give the round a name."), code="required", field="name")
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise DomainError(_("Times need a time zone."), code="naive_datetime")
    if ends_at <= starts_at or ends_at - starts_at > MAX_WINDOW:
        raise DomainError(_("The round must end after it starts, within 24 hours."), code="window")
    if not 5 <= slot_minutes <= 120:
        raise DomainError(
            _("A slot lasts between 5 and 120 minutes."), code="slot_minutes", field="slot_minutes"
        )
    if pooling not in ScreeningRound.Pooling.values:
        raise DomainError(_("Unknown pooling rule."), code="pooling", field="pooling")
    if not 1 <= pool_size <= 20:
        raise DomainError(
            _("A tube holds between 1 and 20 samples."), code="pool_size", field="pool_size"
        )
    if previous is not None and previous.compound_id != compound.pk:
        raise DomainError(
            _("The previous round belongs to another compound."), code="previous_elsewhere"
        )
    round_ = ScreeningRound.objects.create(
        compound=compound,
        closure=closure,
        name=name,
        starts_at=starts_at,
        ends_at=ends_at,
        slot_minutes=slot_minutes,
        pooling=pooling,
        pool_size=pool_size,
        previous=previous,
        created_by=by,
    )
    step = dt.timedelta(minutes=slot_minutes)
    slots, at, index = [], starts_at, 1
    while at + step <= ends_at:
        slots.append(Slot(round=round_, index=index, starts_at=at, ends_at=at + step))
        at, index = at + step, index + 1
    if not slots:
        raise DomainError(_("The window is shorter than one slot."), code="window")
    Slot.objects.bulk_create(slots)
    return round_


@transaction.atomic
def add_sampling_point(
    *,
    by: User | None,
    round_: ScreeningRound,
    name: str,
    capacity: int,
    walk: dict[int, int] | None = None,
) -> SamplingPoint:
    """Add a sampling point taking ``capacity`` residents per slot; ``walk``: building → metres.

    Raises DomainError: forbidden, required, capacity, duplicate, walk.
    """
    _require_change(by, round_)
    name = name.strip()
    if not name:
        raise DomainError(_("Give the point a name."), code="required", field="name")
    if capacity < 1:
        raise DomainError(
            _("A point samples at least one resident per slot."), code="capacity", field="capacity"
        )
    walk = walk or {}
    if any(m < 0 for m in walk.values()):
        raise DomainError(_("Walking distances cannot be negative."), code="walk", field="walk")
    try:
        with transaction.atomic():
            return SamplingPoint.objects.create(
                round=round_,
                name=name,
                capacity=capacity,
                walk={str(k): int(v) for k, v in walk.items()},
            )
    except IntegrityError:
        raise DomainError(
            _("This round already has a point with that name."), code="duplicate", field="name"
        ) from None


def _resident_of_round(round_: ScreeningRound, person: Person) -> None:
    household = person.household
    if household is None or household.building.compound_id != round_.compound_id:
        raise DomainError(
            _("%(name)s is not registered in this compound.") % {"name": person.masked_name},
            code="not_resident",
        )


@transaction.atomic
def list_for_home_sampling(
    *, by: User | None, round_: ScreeningRound, person: Person, note: str = ""
) -> HomeSampling:
    """Put a bed-bound or immobile resident on the home-sampling list (idempotent)."""
    _require_change(by, round_)
    _resident_of_round(round_, person)
    entry, _created = HomeSampling.objects.get_or_create(
        round=round_, person=person, defaults={"note": note[:200]}
    )
    return entry


@transaction.atomic
def exempt_resident(
    *, by: User | None, round_: ScreeningRound, person: Person, reason: str
) -> Exemption:
    """Record that a resident is away or in hospital for this round (idempotent)."""
    _require_change(by, round_)
    _resident_of_round(round_, person)
    if reason not in Exemption.Reason.values:
        raise DomainError(_("Choose away or in hospital."), code="reason", field="reason")
    entry, _created = Exemption.objects.update_or_create(
        round=round_, person=person, defaults={"reason": reason}
    )
    return entry


@transaction.atomic
def add_sampler(*, by: User | None, round_: ScreeningRound, person: Person) -> None:
    """Let ``person`` scan codes at this round's points (idempotent)."""
    _require_change(by, round_)
    round_.samplers.add(person)


@transaction.atomic
def plan_slots(*, by: User | None, round_: ScreeningRound) -> list[SlotAssignment]:
    """Plan which building goes to which point in which slot (``engines.slots``), anew.

    Raises DomainError: forbidden, round_closed, no_points, no_capacity (with the figures),
    unit_too_large, no_fit. On any refusal the previous plan stays as it was.
    """
    _require_change(by, round_)
    round_ = ScreeningRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status == ScreeningRound.Status.CLOSED:
        raise DomainError(_("This round is closed."), code="round_closed")
    if not round_.points.exists():
        raise DomainError(_("Add at least one sampling point before planning."), code="no_points")
    result, planned = adapters.plan(round_)
    if not result.ok:
        figures = dict(result.reason_params)
        messages = {
            "no_capacity": _(
                "The points can sample %(capacity)s residents in this window but %(residents)s "
                "are registered: add a point, raise a capacity or lengthen the window."
            ),
            "unit_too_large": _(
                "A household group of %(residents)s residents is larger than any point's "
                "capacity per slot (%(capacity)s): raise a capacity."
            ),
            "no_fit": _(
                "The buildings do not fit the points' queues: add a point or raise a capacity."
            ),
        }
        message = messages.get(result.reason, _("The slot plan could not be made."))
        raise DomainError(
            message % {k: figures.get(k, 0) for k in ("residents", "capacity")},
            code=result.reason or "no_plan",
        )
    slots = {s.index: s for s in round_.slots.all()}
    points = {p.pk: p for p in round_.points.all()}
    load: dict[tuple[int, int], int] = {}
    for u in planned:
        load[(u.slot_index, u.point_id)] = load.get((u.slot_index, u.point_id), 0) + u.residents
    if any(n > points[pid].capacity for (_s, pid), n in load.items()):
        raise DomainError(_("The slot plan broke a capacity."), code="capacity_broken")
    SlotAssignment.objects.filter(round=round_).delete()
    rows = SlotAssignment.objects.bulk_create(
        SlotAssignment(
            round=round_,
            building_id=u.building_id,
            unit=u.unit,
            slot=slots[u.slot_index],
            point=points[u.point_id],
            residents=u.residents,
        )
        for u in planned
    )
    if round_.status == ScreeningRound.Status.DRAFT:
        round_.status = ScreeningRound.Status.PLANNED
        round_.save(update_fields=["status"])
    return rows


def _tell_building(*, building: Building, params: dict[str, str], dedupe_key: str) -> list[Message]:
    """The one place screening tells a building's group: its robot, else its compound's."""
    return notify_building(
        building=building,
        template=CALL_UP_TEMPLATE,
        params=params,
        topic=Topic.GENERAL,
        dedupe_key=dedupe_key,
    )


@transaction.atomic
def send_call_ups(*, by: User | None, round_: ScreeningRound, now: dt.datetime) -> int:
    """Call up every building whose slot starts within the next 30 minutes; returns how many.

    Idempotent: each assignment is called up once (conditional UPDATE on ``called_up_at``).
    """
    _require_change(by, round_)
    due = list(
        SlotAssignment.objects.filter(
            round=round_,
            called_up_at__isnull=True,
            slot__starts_at__lte=now + CALL_UP_LEAD,
            slot__ends_at__gt=now,
        )
        .select_related("slot", "point", "building__compound__organization")
        .order_by("pk")
    )
    sent = 0
    for a in due:
        if not SlotAssignment.objects.filter(pk=a.pk, called_up_at__isnull=True).update(
            called_up_at=now
        ):
            continue
        _tell_building(
            building=a.building,
            params={
                "round": round_.name,
                "building": a.building.name,
                "unit": f" ({a.unit}…)" if a.unit else "",
                "point": a.point.name,
                "time": timezone.localtime(a.slot.starts_at).strftime("%H:%M"),
            },
            dedupe_key=f"screening.call_up:{a.pk}",
        )
        sent += 1
    return sent
