import datetime as dt
import logging

import pytest

from hub.notify.actions import claim_due, dispatch_due, retry_messages
from hub.notify.models import Message
from hub.notify.tests.conftest import T0, make_due, write_message

pytestmark = pytest.mark.django_db
MINUTE = dt.timedelta(minutes=1)


def test_the_console_channel_delivers_and_marks_the_message_sent(caplog) -> None:  # type: ignore[no-untyped-def]
    message = write_message(params={"text": "Sampling at 8:00"})
    make_due(at=T0)
    with caplog.at_level(logging.INFO, logger="hub.notify.channels"):
        report = dispatch_due(now=T0)
    message.refresh_from_db()
    assert (report.claimed, report.sent) == (1, 1)
    assert (message.status, message.sent_at, message.attempts) == ("sent", T0, 1)
    assert "Sampling at 8:00" in caplog.text


def test_a_message_is_not_sent_before_its_time(provider) -> None:  # type: ignore[no-untyped-def]
    write_message()
    make_due(at=T0 + MINUTE)
    assert dispatch_due(now=T0, send=provider).claimed == 0
    assert provider.calls == 0


def test_a_provider_down_for_five_minutes_delays_but_loses_nothing(provider, rng) -> None:  # type: ignore[no-untyped-def]
    ids = [write_message(params={"text": f"notice {n}"}).pk for n in range(20)]
    make_due(at=T0)
    provider.down_until = T0 + 5 * MINUTE
    now = T0
    while now < T0 + dt.timedelta(hours=1):
        provider.clock = now
        dispatch_due(now=now, send=provider, rng=rng)
        if now < provider.down_until:
            assert not provider.sent, "nothing gets through while the provider is down"
        now += dt.timedelta(seconds=10)
    assert dict(provider.sent) == {pk: 1 for pk in ids}  # every message, exactly once
    assert set(Message.objects.values_list("status", flat=True)) == {"sent"}
    latest = max(Message.objects.values_list("sent_at", flat=True))
    assert latest <= provider.down_until + 10 * MINUTE


def test_a_dead_provider_costs_a_few_tries_per_run_not_one_per_message(provider, rng) -> None:  # type: ignore[no-untyped-def]
    for n in range(10):
        write_message(params={"text": str(n)})
    make_due(at=T0)
    provider.down_until = T0 + dt.timedelta(days=1)
    report = dispatch_due(now=T0, send=provider, rng=rng)
    assert (provider.calls, report.retrying, report.deferred) == (3, 3, 7)
    assert sorted(Message.objects.values_list("attempts", flat=True)) == [0] * 7 + [1] * 3
    assert not Message.objects.filter(next_attempt_at__lte=T0).exists()


def test_a_message_fails_for_good_only_after_the_last_attempt(settings, provider, rng) -> None:  # type: ignore[no-untyped-def]
    settings.NOTIFY_MAX_ATTEMPTS = 3
    message = write_message()
    make_due(at=T0)
    provider.down_until = T0 + dt.timedelta(days=30)
    statuses = []
    for hour in range(6):
        now = T0 + dt.timedelta(hours=hour)
        provider.clock = now
        dispatch_due(now=now, send=provider, rng=rng)
        message.refresh_from_db()
        statuses.append(message.status)
    assert statuses == ["pending", "pending", "failed", "failed", "failed", "failed"]
    assert (provider.calls, message.attempts) == (3, 3)
    assert message.last_error == "DeliveryError: provider down (HTTP 503)"


def test_an_unexpected_channel_error_is_recorded_not_raised(rng) -> None:  # type: ignore[no-untyped-def]
    message = write_message()
    make_due(at=T0)

    def broken(message: Message) -> None:
        raise ValueError("bad payload")

    report = dispatch_due(now=T0, send=broken, rng=rng)
    message.refresh_from_db()
    assert (report.retrying, message.status, message.last_error) == (
        1,
        "pending",
        "ValueError: bad payload",
    )


def test_a_second_dispatcher_cannot_claim_what_the_first_holds(provider) -> None:  # type: ignore[no-untyped-def]
    for n in range(4):
        write_message(params={"text": str(n)})
    make_due(at=T0)
    first = claim_due(now=T0, limit=100)
    second = claim_due(now=T0, limit=100)
    assert (len(first), second) == (4, [])
    assert dispatch_due(now=T0, send=provider).claimed == 0
    assert provider.calls == 0


def test_a_message_left_sending_by_a_killed_worker_is_reclaimed_after_its_lease(
    provider,
) -> None:  # type: ignore[no-untyped-def]
    message = write_message()
    make_due(at=T0)
    claim_due(now=T0, limit=10)  # ...and the worker dies before sending

    assert dispatch_due(now=T0 + 5 * MINUTE, send=provider).reclaimed == 0
    report = dispatch_due(now=T0 + 16 * MINUTE, send=provider)
    message.refresh_from_db()
    assert (report.reclaimed, report.sent, message.status, message.attempts) == (1, 1, "sent", 2)
    assert dict(provider.sent) == {message.pk: 1}


def test_a_worker_whose_claim_was_reclaimed_cannot_overwrite_the_outcome(provider) -> None:  # type: ignore[no-untyped-def]
    message = write_message()
    make_due(at=T0)
    [stale] = claim_due(now=T0, limit=10)
    dispatch_due(now=T0 + 16 * MINUTE, send=provider)  # reclaimed and sent by another worker
    Message.objects.filter(pk=stale.pk, claim_token=stale.claim_token).update(status="failed")
    message.refresh_from_db()
    assert message.status == "sent"


def test_retrying_failed_messages_queues_them_again_and_leaves_sent_ones(provider) -> None:  # type: ignore[no-untyped-def]
    failed = write_message(params={"text": "a"})
    sent = write_message(params={"text": "b"})
    Message.objects.filter(pk=failed.pk).update(status="failed", attempts=16)
    Message.objects.filter(pk=sent.pk).update(status="sent", sent_at=T0)
    assert retry_messages(ids=[failed.pk, sent.pk], now=T0) == 1
    dispatch_due(now=T0, send=provider)
    assert dict(provider.sent) == {failed.pk: 1}
