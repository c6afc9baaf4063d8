"""Reads of volunteering for pages, endpoints and actions, scoped to the user.

Reads of posts, shifts, drives and sign-ups live here; the check-in reads (posters, the scan
page, a shift's roster on site) in ``checkins.py``, re-exported below, so callers import every
read from ``hub.volunteering.queries``. A read never writes, and no module of this package
imports the actions (the actions import it). List reads run a constant number of queries
whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from hub.access import changeable, get_visible, may_change, scope_for, visible
from hub.jobs.models import Job
from hub.people.models import Organization
from hub.volunteering.access import in_drive_pool
from hub.volunteering.models import TELL_POOL_JOB, Drive, Post, Shift, SignUp
from hub.volunteering.queries.checkins import POSTER_SALT as POSTER_SALT
from hub.volunteering.queries.checkins import RosterLine as RosterLine
from hub.volunteering.queries.checkins import ShiftCard as ShiftCard
from hub.volunteering.queries.checkins import get_checkin_for as get_checkin_for
from hub.volunteering.queries.checkins import list_checkins as list_checkins
from hub.volunteering.queries.checkins import post_for_code as post_for_code
from hub.volunteering.queries.checkins import poster_code as poster_code
from hub.volunteering.queries.checkins import shift_roster as shift_roster
from hub.volunteering.queries.checkins import shifts_at_post_for as shifts_at_post_for

_LIVE_SHIFT = ~Q(shifts__status=Shift.Status.CANCELLED)


def _upcoming_shifts(now: dt.datetime) -> Prefetch:
    return Prefetch(
        "shifts",
        queryset=Shift.objects.filter(status=Shift.Status.OPEN, ends_at__gt=now)
        .select_related("post")
        .order_by("starts_at", "pk"),
        to_attr="upcoming",
    )


def drives_open_to(user: Any, *, now: dt.datetime) -> list[Drive]:
    """Published drives whose pool includes the user's person and that still have a shift to
    come, each with ``upcoming`` (its open shifts that have not ended, posts joined): an ended
    drive is not open to anyone. Three queries at most, whatever the size."""
    scope = scope_for(user)
    if scope.person_id is None:
        return []
    drives = (
        visible(user, Drive.objects.filter(status=Drive.Status.PUBLISHED))
        .filter(in_drive_pool(scope))
        .select_related("organization")
        .prefetch_related(_upcoming_shifts(now))
        .order_by("-published_at", "-pk")
    )
    return [drive for drive in drives if drive.upcoming]  # type: ignore[attr-defined]


def my_signups_on(user: Any, shift_ids: list[int]) -> dict[int, SignUp]:
    """The user's own active sign-up per shift among ``shift_ids`` (one query)."""
    person_id = scope_for(user).person_id
    if person_id is None or not shift_ids:
        return {}
    rows = SignUp.objects.filter(
        person_id=person_id, shift_id__in=shift_ids, status__in=SignUp.ACTIVE
    )
    return {row.shift_id: row for row in rows}


def managed_drives(user: Any) -> QuerySet[Drive]:
    """Drives the user may manage, with shift count and places offered and taken (one query)."""
    return (
        changeable(user, Drive.objects.all())
        .select_related("organization")
        .annotate(
            shift_count=Count("shifts", filter=_LIVE_SHIFT),
            places=Sum("shifts__capacity", filter=_LIVE_SHIFT, default=0),
            filled=Sum("shifts__taken", filter=_LIVE_SHIFT, default=0),
            last_end=Max("shifts__ends_at", filter=_LIVE_SHIFT),
        )
        .order_by("-created_at", "-pk")
    )


def get_drive_for(user: Any, drive_id: int) -> Drive:
    """One drive the user may see, else 404."""
    return get_visible(user, Drive.objects.select_related("organization"), pk=drive_id)


