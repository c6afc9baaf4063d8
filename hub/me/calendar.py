"""The iCalendar feed of my shifts (RFC 5545), written by hand, and its secret URL token.

The token is ``<user id>:<signature>`` made with ``django.core.signing`` from the user id, salted
with the user's password hash, so no model stores it. Limitation: it cannot be revoked on its
own — changing the password (or rotating SECRET_KEY, which revokes every feed) is the only way
to invalidate a leaked URL; a calendar app subscribed to it then simply stops updating.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core import signing

from hub.volunteering.models import Shift, SignUp

SALT = "hub.me.calendar"
PRODID = "-//Shouwang//My shifts//ZH"
CRLF = "\r\n"


def _signer(user: Any) -> signing.Signer:
    return signing.Signer(salt=f"{SALT}:{user.password}", algorithm="sha256")


def calendar_token(user: Any) -> str:
    """The secret token of ``user``'s feed URL."""
    return _signer(user).sign(str(user.pk))


def user_for_token(token: str) -> Any | None:
    """The active user whose feed ``token`` opens, or None (bad, forged or outdated token)."""
    from hub.accounts.models import User

    user_id, _sep, _sig = token.partition(":")
    if not user_id.isdigit():
        return None
    user = User.objects.filter(pk=int(user_id), is_active=True).select_related("person").first()
    if user is None:
        return None
    try:
        value = _signer(user).unsign(token)
    except signing.BadSignature:
        return None
    return user if value == str(user.pk) else None


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size = " ", 1  # a continuation line starts with one space
        current += char
        size += width
    out.append(current)
    return CRLF.join(out)


def utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(signup: SignUp, *, stamp: dt.datetime, host: str) -> list[str]:
    shift = signup.shift
    post = shift.post
    cancelled = shift.status == Shift.Status.CANCELLED or signup.status != SignUp.Status.APPROVED
    description = "\n".join(part for part in (post.organization.name, post.content) if part)
    lines = [
        "BEGIN:VEVENT",
        f"UID:signup-{signup.pk}@{host}",
        f"DTSTAMP:{utc(stamp)}",
        f"DTSTART:{utc(shift.starts_at)}",
        f"DTEND:{utc(shift.ends_at)}",
        f"SUMMARY:{escape_text(post.name)}",
        f"LOCATION:{escape_text(post.site)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    lines.append(f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}")
    # Increase SEQUENCE on changes so subscribed calendars replace the event.
    lines.append(f"SEQUENCE:{shift.version}")
    lines.append("END:VEVENT")
    return lines


def render_calendar(
    signups: Iterable[SignUp], *, now: dt.datetime, name: str, host: str = "shouwang"
) -> str:
    """A VCALENDAR with one VEVENT per approved sign-up; CRLF line endings, folded lines."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        "X-PUBLISHED-TTL:PT1H",
    ]
    for signup in signups:
        lines.extend(_event(signup, stamp=now, host=host))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
