"""docs/quality.md, reliability 1 and 2: concurrent sign-ups never oversell and never double up.

Real threads, each task on its own database connection (closed when the task ends), released
together by one start event; a bounded pool keeps PostgreSQL under its connection limit.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.utils import translation

from hub.conftest import Cast
from hub.errors import DomainError
from hub.testing.builders import login_for, make_drive, make_post, make_shift, member
from hub.volunteering.actions.signups import sign_up
from hub.volunteering.models import Shift, SignUp
from hub.volunteering.tests.matrix_drives import NOW

WORKERS = 32


def run_together(tasks: list[Callable[[], Any]], workers: int = WORKERS) -> list[tuple[str, str]]:
    """Run every task on the pool once all are queued; ``(code, message)`` per task."""
    start = threading.Event()

    def run(task: Callable[[], Any]) -> tuple[str, str]:
        start.wait(timeout=30)
        # Threads do not inherit the test's language; the messages checked below are English.
        translation.activate("en")
        try:
            task()
            return ("ok", "")
        except DomainError as exc:
            return (exc.code, exc.message)
        except Exception as exc:
            return ("error", repr(exc))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run, task) for task in tasks]
        start.set()
        return [future.result() for future in futures]


def naive_sign_up(shift_id: int, person_id: int, barrier: threading.Barrier | None) -> None:
    """The negative control: count the places held, then insert. No conditional UPDATE."""
    with transaction.atomic():
        shift = Shift.objects.get(pk=shift_id)
        held = SignUp.objects.filter(shift_id=shift_id, status__in=SignUp.HOLDS_PLACE).count()
        if barrier is not None:
            barrier.wait(timeout=10)
        if held >= shift.capacity:
            raise DomainError("full", code="full")
        SignUp.objects.create(shift_id=shift_id, person_id=person_id, status="approved")


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_sign_ups_fill_exactly_50_places(cast: Cast) -> None:
    """Exactly 50 accepted, 150 refused as full, no other error, and the counter equals the rows.

    The naive count-then-insert control oversells on PostgreSQL (threads held at a barrier all
    count before anyone inserts). On SQLite, IMMEDIATE transactions serialize writers so the
    naive version cannot interleave (and a barrier inside the transaction would deadlock): there
    it runs without the barrier and its oversell is not asserted.
    """
    shift = make_shift(make_post(cast, by=None), capacity=50)
    drive = make_drive(cast, [shift])
    users = [login_for(member(cast, n)) for n in range(200)]

    results = run_together(
        [lambda u=u: sign_up(by=u, shift=shift, drive=drive, now=NOW) for u in users]
    )

    codes = Counter(code for code, _message in results)
    assert codes == {"ok": 50, "full": 150}, codes
    assert {m for code, m in results if code == "full"} == {
        "This shift is full: all 50 places are taken."
    }
    shift.refresh_from_db()
    held = SignUp.objects.filter(shift=shift, status__in=SignUp.HOLDS_PLACE).count()
    assert shift.taken == held == 50

    control = make_shift(make_post(cast, by=None, name="对照"), capacity=10)
    on_postgres = connection.vendor == "postgresql"
    racers = users[:WORKERS]
    barrier = threading.Barrier(len(racers)) if on_postgres else None
    naive = run_together(
        [lambda u=u: naive_sign_up(control.pk, u.person_id, barrier) for u in racers]
    )
    assert not [r for r in naive if r[0] == "error"], naive
    oversold = SignUp.objects.filter(shift=control).count()
    if on_postgres:
        assert oversold > control.capacity, "the naive control should oversell on PostgreSQL"


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_20_concurrent_sign_ups_by_one_person_make_one_row(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None), capacity=50)
    drive = make_drive(cast, [shift])
    user = cast.volunteer

    results = run_together([lambda: sign_up(by=user, shift=shift, drive=drive, now=NOW)] * 20)

    codes = Counter(code for code, _message in results)
    assert codes == {"ok": 1, "already_signed_up": 19}, results
    assert SignUp.objects.filter(shift=shift).count() == 1
    shift.refresh_from_db()
    assert shift.taken == 1
