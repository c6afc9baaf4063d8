"""Builders of volunteering state shared by every app's tests: posts, shifts, approved sign-ups,
check-ins, served hours, drives, people and notices.

They go through the real actions, so the state is what the product would make (a sign-up moves
``Shift.taken``, a check-out writes its pending hour entry); where a time matters it is passed to
the action as ``now=``, so shifts long past are built as they were lived. Defaults follow the
shared cast in ``hub/conftest.py``:
each organization's posts are made by its manager (the residents' committee's by the coordinator of
青年公寓, the health center's by its admin, the other organization's by the outsider).
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hub.hours.actions.ledger import confirm_entry, record_entry
from hub.hours.models import HourEntry
from hub.notices.actions import add_attachment, create_notice, publish_notice
from hub.notices.models import Notice
from hub.people.models import Person
from hub.volunteering.actions.checkins import check_in, check_out
from hub.volunteering.actions.posts import create_post, create_shift
from hub.volunteering.actions.signups import approve_signup, create_drive, publish_drive, sign_up
from hub.volunteering.models import CheckIn, Drive, Post, Shift, SignUp

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_MANAGER = object()  # "the organization's manager in the cast" (``by`` may also be None)
_EVENING = object()  # "23:00 Shanghai time on the day served"
_keys = itertools.count(1)


def at(month: int, day: int, hour: int = 8, minute: int = 0) -> dt.datetime:
    """A Shanghai time in spring 2022 (the lockdown the cast lives in)."""
    return dt.datetime(2022, month, day, hour, minute, tzinfo=SHANGHAI)


def manager(cast: Any, organization: Any) -> Any:
    """The cast's user who manages ``organization``'s posts (None for another organization)."""
    return {
        cast.org_rc.pk: cast.coordinator,
        cast.org_health.pk: cast.admin,
        cast.org_other.pk: cast.outsider,
    }.get(organization.pk)


def _post_defaults(cast: Any, organization: Any) -> dict[str, Any]:
    """Name, site and scope of a post of ``organization`` unless the caller says otherwise."""
    if organization.pk == cast.org_rc.pk:
        return {
            "name": "送货",
            "site": "青年公寓",
            "compound": cast.compound_own,
            "branch": None,
            "content": "为封控楼栋住户送餐到门口",
        }
    if organization.pk == cast.org_health.pk:
        return {
            "name": "检测点辅助",
            "site": "莘庄镇检测点",
            "compound": None,
            "branch": cast.branch_first,
        }
    return {"name": "别处采样点", "site": "别处小区东门", "compound": None, "branch": None}


def make_post(cast: Any, *, organization: Any = None, by: Any = _MANAGER, **values: Any) -> Post:
    """A post of ``organization`` (default: the health center, organized by 第一党支部), made
    through create_post.

    ``by`` defaults to the organization's manager; pass ``by=None`` for the system. ``values``
    override the name, site, compound, branch, content, kind and any criteria of create_post.
    """
    organization = organization or cast.org_health
    fields = {**_post_defaults(cast, organization), **values}
    return create_post(
        by=manager(cast, organization) if by is _MANAGER else by,
        organization=organization,
        **fields,
    )


def post_row(cast: Any, *, organization: Any, by: Any = _MANAGER, **values: Any) -> Post:
    """A post of ``organization`` made through create_post with the ledger tests' names:
    理货送货 at 青年公寓 东门, no compound or branch unless given."""
    fields = {
        "name": "理货送货",
        "site": "青年公寓 东门",
        "kind": Post.Kind.VOLUNTEER,
        "compound": None,
        "branch": None,
        "content": "分拣并送货到门",
        **values,
    }
    by = manager(cast, organization) if by is _MANAGER else by
    return create_post(by=by, organization=organization, **fields)


def make_shift(
    post: Post,
    *,
    starts_at: dt.datetime | None = None,
    hours: float = 4,
    capacity: int = 5,
    min_staff: int = 0,
    by: Any = _MANAGER,
    **options: Any,
) -> Shift:
    """A shift of ``post`` lasting ``hours`` from ``starts_at`` (default: 2022-03-26 08:00).

    ``min_staff`` defaults to 0 (no staffing warning; create_shift's own default is 1) and
    ``by`` to whoever made the post.
    """
    starts_at = starts_at or at(3, 26, 8)
    ends_at = starts_at + dt.timedelta(hours=hours)
    return create_shift(
        by=post.created_by if by is _MANAGER else by,
        post=post,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        min_staff=min_staff,
        **options,
    )


def approve(
    shift: Shift, person: Person, *, by: Any = None, now: dt.datetime | None = None
) -> SignUp:
    """An approved sign-up of ``person`` (by default made by the system a day before the shift).

    A sign-up without a drive needs no approval; one left pending is approved by ``by``.
    """
    now = now or shift.starts_at - dt.timedelta(days=1)
    signup = sign_up(by=by, shift=shift, person=person, now=now)
    if signup.status == SignUp.Status.PENDING:
        signup = approve_signup(by=by, signup=signup, now=now)
    return signup


def closed_checkin(
    shift: Shift, person: Any, start: dt.datetime, end: dt.datetime | None, *, by: Any = None
) -> CheckIn:
    """``person`` checked in at ``start`` and (unless ``end`` is None) out at ``end`` by a
    coordinator (``by``, default whoever made the post), through the check-in actions with
    ``now=``; an approved sign-up is made first when the person holds none. The check-out
    writes the pending hour entry, recorded by ``by``."""
    by = by or shift.post.created_by
    held = SignUp.objects.filter(shift=shift, person=person, status=SignUp.Status.APPROVED)
    if not held.exists():
        approve(shift, person, now=min(start, shift.starts_at) - dt.timedelta(days=1))
    n = next(_keys)
    checkin = check_in(
        by=by,
        shift=shift,
        person=person,
        method=CheckIn.Method.COORDINATOR,
        idempotency_key=f"ledger-test-{n}",
        now=start,
    ).checkin
    if end is not None:
        check_out(by=by, checkin=checkin, checkout_key=f"ledger-test-out-{n}", now=end)
    checkin.refresh_from_db()
    return checkin


def entry_for(
    by: Any, shift: Shift, person: Any, start: dt.datetime, end: dt.datetime
) -> HourEntry:
    """A pending entry recorded from a closed check-in."""
    from hub.hours.actions.ledger import record_from_checkin

    entry = record_from_checkin(checkin=closed_checkin(shift, person, start, end, by=by), by=by)
    assert entry is not None
    return entry


def served(
    post: Post,
    person: Person,
    *,
    hours: str | Decimal,
    on: dt.date = dt.date(2022, 3, 1),
    by: Any = _MANAGER,
    confirm: bool = True,
    confirmed_at: Any = _EVENING,
) -> HourEntry:
    """Hours of ``person`` on ``post`` recorded (and by default confirmed) through the ledger.

    More than 20 hours are spread over consecutive days from ``on`` (default 2022-03-01; a
    day's entry is capped).
    ``by`` defaults to whoever made the post; entries are confirmed at 23:00 on the day served
    unless ``confirmed_at`` says otherwise (None: the wall clock). Returns the last entry.
    """
    by = post.created_by if by is _MANAGER else by
    left, day = Decimal(hours), on
    while True:
        chunk = min(left, Decimal(20))
        entry = record_entry(by=by, person=person, post=post, served_on=day, hours=chunk)
        if confirm:
            now = at(day.month, day.day, 23) if confirmed_at is _EVENING else confirmed_at
            entry = confirm_entry(by=by, entry=entry, now=now)
        left -= chunk
        day += dt.timedelta(days=1)
        if left <= 0:
            return entry


def rc_world(cast: Any) -> dict[str, Any]:
    """The residents' committee's delivery post in 青年公寓 and one shift on 2022-04-12 8–12."""
    post = post_row(cast, organization=cast.org_rc, compound=cast.compound_own)
    return {"post": post, "shift": make_shift(post, starts_at=at(4, 12), capacity=20)}


def foreign_world(cast: Any) -> dict[str, Any]:
    """The other organization's post in its own compound and one shift."""
    post = post_row(cast, organization=cast.org_other, compound=cast.compound_foreign, site="别处")
    return {"post": post, "shift": make_shift(post, starts_at=at(4, 12), capacity=20)}


def make_drive(
    cast: Any,
    shifts: list[Shift],
    *,
    requires_approval: bool = False,
    branches: list[Any] | None = None,
    compounds: list[Any] | None = None,
    is_public: bool = False,
    publish: bool = True,
    organization: Any = None,
    now: dt.datetime | None = None,
) -> Drive:
    """A drive of the health center open to 第一党支部 (by default), published at ``now``
    (default 2022-03-25 08:00)."""
    drive = create_drive(
        by=None,
        organization=organization or cast.org_health,
        title="招募检测机构辅助志愿者",
        requires_approval=requires_approval,
        shifts=shifts,
        branches=[cast.branch_first] if branches is None else branches,
        compounds=compounds or [],
        is_public=is_public,
    )
    if publish:
        drive = publish_drive(by=None, drive=drive, now=now or at(3, 25, 8))
    return drive


def member(cast: Any, n: int, *, branch: Any = None, household: Any = None, **values: Any) -> Any:
    """Person number ``n``: a member of 第一党支部 by default (or a resident of ``household``)."""
    from hub.accounts.models import User
    from hub.people.actions import create_person

    values.setdefault("name", f"志愿者{n:03d}")
    values.setdefault("phone", f"1361{n:07d}")
    if household is None and branch is None:
        branch = cast.branch_first
    root = User.objects.get(username="root")
    return create_person(by=root, values=values, branch=branch, household=household)


def residents(cast: Any, count: int) -> list[Person]:
    """``count`` more residents of 青年公寓 (people who can serve inside the sealed compound)."""
    from hub.accounts.models import User
    from hub.people.actions import create_person

    root = User.objects.get(username="root")
    return [
        create_person(
            by=root,
            values={"name": f"居民{n:03d}", "phone": f"1390000{n:04d}"},
            household=cast.household_own,
        )
        for n in range(count)
    ]


def login_for(person: Any) -> Any:
    """A user account linked to ``person`` (so it can sign itself up)."""
    from hub.accounts.models import User

    user = User.objects.create_user(username=f"p{person.pk}", password=None)
    user.person = person
    user.save(update_fields=["person"])
    return user


def make_notice(
    by: Any,
    *,
    organization: Any,
    audience: list[Any],
    title: str = "关于做好疫情防控值班的通知",
    reply_prompt: str = "报名 + 可服务时段",
    publish: bool = True,
    attachment: bool = False,
    now: Any = None,
) -> Notice:
    """A notice written (and by default published) through the real actions."""
    notice = create_notice(
        by=by,
        organization=organization,
        title=title,
        body="请各位党员收到后回复。",
        audience=audience,
        reply_prompt=reply_prompt,
    )
    if attachment:
        add_attachment(
            by=by, notice=notice, filename="值班表.pdf", content_type="application/pdf", content=PDF
        )
    if publish:
        notice = publish_notice(by=by, notice=notice, now=now)
    return notice


def supply_night(
    cast: Any,
    *,
    crew: tuple[Any, ...] = (),
    carts: tuple[tuple[int, int], ...] = ((40, 60),),
    compound: Any = None,
    by: Any = None,
) -> Any:
    """A supplies night in 青年公寓 (or ``compound``) on 2022-04-20, through the real actions.

    ``crew`` people get approved sign-ups on its delivery shift (19:00-23:00, a 理货送货 post of
    the compound's organization, written as rows like rc_world's); ``carts`` are (parcels, kg)
    per cart. Opened by the coordinator (the outsider for another compound) by default.
    """
    from hub.supplies.actions import open_night
    from hub.supplies.models import Cart

    compound = compound or cast.compound_own
    organization = compound.organization
    # An evening shift (19:00-23:00), apart from the daytime shifts other builders make.
    post = post_row(
        cast, organization=organization, compound=compound, name="理货送货", site="大门"
    )
    shift = make_shift(post, starts_at=at(4, 20, 19), capacity=20)
    for person in crew:
        approve(shift, person)
    night = open_night(
        by=by or (cast.coordinator if compound.pk == cast.compound_own.pk else cast.outsider),
        compound=compound,
        date=dt.date(2022, 4, 20),
        delivery_shift=shift,
    )
    for n, (count, kg) in enumerate(carts, start=1):
        Cart.objects.create(
            compound=compound, name=f"{n}号车", capacity_count=count, capacity_kg=kg
        )
    return night


def make_screening_round(
    cast: Any,
    *,
    compound: Any = None,
    capacity: int = 10,
    points: int = 1,
    pool_size: int = 10,
    pooling: str = "pooled",
    starts_at: dt.datetime | None = None,
    hours: int = 2,
    slot_minutes: int = 30,
    previous: Any = None,
) -> Any:
    """A PCR round at 青年公寓 (by default) with ``points`` points of ``capacity`` per slot,
    opened by its coordinator, through the screening actions."""
    from hub.screening.actions import add_sampling_point, create_round

    coordinator = cast.users["coordinator"]
    compound = compound or cast.compound_own
    by = coordinator if compound.pk == cast.compound_own.pk else None
    start = starts_at or at(4, 2, 8)
    round_ = create_round(
        by=by,
        compound=compound,
        name="第一轮核酸",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        slot_minutes=slot_minutes,
        pooling=pooling,
        pool_size=pool_size,
        previous=previous,
    )
    for n in range(points):
        add_sampling_point(by=by, round_=round_, name=f"采样点{n + 1}", capacity=capacity)
    return round_


# Care (hub.care) ------------------------------------------------------------------------------
CARE_NOW = dt.datetime(2022, 4, 2, 9, 0, tzinfo=SHANGHAI)  # 青年公寓 is sealed since 28 March


def make_care_recipient(
    cast: Any,
    *,
    by: Any = None,
    person: Any = None,
    organization: Any = None,
    category: str = "alone",
    needs: tuple[str, ...] = ("food", "medicine"),
    condition: str = "",
    paired_with: Any = None,
    mode: str = "call",
    now: Any = CARE_NOW,
) -> Any:
    """A care register entry through the real actions: 陈秀英 of 青年公寓 1号楼 301 by default,
    kept by the residents' committee (its coordinator), optionally paired with ``paired_with``."""
    from hub.care.actions import pair_volunteer, register_recipient

    by = by or cast.coordinator
    recipient = register_recipient(
        by=by,
        organization=organization or cast.org_rc,
        person=person or cast.person_resident,
        category=category,
        needs=needs,
        contact_name="女儿",
        contact_phone="13912345678",
        condition=condition,
        condition_details="每周二、五透析" if condition else "",
    )
    if paired_with is not None:
        pair_volunteer(
            by=by, recipient=recipient, volunteer=paired_with, mode=mode, per_week=7, now=now
        )
    return recipient


def make_help_request(
    cast: Any,
    *,
    compound: Any = None,
    building: Any = None,
    room: str = "301",
    need: str = "food",
    urgency: str = "today",
    for_name: str = "陈秀英",
    source: str = "form",
    now: Any = CARE_NOW,
) -> Any:
    """A request for help as the public form takes it (青年公寓 1号楼 301 by default)."""
    from hub.care.actions import submit_help_request

    return submit_help_request(
        compound=compound or cast.compound_own,
        building=building or (cast.building_own if compound is None else None),
        room=room,
        for_name=for_name,
        requester_name="女儿",
        requester_phone="13912345678",
        relation="relative",
        need=need,
        urgency=urgency,
        details="家里没菜了",
        source=source,
        now=now,
    )
