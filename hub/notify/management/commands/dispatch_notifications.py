"""Deliver due notifications once, or keep doing so (``--loop``): the runner retries rely on."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from hub.notify.actions import dispatch_due


class Command(BaseCommand):
    help = "Deliver notifications that are due (with --loop: every --interval seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running until stopped.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between runs.")
        parser.add_argument("--limit", type=int, default=100, help="Messages claimed per run.")

    def handle(self, *args: Any, loop: bool, interval: float, limit: int, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        if loop:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
        while True:
            report = dispatch_due(limit=limit)
            if report.claimed or report.reclaimed or not loop:
                self.stdout.write(
                    f"claimed {report.claimed}, sent {report.sent}, retrying {report.retrying}, "
                    f"failed {report.failed}, deferred {report.deferred}, "
                    f"reclaimed {report.reclaimed}"
                )
            if not loop or stopping:
                return
            if report.claimed < limit:  # a full batch means more are due: go again at once
                deadline = time.monotonic() + interval
                while not stopping and time.monotonic() < deadline:
                    time.sleep(min(0.5, interval))
            if stopping:
                return
            close_old_connections()  # a long-lived loop must not keep a broken connection
