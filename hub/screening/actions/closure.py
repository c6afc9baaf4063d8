"""Closure rounds (封闭管理): a compound's (or building's) closed period and its repeats.

Invariants:
* rounds of a compound are numbered 1, 2, 3 … (``closure_round_number_unique``); the compound row
  is locked while the next number is taken;
* the area status a round sets is written through ``hub.places.actions.set_area_status`` (the
  one writer of status history), never directly;
* cloning copies the previous round's posts and every shift inside its window, shifted by the
  difference between the two starts, through ``hub.volunteering``'s own shift action;
* a round is closed once (``closed_at``), not before it starts; closing may step the area status
  down (e.g. to 管控) through the same status history.

Lock order: compound, then the new round's rows.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.access import get_changeable
from hub.accounts.models import User
from hub.errors import DomainError
from hub.places.actions import set_area_status
from hub.places.models import AreaStatus, Building, Compound
from hub.screening.models import ClosureRound
from hub.volunteering.actions.posts import create_shift
from hub.volunteering.models import Post, Shift

MAX_HOURS = 14 * 24


@transaction.atomic
def create_closure_round(
    *,
    by: User | None,
    compound: Compound,
    starts_at: dt.datetime,
    hours: int = 48,
    area_status: str = AreaStatus.Status.SEALED,
    building: Building | None = None,
    reason: str = "",
) -> ClosureRound:
    """Start closure round N+1 at ``compound`` (or one building) and set its area status.

    Raises DomainError: forbidden, hours, naive_datetime, unknown_status, scope_elsewhere,
    before_current (from the area status history).
    """
    if by is not None:
        get_changeable(by, Compound.objects.all(), pk=compound.pk)
    if not 1 <= hours <= MAX_HOURS:
        raise DomainError(
            _("A closure round lasts between 1 hour and 14 days."), code="hours", field="hours"
        )
    if timezone.is_naive(starts_at):
        raise DomainError(_("The start time needs a time zone."), code="naive_datetime")
    Compound.objects.select_for_update().get(pk=compound.pk)
    last = ClosureRound.objects.filter(compound=compound).order_by("-number").first()
    number = (
        ClosureRound.objects.filter(compound=compound).aggregate(n=Max("number"))["n"] or 0
    ) + 1
    status = set_area_status(
        by=by,
        compound=compound,
        status=area_status,
        effective_from=starts_at,
        building=building,
        reason=reason or _("Closure round %(n)s") % {"n": number},
    )
    return ClosureRound.objects.create(
        compound=compound,
        building=building,
        number=number,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        area_status=area_status,
        status_record=status,
        previous=last,
        created_by=by,
    )


@transaction.atomic
def attach_post(*, by: User | None, closure: ClosureRound, post: Post) -> None:
    """Count ``post`` (and its shifts in the round's window) as needed by this closure round."""
    if by is not None:
        get_changeable(by, ClosureRound.objects.all(), pk=closure.pk)
    if post.compound_id not in (None, closure.compound_id):
        raise DomainError(_("That post belongs to another compound."), code="post_elsewhere")
    closure.posts.add(post)


@transaction.atomic
def clone_closure_round(
    *, by: User | None, closure: ClosureRound, starts_at: dt.datetime | None = None
) -> ClosureRound:
    """Start the next round like ``closure``: same length, status, posts, and its shifts moved.

    Without ``starts_at`` the new round starts when ``closure`` ends.
    Raises DomainError as ``create_closure_round`` and ``create_shift`` do.
    """
    if starts_at is None:
        starts_at = closure.ends_at
    hours = int((closure.ends_at - closure.starts_at).total_seconds() // 3600)
    new = create_closure_round(
        by=by,
        compound=closure.compound,
        starts_at=starts_at,
        hours=hours,
        area_status=closure.area_status,
        building=closure.building,
    )
    offset = starts_at - closure.starts_at
    posts = list(closure.posts.order_by("pk"))
    new.posts.set(posts)
    shifts = (
        Shift.objects.filter(
            post__in=posts,
            starts_at__gte=closure.starts_at,
            starts_at__lt=closure.ends_at,
        )
        .exclude(status=Shift.Status.CANCELLED)
        .order_by("starts_at", "pk")
    )
    for shift in shifts:
        create_shift(
            by=by,
            post=shift.post,
            starts_at=shift.starts_at + offset,
            ends_at=shift.ends_at + offset,
            capacity=shift.capacity,
            min_staff=shift.min_staff,
            waitlist_size=shift.waitlist_size,
            needs_team_lead=shift.needs_team_lead,
        )
    return new


@transaction.atomic
def close_closure_round(
    *, by: User | None, closure: ClosureRound, now: dt.datetime, then_status: str = ""
) -> ClosureRound:
    """Close ``closure`` at ``now``; with ``then_status``, the area's status changes to it.

    Raises DomainError: forbidden, already_closed, not_started, unknown_status, before_current.
    """
    if by is not None:
        get_changeable(by, ClosureRound.objects.all(), pk=closure.pk)
    Compound.objects.select_for_update().get(pk=closure.compound_id)
    closure = ClosureRound.objects.select_for_update().get(pk=closure.pk)
    if closure.is_closed:
        raise DomainError(_("This closure round is already closed."), code="already_closed")
    if not closure.may_be_closed_at(now):
        raise DomainError(
            _("A closure round cannot be closed before it starts."), code="not_started"
        )
    if then_status:
        set_area_status(
            by=by,
            compound=closure.compound,
            status=then_status,
            effective_from=now,
            building=closure.building,
            reason=_("End of closure round %(n)s") % {"n": closure.number},
        )
    closure.closed_at = now
    closure.closed_by = by
    closure.save(update_fields=["closed_at", "closed_by"])
    return closure
