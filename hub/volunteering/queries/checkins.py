"""Reads for the check-in pages and endpoints, scoped to the user.

The poster's QR code names a post by a signed code (no personal data): holding the code means
standing at the site, so the scan page needs no right to see the post itself — it shows only
the user's own shifts there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from hub.access import get_visible, visible
from hub.volunteering.models import CheckIn, Post, Shift, SignUp

POSTER_SALT = "hub.volunteering.poster"


def poster_code(post: Post) -> str:
    """The signed code a post's poster carries: its poster token, signed with the site's key.

    Rotating ``Post.poster_token`` retires every printed poster of the post.
    """
    return signing.Signer(salt=POSTER_SALT).sign(post.poster_token)


def post_for_code(code: str) -> Post:
    """The post a poster's code names. Raises Http404 for a forged, altered or retired code."""
    try:
        token = signing.Signer(salt=POSTER_SALT).unsign(code)
    except signing.BadSignature:
        raise Http404(_("This QR code is not valid. Scan the poster at the site again.")) from None
    post = Post.objects.select_related("organization").filter(poster_token=token).first()
    if post is None:
        raise Http404(_("This QR code is not valid. Scan the poster at the site again."))
    return post


@dataclass(frozen=True)
class ShiftCard:
    """One of the user's shifts at a post, with their check-in on it (if any)."""

    shift: Shift
    checkin: CheckIn | None
    # Shown before the shift's start: a check-out now would record no service time, so the
    # page says so before the volunteer confirms.
    not_started: bool = False


def shifts_at_post_for(user: Any, post: Post, *, now: dt.datetime) -> list[ShiftCard]:
    """The user's shifts at ``post`` to check in or out of now. Two queries.

    A shift is listed when the user's person holds an approved sign-up for it and it is in
    progress or starts within 60 minutes, or when they are still checked in to it after its
    end (so they can check out before it is closed automatically).
    """
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return []
    in_window = Q(
        status=SignUp.Status.APPROVED,
        shift__starts_at__lte=now + Shift.CHECK_IN_OPENS_BEFORE,
        shift__ends_at__gt=now,
    ) & ~Q(shift__status=Shift.Status.CANCELLED)
    still_on_site = Exists(
        CheckIn.objects.filter(
            shift_id=OuterRef("shift_id"), person_id=person_id, checked_out_at__isnull=True
        )
    )
    signups = (
        visible(user, SignUp.objects.all())
        .filter(in_window | still_on_site, person_id=person_id, shift__post=post)
        .select_related("shift")
        .order_by("shift__starts_at", "shift_id")
    )
    shifts: dict[int, Shift] = {}
    for signup in signups:
        shifts.setdefault(signup.shift_id, signup.shift)
    checkins = {
        c.shift_id: c
        for c in CheckIn.objects.filter(person_id=person_id, shift_id__in=list(shifts))
    }
    return [
        ShiftCard(shift=s, checkin=checkins.get(pk), not_started=s.starts_at > now)
        for pk, s in shifts.items()
    ]


@dataclass(frozen=True)
class RosterLine:
    """A person on a shift as the coordinator's check-in page shows them."""

    person_id: int
    name: str
    signed_up: bool
    checkin: CheckIn | None


def shift_roster(user: Any, shift: Shift) -> list[RosterLine]:
    """Approved sign-ups of a shift with their check-ins, for its coordinators. Two queries.

    People checked in whose sign-up is no longer approved stay listed (``signed_up`` False),
    so nobody on site drops off the page. Rows are scoped to what the user may see.
    """
    signups = (
        visible(user, SignUp.objects.filter(shift=shift, status=SignUp.Status.APPROVED))
        .select_related("person")
        .only("person__name", "person_id", "shift_id")
    )
    checkins = {
        c.person_id: c
        for c in visible(user, CheckIn.objects.filter(shift=shift)).select_related("person")
    }
    lines = [
        RosterLine(
            person_id=s.person_id,
            name=s.person.name,
            signed_up=True,
            checkin=checkins.pop(s.person_id, None),
        )
        for s in signups
    ]
    lines += [
        RosterLine(person_id=c.person_id, name=c.person.name, signed_up=False, checkin=c)
        for c in checkins.values()
    ]
    return sorted(lines, key=lambda line: (line.name, line.person_id))


def list_checkins(user: Any, *, shift_id: int | None = None) -> QuerySet[CheckIn]:
    """Check-ins the user may see, newest first: their own, and those of shifts they manage."""
    rows = visible(user, CheckIn.objects.select_related("shift__post", "person"))
    if shift_id is not None:
        rows = rows.filter(shift_id=shift_id)
    return rows.order_by("-checked_in_at", "-id")


def get_checkin_for(user: Any, checkin_id: Any) -> CheckIn:
    """One check-in the user may see, else Http404."""
    return get_visible(user, CheckIn.objects.select_related("shift__post", "person"), pk=checkin_id)
