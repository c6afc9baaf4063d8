"""Sign-up and decisions through /api/v1/: same rules, refusals with a stable code."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from hub.conftest import Cast
from hub.testing.builders import make_drive, make_post, make_shift
from hub.volunteering.actions.signups import sign_up


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    client.credentials(HTTP_ACCEPT_LANGUAGE="en")
    return client


def drive_inside(cast: Cast, **kw):
    start = timezone.now() + dt.timedelta(days=5)
    post = make_post(cast, by=None, compound=cast.compound_own)
    return make_drive(
        cast, [make_shift(post, starts_at=start, capacity=kw.pop("capacity", 5))], **kw
    )


def test_signing_up_through_the_api(cast: Cast) -> None:
    drive = drive_inside(cast, requires_approval=True)
    shift = drive.shifts.get()
    response = api(cast.volunteer).post(
        reverse("api:signup-list"), {"shift": shift.pk, "drive": drive.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["person_name"] == "张*"


def test_a_refusal_is_400_with_its_code(cast: Cast) -> None:
    drive = drive_inside(cast, capacity=1)
    shift = drive.shifts.get()
    sign_up(by=None, shift=shift, person=cast.person_resident)
    response = api(cast.volunteer).post(
        reverse("api:signup-list"), {"shift": shift.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "full"


def test_a_shift_one_cannot_see_reads_like_a_missing_one(cast: Cast) -> None:
    drive = drive_inside(cast)
    response = api(cast.outsider).post(
        reverse("api:signup-list"), {"shift": drive.shifts.get().pk}, format="json"
    )
    assert response.status_code == 400
    assert "shift" in response.json()


def test_a_secretary_approves_and_a_volunteer_cannot(cast: Cast) -> None:
    drive = drive_inside(cast, requires_approval=True)
    signup = sign_up(by=cast.volunteer, shift=drive.shifts.get(), drive=drive)
    url = reverse("api:signup-approve", kwargs={"pk": signup.pk})
    assert api(cast.volunteer).post(url).status_code == 403
    response = api(cast.secretary).post(url)
    assert response.status_code == 200 and response.json()["status"] == "approved"


def test_capacity_below_the_places_taken_is_refused(cast: Cast) -> None:
    drive = drive_inside(cast)
    shift = drive.shifts.get()
    sign_up(by=cast.volunteer, shift=shift, drive=drive)
    sign_up(by=None, shift=shift, person=cast.person_resident)
    url = reverse("api:vol-shift-capacity", kwargs={"pk": shift.pk})
    response = api(cast.coordinator).post(url, {"capacity": 1}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "below_taken"


def test_a_shift_series_through_the_api(cast: Cast) -> None:
    post = make_post(cast, by=None)
    start = timezone.now() + dt.timedelta(days=3)
    response = api(cast.admin).post(
        reverse("api:vol-shift-list"),
        {
            "post": post.pk,
            "starts_at": start.isoformat(),
            "ends_at": (start + dt.timedelta(hours=3)).isoformat(),
            "capacity": 10,
            "days": 3,
        },
        format="json",
    )
    assert response.status_code == 201
    assert len({row["series"] for row in response.json()}) == 1


def test_publishing_a_drive_through_the_api(cast: Cast) -> None:
    drive = drive_inside(cast, publish=False)
    response = api(cast.admin).post(reverse("api:drive-publish", kwargs={"pk": drive.pk}))
    assert response.status_code == 200 and response.json()["status"] == "published"
