"""POST /api/v1/roster-runs/ creates a run through the same action as the form and queues its
solve; bad input answers 400 with a clear message, refusals 403 or 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from hub.jobs.models import Job
from hub.rosters.models import RosterRun, RosterWish
from hub.rosters.tests.conftest import MONDAY, duty_week, staff

URL = "/api/v1/roster-runs/"
TUESDAY = MONDAY + dt.timedelta(days=1)


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def payload(shifts: list[Any], **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "接口值班表",
        "kind": "duty",
        "period_start": MONDAY.isoformat(),
        "period_end": TUESDAY.isoformat(),
        "shifts": [s.pk for s in shifts],
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_creating_a_run_stores_it_with_its_wishes_and_queues_the_solve(
    cast, django_capture_on_commit_callbacks
):
    shifts = duty_week(cast, days=2)
    crew = staff(cast, 3)
    data = payload(
        shifts,
        branches=[cast.branch_first.pk],
        rules={"min_rest_hours": 8, "max_hours_per_week": None},
        weights={"fair_load": 7, "wishes": 30},
        wishes=[
            {"person": crew[0].pk, "wanted": False, "day": TUESDAY.isoformat()},
            {"person": crew[1].pk, "wanted": True, "shift": shifts[0].pk},
        ],
    )

    with django_capture_on_commit_callbacks(execute=False):
        response = api(cast.users["secretary"]).post(URL, data, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    run = RosterRun.objects.get(pk=body["id"])
    assert body["status"] == RosterRun.Status.QUEUED == run.status
    assert Job.objects.get(pk=body["job"]).kind == "rosters.solve"
    assert set(run.shifts.values_list("pk", flat=True)) == {s.pk for s in shifts}
    assert {p.pk for p in crew} <= set(run.people.values_list("pk", flat=True))
    assert run.rules == {"min_rest_hours": 8} and run.weights == {"fair_load": 7, "wishes": 30}
    assert RosterWish.objects.filter(run=run).count() == len(body["wishes"]) == 2


@pytest.mark.django_db
def test_people_can_be_given_by_id(cast, django_capture_on_commit_callbacks):
    shifts = duty_week(cast, days=2)
    crew = staff(cast, 2)
    with django_capture_on_commit_callbacks(execute=False):
        response = api(cast.users["secretary"]).post(
            URL, payload(shifts, people=[p.pk for p in crew]), format="json"
        )
    assert response.status_code == 201, response.json()
    run = RosterRun.objects.get(pk=response.json()["id"])
    assert sorted(run.people.values_list("pk", flat=True)) == sorted(p.pk for p in crew)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"shifts": []}, "shifts"),
        ({"title": ""}, "title"),
        ({"kind": "party"}, "kind"),
        ({"people": []}, "people"),
        ({"weights": {"fair_load": -1}}, "weights"),
        ({"wishes": [{"person": 1, "wanted": True}]}, "wishes"),
    ],
    ids=["no_shifts", "no_title", "unknown_kind", "no_people", "negative_weight", "wish_no_day"],
)
def test_invalid_input_answers_400_naming_the_field(cast, change, field):
    shifts = duty_week(cast, days=2)
    staff(cast, 1)
    data = payload(shifts, branches=[cast.branch_first.pk])
    data.update(change)
    if field == "people":
        data["branches"] = []

    response = api(cast.users["secretary"]).post(URL, data, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not RosterRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "detail"),
    [
        ("zh-hans", "最后一天不能早于第一天。"),
        ("en", "The last day must not be before the first day."),
    ],
)
def test_a_period_ending_before_it_starts_is_refused_in_the_callers_language(
    cast, language, detail
):
    shifts = duty_week(cast, days=1)
    staff(cast, 1)
    data = payload(
        shifts, branches=[cast.branch_first.pk], period_end=(MONDAY - dt.timedelta(1)).isoformat()
    )

    client = api(cast.users["secretary"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language switch

    response = client.post(URL, data, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": detail, "code": "period", "field": "period_end"}
    assert not RosterRun.objects.exists()


@pytest.mark.django_db
def test_a_wish_of_someone_outside_the_roster_answers_400_and_creates_nothing(cast):
    shifts = duty_week(cast, days=2)
    crew = staff(cast, 2)
    data = payload(
        shifts,
        people=[crew[0].pk],
        wishes=[{"person": crew[1].pk, "wanted": False, "day": MONDAY.isoformat()}],
    )

    response = api(cast.users["secretary"]).post(URL, data, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "wish"
    assert "第1条意愿" in response.json()["detail"]  # Chinese first: no language cookie
    assert not RosterRun.objects.exists() and not Job.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["volunteer", "office", "coordinator", "outsider"])
def test_shifts_the_user_does_not_manage_answer_403_seen_or_not(cast, role):
    shifts = duty_week(cast, days=1)
    crew = staff(cast, 1)

    response = api(cast.users[role]).post(URL, payload(shifts, people=[crew[0].pk]), format="json")

    assert response.status_code == 403
    assert not RosterRun.objects.exists()


@pytest.mark.django_db
def test_an_unknown_shift_id_answers_like_a_foreign_one(cast):
    staff(cast, 1)
    data = {**payload([], branches=[cast.branch_first.pk]), "shifts": [987654]}
    response = api(cast.users["secretary"]).post(URL, data, format="json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_branch_the_user_cannot_see_answers_404(cast):
    shifts = duty_week(cast, days=1)
    data = payload(shifts, branches=[cast.branch_other.pk])

    response = api(cast.users["secretary"]).post(URL, data, format="json")

    assert response.status_code == 404
    assert not RosterRun.objects.exists()


@pytest.mark.django_db
def test_anonymous_callers_are_refused(cast):
    shifts = duty_week(cast, days=1)
    response = APIClient().post(URL, payload(shifts, people=[1]), format="json")
    assert response.status_code in (401, 403)
    assert not RosterRun.objects.exists()
