"""manage.py close_forgotten_checkouts [--at ISO-DATETIME] [--grace-minutes N]

A door onto :func:`hub.volunteering.actions.checkins.close_forgotten_checkouts` for cron or an
operator: closes every check-in still open after its shift ended, at the shift end, flags it
for review and writes its pending hour entry. Safe to run as often as you like.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hub.volunteering.actions.checkins import AUTO_CLOSE_GRACE, close_forgotten_checkouts


class Command(BaseCommand):
    help = "Close check-ins whose shift has ended without a check-out (flagged for review)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at", help="Close as of this moment (ISO 8601, default now); for catching up."
        )
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=int(AUTO_CLOSE_GRACE.total_seconds() // 60),
            help="Leave check-ins open this long after the shift end (default %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["at"]:
            parsed = parse_datetime(options["at"])
            if parsed is None:
                raise CommandError(f"--at: not a date and time: {options['at']!r}")
            now = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        if options["grace_minutes"] < 0:
            raise CommandError("--grace-minutes cannot be negative")
        closed = close_forgotten_checkouts(
            now=now, grace=dt.timedelta(minutes=options["grace_minutes"])
        )
        self.stdout.write(f"closed {closed} forgotten check-out(s)")
