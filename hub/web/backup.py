"""A portable backup: every row of every table the product owns, in one XML file that loads
into an empty, migrated database of either kind (SQLite or PostgreSQL). XML, because Django's
JSON serializer cuts datetimes to milliseconds and a restore must give back every value.

What is left out, and why: content types and permissions (``migrate`` creates them; rows that
point at them are written with natural keys), sessions (sign-ins do not survive a restore), and
models without a table of their own (the queue dashboard's). Restoring refuses a database that
already holds product rows, loads everything in one transaction with the audit log switched
off (loading is not a change anybody made, so it must not add audit entries), and lets
``loaddata`` move PostgreSQL's sequences past the loaded ids.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import models

SKIPPED_APPS = {"contenttypes", "sessions"}
SKIPPED_MODELS = {"auth.permission"}


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows a backup holds."""
    found = []
    for model in apps.get_models(include_auto_created=False):
        meta = model._meta
        if meta.app_label in SKIPPED_APPS or meta.label_lower in SKIPPED_MODELS:
            continue
        if not meta.managed or meta.proxy or meta.swapped:
            continue
        found.append(model)
    return found


def backup(path: Path) -> None:
    labels = [model._meta.label for model in backed_up_models()]
    call_command(
        "dumpdata",
        *labels,
        natural_foreign=True,
        format="xml",
        output=str(path),
        verbosity=0,
    )


class NotEmpty(Exception):
    pass


def restore(path: Path) -> None:
    from auditlog.context import disable_auditlog

    busy = [m._meta.label for m in backed_up_models() if m._default_manager.exists()]
    if busy:
        raise NotEmpty(", ".join(busy[:5]))
    with disable_auditlog():
        call_command("loaddata", str(path), verbosity=0)
