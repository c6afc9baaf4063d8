"""Every notification office operations sends goes through ``alert`` (one place to route).

Alerts go to the organization's group chat through hub.notify.routing (the channel the
organization configured; an ``unrouted`` outbox row when none is), written in the caller's
transaction; a dedupe key makes a repeated alert (a job run twice) a no-op.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from hub.notify.routing import notify_organization
from hub.notify.templates import register_template
from hub.people.models import Organization

ENTRY_REFUSED = "office.entry_refused"
ATTENDANCE_SHORT = "office.attendance_short"
CLEANING_OVERDUE = "office.cleaning_overdue"
register_template(
    ENTRY_REFUSED,
    gettext_lazy("Entry refused at {site}"),
    gettext_lazy("{site} {time}: {name} was refused entry. {reasons}"),
)
register_template(
    ATTENDANCE_SHORT,
    gettext_lazy("{role} short at {site}"),
    gettext_lazy(
        "{site} {date}: {present} of {expected} {role} staff present by {due}. Missing: {missing}"
    ),
)
register_template(
    CLEANING_OVERDUE,
    gettext_lazy("Disinfection overdue: {area}"),
    gettext_lazy("{area} was due for disinfection at {due} and has not been done. Last: {last}"),
)


def alert(
    *, organization: Organization, template: str, params: dict[str, Any], dedupe_key: str
) -> None:
    """Write one alert for the organization's office and desk into the outbox."""
    notify_organization(
        organization=organization,
        template=template,
        params={k: str(v) for k, v in params.items()},
        dedupe_key=dedupe_key,
    )
