"""The registry of notification templates: a stable key → translatable subject and body.

Apps register their own templates at import time (from their ``apps.py`` ``ready()`` or their
``actions`` module) with :func:`register_template`; ``notify()`` renders the text once, in the
recipient's language, and stores it on the outbox row so a later catalog change never alters a
message already written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hub.errors import DomainError


@dataclass(frozen=True)
class Template:
    key: str
    subject: Any  # str or a lazy translation
    body: Any
    # The id an SMS vendor knows this template by (vendors only send pre-approved templates).
    sms_template_id: str = ""


_TEMPLATES: dict[str, Template] = {}


def register_template(key: str, subject: Any, body: Any, *, sms_template_id: str = "") -> None:
    """Register (or replace) the template ``key``; subject and body are ``str.format`` strings.

    Pass ``gettext_lazy`` strings so each message is rendered in its recipient's language.
    """
    _TEMPLATES[key] = Template(key=key, subject=subject, body=body, sms_template_id=sms_template_id)


def get_template(key: str) -> Template:
    """The template ``key``; raises ``DomainError`` (code ``notify_unknown_template``) if absent."""
    try:
        return _TEMPLATES[key]
    except KeyError:
        raise DomainError(
            _("Unknown notification template “%(key)s”.") % {"key": key},
            code="notify_unknown_template",
        ) from None


def render(key: str, params: Mapping[str, Any], *, language: str) -> tuple[str, str]:
    """Subject and body of ``key`` filled with ``params``, translated into ``language``.

    Raises ``DomainError`` (code ``notify_missing_param``) when a placeholder has no value.
    """
    template = get_template(key)
    with translation.override(language):
        try:
            subject = str(template.subject).format_map(params)
            body = str(template.body).format_map(params)
        except (KeyError, IndexError) as exc:
            raise DomainError(
                _("Notification template “%(key)s” needs the parameter %(param)s.")
                % {"key": key, "param": exc.args[0] if exc.args else "?"},
                code="notify_missing_param",
            ) from None
    return subject, body


register_template("generic.text", _("Notice"), "{text}")
register_template("generic.titled", "{title}", "{text}")
register_template(
    "notify.test",
    _("Test message from Shouwang"),
    _("{organization}: this is a test message for {scope}. If you can read it, the channel works."),
)
