"""The seed's service-hour story, replayed through the real actions for the demo.

青年有担当: in the first week of 青年公寓's closure (sealed on Monday 28 March 2022) the young
party member 张贝 volunteered as a "takeaway deliverer" at weekends and on the evenings he
worked from home, "累计服务时长超过8小时". Each outing becomes a ledger entry recorded and
confirmed by the organizer, and he is then issued the organizer's certificate.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from hub.errors import DomainError
from hub.hours.actions.certificates import request_certificate
from hub.hours.actions.ledger import confirm_entry, record_entry
from hub.hours.models import Certificate, HourEntry
from hub.people.models import Organization, Person
from hub.volunteering.models import Post

# (date, hours, what he did): evenings after home-office days, and the weekend.
DELIVERIES: tuple[tuple[dt.date, str, str], ...] = (
    (dt.date(2022, 3, 29), "1.5", "晚间为封控楼栋住户送餐到门口"),
    (dt.date(2022, 3, 31), "1.5", "晚间送餐，敲门提醒住户及时取餐"),
    (dt.date(2022, 4, 1), "1", "晚间送餐到门口"),
    (dt.date(2022, 4, 2), "3", "双休日白天理货后推车分楼栋送餐"),
    (dt.date(2022, 4, 3), "2.5", "双休日送餐，打通服务“最后一公里”"),
)
PERIOD = (dt.date(2022, 3, 28), dt.date(2022, 4, 3))


@transaction.atomic
def replay_youth_deliveries(
    *, organization: Organization, post: Post, person: Person, by: Any, now: dt.datetime
) -> Certificate:
    """Record and confirm the delivery outings on ``post`` (9.5 h, more than 8) and issue
    ``organization``'s certificate for the first week of the closure.

    Idempotent: outings already in the ledger are not recorded again, and the certificate
    already issued for the same hours is returned. ``by`` must be allowed to record on ``post``
    (its organization's admin, or the coordinator of its compound).
    Raises DomainError: ``wrong_organization`` (``post`` is not ``organization``'s), and what
    ``record_entry`` / ``confirm_entry`` / ``request_certificate`` raise.
    """
    if post.organization_id != organization.pk:
        raise DomainError(
            _("Only the organization that organized the post may certify its hours."),
            code="wrong_organization",
        )
    done = set(
        HourEntry.objects.filter(
            person=person, post=post, entry_type=HourEntry.EntryType.ORIGINAL
        ).values_list("served_on", flat=True)
    )
    for served_on, hours, content in DELIVERIES:
        if served_on in done:
            continue
        entry = record_entry(
            by=by,
            person=person,
            post=post,
            served_on=served_on,
            hours=Decimal(hours),
            content=content,
        )
        confirm_entry(by=by, entry=entry, now=now)
    return request_certificate(
        by=by, person=person, issuer=organization, start=PERIOD[0], end=PERIOD[1], now=now
    )
