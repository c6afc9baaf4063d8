"""manage.py import_people FILE --org ORG [--kind members|residents] [--compound NAME]
[--branch NAME] [--dry-run]

A door onto the import actions for operators: runs as the system (no user, no
authorization), validates the whole file, prints every error as "row N, column C: reason"
and exits non-zero with nothing written, or writes everything and prints the counts.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from hub.errors import DomainError
from hub.imports.actions import apply_import, upload_import
from hub.imports.models import ImportBatch
from hub.people.models import Branch, Organization
from hub.places.models import Compound


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Import members of an organization or residents of a compound from .xlsx or .csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument("--org", required=True, help="organization name, short name or id")
        parser.add_argument("--kind", choices=ImportBatch.Kind.values, default="members")
        parser.add_argument("--compound", help="compound name (residents)")
        parser.add_argument("--branch", help="default branch name for rows without one (members)")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and count, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        organization = self._organization(options["org"])
        branch = self._branch(organization, options["branch"])
        compound = self._compound(organization, options["compound"])
        content = path.read_bytes()
        done = ImportBatch.Status.VALID if options["dry_run"] else ImportBatch.Status.APPLIED
        try:
            with transaction.atomic():
                batch = self._run(organization, branch, compound, options, path.name, content)
                if options["dry_run"]:
                    raise _DryRun
        except _DryRun:
            self.stdout.write("dry run: nothing was written")
        except DomainError as error:
            raise CommandError(f"{error.message} ({error.code})") from None
        if batch.status != done:
            raise CommandError(
                f"{batch.error_count} error(s); nothing was written."
                if batch.error_count
                else f"import {batch.get_status_display()}; nothing was written."
            )

    def _run(
        self,
        organization: Organization,
        branch: Branch | None,
        compound: Compound | None,
        options: dict[str, Any],
        filename: str,
        content: bytes,
    ) -> ImportBatch:
        batch = upload_import(
            by=None,
            system=True,
            organization=organization,
            kind=options["kind"],
            filename=filename,
            content=content,
            branch=branch,
            compound=compound,
            inline=True,
            progress=self._progress("validating"),
        )
        self._report_errors(batch)
        if batch.status != ImportBatch.Status.VALID:
            return batch
        planned = batch.result.get("planned", {})
        if options["dry_run"]:
            self._counts(planned, prefix="would be ")
            return batch
        batch = apply_import(
            by=None,
            system=True,
            batch=batch,
            now=timezone.now(),
            inline=True,
            progress=self._progress("writing"),
        )
        self._report_errors(batch)
        if batch.status == ImportBatch.Status.APPLIED:
            self._counts(batch.result)
        return batch

    def _report_errors(self, batch: ImportBatch) -> None:
        for error in batch.errors:
            where = "file" if error["row"] == 0 else f"row {error['row']}"
            column = f", column {error['column']}" if error["column"] else ""
            self.stderr.write(f"{where}{column}: {error['reason']}")
        if batch.error_count > len(batch.errors):
            self.stderr.write(f"… and {batch.error_count - len(batch.errors)} more errors")

    def _counts(self, counts: dict[str, int], prefix: str = "") -> None:
        for key in ("created", "updated", "unchanged"):
            self.stdout.write(f"{prefix}{key}: {counts.get(key, 0)}")

    def _progress(self, stage: str) -> Any:
        last = {"shown": -1}

        def show(done: int, total: int, message: str = "") -> None:
            if total < 1000 or done == last["shown"]:
                return
            last["shown"] = done
            sys.stderr.write(f"{stage}: {done}/{total} {message}\n")

        return show

    def _organization(self, value: str) -> Organization:
        query = Organization.objects.all()
        found = (
            query.filter(pk=int(value)).first()
            if value.isdigit()
            else query.filter(name=value).first() or query.filter(short_name=value).first()
        )
        if found is None:
            raise CommandError(f"no organization {value!r}")
        return found

    def _branch(self, organization: Organization, name: str | None) -> Branch | None:
        if not name:
            return None
        found = Branch.objects.filter(organization=organization, name=name).first()
        if found is None:
            raise CommandError(f"no branch {name!r} in {organization.name}")
        return found

    def _compound(self, organization: Organization, name: str | None) -> Compound | None:
        if not name:
            return None
        found = Compound.objects.filter(organization=organization, name=name).first()
        if found is None:
            raise CommandError(f"no compound {name!r} managed by {organization.name}")
        return found
