"""Write reminders for approved shifts starting soon to the notification outbox."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from hub.me.actions import send_shift_reminders


class Command(BaseCommand):
    help = "Remind approved volunteers of shifts starting within --lead-hours (once per sign-up)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lead-hours", type=float, default=12.0)
        parser.add_argument(
            "--now", default="", help="ISO datetime to act as now (default: the current time)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = dt.datetime.fromisoformat(options["now"]) if options["now"] else timezone.now()
        if timezone.is_naive(now):
            now = timezone.make_aware(now)
        written = send_shift_reminders(now=now, lead=dt.timedelta(hours=options["lead_hours"]))
        self.stdout.write(f"{written} reminder(s) written to the outbox")
