"""Reasons that keep their msgid, so a stored error reads in the language of the page showing it.

A batch is validated once, in the uploader's language, and its errors are stored. A page in
another language must not show them in the first one, so each reason is a :class:`Reason`: the
translated text (it is a ``str``, usable wherever a message is) that also remembers its msgid and
parameters. :func:`entry` stores both; :func:`render` translates a stored entry again.

Modules that write reasons import ``reason as _`` so that ``makemessages`` still finds them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext


class Reason(str):
    """A translated message that remembers its msgid and ``%`` parameters."""

    msgid: str
    params: dict[str, Any] | None

    def __new__(cls, msgid: str, params: dict[str, Any] | None = None) -> Reason:
        text = gettext(msgid)
        if params is not None:
            text = text % params
        made = super().__new__(cls, text)
        made.msgid = msgid
        made.params = params
        return made

    def __mod__(self, params: Any) -> Reason:  # type: ignore[override]
        return Reason(self.msgid, dict(params))


def reason(msgid: str) -> Reason:
    """``gettext`` for reasons (imported as ``_``)."""
    return Reason(msgid)


def _json(value: Any) -> Any:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


def entry(row: int, column: str, text: str, code: str) -> dict[str, Any]:
    """A stored error or warning: row, column, reason (as first shown), code, msgid, params."""
    stored: dict[str, Any] = {"row": row, "column": str(column), "reason": str(text), "code": code}
    if isinstance(text, Reason):
        stored["msgid"] = text.msgid
        if text.params:
            stored["params"] = {key: _json(value) for key, value in text.params.items()}
    return stored


def render(stored: dict[str, Any]) -> str:
    """A stored entry's reason in the active language (its stored text when it has no msgid)."""
    msgid = stored.get("msgid")
    if not msgid:
        return str(stored.get("reason", ""))
    text = gettext(msgid)
    params = stored.get("params")
    if not params:
        return text
    try:
        return text % params
    except (KeyError, TypeError, ValueError):
        return str(stored.get("reason", ""))
