"""Point duties: who takes samples, scans codes or keeps order at which point and slot.

Invariants:
* a person holds one duty per slot of a round, and a whole-round duty excludes any other duty
  of theirs in that round (``point_duty_once_per_slot`` / ``_per_round`` and the check here);
* the point and slot belong to the round;
* a sampling or scanning duty makes the person one of the round's samplers (they may scan);
  removing their last such duty takes them off, unless they were named a sampler by hand.

Lock order: the round row, then its duties.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from hub.access import get_changeable, get_visible
from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.models import Person
from hub.screening.models import PointDuty, SamplingPoint, ScreeningRound, Slot


@transaction.atomic
def assign_duty(
    *,
    by: User | None,
    round_: ScreeningRound,
    point: SamplingPoint,
    person: Person,
    duty: str,
    slot: Slot | None = None,
) -> PointDuty:
    """Put ``person`` on ``duty`` at ``point`` in ``slot`` (None: the whole round).

    Raises DomainError: forbidden, round_closed, duty, point_elsewhere, slot_elsewhere,
    double_booked (with where they already are).
    """
    if by is not None:
        get_changeable(by, ScreeningRound.objects.all(), pk=round_.pk)
        get_visible(by, Person.objects.all(), pk=person.pk)
    round_ = ScreeningRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status == ScreeningRound.Status.CLOSED:
        raise DomainError(_("This round is closed."), code="round_closed")
    if duty not in PointDuty.Duty.values:
        raise DomainError(
            _("Choose sampling, scanning codes or keeping order."), code="duty", field="duty"
        )
    if point.round_id != round_.pk:
        raise DomainError(_("That point belongs to another round."), code="point_elsewhere")
    if slot is not None and slot.round_id != round_.pk:
        raise DomainError(_("That slot belongs to another round."), code="slot_elsewhere")
    clash = PointDuty.objects.filter(round=round_, person=person).select_related("point", "slot")
    if slot is not None:
        clash = clash.filter(Q(slot=slot) | Q(slot__isnull=True))
    found = clash.first()
    if found is not None:
        where = f"{found.point.name} {found.slot}" if found.slot else found.point.name
        raise DomainError(
            _("%(name)s is already on duty then (%(where)s).")
            % {"name": person.masked_name, "where": where},
            code="double_booked",
        )
    row = PointDuty.objects.create(
        round=round_, point=point, slot=slot, person=person, duty=duty, assigned_by=by
    )
    if row.lets_scan:
        round_.samplers.add(person)
    return row


@transaction.atomic
def remove_duty(*, by: User | None, duty: PointDuty) -> None:
    """Take ``duty`` off the plan; a person left with no sampling or scanning duty stops being
    a sampler of the round."""
    if by is not None:
        get_changeable(by, ScreeningRound.objects.all(), pk=duty.round_id)
    round_ = ScreeningRound.objects.select_for_update().get(pk=duty.round_id)
    person_id = duty.person_id
    scanned = duty.lets_scan
    duty.delete()
    still = PointDuty.objects.filter(
        round=round_,
        person_id=person_id,
        duty__in=[PointDuty.Duty.SAMPLE, PointDuty.Duty.SCAN],
    ).exists()
    if scanned and not still:
        round_.samplers.remove(person_id)
