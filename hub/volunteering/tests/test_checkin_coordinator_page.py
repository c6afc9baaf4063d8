"""The coordinator's shift page: check in and out the people who have no phone with them."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.conftest import Cast
from hub.testing.builders import approve, make_post, make_shift, residents
from hub.volunteering.actions.checkins import check_in
from hub.volunteering.models import CheckIn, Shift

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift(cast: Cast) -> Shift:
    shift = make_shift(
        make_post(cast, organization=cast.org_rc, name="青年公寓理货点"),
        starts_at=timezone.now() - dt.timedelta(minutes=30),
        capacity=10,
        min_staff=1,
    )
    approve(shift, cast.volunteer.person)
    approve(shift, cast.person_resident)
    return shift


def coordinator(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.coordinator)
    client.cookies["django_language"] = "en"
    return client


def url(shift: Shift, name: str = "volunteering:shift-checkins") -> str:
    return reverse(name, kwargs={"shift_id": shift.pk})


def test_the_page_lists_approved_sign_ups_with_their_state(cast: Cast, shift: Shift) -> None:
    check_in(by=cast.volunteer, shift=shift, idempotency_key="in")
    page = coordinator(cast).get(url(shift)).content.decode()
    assert "张贝" in page and "陈秀英" in page
    assert "On site" in page
    assert "Not checked in" in page


def test_a_coordinator_checks_in_someone_without_a_phone(cast: Cast, shift: Shift) -> None:
    response = coordinator(cast).post(
        url(shift, "volunteering:shift-checkin-in"),
        {"person": cast.person_resident.pk, "key": "desk-1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Checked in at" in response.content.decode()
    row = CheckIn.objects.get()
    assert (row.person, row.method, row.recorded_by) == (
        cast.person_resident,
        CheckIn.Method.COORDINATOR,
        cast.coordinator,
    )


def test_a_coordinator_checks_someone_out(cast: Cast, shift: Shift) -> None:
    client = coordinator(cast)
    client.post(
        url(shift, "volunteering:shift-checkin-in"),
        {"person": cast.person_resident.pk, "key": "desk-1"},
    )
    checkin = CheckIn.objects.get()
    client.post(url(shift, "volunteering:shift-checkin-out"), {"checkin": checkin.pk, "key": "o"})
    checkin.refresh_from_db()
    assert checkin.checked_out_at is not None


def test_someone_without_an_approved_sign_up_cannot_be_checked_in(cast: Cast, shift: Shift) -> None:
    response = coordinator(cast).post(
        url(shift, "volunteering:shift-checkin-in"), {"person": cast.person_member.pk, "key": "k"}
    )
    assert response.status_code == 404
    assert not CheckIn.objects.exists()


def test_a_building_leader_who_sees_the_shift_may_not_use_the_page(
    cast: Cast, shift: Shift
) -> None:
    client = Client()
    client.force_login(cast.leader)
    assert client.get(url(shift)).status_code == 403


def test_the_page_runs_the_same_queries_for_more_people(cast: Cast, shift: Shift) -> None:
    client = coordinator(cast)
    client.get(url(shift))  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        client.get(url(shift))
    for person in residents(cast, 5):
        approve(shift, person)
        check_in(
            by=cast.coordinator,
            shift=shift,
            person=person,
            method=CheckIn.Method.COORDINATOR,
            idempotency_key=f"k{person.pk}",
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url(shift))
    assert len(many.captured_queries) == len(few.captured_queries)
