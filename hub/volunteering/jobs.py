"""Background jobs of volunteering, each idempotent (re-running tells nobody twice):

- ``volunteering.tell_pool``: tell a published drive's pool, in chunks of ``DRIVE_TELL_CHUNK``
  (200) people, each chunk its own transaction, reporting progress after each. A worker killed
  mid-way leaves the chunks it committed; the re-run (the lease reclaimer) skips everyone
  already told, by the message's dedupe key.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from hub.jobs.actions import Progress, job_handler
from hub.jobs.models import Job
from hub.volunteering.actions.signups import pool_people, tell_pool_chunk
from hub.volunteering.models import TELL_POOL_JOB, Drive


@job_handler(TELL_POOL_JOB)
def tell_pool_job(job: Job, progress: Progress) -> dict[str, Any]:
    drive = Drive.objects.select_related("organization").filter(pk=job.params["drive"]).first()
    if drive is None or drive.status != Drive.Status.PUBLISHED:
        progress(0, 0, _("The drive is no longer published: nobody more is told."))
        return {"told": 0, "pool": 0}
    ids = list(pool_people(drive).values_list("pk", flat=True))
    size = max(1, int(getattr(settings, "DRIVE_TELL_CHUNK", 200)))
    told = 0
    progress(0, len(ids), _("Telling the people the drive is open to…"))
    for start in range(0, len(ids), size):
        with transaction.atomic():
            told += tell_pool_chunk(drive, ids[start : start + size])
        done = min(start + size, len(ids))
        progress(
            done,
            len(ids),
            _("Told %(done)d of %(total)d people.") % {"done": done, "total": len(ids)},
        )
    return {"told": told, "pool": len(ids)}
