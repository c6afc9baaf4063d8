"""How moments and hours read on a page, in one place: ``{% load display %}``.

- ``{{ value|moment }}``: a date or a moment in local time, in the page's language
  (``12月3日 14:00`` / ``Dec 3, 14:00``), with the year when it is not the current year
  (``2022年4月2日`` / ``Apr 2, 2022``). ``{{ value|moment:"date" }}`` drops the time.
- ``{{ job.message|translated }}``: a message stored as its English msgid (a job's progress,
  written by a worker that may speak another language) in the reader's language.
- ``{{ value|hours }}``: a number of hours without trailing zeros and with the unit in the
  page's language (``2.5 小时`` / ``2.5 h``; ``0`` not ``0.00``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, pgettext

register = template.Library()


def _chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def moment_text(value: Any, arg: str = "", *, today: dt.date | None = None) -> str:
    """The text of ``|moment`` (see the module docstring); "" for an empty value."""
    if value in (None, ""):
        return ""
    with_time = isinstance(value, dt.datetime) and arg != "date"
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    today = today or timezone.localdate()
    same_year = value.year == today.year
    if _chinese():
        day = "n月j日" if same_year else "Y年n月j日"
        pattern = f"{day} H:i" if with_time else day
    else:
        day = "M j" if same_year else "M j, Y"
        pattern = f"{day}, H:i" if with_time else day
    return date_format(value, pattern)


@register.filter
def moment(value: Any, arg: str = "") -> str:
    return moment_text(value, arg)


def hours_text(value: Any) -> str:
    """The text of ``|hours`` (see the module docstring); "" for an empty value."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = format(number.quantize(Decimal("0.01")).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return pgettext("number of hours", "%(n)s h") % {"n": text or "0"}


@register.filter
def hours(value: Any) -> str:
    return hours_text(value)


@register.filter
def translated(value: Any) -> str:
    """A stored msgid in the page's language; text that is not a msgid is shown as it is."""
    return gettext(str(value)) if value else ""


@register.filter
def as_typed(value: Any) -> str:
    """A value someone typed (a name, a username), marked as not to be translated.

    Escaped first; the browser tests' untranslated-text check skips ``translate="no"``.
    """
    return format_html('<span translate="no">{}</span>', value)
