"""The retention purge of entry records (registered as ``office.entries`` in hub.privacy.retention).

Each site keeps its entries for ``retention_days``; older ones are deleted. Idempotent: a second
run at the same ``now`` finds nothing left to delete. Runs in its own transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from hub.office.models import Entry, Site


def purge_expired_entries(now: dt.datetime) -> int:
    """Delete every entry older than its site's retention period at ``now``; return how many."""
    removed = 0
    with transaction.atomic():
        periods = Site.objects.order_by().values_list("retention_days", flat=True).distinct()
        for days in sorted(set(periods)):
            cutoff = now - dt.timedelta(days=days)
            expired = Entry.objects.filter(site__retention_days=days, arrived_at__lt=cutoff)
            removed += expired.delete()[0]
    return removed
