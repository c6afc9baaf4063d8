"""The ledger API: scoped lists, confirm and correct actions, totals, stars, exports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from hub.hours.actions.ledger import confirm_entry
from hub.hours.models import HourEntry
from hub.testing.builders import at, entry_for, foreign_world, rc_world, served


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def test_the_entry_list_holds_only_what_the_user_may_see(cast: Any) -> None:
    own, foreign = rc_world(cast), foreign_world(cast)
    mine = entry_for(
        cast.coordinator, own["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )
    entry_for(cast.outsider, foreign["shift"], cast.person_foreign, at(4, 12, 8), at(4, 12, 12))

    rows = api(cast.coordinator).get(reverse("api:hour-entry-list")).json()["results"]

    assert [r["id"] for r in rows] == [mine.pk]
    assert rows[0]["person_name"] == "张*"


def test_another_organizations_entry_answers_404(cast: Any) -> None:
    foreign = foreign_world(cast)
    theirs = entry_for(
        cast.outsider, foreign["shift"], cast.person_foreign, at(4, 12, 8), at(4, 12, 12)
    )

    response = api(cast.rc_admin).get(reverse("api:hour-entry-detail", kwargs={"pk": theirs.pk}))

    assert response.status_code == 404


def test_confirm_then_confirm_again_gives_a_stable_error_code(cast: Any) -> None:
    own = rc_world(cast)
    entry = entry_for(
        cast.coordinator, own["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )
    url = reverse("api:hour-entry-confirm", kwargs={"pk": entry.pk})
    client = api(cast.coordinator)

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == 200 and first.json()["status"] == "confirmed"
    assert second.status_code == 400
    assert second.json()["code"] == "already_confirmed"


def test_correct_through_the_api_returns_the_correction(cast: Any) -> None:
    own = rc_world(cast)
    entry = entry_for(
        cast.coordinator, own["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )
    confirm_entry(by=cast.coordinator, entry=entry)

    response = api(cast.coordinator).post(
        reverse("api:hour-entry-correct", kwargs={"pk": entry.pk}),
        {"hours": "3", "reason": "提前离开"},
        format="json",
    )

    assert response.status_code == 201
    assert (response.json()["entry_type"], response.json()["hours"]) == ("correction", "3.00")
    history = api(cast.volunteer).get(reverse("api:hour-entry-history", kwargs={"pk": entry.pk}))
    assert [r["entry_type"] for r in history.json()] == ["original", "reversal", "correction"]


def test_the_volunteer_requests_and_the_organizer_decides_through_the_api(cast: Any) -> None:
    own = rc_world(cast)
    entry = entry_for(
        cast.coordinator, own["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 10)
    )
    made = api(cast.volunteer).post(
        reverse("api:correction-request-list"),
        {"entry": entry.pk, "proposed_hours": "4", "reason": "十点后还在"},
        format="json",
    )
    assert made.status_code == 201

    decided = api(cast.coordinator).post(
        reverse("api:correction-request-decide", kwargs={"pk": made.json()["id"]}),
        {"accept": True},
        format="json",
    )

    assert decided.json()["status"] == "accepted"
    assert HourEntry.objects.filter(entry_type="correction", hours=4).exists()


def test_totals_endpoint_gives_my_confirmed_hours(cast: Any) -> None:
    own = rc_world(cast)
    served(
        own["post"],
        cast.volunteer.person,
        hours=Decimal(30),
        by=cast.coordinator,
        confirmed_at=None,
    )

    totals = api(cast.volunteer).get(reverse("api:hour-totals")).json()

    assert totals["volunteer_hours"] == "30.00"
    assert totals["duty_records"] == 0


def test_organization_totals_are_for_its_admins_only(cast: Any) -> None:
    url = reverse("api:hour-totals")

    assert api(cast.rc_admin).get(url, {"organization": cast.org_rc.pk}).status_code == 200
    assert api(cast.coordinator).get(url, {"organization": cast.org_rc.pk}).status_code == 403
    assert api(cast.outsider).get(url, {"organization": cast.org_rc.pk}).status_code == 404


def test_star_review_refuses_a_level_not_reached(cast: Any) -> None:
    own = rc_world(cast)
    served(
        own["post"], cast.volunteer.person, hours=Decimal(100), by=cast.rc_admin, confirmed_at=None
    )

    response = api(cast.rc_admin).post(
        reverse("api:star-award-list"),
        {"person": cast.volunteer.person.pk, "level": 2},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "not_eligible"


def test_an_unmasked_export_cannot_be_approved_by_its_requester(cast: Any) -> None:
    client = api(cast.rc_admin)
    made = client.post(
        reverse("api:hour-export-list"),
        {
            "organization": cast.org_rc.pk,
            "start": "2022-04-01",
            "end": "2022-04-30",
            "unmasked": True,
        },
        format="json",
    )
    assert made.json()["status"] == "awaiting_approval"

    response = client.post(reverse("api:hour-export-approve", kwargs={"pk": made.json()["id"]}))

    assert response.status_code == 400
    assert response.json()["code"] == "needs_second_approver"
    assert dt.date(2022, 4, 1).isoformat() == made.json()["period_start"]
