"""Small builders for volunteering state, through the real actions (shared by the me and
certificate tests).

The cast's volunteer 张贝 lives in 青年公寓 (sealed from 2022-03-28); the residents' committee
(org_rc) organizes the apartment's delivery posts with the coordinator, and the health center
(org_health) organizes its own posts with its admin.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hub.hours.ledger import confirm_entry, record_entry
from hub.hours.models import HourEntry
from hub.people.models import Person
from hub.volunteering.models import Post, Shift, SignUp
from hub.volunteering.posts import create_post, create_shift
from hub.volunteering.signups import approve_signup, sign_up

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, month: int = 4, minute: int = 0) -> dt.datetime:
    """A Shanghai time in spring 2022."""
    return dt.datetime(2022, month, day, hour, minute, tzinfo=SHANGHAI)


def youth_post(cast: Any, name: str = "送货", *, kind: str = Post.Kind.VOLUNTEER) -> Post:
    """A post of the residents' committee inside 青年公寓, managed by the coordinator."""
    return create_post(
        by=cast.coordinator,
        organization=cast.org_rc,
        name=name,
        site="青年公寓",
        kind=kind,
        compound=cast.compound_own,
        content="为封控楼栋住户送餐到门口",
    )


def health_post(cast: Any, name: str = "办公点值守", *, kind: str = Post.Kind.VOLUNTEER) -> Post:
    """A post of the health center organized by 第一党支部, managed by the center's admin."""
    return create_post(
        by=cast.admin,
        organization=cast.org_health,
        name=name,
        site="中心办公楼",
        kind=kind,
        branch=cast.branch_first,
    )


def served(
    cast: Any,
    post: Post,
    *,
    hours: str | Decimal,
    on: dt.date,
    person: Person | None = None,
    confirm: bool = True,
) -> HourEntry:
    """Record (and by default confirm) hours of ``person`` (default: the volunteer) on ``post``."""
    by = cast.coordinator if post.organization_id == cast.org_rc.pk else cast.admin
    entry = record_entry(
        by=by,
        person=person or cast.volunteer.person,
        post=post,
        served_on=on,
        hours=hours,
    )
    if confirm:
        entry = confirm_entry(by=by, entry=entry, now=at(on.day, 23, on.month))
    return entry


def shift_of(
    post: Post, cast: Any, *, starts: dt.datetime, hours: int = 3, capacity: int = 5
) -> Shift:
    by = cast.coordinator if post.organization_id == cast.org_rc.pk else cast.admin
    return create_shift(
        by=by,
        post=post,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        capacity=capacity,
    )


def approved(cast: Any, shift: Shift, person: Person | None = None, *, now: dt.datetime) -> SignUp:
    """Sign ``person`` (default: the volunteer) up by the coordinator or admin and approve it."""
    by = cast.coordinator if shift.post.organization_id == cast.org_rc.pk else cast.admin
    signup = sign_up(by=by, shift=shift, person=person or cast.volunteer.person, now=now)
    if signup.status == SignUp.Status.PENDING:
        signup = approve_signup(by=by, signup=signup, now=now)
    return signup
