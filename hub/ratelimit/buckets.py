"""Take a token from a bucket; refuse with the seconds to wait when it is empty."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from hub.ratelimit.models import Bucket


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int = 0


def take(key: str, *, capacity: int, per_seconds: float, now: dt.datetime | None = None) -> Verdict:
    """Take one token from ``key``'s bucket, which holds ``capacity`` and refills fully in
    ``per_seconds``, at ``now`` (default: the clock at the call). The row is locked while it is
    read and written, so concurrent requests cannot both take the last token.
    """
    rate = capacity / per_seconds
    now = now or timezone.now()
    with transaction.atomic():
        bucket = Bucket.objects.select_for_update().filter(key=key).first()
        if bucket is None:
            try:
                with transaction.atomic():
                    Bucket.objects.create(key=key, tokens=capacity - 1, updated_at=now)
                return Verdict(True)
            except IntegrityError:
                bucket = Bucket.objects.select_for_update().get(key=key)
        elapsed = max(0.0, (now - bucket.updated_at).total_seconds())
        tokens = min(float(capacity), bucket.tokens + elapsed * rate)
        if tokens < 1:
            Bucket.objects.filter(pk=bucket.pk).update(tokens=tokens, updated_at=now)
            return Verdict(False, retry_after=max(1, math.ceil((1 - tokens) / rate)))
        Bucket.objects.filter(pk=bucket.pk).update(tokens=tokens - 1, updated_at=now)
        return Verdict(True)


def give_back(key: str, *, capacity: int) -> None:
    """Return one token taken from ``key``'s bucket (never above ``capacity``)."""
    bucket = Bucket.objects.filter(key=key).first()
    if bucket is not None:
        Bucket.objects.filter(pk=bucket.pk).update(tokens=min(float(capacity), bucket.tokens + 1))
