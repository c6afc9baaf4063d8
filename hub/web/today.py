"""The leads' "today" page: what waits for a decision or a tap now. A read: it writes nothing.

Coordinators, branch secretaries and org admins see, within what they may change: sign-ups
awaiting approval, shifts under way (or starting within the hour) with who has not checked
in, their published notices not yet acknowledged by everyone, and published drives with
upcoming shifts that still have places. A constant number of queries whatever the counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q

from hub.access import changeable
from hub.notices.models import Notice
from hub.people.queries import full_name_ids
from hub.volunteering.models import CheckIn, Drive, Shift, SignUp

SOON = dt.timedelta(hours=1)
LIMIT = 30


@dataclass
class ShiftNow:
    shift: Shift
    expected: list[Any] = field(default_factory=list)  # approved people
    missing: list[Any] = field(default_factory=list)  # of those, not checked in
    on_site: int = 0


def today_for(user: Any, *, now: dt.datetime) -> dict[str, Any]:
    approvals = list(
        changeable(
            user, SignUp.objects.filter(status=SignUp.Status.PENDING, shift__ends_at__gt=now)
        )
        .select_related("person", "shift__post")
        .order_by("shift__starts_at", "pk")[:LIMIT]
    )
    shifts = list(
        changeable(
            user,
            Shift.objects.filter(
                starts_at__lte=now + SOON,
                ends_at__gt=now,
                status__in=[Shift.Status.OPEN, Shift.Status.CLOSED],
            ),
        )
        .select_related("post")
        .order_by("starts_at", "pk")[:LIMIT]
    )
    by_shift = {s.pk: ShiftNow(shift=s) for s in shifts}
    approved = (
        SignUp.objects.filter(shift_id__in=by_shift, status=SignUp.Status.APPROVED)
        .select_related("person")
        .order_by("person__name", "pk")
    )
    arrived = {
        (c.shift_id, c.person_id): c
        for c in CheckIn.objects.filter(shift_id__in=by_shift).only(
            "shift_id", "person_id", "checked_out_at"
        )
    }
    for signup in approved:
        line = by_shift[signup.shift_id]
        line.expected.append(signup.person)
        checkin = arrived.get((signup.shift_id, signup.person_id))
        if checkin is None:
            line.missing.append(signup.person)
        elif checkin.checked_out_at is None:
            line.on_site += 1
    notices = list(
        changeable(user, Notice.objects.filter(status=Notice.Status.PUBLISHED))
        .annotate(
            total=Count("recipients"),
            waiting=Count("recipients", filter=Q(recipients__acknowledged_at__isnull=True)),
        )
        .filter(waiting__gt=0)
        .order_by("-published_at", "-pk")[:LIMIT]
    )
    open_shifts = Shift.objects.filter(
        starts_at__gt=now, status=Shift.Status.OPEN, taken__lt=F("capacity")
    ).order_by("starts_at", "pk")
    drives = list(
        changeable(user, Drive.objects.filter(status=Drive.Status.PUBLISHED))
        .filter(shifts__in=open_shifts)
        .distinct()
        .prefetch_related(Prefetch("shifts", queryset=open_shifts, to_attr="short_shifts"))
        .order_by("-published_at", "-pk")[:LIMIT]
    )
    people = [s.person for s in approvals] + [p for line in by_shift.values() for p in line.missing]
    return {
        "now": now,
        "approvals": approvals,
        "shifts_now": list(by_shift.values()),
        "notices": notices,
        "short_drives": drives,
        "full_names": full_name_ids(user, people),
        "nothing": not (approvals or by_shift or notices or drives),
    }
