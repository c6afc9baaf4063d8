"""Access-matrix rows for certificate pages and API (hub/hours/urls.py,
hub/hours/api/certificates.py).

Targets, built through the actions: "own" certificate — the residents' committee (莘庄居委会)
certified the cast volunteer's deliveries in 青年公寓 at the volunteer's request (seen by the
volunteer and rc_admin);
"foreign" — the other organization certified its own person (outsider only). Batches: one the
health center's admin printed, one the outsider printed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hub.access.tests.matrix_kit import API_ANON, EVERYONE, Route, pk
from hub.hours.actions.certificates import request_certificate, start_certificate_batch
from hub.hours.actions.ledger import confirm_entry, record_entry
from hub.hours.models import Certificate
from hub.jobs.actions import run_job_now
from hub.volunteering.actions.posts import create_post

ISSUERS = frozenset({"admin", "rc_admin", "secretary", "coordinator", "outsider"})
DAY = dt.date(2022, 4, 2)
START, END = dt.date(2022, 4, 1), dt.date(2022, 4, 30)

VISIBLE: dict[str, dict[str, frozenset[str]]] = {
    "certificate": {
        "own": frozenset({"volunteer", "rc_admin"}),
        "foreign": frozenset({"outsider"}),
    },
    "certificate_batch": {"own": frozenset({"admin"}), "foreign": frozenset({"outsider"})},
    # The person a certificate is asked for (the API's create names them).
    "certificate_person": {
        "own": frozenset({"admin", "secretary", "office", "rc_admin", "coordinator", "volunteer"}),
    },
}


def _certified(
    by: Any, organization: Any, person: Any, *, asked_by: Any, **post: Any
) -> Certificate:
    made = create_post(by=by, organization=organization, name="送货", site="青年公寓", **post)
    entry = record_entry(by=by, person=person, post=made, served_on=DAY, hours="3")
    confirm_entry(by=by, entry=entry)
    return request_certificate(
        by=asked_by, person=person, issuer=organization, start=START, end=END
    )


def targets(cast: Any) -> dict[str, dict[str, Any]]:
    own = _certified(
        cast.coordinator,
        cast.org_rc,
        cast.volunteer.person,
        asked_by=cast.volunteer,
        compound=cast.compound_own,
    )
    foreign = _certified(cast.outsider, cast.org_other, cast.person_foreign, asked_by=cast.outsider)
    health = create_post(by=cast.admin, organization=cast.org_health, name="理货", site="中心")
    confirm_entry(
        by=cast.admin,
        entry=record_entry(
            by=cast.admin, person=cast.person_member, post=health, served_on=DAY, hours="2"
        ),
    )
    own_batch = start_certificate_batch(by=cast.admin, issuer=cast.org_health, start=START, end=END)
    foreign_batch = start_certificate_batch(
        by=cast.outsider, issuer=cast.org_other, start=START, end=END
    )
    return {
        "certificate": {"own": own, "foreign": foreign},
        "certificate_batch": {
            "own": run_job_now(own_batch.pk),
            "foreign": run_job_now(foreign_batch.pk),
        },
        "certificate_person": {"own": cast.volunteer.person},
    }


def _certificates() -> Any:
    return sorted(Certificate.objects.values_list("id", "number", "hours"))


def _request(cast: Any) -> dict[str, Any]:
    return {
        "person": cast.volunteer.person.pk,
        "issuer": cast.org_rc.pk,
        "start": "2022-04-01",
        "end": "2022-04-30",
    }


CERT = VISIBLE["certificate"]

ROUTES: dict[str, Route] = {
    "hours:certificate-list": Route(),
    "hours:certificate-new": Route(allowed=ISSUERS),
    "hours:certificate-batch": Route(allowed=ISSUERS),
    "hours:certificate-batch-pdf": Route(
        target="certificate_batch", kwargs=pk("job_id"), allowed=VISIBLE["certificate_batch"]
    ),
    "hours:certificate-pdf": Route(target="certificate", kwargs=pk("certificate_id"), allowed=CERT),
    # Public: whoever holds the QR code sees what the paper shows.
    "hours:certificate-verify": Route(
        target="certificate",
        kwargs=lambda c: {"number": c.number, "token": c.verify_token},
        allowed=EVERYONE,
        anonymous=(200,),
    ),
    "api:certificate-list": Route(api=True, anonymous=API_ANON),
    "api:certificate-detail": Route(
        api=True, target="certificate", allowed=CERT, anonymous=API_ANON
    ),
    "api:certificate-pdf": Route(api=True, target="certificate", allowed=CERT, anonymous=API_ANON),
}
EXTRA_METHODS = {
    # The volunteer, the compound's coordinator and the issuer's admin may ask; the health
    # center's staff see the volunteer but are not the issuer (403); the rest never see them.
    ("api:certificate-list", "POST"): Route(
        method="POST",
        api=True,
        target="certificate_person",
        kwargs=lambda person: {},
        allowed={"own": frozenset({"volunteer", "coordinator", "rc_admin"})},
        data=_request,
        ok=(201,),
        anonymous=API_ANON,
        snapshot=_certificates,
    ),
}
