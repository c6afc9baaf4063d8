"""Reminders before a shift go through the outbox, once per sign-up."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from hub.jobs.actions import create_job, run_job_now
from hub.me import jobs  # noqa: F401  (registers the job kind)
from hub.me.actions import send_shift_reminders
from hub.notify.models import Message
from hub.testing.builders import approve, at, make_post, make_shift
from hub.volunteering.actions.posts import cancel_shift
from hub.volunteering.actions.signups import create_drive, publish_drive, sign_up

NOW = at(4, 2, 8)


def reminders() -> list[Message]:
    return list(Message.objects.filter(template="me.shift_reminder").order_by("id"))


def test_each_approved_volunteer_is_reminded_once_per_shift(cast) -> None:
    shift = make_shift(
        make_post(cast, organization=cast.org_rc), starts_at=at(4, 2, 18), hours=3, min_staff=1
    )
    mine = approve(shift, cast.volunteer.person, by=cast.coordinator, now=at(4, 1, 9))
    approve(shift, cast.person_resident, by=cast.coordinator, now=at(4, 1, 9))

    first = send_shift_reminders(now=NOW)
    second = send_shift_reminders(now=NOW + dt.timedelta(hours=1))

    assert (first, second) == (2, 0)
    sent = reminders()
    assert sent[0].dedupe_key == f"reminder:{mine.pk}"
    assert {m.recipient_id for m in sent} == {cast.volunteer.person.pk, cast.person_resident.pk}
    assert "送货" in sent[0].body and "2022-04-02 18:00" in sent[0].body


def test_shifts_beyond_the_lead_time_or_already_started_wait(cast) -> None:
    post = make_post(cast, organization=cast.org_rc)
    approve(
        make_shift(post, starts_at=at(4, 3, 9), hours=3, min_staff=1),
        cast.volunteer.person,
        by=cast.coordinator,
        now=at(4, 1, 9),
    )  # 25 h ahead
    approve(
        make_shift(post, starts_at=at(4, 2, 7), hours=3, min_staff=1),
        cast.volunteer.person,
        by=cast.coordinator,
        now=at(4, 1, 9),
    )  # already started

    assert send_shift_reminders(now=NOW) == 0
    assert send_shift_reminders(now=NOW, lead=dt.timedelta(hours=26)) == 1


def test_pending_sign_ups_and_cancelled_shifts_get_no_reminder(cast) -> None:
    post = make_post(cast, organization=cast.org_rc)
    cancelled = make_shift(post, starts_at=at(4, 2, 18), hours=3, min_staff=1)
    approve(cancelled, cast.volunteer.person, by=cast.coordinator, now=at(4, 1, 9))
    cancel_shift(by=cast.coordinator, shift=cancelled, reason="物资未到")
    pending = make_shift(post, starts_at=at(4, 2, 10), hours=3, min_staff=1)
    drive = create_drive(
        by=cast.coordinator,
        organization=cast.org_rc,
        title="送餐志愿者招募",
        shifts=[pending],
        compounds=[cast.compound_own],
    )
    publish_drive(by=cast.coordinator, drive=drive, now=at(4, 1, 8))
    assert sign_up(by=cast.volunteer, shift=pending, now=at(4, 1, 9)).status == "pending"

    assert send_shift_reminders(now=NOW) == 0


def volunteer_on_the_evening_shift(cast) -> None:
    """The volunteer approved (the day before) for a delivery shift on 2022-04-02 18:00."""
    shift = make_shift(
        make_post(cast, organization=cast.org_rc), starts_at=at(4, 2, 18), hours=3, min_staff=1
    )
    approve(shift, cast.volunteer.person, by=cast.coordinator, now=at(4, 1, 9))


def test_the_command_writes_the_reminders(cast) -> None:
    volunteer_on_the_evening_shift(cast)
    out = StringIO()

    call_command("send_shift_reminders", "--now", NOW.isoformat(), stdout=out)

    assert "1 reminder(s)" in out.getvalue()
    assert len(reminders()) == 1


def test_the_job_kind_runs_the_same_action_and_is_idempotent(cast) -> None:
    volunteer_on_the_evening_shift(cast)
    with transaction.atomic():
        job = create_job(kind="me.reminders", params={"now": NOW.isoformat()})

    assert run_job_now(job.pk).result == {"reminders": 1}
    with transaction.atomic():
        again = create_job(kind="me.reminders", params={"now": NOW.isoformat()})
    assert run_job_now(again.pk).result == {"reminders": 0}
    assert len(reminders()) == 1
