"""Re-queue running jobs whose worker stopped (lease expired); give up after the retry limit."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from hub.jobs.actions import reclaim_expired_jobs


class Command(BaseCommand):
    help = "Re-queue running jobs whose lease has expired (run from cron, or with --loop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running.")
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs.")
        parser.add_argument(
            "--as-of",
            default="",
            help="Treat this ISO time as now (to reclaim at once after a known crash).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            now = dt.datetime.fromisoformat(options["as_of"]) if options["as_of"] else None
            counts = reclaim_expired_jobs(now=now or timezone.now())
            self.stdout.write(f"requeued={counts['requeued']} failed={counts['failed']}")
            if not options["loop"]:
                return
            time.sleep(options["interval"])
