"""Refusal reasons: stored as codes with the rule's figures, said in the reader's language."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy

from hub.office.models import CodeColour

REASON_TEXT = {
    "code_not_green": gettext_lazy("The declared health code is %(colour)s, not green."),
    "test_missing": gettext_lazy(
        "This site requires a negative test within %(hours)s hours; no test date was given."
    ),
    "test_expired": gettext_lazy(
        "The last negative test (%(date)s) is more than %(hours)s hours ago."
    ),
}


def describe_reason(reason: dict[str, Any]) -> str:
    """One stored reason in the current language."""
    template = REASON_TEXT.get(reason.get("code", ""))
    if template is None:
        return str(reason.get("code", ""))
    params = dict(reason)
    if "colour" in params:
        params["colour"] = str(CodeColour(params["colour"]).label)
    return str(template) % params


def describe_reasons(reasons: list[dict[str, Any]], language: str | None = None) -> str:
    """All reasons of a refusal in ``language`` (default: the current one)."""
    if language is None:
        return " ".join(describe_reason(r) for r in reasons)
    with translation.override(language):
        return " ".join(describe_reason(r) for r in reasons)
