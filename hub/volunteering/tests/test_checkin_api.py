"""/api/v1/checkins/: check in, check out, replay an offline queue, list, all idempotent."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hub.conftest import Cast
from hub.hours.models import HourEntry
from hub.testing.builders import approve, make_post, make_shift
from hub.volunteering.models import CheckIn, Shift

pytestmark = pytest.mark.django_db
LIST = "/api/v1/checkins/"


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


def api(cast: Cast, role: str) -> Client:
    client = Client()
    client.force_login(cast.users[role])
    client.cookies["django_language"] = "en"
    return client


def post(client: Client, url: str, data: object, key: str | None = None) -> object:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(url, data=data, content_type="application/json", headers=headers)


def test_check_in_takes_the_key_from_the_header(cast: Cast, shift: Shift) -> None:
    response = post(api(cast, "volunteer"), LIST, {"shift": shift.pk}, key="h-1")
    assert response.status_code == 201  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["outcome"] == "checked_in"
    assert body["checkin"]["person"] == cast.volunteer.person.pk
    assert body["message"].startswith("Checked in at ")
    assert CheckIn.objects.get().idempotency_key == "h-1"


def test_a_replay_gets_the_same_status_and_body(cast: Cast, shift: Shift) -> None:
    client = api(cast, "volunteer")
    first = post(client, LIST, {"shift": shift.pk, "idempotency_key": "b-1"})
    again = post(client, LIST, {"shift": shift.pk, "idempotency_key": "b-1"})
    assert again.status_code == first.status_code == 201  # type: ignore[attr-defined]
    assert again.json() == first.json()  # type: ignore[attr-defined]
    assert again["Idempotent-Replayed"] == "true"  # type: ignore[index]
    assert not first.has_header("Idempotent-Replayed")  # type: ignore[attr-defined]


def test_another_key_answers_already_checked_in(cast: Cast, shift: Shift) -> None:
    client = api(cast, "volunteer")
    post(client, LIST, {"shift": shift.pk}, key="one")
    other = post(client, LIST, {"shift": shift.pk}, key="two")
    assert other.status_code == 200  # type: ignore[attr-defined]
    assert other.json()["outcome"] == "already_checked_in"  # type: ignore[attr-defined]
    assert other.json()["message"].startswith("Already checked in at ")  # type: ignore[attr-defined]


def test_a_missing_key_is_a_clear_error(cast: Cast, shift: Shift) -> None:
    response = post(api(cast, "volunteer"), LIST, {"shift": shift.pk})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert response.json()["code"] == "idempotency_key_required"  # type: ignore[attr-defined]


def test_a_coordinator_checks_in_a_person_by_id(cast: Cast, shift: Shift) -> None:
    body = {"shift": shift.pk, "person": cast.person_resident.pk}
    response = post(api(cast, "coordinator"), LIST, body, key="c-1")
    assert response.status_code == 201  # type: ignore[attr-defined]
    assert CheckIn.objects.get().method == CheckIn.Method.COORDINATOR


def test_a_volunteer_cannot_check_in_someone_else(cast: Cast, shift: Shift) -> None:
    body = {"shift": shift.pk, "person": cast.person_resident.pk}
    response = post(api(cast, "volunteer"), LIST, body, key="c-1")
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert not CheckIn.objects.exists()


def test_check_out_writes_the_pending_hour_entry(cast: Cast, shift: Shift) -> None:
    client = api(cast, "volunteer")
    checkin_id = post(client, LIST, {"shift": shift.pk}, key="in").json()["checkin"]["id"]  # type: ignore[attr-defined]
    url = reverse("api:checkin-checkout", kwargs={"pk": checkin_id})
    first = post(client, url, {}, key="out")
    again = post(client, url, {"checkout_key": "out"})
    assert first.status_code == again.status_code == 200  # type: ignore[attr-defined]
    assert first.json() == again.json()  # type: ignore[attr-defined]
    assert first.json()["outcome"] == "checked_out"  # type: ignore[attr-defined]
    assert HourEntry.objects.filter(checkin_id=checkin_id).count() == 1


def test_the_offline_batch_replayed_writes_nothing_more(cast: Cast, shift: Shift) -> None:
    at = (shift.starts_at + dt.timedelta(minutes=2)).isoformat()
    items = [
        {"idempotency_key": "q1", "shift": shift.pk, "person": cast.volunteer.person.pk,
         "checked_in_at": at},
        {"idempotency_key": "q2", "shift": shift.pk, "person": cast.person_resident.pk,
         "checked_in_at": at},
        {"idempotency_key": "q3", "shift": shift.pk, "person": cast.person_member.pk,
         "checked_in_at": at},
    ]  # fmt: skip
    client = api(cast, "coordinator")
    first = post(client, reverse("api:checkin-batch"), items).json()  # type: ignore[attr-defined]
    again = post(client, reverse("api:checkin-batch"), {"items": items}).json()  # type: ignore[attr-defined]
    assert (first["created"], first["replayed"], first["refused"]) == (2, 0, 1)
    assert (again["created"], again["replayed"], again["refused"]) == (0, 2, 1)
    assert first["results"][2]["code"] == "not_signed_up"
    assert [r["checkin"] for r in first["results"]] == [r["checkin"] for r in again["results"]]
    assert CheckIn.objects.count() == 2


def test_the_list_shows_a_volunteer_only_their_own(cast: Cast, shift: Shift) -> None:
    post(api(cast, "volunteer"), LIST, {"shift": shift.pk}, key="mine")
    post(api(cast, "coordinator"), LIST, {"shift": shift.pk, "person": cast.person_resident.pk},
         key="theirs")  # fmt: skip
    mine = api(cast, "volunteer").get(LIST).json()["results"]
    managed = api(cast, "coordinator").get(LIST, {"shift": shift.pk}).json()["results"]
    assert [r["person"] for r in mine] == [cast.volunteer.person.pk]
    assert len(managed) == 2


def test_the_list_runs_the_same_queries_for_more_rows(cast: Cast, shift: Shift) -> None:
    client = api(cast, "coordinator")
    post(client, LIST, {"shift": shift.pk, "person": cast.person_resident.pk}, key="a")
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    post(client, LIST, {"shift": shift.pk, "person": cast.volunteer.person.pk}, key="b")
    with CaptureQueriesContext(connection) as two:
        client.get(LIST)
    assert len(two.captured_queries) == len(one.captured_queries)


def test_a_self_check_in_reads_the_sign_up_once_and_builds_no_scope(
    cast: Cast, shift: Shift
) -> None:
    client = api(cast, "volunteer")
    with CaptureQueriesContext(connection) as queries:
        response = post(client, LIST, {"shift": shift.pk}, key="q-1")
    assert response.status_code == 201  # type: ignore[attr-defined]
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "volunteering_signup"' in s for s in sql) == 1, sql
    assert not any('"accounts_rolegrant"' in s for s in sql), sql


def test_a_volunteer_without_a_sign_up_still_gets_the_reason(cast: Cast) -> None:
    other = make_shift(make_post(cast, organization=cast.org_rc, name="无报名的岗位"),
                       starts_at=timezone.now() - dt.timedelta(minutes=30))  # fmt: skip
    response = post(api(cast, "volunteer"), LIST, {"shift": other.pk}, key="q-2")
    assert response.status_code in (400, 404)  # type: ignore[attr-defined]
    assert not CheckIn.objects.filter(shift=other).exists()
