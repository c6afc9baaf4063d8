"""Helpers for the outbox tests: a fake clock start, and providers that fail on demand."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

import pytest
from django.db import transaction

from hub.notify.actions import notify
from hub.notify.channels import DeliveryError
from hub.notify.models import Message

T0 = dt.datetime(2022, 4, 1, 8, 0, tzinfo=dt.UTC)


class FakeProvider:
    """Records every send; fails while ``down_until`` is after the fake ``clock``."""

    def __init__(self) -> None:
        self.sent: Counter[int] = Counter()
        self.calls = 0
        self.clock = T0
        self.down_until: dt.datetime | None = None

    def __call__(self, message: Message) -> None:
        self.calls += 1
        if self.down_until is not None and self.clock < self.down_until:
            raise DeliveryError("provider down (HTTP 503)")
        self.sent[message.pk] += 1


@pytest.fixture
def provider() -> FakeProvider:
    return FakeProvider()


@pytest.fixture
def rng() -> random.Random:
    return random.Random(7)


def write_message(**kwargs: Any) -> Message:
    """One console message written the way every app writes one: in a transaction."""
    kwargs.setdefault("template", "generic.text")
    kwargs.setdefault("params", {"text": "明天 8:00 核酸检测"})
    kwargs.setdefault("address", "ops")
    kwargs.setdefault("language", "en")
    with transaction.atomic():
        return notify(**kwargs)


def make_due(*, at: dt.datetime) -> None:
    """Move every waiting message's next try to ``at`` (messages are stamped with real time)."""
    Message.objects.filter(status="pending").update(next_attempt_at=at)
