"""Access-matrix rows for the volunteer's own pages and API (hub/me/urls.py, hub/me/api.py).

Every signed-in user may open their own pages (they show only their own rows; an account
without a person sees empty pages). The calendar feed is public and opened by its secret token.
"""

from __future__ import annotations

from typing import Any

from hub.access.tests.matrix_kit import API_ANON, EVERYONE, Route
from hub.hours.models import Certificate
from hub.me.calendar import calendar_token


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    return {"calendar": {"own": cast.volunteer}}


def _certificates() -> Any:
    return sorted(Certificate.objects.values_list("id", "number"))


ROUTES: dict[str, Route] = {
    "me:home": Route(),
    "me:shifts": Route(),
    "me:signups": Route(),
    "me:hours": Route(),
    "me:certificates": Route(),
    # Refusals (no hours, no profile) come back as a message on the redirect.
    "me:certificate-request": Route(
        method="POST",
        data=lambda cast: {"issuer": cast.org_rc.pk, "start": "2022-04-01", "end": "2022-04-30"},
        ok=(302,),
        snapshot=_certificates,
    ),
    "me:calendar": Route(
        target="calendar",
        kwargs=lambda user: {"token": calendar_token(user)},
        allowed=EVERYONE,
        anonymous=(200,),
    ),
    "api:me-shifts": Route(api=True, anonymous=API_ANON),
    "api:me-signups": Route(api=True, anonymous=API_ANON),
    "api:me-hours": Route(api=True, anonymous=API_ANON),
}
