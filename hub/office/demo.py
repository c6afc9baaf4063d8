"""The demo's office day at the health center (called from hub/demo/world.py build_world).

Everything goes through the real actions: the office sets up the building's entry site, the
property company's staff and the lift's schedule; the published duty roster puts a member on
today's day shift (an approved duty sign-up); contractors check in at the desk, a visitor is
admitted and another refused (a yellow code), the lift's disinfection falls overdue (the
periodic check alerts) and is then done; the daily summary closes the day. Times are today's
(local) so the desk page and the summary show them; phones and names come from the world's
synthetic generator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from hub.accounts.models import User
from hub.errors import DomainError
from hub.office.actions.cleaning import check_cleaning, create_area, record_cleaning
from hub.office.actions.contractors import (
    add_worker,
    check_attendance,
    create_company,
    set_requirement,
)
from hub.office.actions.entries import create_site, record_entry
from hub.office.queries import daily_summary, summary_text
from hub.people.models import Branch, Organization, Person

PROPERTY_STAFF = (
    ("security", "male", 1968),
    ("security", "male", 1975),
    ("cleaning", "female", 1970),
    ("engineering", "male", 1980),
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _duty_today(organization: Organization, branch: Branch, day: dt.date) -> str:
    """Put one member of the branch on today's day duty (the roster's day post), approved."""
    from hub.volunteering.actions.posts import create_shift
    from hub.volunteering.actions.signups import approve_signup, sign_up
    from hub.volunteering.models import Post

    post = (
        Post.objects.filter(organization=organization, kind=Post.Kind.DUTY).order_by("pk").first()
    )
    if post is None:
        return ""
    shift = create_shift(
        by=None, post=post, starts_at=_at(day, 8, 30), ends_at=_at(day, 17), capacity=1
    )
    eve = _at(day, 8) - dt.timedelta(days=1)
    for person in (
        Person.objects.filter(memberships__branch=branch, skills__in=post.required_skills.all())
        .distinct()
        .order_by("pk")
    ):
        try:
            signup = sign_up(by=None, shift=shift, person=person, now=eve)
        except DomainError:
            continue
        if signup.status == signup.Status.PENDING:
            approve_signup(by=None, signup=signup, now=eve)
        return person.name
    return ""


def replay_office_day(
    *,
    organization: Organization,
    branch: Branch,
    office: User,
    desk: User,
    syn: Any,
    day: dt.date | None = None,
) -> str:
    """Run the office's day and return the daily summary's chat text."""
    day = day or timezone.localdate()
    site = create_site(by=office, organization=organization, name="中心办公楼", test_valid_hours=48)
    company = create_company(by=office, organization=organization, name="莘庄物业服务公司（演示）")
    workers = [
        add_worker(by=office, company=company, name=syn.name(g, year), phone=syn.phone(), role=role)
        for role, g, year in PROPERTY_STAFF
    ]
    set_requirement(by=office, site=site, role="security", expected=2, due_by=dt.time(8, 0))
    set_requirement(by=office, site=site, role="cleaning", expected=1, due_by=dt.time(8, 0))
    lift = create_area(
        by=office, organization=organization, name="1号电梯", kind="lift", every_minutes=120
    )
    lobby = create_area(
        by=office, organization=organization, name="一楼大堂", kind="lobby", every_minutes=240
    )
    _duty_today(organization, branch, day)

    # 07:40–07:55 the property company's staff arrive; the second guard is late.
    for worker, minute in ((workers[0], 40), (workers[2], 45), (workers[3], 55)):
        record_entry(
            by=desk,
            site=site,
            kind="contractor",
            method="desk",
            worker=worker,
            code_colour="green",
            tested_on=day - dt.timedelta(days=1),
            now=_at(day, 7, minute),
        )
    check_attendance(now=_at(day, 8, 5))  # security 1 of 2 at 08:00: the office is alerted
    record_entry(
        by=desk,
        site=site,
        kind="contractor",
        method="desk",
        worker=workers[1],
        code_colour="green",
        tested_on=day - dt.timedelta(days=1),
        now=_at(day, 8, 20),
    )
    record_cleaning(
        by=desk,
        area=lift,
        done_by=workers[2].name,
        worker=workers[2],
        agent="含氯消毒剂",
        concentration_mg_l=500,
        now=_at(day, 8, 0),
    )
    record_cleaning(
        by=desk,
        area=lobby,
        done_by=workers[2].name,
        worker=workers[2],
        agent="含氯消毒剂",
        concentration_mg_l=500,
        now=_at(day, 8, 10),
    )
    # A visitor with a green code and yesterday's test is admitted; one with a yellow code is not.
    visitor: dict[str, Any] = {
        "kind": "visitor",
        "method": "qr",
        "purpose": "送防疫物资清单",
        "host": "办公室主任",
    }
    record_entry(
        by=None,
        site=site,
        name=syn.name("female", 1988),
        phone=syn.phone(),
        code_colour="green",
        tested_on=day - dt.timedelta(days=1),
        now=_at(day, 9, 10),
        **visitor,
    )
    record_entry(
        by=None,
        site=site,
        name=syn.name("male", 1979),
        phone=syn.phone(),
        code_colour="yellow",
        tested_on=day - dt.timedelta(days=1),
        now=_at(day, 9, 40),
        **visitor,
    )
    record_entry(
        by=desk,
        site=site,
        kind="visitor",
        method="manual",
        name=syn.name("female", 1946),
        purpose="取慢病药",
        code_colour="green",
        tested_on=day,
        now=_at(day, 9, 50),
    )
    # The lift was due at 10:00; the 10:15 check alerts; the cleaner does it at 10:30.
    check_cleaning(now=_at(day, 10, 15))
    record_cleaning(
        by=desk,
        area=lift,
        done_by=workers[2].name,
        worker=workers[2],
        agent="含氯消毒剂",
        concentration_mg_l=500,
        now=_at(day, 10, 30),
    )
    return summary_text(daily_summary(organization, day, now=_at(day, 10, 45)))
