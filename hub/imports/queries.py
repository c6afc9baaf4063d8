"""Reads for the import pages: the batch list, and a batch's summary, warnings, errors and preview.

Nothing here writes. Stored reasons are worded again in the language of the page (a batch is
validated once, in the uploader's language; see :mod:`hub.imports.reasons`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hub.access import get_visible, visible
from hub.imports.models import ImportBatch
from hub.imports.reasons import render

# A row's fate → the badge style it is shown with (styles of hub/web/static/css/app.css).
STATUS_BADGES = {"new": "valid", "updated": "review", "unchanged": "", "error": "invalid"}
STATUS_LABELS = {
    "new": lambda: pgettext("import row", "New"),
    "updated": lambda: pgettext("import row", "Updated"),
    "unchanged": lambda: pgettext("import row", "Unchanged"),
    "error": lambda: pgettext("import row", "Error"),
}


def batches_for(user: Any, *, limit: int = 50) -> QuerySet[ImportBatch]:
    """The latest batches ``user`` may see, newest first, without their files."""
    batches = visible(user, ImportBatch.objects.select_related("organization", "compound"))
    return batches.defer("content")[:limit]


def batch_for(user: Any, batch_id: int) -> ImportBatch:
    """One batch ``user`` may see (404 otherwise), without its file."""
    return get_visible(
        user,
        ImportBatch.objects.select_related("job", "organization", "compound").defer("content"),
        pk=batch_id,
    )


def may_reveal(user: Any, batch: ImportBatch) -> bool:
    """Whether the page offers to show the file's values in full: to its uploader while the
    file is still kept (the action checks the same)."""
    return (
        batch.created_by_id is not None
        and batch.created_by_id == getattr(user, "pk", None)
        and ImportBatch.objects.filter(pk=batch.pk).exclude(content=b"").exists()
    )


@dataclass
class Summary:
    new: int
    updated: int
    unchanged: int
    error_rows: int  # rows with at least one error (row 0, the file itself, not counted)
    errors: int


def summary(batch: ImportBatch) -> Summary | None:
    """What applying would do (or did), row by row; None when no row was read (being checked,
    or the file itself was refused)."""
    counts = batch.result if batch.status == ImportBatch.Status.APPLIED else None
    counts = counts or batch.result.get("planned")
    if counts is None and not batch.row_count:
        return None
    counts = counts or {}
    return Summary(
        new=counts.get("created", 0),
        updated=counts.get("updated", 0),
        unchanged=counts.get("unchanged", 0),
        error_rows=len({e.get("row") for e in batch.errors if e.get("row")}),
        errors=batch.error_count,
    )


def errors(batch: ImportBatch) -> list[dict[str, Any]]:
    """``{"row", "column", "reason"}`` in the page's language; row 0 (the file) shows as None."""
    return [
        {"row": e.get("row") or None, "column": e.get("column", ""), "reason": render(e)}
        for e in batch.errors
    ]


def warnings(batch: ImportBatch) -> list[dict[str, Any]]:
    """``{"rows", "column", "reason"}``: what to check before applying."""
    worded = []
    for warning in batch.warnings:
        rows = "、".join(str(row) for row in warning["rows"])
        if warning["code"] == "shared_phone":
            reason = _(
                "Rows %(rows)s share one phone number; check that it is right for each of them."
            )
        else:
            reason = _(
                "Rows %(rows)s have the same name and birth date; check that they are not "
                "one person twice."
            )
        worded.append(
            {
                "rows": warning["rows"],
                "column": warning["column"],
                "reason": reason % {"rows": rows},
            }
        )
    return worded


@dataclass
class Preview:
    titles: list[str]  # the file's headers of the columns the import reads, in its order
    ignored: list[str]  # the file's headers of the columns it does not read
    rows: list[dict[str, Any]] = field(default_factory=list)  # row, status, label, badge, cells
    revealed: bool = False


def preview(batch: ImportBatch, revealed: list[dict[str, Any]] | None = None) -> Preview | None:
    """The first rows of the file in its own columns: masked as stored, or the ``revealed``
    values (from :func:`hub.imports.actions.reveal_import_file`) in their place."""
    if not batch.columns or not batch.preview:
        return None
    full = {row["row"]: row["cells"] for row in revealed or ()}
    rows = []
    for row in batch.preview:
        if "cells" not in row:  # a batch checked before previews kept the file's columns
            return None
        status = row.get("status", "error")
        rows.append(
            {
                "row": row["row"],
                "status": status,
                "label": STATUS_LABELS.get(status, STATUS_LABELS["error"])(),
                "badge": STATUS_BADGES.get(status, "invalid"),
                "cells": full.get(row["row"], row["cells"]),
            }
        )
    return Preview(
        titles=[c["title"] for c in batch.columns if c["field"]],
        ignored=[c["title"] for c in batch.columns if not c["field"]],
        rows=rows,
        revealed=bool(revealed),
    )
