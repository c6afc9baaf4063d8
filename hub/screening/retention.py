"""The screening purger: tube results, re-test lists and personal codes leave after retention.

A result is kept ``SCREENING_RETENTION_DAYS`` (default 30) after its round ends; then the round's
tube results, re-test rows and home/exemption lists are deleted; antigen reports (results and
photos) go the same time after their day. Samples keep only that a
resident was sampled (coverage history), never what was found. Idempotent: a second run at the
same ``now`` finds nothing left to delete.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction


def retention() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "SCREENING_RETENTION_DAYS", 30)))


def purge_results(now: dt.datetime) -> int:
    """Delete the health data of rounds that ended more than the retention ago; return the count."""
    from hub.screening.models import AntigenReport, Exemption, HomeSampling, Retest, TubeResult

    cutoff = now - retention()
    with transaction.atomic():
        removed = 0
        for model, field in (
            (TubeResult, "tube__round__ends_at__lt"),
            (Retest, "round__ends_at__lt"),
            (HomeSampling, "round__ends_at__lt"),
            (Exemption, "round__ends_at__lt"),
        ):
            count, _by_model = model.objects.filter(**{field: cutoff}).delete()
            removed += count
        # Antigen reports (results and photos) leave after the same retention from their day.
        count, _by_model = AntigenReport.objects.filter(day__lt=cutoff.date()).delete()
        removed += count
    return removed
