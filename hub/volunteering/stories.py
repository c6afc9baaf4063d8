"""The seed's stories about recruitment, replayed through the real actions (for the demo).

青年有担当: on the evening of 27 March 2022 the youth league secretary forwarded “上海青年志愿者，
招募检测机构辅助志愿者” to the center's chat group, and young party and league members signed up
at once: “我是党员，我先上”.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.models import Branch, Organization, Person
from hub.volunteering.actions.posts import create_post, create_shift_series
from hub.volunteering.actions.signups import approve_signup, create_drive, publish_drive, sign_up
from hub.volunteering.models import Drive, SignUp

DAYS = 3


def _note(person: Person) -> str:
    if person.political_status in (Person.PoliticalStatus.PARTY_MEMBER, "probationary"):
        return "我是党员，我先上"
    if person.political_status == Person.PoliticalStatus.LEAGUE_MEMBER:
        return "我是团员，我也上"
    return "我报名"


def replay_testing_helper_drive(
    *,
    organization: Organization,
    branch: Branch,
    people: Iterable[Person],
    now: dt.datetime,
) -> Drive:
    """Replay the youth league's drive for testing-institution helpers, filled by sign-ups.

    At ``now`` (the recruitment call) ``branch`` of ``organization`` publishes a drive for a
    post “检测机构辅助志愿者” with an evening shift on each of the next three days, as many places
    per evening as there are ``people``, open to the branch and its sub-branches. Each person
    signs up (through their own account when they have one) for every evening, with the note
    “我是党员，我先上” (party members) or “我是团员，我也上”; the coordinator approves each one.
    A person the rules refuse (e.g. living in a sealed compound) is skipped, as in real life.
    Returns the drive. Not idempotent: call it once on a fresh demo world.
    """
    people = list(people)
    post = create_post(
        by=None,
        organization=organization,
        branch=branch,
        name="检测机构辅助志愿者",
        site="上海市核酸检测机构（实验室）",
        content="协助样本接收、转运登记、信息录入和物资搬运（上海青年志愿者招募）",
        risk="medium",
        requires_insurance=True,
        insurance_policy="志愿者团体意外险（演示）",
        insured_from=now.date(),
        insured_until=now.date() + dt.timedelta(days=30),
    )
    tz = now.tzinfo
    first_day = now.date() + dt.timedelta(days=1)
    start = dt.datetime.combine(first_day, dt.time(18, 0), tzinfo=tz)
    shifts = create_shift_series(
        by=None,
        post=post,
        first_starts_at=start,
        first_ends_at=start + dt.timedelta(hours=4),
        days=DAYS,
        capacity=max(1, len(people)),
        min_staff=min(2, max(1, len(people))),
    )
    drive = create_drive(
        by=None,
        organization=organization,
        title="上海青年志愿者 招募检测机构辅助志愿者",
        description="市卫健委团委转发：招募检测机构辅助志愿者，青年党员、团员踊跃报名。",
        requires_approval=True,
        shifts=shifts,
        branches=[branch],
    )
    drive = publish_drive(by=None, drive=drive, now=now)
    accounts = {u.person_id: u for u in User.objects.filter(person__in=people)}
    for n, person in enumerate(people):
        at = now + dt.timedelta(minutes=1 + n)
        for shift in shifts:
            try:
                sign_up(
                    by=accounts.get(person.pk),
                    shift=shift,
                    person=person,
                    drive=drive,
                    note=_note(person),
                    now=at,
                )
            except DomainError:
                continue
    decided = now + dt.timedelta(hours=1)
    for signup in SignUp.objects.filter(drive=drive, status=SignUp.Status.PENDING).order_by("pk"):
        approve_signup(by=None, signup=signup, now=decided)
    return drive