def get_public_drive(token: str) -> Drive:
    """The drive behind a public link; 404 unless it is open to the link and not a draft.

    No user scope: the link itself is the permission to read.
    """
    drive = (
        Drive.objects.select_related("organization")
        .filter(public_token=token, is_public=True)
        .exclude(status=Drive.Status.DRAFT)
        .first()
    )
    if drive is None:
        raise Http404
    return drive


def drive_shifts(drive: Drive) -> QuerySet[Shift]:
    """A drive's shifts in time order, posts joined."""
    return drive.shifts.select_related("post").order_by("starts_at", "pk")


def drive_pool(drive: Drive) -> dict[str, Any]:
    """What a drive is open to, for its page (two queries)."""
    return {
        "branches": list(drive.branches.order_by("name")),
        "compounds": list(drive.compounds.order_by("name")),
        "is_public": drive.is_public,
    }


def tell_pool_job(user: Any, drive: Drive) -> Job | None:
    """The latest job telling the drive's pool, if the user may follow it (one query)."""
    jobs = Job.objects.filter(kind=TELL_POOL_JOB, params__drive=drive.pk).order_by("-pk")
    return visible(user, jobs).first()


def list_posts(user: Any) -> QuerySet[Post]:
    """Posts the user may see, with their number of live shifts (one query)."""
    return (
        visible(user, Post.objects.all())
        .select_related("organization", "branch", "compound")
        .annotate(shift_count=Count("shifts", filter=_LIVE_SHIFT))
        .order_by("organization__name", "name", "pk")
    )


def get_post_for(user: Any, post_id: int) -> Post:
    return get_visible(
        user,
        Post.objects.select_related("organization", "branch", "compound", "lead"),
        pk=post_id,
    )


def post_shifts(post: Post) -> QuerySet[Shift]:
    return post.shifts.order_by("starts_at", "pk")


def get_shift_for(user: Any, shift_id: int) -> Shift:
    return get_visible(
        user, Shift.objects.select_related("post__organization", "post__compound"), pk=shift_id
    )


def list_shifts(user: Any) -> QuerySet[Shift]:
    return visible(user, Shift.objects.select_related("post")).order_by("starts_at", "pk")


_STATUS_ORDER = {
    SignUp.Status.PENDING: 0,
    SignUp.Status.APPROVED: 1,
    SignUp.Status.WAITLISTED: 2,
    SignUp.Status.DECLINED: 3,
    SignUp.Status.WITHDRAWN: 4,
}


def shift_signups(user: Any, shift: Shift) -> list[SignUp]:
    """Sign-ups of a shift the user may see: pending first, then approved, wait-listed (in
    wait-list order), declined and withdrawn. Two queries."""
    rows = list(
        visible(user, SignUp.objects.filter(shift=shift))
        .select_related("person", "drive")
        .order_by("created_at", "pk")
    )
    rows.sort(key=lambda s: _STATUS_ORDER.get(SignUp.Status(s.status), 9))
    return rows


def list_signups(user: Any) -> QuerySet[SignUp]:
    """Sign-ups the user may see (their own and those of shifts they manage)."""
    return visible(user, SignUp.objects.select_related("shift__post", "person")).order_by(
        "-created_at", "-pk"
    )


def get_signup_for(user: Any, signup_id: int) -> SignUp:
    return get_visible(
        user,
        SignUp.objects.select_related("shift__post__organization", "person", "drive"),
        pk=signup_id,
    )


def may_manage(user: Any, obj: Any) -> bool:
    """Whether the user may change ``obj`` (for showing coordinator buttons)."""
    return may_change(user, obj)


def may_organize(by: Any, organization: Organization) -> bool:
    """Whether ``by`` may create posts and drives for ``organization`` at all.

    A role inside the organization is needed: a compound coordinator of a residents' committee
    may not organize activities in a health center's name (its hours would be certified by it).
    """
    if by is None:
        return True
    scope = scope_for(by)
    return scope.is_superuser or organization.pk in scope.org_ids
