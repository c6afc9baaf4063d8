"""The pages of drives and sign-ups, as a volunteer and a coordinator see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.conftest import Cast
from hub.testing.builders import make_drive, make_post, make_shift
from hub.volunteering.actions.signups import sign_up
from hub.volunteering.models import Drive, Post, Shift, SignUp


def client_for(user=None) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def soon(days: int = 7) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=days)


def inside_drive(cast: Cast, *, shifts: int = 1, capacity: int = 5, **drive_kw) -> Drive:
    """A published drive of posts inside 青年公寓 (the volunteer lives there, sealed)."""
    post = make_post(cast, by=None, compound=cast.compound_own, name="青年公寓送餐")
    made = [make_shift(post, starts_at=soon(7 + n), capacity=capacity) for n in range(shifts)]
    return make_drive(cast, made, **drive_kw)


def test_a_volunteer_sees_open_drives_with_places_left_and_a_button(cast: Cast) -> None:
    inside_drive(cast)
    page = client_for(cast.volunteer).get(reverse("volunteering:drive-list"))
    body = page.content.decode()
    assert page.status_code == 200
    assert "青年公寓送餐" in body and "5 places left" in body and ">Sign up</button>" in body


def test_the_list_renders_in_chinese_by_default(cast: Cast) -> None:
    inside_drive(cast)
    client = Client()
    client.force_login(cast.volunteer)
    page = client.get(reverse("volunteering:drive-list"))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'lang="zh-Hans"' in body
    assert "<h1>志愿者招募</h1>" in body and "<h1>Recruitment</h1>" not in body


def test_the_drive_list_runs_a_constant_number_of_queries(cast: Cast) -> None:
    client = client_for(cast.volunteer)
    inside_drive(cast)
    client.get(reverse("volunteering:drive-list"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("volunteering:drive-list"))
    for _ in range(3):
        inside_drive(cast, shifts=3)
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("volunteering:drive-list"))
    assert page.content.decode().count(">Sign up</button>") == 10
    assert len(large) == len(small)


def test_a_coordinator_sees_how_full_their_drives_are(cast: Cast) -> None:
    drive = inside_drive(cast)
    sign_up(by=cast.volunteer, shift=drive.shifts.get(), drive=drive)
    body = client_for(cast.secretary).get(reverse("volunteering:drive-list")).content.decode()
    assert "1/5 filled" in body


def test_signing_up_on_the_page_shows_the_result(cast: Cast) -> None:
    drive = inside_drive(cast, requires_approval=True)
    shift = drive.shifts.get()
    url = reverse("volunteering:drive-signup", kwargs={"drive_id": drive.pk, "shift_id": shift.pk})
    page = client_for(cast.volunteer).post(url, {"note": "我是党员，我先上"}, follow=True)
    assert "Sign-up received" in page.content.decode()
    assert SignUp.objects.get(shift=shift).note == "我是党员，我先上"


def test_a_refused_sign_up_shows_the_reason(cast: Cast) -> None:
    drive = inside_drive(cast, capacity=1)
    shift = drive.shifts.get()
    sign_up(by=None, shift=shift, person=cast.person_resident)
    url = reverse("volunteering:drive-signup", kwargs={"drive_id": drive.pk, "shift_id": shift.pk})
    page = client_for(cast.volunteer).post(url)
    body = page.content.decode()
    assert 'data-code="full"' in body
    assert "This shift is full: its 1 place is taken." in body


def test_the_public_link_shows_shifts_to_anyone(cast: Cast) -> None:
    drive = inside_drive(cast, branches=[], is_public=True)
    page = client_for().get(reverse("volunteering:join", kwargs={"token": drive.public_token}))
    body = page.content.decode()
    assert page.status_code == 200
    assert "青年公寓送餐" in body and "Sign in to sign up" in body


def test_a_draft_drive_has_no_public_page(cast: Cast) -> None:
    drive = inside_drive(cast, branches=[], is_public=True, publish=False)
    url = reverse("volunteering:join", kwargs={"token": drive.public_token})
    assert client_for().get(url).status_code == 404


def test_signing_up_through_the_public_link_needs_no_invitation(cast: Cast) -> None:
    drive = inside_drive(cast, branches=[], is_public=True)
    shift = drive.shifts.get()
    url = reverse(
        "volunteering:join-signup", kwargs={"token": drive.public_token, "shift_id": shift.pk}
    )
    response = client_for(cast.volunteer).post(url)
    assert response.status_code == 302
    assert SignUp.objects.get(shift=shift).person == cast.volunteer.person


def test_a_coordinator_approves_on_the_shift_page_with_htmx(cast: Cast) -> None:
    drive = inside_drive(cast, requires_approval=True)
    shift = drive.shifts.get()
    signup = sign_up(by=cast.volunteer, shift=shift, drive=drive)
    client = client_for(cast.coordinator)
    page = client.get(reverse("volunteering:shift-detail", kwargs={"shift_id": shift.pk}))
    assert "张贝" in page.content.decode()  # the coordinator may change the resident: full name
    url = reverse("volunteering:signup-approve", kwargs={"signup_id": signup.pk})
    fragment = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'id="signup-{signup.pk}"' in fragment
    assert "Approved" in fragment and 'hx-swap-oob="true"' in fragment
    signup.refresh_from_db()
    assert signup.status == "approved"


def test_a_refused_decision_shows_its_reason_in_the_fragment(cast: Cast) -> None:
    drive = inside_drive(cast)
    signup = sign_up(by=cast.volunteer, shift=drive.shifts.get(), drive=drive)
    url = reverse("volunteering:signup-approve", kwargs={"signup_id": signup.pk})
    fragment = client_for(cast.coordinator).post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "so it cannot be approved" in fragment


def test_the_post_form_creates_a_post(cast: Cast) -> None:
    response = client_for(cast.admin).post(
        reverse("volunteering:post-create"),
        {
            "organization": cast.org_health.pk,
            "name": "核酸检测秩序维护",
            "kind": "volunteer",
            "site": "东苑新天地南区",
            "risk": "low",
            "political_statuses": ["party_member"],
            "min_age": "18",
        },
    )
    post = Post.objects.get(name="核酸检测秩序维护")
    assert response.status_code == 302
    assert (post.min_age, post.political_statuses) == (18, ["party_member"])


def test_the_post_form_shows_a_refusal_next_to_its_field(cast: Cast) -> None:
    page = client_for(cast.admin).post(
        reverse("volunteering:post-create"),
        {
            "organization": cast.org_health.pk,
            "name": "x",
            "kind": "volunteer",
            "site": "y",
            "risk": "high",
        },
    )
    assert page.status_code == 200
    assert "A high-risk post must require insurance" in page.content.decode()


def test_the_shift_form_creates_a_daily_series(cast: Cast) -> None:
    post = make_post(cast, by=None)
    start = timezone.localtime(soon())
    response = client_for(cast.secretary).post(
        reverse("volunteering:shift-create", kwargs={"post_id": post.pk}),
        {
            "starts_at": start.strftime("%Y-%m-%dT08:00"),
            "ends_at": start.strftime("%Y-%m-%dT12:00"),
            "capacity": 50,
            "min_staff": 1,
            "waitlist_size": 0,
            "days": 3,
        },
    )
    assert response.status_code == 302
    shifts = Shift.objects.filter(post=post)
    assert shifts.count() == 3 and shifts.values("series").distinct().count() == 1


def test_the_drive_form_creates_a_draft_with_its_pool(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None), starts_at=soon())
    response = client_for(cast.secretary).post(
        reverse("volunteering:drive-create"),
        {
            "organization": cast.org_health.pk,
            "title": "上海青年志愿者 检测机构辅助志愿者",
            "requires_approval": "on",
            "shifts": [shift.pk],
            "branches": [cast.branch_first.pk],
        },
    )
    drive = Drive.objects.get()
    assert response.status_code == 302
    assert (drive.status, list(drive.shifts.all())) == ("draft", [shift])


@pytest.mark.parametrize("name", ["volunteering:post-create", "volunteering:drive-create"])
def test_a_volunteer_does_not_get_the_organizer_forms(cast: Cast, name: str) -> None:
    assert client_for(cast.volunteer).get(reverse(name)).status_code == 403
