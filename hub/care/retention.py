"""Retention of care health records: gone 30 days after the person leaves the register."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

HEALTH_RETENTION = dt.timedelta(days=30)


def purge_closed_health(now: dt.datetime) -> int:
    """Delete the health rows of register entries closed more than 30 days before ``now``.

    Idempotent: a second run at the same ``now`` finds nothing. Contact logs stay (they record
    the volunteers' service); only the health condition goes.
    """
    from hub.care.models import CareHealth

    with transaction.atomic():
        deleted, _ = CareHealth.objects.filter(
            recipient__status="closed", recipient__closed_at__lt=now - HEALTH_RETENTION
        ).delete()
    return deleted
