"""Real threads, real database: retries never double a row (docs/quality.md, reliability 3)."""

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from hub.conftest import Cast
from hub.testing.builders import approve, make_post, make_shift, residents
from hub.volunteering.models import CheckIn, Shift, SignUp

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run ``work(i)`` in ``count`` threads released together; errors fail the test."""
    start = threading.Barrier(count)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = work(i)
        except BaseException as exc:  # surfaced below: a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_fifty_concurrent_check_ins_with_one_key_make_one_row(cast: Cast) -> None:
    shift = make_shift(
        make_post(cast, organization=cast.org_rc, name="青年公寓理货点"),
        starts_at=timezone.now() - dt.timedelta(minutes=30),
        capacity=10,
        min_staff=1,
    )
    approve(shift, cast.volunteer.person)

    def tap(_i: int) -> tuple[int, Any, bool]:
        client = Client()
        client.force_login(cast.volunteer)
        response = client.post(
            "/api/v1/checkins/",
            data={"shift": shift.pk},
            content_type="application/json",
            headers={"Idempotency-Key": "one-tap"},
        )
        return response.status_code, response.json(), response.has_header("Idempotent-Replayed")

    replies = in_threads(50, tap)

    assert CheckIn.objects.count() == 1
    assert {status for status, _body, _r in replies} == {201}
    bodies = [body for _status, body, _r in replies]
    assert all(body == bodies[0] for body in bodies)
    assert sum(1 for *_rest, replayed in replies if replayed) == 49


def _queue(shifts: list[Shift], people: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "idempotency_key": f"offline-{shift.pk}-{person.pk}",
            "shift": shift.pk,
            "person": person.pk,
            "checked_in_at": (shift.starts_at + dt.timedelta(minutes=n % 50)).isoformat(),
        }
        for n, (shift, person) in enumerate((s, p) for s in shifts for p in people)
    ]


def test_an_offline_queue_of_500_replayed_twice_makes_500_rows(cast: Cast) -> None:
    post = make_post(cast, organization=cast.org_rc, name="青年公寓理货点")
    start = timezone.now() - dt.timedelta(days=12)
    # 10 daily shifts × 50 residents; approved sign-ups written in bulk as test setup (the
    # sign-up action and its criteria are tested by their own suite, one row at a time).
    shifts = [make_shift(post, starts_at=start + dt.timedelta(days=d), capacity=60, min_staff=1)
              for d in range(10)]  # fmt: skip
    people = residents(cast, 50)
    SignUp.objects.bulk_create(
        SignUp(shift=s, person=p, status=SignUp.Status.APPROVED) for s in shifts for p in people
    )
    Shift.objects.filter(pk__in=[s.pk for s in shifts]).update(taken=50)
    items = _queue(shifts, people)
    assert len(items) == 500

    def replay(_i: int) -> tuple[int, Any]:
        client = Client()
        client.force_login(cast.coordinator)
        response = client.post(
            "/api/v1/checkins/batch/", data={"items": items}, content_type="application/json"
        )
        return response.status_code, response.json()

    first_status, first = replay(0)
    assert (first_status, first["created"], first["refused"]) == (200, 500, 0)
    again = in_threads(2, replay)

    assert CheckIn.objects.count() == 500
    for status, body in again:
        assert (status, body["created"], body["replayed"], body["refused"]) == (200, 0, 500, 0)
        assert {row["outcome"] for row in body["results"]} == {"checked_in"}
        assert [r["checkin"]["id"] for r in body["results"]] == [
            r["checkin"]["id"] for r in first["results"]
        ]
