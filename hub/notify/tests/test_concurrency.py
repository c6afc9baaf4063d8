"""Real threads against the real database: two workers never send one message twice."""

import threading
from collections import Counter

import pytest
from django.db import connection, transaction

from hub.notify.actions import dispatch_due, notify
from hub.notify.models import Message
from hub.notify.tests.conftest import T0

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
WORKERS = 4


def test_concurrent_dispatchers_send_every_message_exactly_once() -> None:
    with transaction.atomic():
        for n in range(60):
            notify(template="generic.text", params={"text": str(n)}, address="ops", language="en")
    Message.objects.update(next_attempt_at=T0)
    sent: Counter[int] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def record(message: Message) -> None:
        with lock:
            sent[message.pk] += 1

    def worker() -> None:
        try:
            start.wait()
            while dispatch_due(now=T0, limit=5, send=record).claimed:
                pass
        except BaseException as exc:  # surfaced below: a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(sent) == 60
    assert set(sent.values()) == {1}
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
