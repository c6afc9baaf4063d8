"""Run the office's periodic checks once: attendance, overdue disinfection, the entry purge."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from hub.office.actions.cleaning import check_cleaning
from hub.office.actions.contractors import check_attendance
from hub.office.purge import purge_expired_entries


class Command(BaseCommand):
    help = (
        "Alert short contractor attendance and overdue disinfection, and purge entry records "
        "past their retention (each idempotent; run every 15 minutes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", default="", help="ISO datetime to act as now (default: the current time)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = dt.datetime.fromisoformat(options["now"]) if options["now"] else timezone.now()
        if timezone.is_naive(now):
            now = timezone.make_aware(now)
        attendance = check_attendance(now=now)
        cleaning = check_cleaning(now=now)
        removed = purge_expired_entries(now)
        self.stdout.write(
            f"{attendance} attendance alert(s), {cleaning} cleaning alert(s), "
            f"{removed} entry record(s) purged"
        )
