"""The poster's QR page: one tap to check in or out of the shift at hand."""

import datetime as dt
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.conftest import Cast
from hub.testing.builders import approve, make_post, make_shift
from hub.volunteering.actions.checkins import check_in
from hub.volunteering.models import CheckIn, Shift
from hub.volunteering.queries import poster_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift(cast: Cast) -> Shift:
    # In progress now: the page reads the clock like a phone at the site does.
    shift = make_shift(
        make_post(cast, organization=cast.org_rc, name="青年公寓理货点"),
        starts_at=timezone.now() - dt.timedelta(minutes=30),
        capacity=10,
        min_staff=1,
    )
    approve(shift, cast.volunteer.person)
    return shift


def scan_url(shift: Shift, name: str = "volunteering:checkin-scan") -> str:
    return reverse(name, kwargs={"code": poster_code(shift.post)})


def volunteer_client(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.volunteer)
    return client


def test_anonymous_users_are_sent_to_sign_in_and_back(cast: Cast, shift: Shift) -> None:
    url = scan_url(shift)
    response = Client().get(url)
    assert response.status_code == 302
    login, _sep, query = response["Location"].partition("?")
    assert login == reverse("accounts:login")
    assert unquote(query) == f"next={url}"


def test_the_page_offers_one_button_for_the_shift_at_hand(cast: Cast, shift: Shift) -> None:
    response = volunteer_client(cast).get(scan_url(shift))
    assert response.status_code == 200
    page = response.content.decode()
    assert "青年公寓理货点" in page
    assert page.count('class="checkin-big"') == 1
    assert 'name="key"' in page


def test_a_tap_checks_in_and_offers_check_out(cast: Cast, shift: Shift) -> None:
    client = volunteer_client(cast)
    client.cookies["django_language"] = "en"
    response = client.post(
        scan_url(shift, "volunteering:checkin-scan-in"),
        {"shift": shift.pk, "key": "tap-1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "Checked in at" in fragment
    assert "checkin-big secondary" in fragment
    assert CheckIn.objects.get().idempotency_key == "tap-1"


def test_a_retried_tap_is_the_same_check_in(cast: Cast, shift: Shift) -> None:
    client = volunteer_client(cast)
    for _ in range(2):
        client.post(
            scan_url(shift, "volunteering:checkin-scan-in"), {"shift": shift.pk, "key": "tap-1"}
        )
    assert CheckIn.objects.count() == 1


def test_a_tap_without_javascript_redirects_with_a_message(cast: Cast, shift: Shift) -> None:
    client = volunteer_client(cast)
    client.cookies["django_language"] = "en"
    response = client.post(
        scan_url(shift, "volunteering:checkin-scan-in"),
        {"shift": shift.pk, "key": "tap-1"},
        follow=True,
    )
    assert "Checked in at" in response.content.decode()


def test_checking_out_from_the_page(cast: Cast, shift: Shift) -> None:
    result = check_in(by=cast.volunteer, shift=shift, idempotency_key="in")
    client = volunteer_client(cast)
    response = client.post(
        scan_url(shift, "volunteering:checkin-scan-out"),
        {"checkin": result.checkin.pk, "key": "out-1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert CheckIn.objects.get().checkout_key == "out-1"


def test_without_a_shift_here_the_page_says_so(cast: Cast, shift: Shift) -> None:
    client = Client()
    client.force_login(cast.desk)
    client.cookies["django_language"] = "en"
    response = client.get(scan_url(shift))
    assert "You have no shift at this post right now." in response.content.decode()
    assert "青年公寓理货点" in response.content.decode()


def test_a_forged_code_is_not_found(cast: Cast, shift: Shift) -> None:
    client = volunteer_client(cast)
    code = poster_code(shift.post)
    response = client.get(reverse("volunteering:checkin-scan", kwargs={"code": code + "x"}))
    assert response.status_code == 404


def test_a_retired_poster_stops_working(cast: Cast, shift: Shift) -> None:
    url = scan_url(shift)
    type(shift.post).objects.filter(pk=shift.post.pk).update(poster_token="rotated")
    assert volunteer_client(cast).get(url).status_code == 404


def test_checking_out_before_the_shift_starts_says_no_time_will_be_counted(cast: Cast) -> None:
    early = make_shift(
        make_post(cast, organization=cast.org_rc, name="青年公寓核酸点"),
        starts_at=timezone.now() + dt.timedelta(minutes=40),
        capacity=10,
        min_staff=1,
    )
    approve(early, cast.volunteer.person)
    check_in(by=cast.volunteer, shift=early, idempotency_key="early-1")
    client = volunteer_client(cast)
    client.cookies["django_language"] = "en"

    page = client.get(scan_url(early)).content.decode()

    assert "The shift has not started yet: checking out now records no service time." in page
    assert "service time counts from then" in page
