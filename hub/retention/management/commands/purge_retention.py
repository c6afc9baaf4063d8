"""Run the shared retention purge now (from cron), or queue it as a job with --job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from hub.retention.purge import purge_expired, schedule_purge


class Command(BaseCommand):
    help = "Remove health, entry and upload data whose retention has ended; log what went."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--job", action="store_true", help="Queue a background job instead.")
        parser.add_argument("--as-of", default="", help="Treat this ISO time as now.")

    def handle(self, *args: Any, **options: Any) -> None:
        now = dt.datetime.fromisoformat(options["as_of"]) if options["as_of"] else timezone.now()
        if options["job"]:
            job = schedule_purge(now=now)
            self.stdout.write(f"queued job {job.pk}")
            return
        for name, count in purge_expired(now=now).items():
            self.stdout.write(f"{name}: {count}")
