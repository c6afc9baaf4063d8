"""Write a portable backup of every product row to an XML file (see hub/web/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hub.web.backup import backup


class Command(BaseCommand):
    help = "Write every product row to FILE (XML), loadable by `restore` on SQLite or PostgreSQL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        backup(Path(options["file"]))
        self.stdout.write(f"backed up to {options['file']}")
