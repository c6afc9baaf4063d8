"""Load a backup written by `backup` into an empty, migrated database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hub.web.backup import NotEmpty, restore


class Command(BaseCommand):
    help = "Load FILE (from `backup`) into this empty, migrated database, adding no audit entries."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore(Path(options["file"]))
        except NotEmpty as busy:
            raise CommandError(
                f"the database is not empty ({busy}); restore into a new one"
            ) from None
        self.stdout.write(f"restored from {options['file']}")
