"""Cleaning areas, the rounds done in them, and the overdue check.

Invariants:
- a round records who did it, when, the disinfectant and its concentration (1–10,000 mg/L, a
  check constraint); it cannot be in the future nor more than 24 hours back;
- an area is due ``every_minutes`` after its last round, the first round of a day at
  ``day_starts`` (``queries.cleaning_status``); nothing is due after ``day_ends``;
- the overdue check alerts once per area and due time (the outbox dedupe key).
Lock order: the area row (select_for_update) when a round is recorded.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import scope_for
from hub.accounts.models import User
from hub.errors import DomainError
from hub.office.access import may_manage, may_work_desk
from hub.office.actions.alerts import CLEANING_OVERDUE, alert
from hub.office.actions.entries import _text
from hub.office.models import CleaningArea, CleaningRecord, ContractorWorker
from hub.people.models import Organization

MAX_BACKDATE = dt.timedelta(hours=24)


@transaction.atomic
def create_area(
    *,
    by: User,
    organization: Organization,
    name: str,
    kind: str,
    every_minutes: int = 120,
    day_starts: dt.time = dt.time(8, 0),
    day_ends: dt.time = dt.time(20, 0),
) -> CleaningArea:
    """Add an area with its schedule. Org admins and office staff only.

    Raises DomainError: forbidden, required, too_long, invalid_kind, invalid_interval,
    invalid_day, duplicate.
    """
    if not may_manage(scope_for(by), organization.pk):
        raise DomainError(
            _("Only the office or an organization admin may set up cleaning areas."),
            code="forbidden",
        )
    name = _text(name, "name", 120, required=True, label=_("the name"))
    if kind not in CleaningArea.Kind.values:
        raise DomainError(_("Choose a kind of area."), code="invalid_kind", field="kind")
    if not 15 <= every_minutes <= 1440:
        raise DomainError(
            _("An area is disinfected every 15 to 1440 minutes."),
            code="invalid_interval",
            field="every_minutes",
        )
    if day_starts >= day_ends:
        raise DomainError(
            _("The first round must come before the last."), code="invalid_day", field="day_ends"
        )
    if CleaningArea.objects.filter(organization=organization, name=name).exists():
        raise DomainError(
            _("There is already an area named “%(name)s”.") % {"name": name},
            code="duplicate",
            field="name",
        )
    return CleaningArea.objects.create(
        organization=organization,
        name=name,
        kind=kind,
        every_minutes=every_minutes,
        day_starts=day_starts,
        day_ends=day_ends,
    )


@transaction.atomic
def record_cleaning(
    *,
    by: User,
    area: CleaningArea,
    done_by: str,
    agent: str,
    concentration_mg_l: int,
    done_at: dt.datetime | None = None,
    worker: ContractorWorker | None = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> CleaningRecord:
    """Record one round of cleaning and disinfection of ``area``.

    The desk, the office and org admins record rounds (cleaners report to the desk).
    Raises DomainError: forbidden, required, too_long, invalid_concentration, future, too_late,
    unknown_worker.
    """
    now = now or timezone.now()
    done_at = done_at or now
    area = CleaningArea.objects.select_for_update().get(pk=area.pk)
    if not may_work_desk(scope_for(by), area.organization_id):
        raise DomainError(
            _("Only the desk or the office may record cleaning rounds."), code="forbidden"
        )
    if worker is not None:
        if worker.company.organization_id != area.organization_id:
            raise DomainError(
                _("This worker is not on the list of contractor staff."),
                code="unknown_worker",
                field="worker",
            )
        done_by = done_by or worker.name
    done_by = _text(done_by, "done_by", 60, required=True, label=_("who did it"))
    agent = _text(agent, "agent", 60, required=True, label=_("the disinfectant"))
    note = _text(note, "note", 200, required=False, label=_("the note"))
    if not 1 <= concentration_mg_l <= 10000:
        raise DomainError(
            _("The concentration must be between 1 and 10,000 mg/L."),
            code="invalid_concentration",
            field="concentration_mg_l",
        )
    if done_at > now + dt.timedelta(minutes=5):
        raise DomainError(_("The time is in the future."), code="future", field="done_at")
    if done_at < now - MAX_BACKDATE:
        raise DomainError(
            _("A round can be recorded up to 24 hours late, not more."),
            code="too_late",
            field="done_at",
        )
    return CleaningRecord.objects.create(
        area=area,
        done_at=done_at,
        done_by=done_by,
        worker=worker,
        agent=agent,
        concentration_mg_l=concentration_mg_l,
        note=note,
        recorded_by=by,
    )


@transaction.atomic
def check_cleaning(*, now: dt.datetime | None = None) -> int:
    """Alert the office for every area overdue at ``now`` (once per area and due time)."""
    from hub.notify.models import Message
    from hub.office.queries import cleaning_statuses

    now = now or timezone.now()
    written = 0
    areas = CleaningArea.objects.select_related("organization").order_by("pk")
    for status in cleaning_statuses(list(areas), now=now):
        if not status.overdue or status.due_at is None:
            continue
        key = f"office.cleaning:{status.area.pk}:{status.due_at.isoformat()}"
        if Message.objects.filter(dedupe_key=key).exists():
            continue
        last = status.last.done_at if status.last else None
        alert(
            organization=status.area.organization,
            template=CLEANING_OVERDUE,
            params={
                "area": status.area.name,
                "due": timezone.localtime(status.due_at).strftime("%H:%M"),
                "last": timezone.localtime(last).strftime("%m-%d %H:%M") if last else "—",
            },
            dedupe_key=key,
        )
        written += 1
    return written
