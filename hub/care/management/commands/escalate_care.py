"""manage.py escalate_care [--at ISO-DATETIME]

A door for cron onto the ``care.escalate`` job: overdue contacts alert their volunteer, then the
coordinator; requests whose urgency timer ran out escalate. Safe to run as often as you like.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.dateparse import parse_datetime

from hub.care.jobs import ESCALATE_JOB
from hub.jobs.actions import create_job


class Command(BaseCommand):
    help = "Queue the care escalation sweep (overdue contacts, late requests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="Sweep as of this moment (ISO 8601, default now).")

    def handle(self, *args: Any, **options: Any) -> None:
        params = {}
        if options["at"]:
            if parse_datetime(options["at"]) is None:
                raise CommandError(f"--at: not a date and time: {options['at']!r}")
            params["now"] = options["at"]
        with transaction.atomic():
            job = create_job(kind=ESCALATE_JOB, params=params)
        self.stdout.write(f"queued job #{job.pk} ({ESCALATE_JOB})")
