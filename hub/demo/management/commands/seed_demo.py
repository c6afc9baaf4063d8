"""``manage.py seed_demo``: build the synthetic demo world of the seed report (docs/demo.md)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from hub.demo.world import ACCOUNTS, CENTER, DEMO_PASSWORD, DemoError, build_world, reset_world
from hub.errors import DomainError

KEPT_ADMIN_NOTE = "(existing admin kept, its password unchanged)"


class Command(BaseCommand):
    help = (
        "Build the demo world: a health center with its branches and ~150 members, two "
        "compounds with ~2,600 synthetic residents, area status history and one account per role."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=2022, help="Random seed: same seed, same people."
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Fraction of members and buildings to build (0 < scale ≤ 1); tests use 0.1.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo organizations' data first."
        )

    def handle(self, *args: Any, seed: int, scale: float, reset: bool, **options: Any) -> None:
        started = time.monotonic()

        def log(line: str) -> None:
            self.stdout.write(line)

        try:
            # One transaction: a failure anywhere leaves the database as it was.
            with transaction.atomic():
                if reset:
                    reset_world(log=log)
                report = build_world(seed=seed, scale=scale, log=log)
        except (DemoError, DomainError) as exc:
            raise CommandError(str(exc)) from None
        if report is None:
            self.stdout.write(
                f"The demo world is already seeded ({CENTER} exists); nothing changed. "
                "Run with --reset to rebuild it."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world built (seed {seed}, scale {scale:g}) in "
                f"{time.monotonic() - started:.1f} s."
            )
        )
        self._print_accounts(kept_admin=report.kept_admin)

    def _print_accounts(self, *, kept_admin: bool) -> None:
        rows = [("role", "phone", "username", "password", "scope")]
        for account in ACCOUNTS:
            kept = account.username == "admin" and kept_admin
            shown = KEPT_ADMIN_NOTE if kept else DEMO_PASSWORD
            rows.append((account.role, account.phone, account.username, shown, account.scope))
        widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
        for n, row in enumerate(rows):
            cells = [cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)]
            self.stdout.write("  ".join(cells).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        self.stdout.write(
            self.style.WARNING(
                "DEMO ONLY: every person is synthetic and every account shares the password "
                f"“{DEMO_PASSWORD}”. Never run seed_demo against a database with real people."
            )
        )


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
