"""State changes of compounds, buildings, households and area status."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import get_changeable, scope_for
from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.models import Organization
from hub.places.models import AreaStatus, Building, Compound, Household
from hub.places.ordering import natural_key


@transaction.atomic
def create_compound(
    *, by: User | None, organization: Organization, name: str, address: str = "", district: str = ""
) -> Compound:
    """Register a compound managed by ``organization``. ``by=None`` is the system."""
    if by is not None:
        scope = scope_for(by)
        if not (scope.is_superuser or organization.pk in scope.admin_org_ids):
            raise DomainError(_("Only an organization admin may add a compound."), code="forbidden")
    try:
        with transaction.atomic():
            return Compound.objects.create(
                organization=organization, name=name.strip(), address=address, district=district
            )
    except IntegrityError:
        raise DomainError(
            _("A compound with this name already exists."), code="duplicate"
        ) from None


def _check_compound(by: User | None, compound: Compound) -> None:
    if by is not None:
        get_changeable(by, Compound.objects.all(), pk=compound.pk)


@transaction.atomic
def add_building(
    *, by: User | None, compound: Compound, name: str, floors: int | None = None
) -> Building:
    """Add a building (its natural sort key is kept so "3号楼" lists before "12号楼")."""
    _check_compound(by, compound)
    name = name.strip()
    if not name:
        raise DomainError(_("Building name is required."), code="required", field="name")
    building, _created = Building.objects.get_or_create(
        compound=compound, name=name, defaults={"sort_key": natural_key(name), "floors": floors}
    )
    return building


@transaction.atomic
def add_household(*, by: User | None, building: Building, room: str) -> Household:
    """Add a room to a building (idempotent)."""
    _check_compound(by, building.compound)
    room = room.strip()
    if not room:
        raise DomainError(_("Room number is required."), code="required", field="room")
    household, _created = Household.objects.get_or_create(
        building=building, room=room, defaults={"sort_key": natural_key(room)}
    )
    return household


@transaction.atomic
def set_area_status(
    *,
    by: User | None,
    compound: Compound,
    status: str,
    effective_from: dt.datetime | None = None,
    building: Building | None = None,
    reason: str = "",
    now: dt.datetime | None = None,
) -> AreaStatus:
    """Start a new status period for a compound (or one building), closing the open one.

    The period starts at ``effective_from``, else at ``now`` (default: the clock at the call).

    History is kept: the previous period's ``effective_to`` becomes the new start. A start
    before the open period's start is refused (code ``before_current``), so periods never
    overlap. The compound row is locked so two coordinators cannot open two periods.
    """
    _check_compound(by, compound)
    if status not in AreaStatus.Status.values:
        raise DomainError(_("Unknown area status."), code="unknown_status", field="status")
    if building is not None and building.compound_id != compound.pk:
        raise DomainError(_("That building is in another compound."), code="scope_elsewhere")
    start = effective_from or now or timezone.now()
    if timezone.is_naive(start):
        raise DomainError(_("The start time needs a time zone."), code="naive_datetime")
    Compound.objects.select_for_update().get(pk=compound.pk)
    current = AreaStatus.objects.filter(
        compound=compound, building=building, effective_to__isnull=True
    ).first()
    if current is not None:
        if start <= current.effective_from:
            raise DomainError(
                _("The new status must start after the current one (%(start)s).")
                % {"start": timezone.localtime(current.effective_from).strftime("%Y-%m-%d %H:%M")},
                code="before_current",
                field="effective_from",
            )
        current.effective_to = start
        current.save(update_fields=["effective_to"])
    return AreaStatus.objects.create(
        compound=compound,
        building=building,
        status=status,
        effective_from=start,
        reason=reason[:200],
        set_by=by,
    )
