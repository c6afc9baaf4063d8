"""How pages present a refused action (``DomainError``): on its form field, or as a 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from hub.errors import DomainError


def add_domain_error(form: Any, exc: DomainError) -> None:
    """Show the refusal on the field it names, or above the form when the form has no such field."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def raise_if_forbidden(exc: DomainError) -> None:
    """A refusal for lack of rights answers 403 like any other access check."""
    if exc.code == "forbidden":
        raise PermissionDenied(exc.message)
