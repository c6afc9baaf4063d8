"""Reminders before a shift go through the outbox, once per sign-up."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.db import transaction

from hub.jobs.actions import create_job, run_job_now
from hub.me import jobs  # noqa: F401  (registers the job kind)
from hub.me.actions import send_shift_reminders
from hub.me.tests.builders import approved, at, shift_of, youth_post
from hub.notify.models import Message
from hub.volunteering.posts import cancel_shift
from hub.volunteering.signups import create_drive, publish_drive, sign_up

NOW = at(2, 8)


def reminders() -> list[Message]:
    return list(Message.objects.filter(template="me.shift_reminder").order_by("id"))


def test_each_approved_volunteer_is_reminded_once_per_shift(cast) -> None:
    shift = shift_of(youth_post(cast), cast, starts=at(2, 18))
    mine = approved(cast, shift, now=at(1, 9))
    approved(cast, shift, cast.person_resident, now=at(1, 9))

    first = send_shift_reminders(now=NOW)
    second = send_shift_reminders(now=NOW + dt.timedelta(hours=1))

    assert (first, second) == (2, 0)
    sent = reminders()
    assert sent[0].dedupe_key == f"reminder:{mine.pk}"
    assert {m.recipient_id for m in sent} == {cast.volunteer.person.pk, cast.person_resident.pk}
    assert "送货" in sent[0].body and "2022-04-02 18:00" in sent[0].body


def test_shifts_beyond_the_lead_time_or_already_started_wait(cast) -> None:
    post = youth_post(cast)
    approved(cast, shift_of(post, cast, starts=at(3, 9)), now=at(1, 9))  # 25 h ahead
    approved(cast, shift_of(post, cast, starts=at(2, 7)), now=at(1, 9))  # already started

    assert send_shift_reminders(now=NOW) == 0
    assert send_shift_reminders(now=NOW, lead=dt.timedelta(hours=26)) == 1


def test_pending_sign_ups_and_cancelled_shifts_get_no_reminder(cast) -> None:
    post = youth_post(cast)
    cancelled = shift_of(post, cast, starts=at(2, 18))
    approved(cast, cancelled, now=at(1, 9))
    cancel_shift(by=cast.coordinator, shift=cancelled, reason="物资未到")
    pending = shift_of(post, cast, starts=at(2, 10))
    drive = create_drive(
        by=cast.coordinator,
        organization=cast.org_rc,
        title="送餐志愿者招募",
        shifts=[pending],
        compounds=[cast.compound_own],
    )
    publish_drive(by=cast.coordinator, drive=drive, now=at(1, 8))
    assert sign_up(by=cast.volunteer, shift=pending, now=at(1, 9)).status == "pending"

    assert send_shift_reminders(now=NOW) == 0


def test_the_command_writes_the_reminders(cast) -> None:
    approved(cast, shift_of(youth_post(cast), cast, starts=at(2, 18)), now=at(1, 9))
    out = StringIO()

    call_command("send_shift_reminders", "--now", NOW.isoformat(), stdout=out)

    assert "1 reminder(s)" in out.getvalue()
    assert len(reminders()) == 1


def test_the_job_kind_runs_the_same_action_and_is_idempotent(cast) -> None:
    approved(cast, shift_of(youth_post(cast), cast, starts=at(2, 18)), now=at(1, 9))
    with transaction.atomic():
        job = create_job(kind="me.reminders", params={"now": NOW.isoformat()})

    assert run_job_now(job.pk).result == {"reminders": 1}
    with transaction.atomic():
        again = create_job(kind="me.reminders", params={"now": NOW.isoformat()})
    assert run_job_now(again.pk).result == {"reminders": 0}
    assert len(reminders()) == 1
