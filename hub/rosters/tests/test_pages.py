"""The roster pages: list, form, the grid with hand edits, publishing, exports, access."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from hub.rosters.actions import solve_run
from hub.rosters.models import RosterCell, RosterRun
from hub.rosters.tests.conftest import MONDAY, NOW, duty_run, duty_week, staff


@pytest.fixture
def secretary(client, cast):
    client.force_login(cast.users["secretary"])
    return client


@pytest.mark.django_db
def test_run_list_queries_stay_constant(secretary, cast, django_assert_max_num_queries):
    duty_run(cast, days=1, people=1)
    url = reverse("rosters:run-list")
    secretary.get(url)
    with django_assert_max_num_queries(12) as first:
        secretary.get(url)
    for n in range(4):
        RosterRun.objects.create(
            organization=cast.org_health,
            branch=cast.branch_first,
            title=f"表{n}",
            period_start=MONDAY,
            period_end=MONDAY,
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = secretary.get(url)
    assert response.content.decode().count("表") >= 4


@pytest.mark.django_db
def test_form_creates_a_run_from_a_branch(secretary, cast):
    shifts = duty_week(cast, days=2)
    staff(cast, 3)
    response = secretary.post(
        reverse("rosters:run-create"),
        {
            "title": "值班表",
            "kind": "duty",
            "period_start": MONDAY.isoformat(),
            "period_end": "2022-04-05",
            "shifts": [s.pk for s in shifts],
            "branches": [cast.branch_first.pk],
            "min_rest_hours": 11,
            "max_shifts_per_day": 1,
            "understaffed": 100,
            "fair_load": 5,
            "continuity": 0,
        },
    )
    run = RosterRun.objects.get()
    assert response.status_code == 302
    assert run.shifts.count() == 4
    assert run.people.count() == 5  # three staff, 王建国 and 张贝
    assert run.rules["min_rest_hours"] == 11


@pytest.mark.django_db
def test_form_without_people_says_so(secretary, cast):
    shifts = duty_week(cast, days=1)
    response = secretary.post(
        reverse("rosters:run-create"),
        {
            "title": "值班表",
            "kind": "duty",
            "period_start": MONDAY.isoformat(),
            "period_end": MONDAY.isoformat(),
            "shifts": [s.pk for s in shifts],
            "min_rest_hours": 11,
            "max_shifts_per_day": 1,
            "understaffed": 100,
            "fair_load": 5,
            "continuity": 0,
        },
    )
    assert response.status_code == 200
    assert "至少" in response.content.decode() or "at least one branch" in response.content.decode()


@pytest.mark.django_db
def test_grid_shows_people_and_a_cell_toggles_by_htmx(secretary, cast):
    run = solve_run(duty_run(cast, days=2, people=2).pk)
    page = secretary.get(reverse("rosters:run-detail", kwargs={"run_id": run.pk}))
    assert page.status_code == 200
    assert "职员01" in page.content.decode()

    cell = run.cells.order_by("pk")[0]
    response = secretary.post(
        reverse(
            "rosters:run-cell",
            kwargs={"run_id": run.pk, "shift_id": cell.shift_id, "person_id": cell.person_id},
        ),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert not RosterCell.objects.filter(pk=cell.pk).exists()


@pytest.mark.django_db
def test_roster_excel_and_pdf(secretary, cast):
    run = solve_run(duty_run(cast, days=2, people=2).pk)
    xlsx = secretary.get(reverse("rosters:run-xlsx", kwargs={"run_id": run.pk}))
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[2:]] == ["职员01", "职员02"]
    assert sum(r[1:5].count("✓") for r in rows[2:]) == run.cells.count()

    pdf = secretary.get(reverse("rosters:run-pdf", kwargs={"run_id": run.pk}))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_another_organization_gets_404(client, cast):
    run = duty_run(cast, days=1, people=1)
    client.force_login(cast.users["outsider"])
    assert client.get(reverse("rosters:run-detail", kwargs={"run_id": run.pk})).status_code == 404
    response = client.post(reverse("rosters:run-publish", kwargs={"run_id": run.pk}))
    assert response.status_code == 404


@pytest.mark.django_db
def test_publishing_from_the_page_shows_the_refusals(secretary, cast):
    from hub.volunteering.actions.posts import cancel_shift

    run = solve_run(duty_run(cast, days=1, people=2).pk)
    cancel_shift(by=None, shift=run.cells.order_by("pk")[0].shift, now=NOW)
    response = secretary.post(
        reverse("rosters:run-publish", kwargs={"run_id": run.pk}), follow=True
    )
    assert response.status_code == 200
    assert "职员" in response.content.decode()
    run.refresh_from_db()
    assert run.status == RosterRun.Status.SOLVED


@pytest.mark.django_db
def test_api_lists_runs_and_publishes(cast):
    from rest_framework.test import APIClient

    run = solve_run(duty_run(cast, days=1, people=2).pk)
    api = APIClient()
    api.force_authenticate(cast.users["secretary"])
    assert api.get("/api/v1/roster-runs/").json()["results"][0]["id"] == run.pk
    # Pages act now; the shifts lie in 2022, so every place is refused, all or nothing.
    response = api.post(f"/api/v1/roster-runs/{run.pk}/publish/")
    assert response.status_code == 400
    assert response.json()["code"] == "publish_refused"
    assert len(response.json()["failures"]) == run.cells.count()


@pytest.mark.django_db
def test_the_run_page_offers_publishing_exactly_when_the_action_accepts_it(secretary, cast):
    """About 2 s: it solves a one-day run (the engine's time limit in these tests is 1 s)."""
    from hub.errors import DomainError
    from hub.rosters.actions import publish_run

    run = duty_run(cast, days=1, people=1)
    url = reverse("rosters:run-detail", kwargs={"run_id": run.pk})
    publish = reverse("rosters:run-publish", kwargs={"run_id": run.pk})

    assert publish not in secretary.get(url).content.decode()
    with pytest.raises(DomainError) as refused:
        publish_run(by=cast.users["secretary"], run=run, now=NOW)
    assert refused.value.code == "not_solved"

    run = solve_run(run.pk)
    assert run.may_be_published and publish in secretary.get(url).content.decode()

    run = publish_run(by=cast.users["secretary"], run=run, now=NOW)
    page = secretary.get(url).content.decode()
    assert publish not in page
    assert reverse("rosters:run-repair", kwargs={"run_id": run.pk}) in page
