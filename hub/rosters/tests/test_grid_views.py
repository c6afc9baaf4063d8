"""The roster grid two ways: rows are people (hand edits), or rows are posts (who is on each
shift, filled against needed); the same choice for the Excel and PDF exports."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from hub.rosters.actions import solve_run
from hub.rosters.queries import grid, grid_view
from hub.rosters.tests.conftest import duty_run


@pytest.fixture
def secretary(client, cast):
    client.force_login(cast.users["secretary"])
    return client


def test_an_unknown_view_falls_back_to_people():
    assert grid_view("posts") == "posts"
    assert grid_view("nonsense") == "people"
    assert grid_view(None) == "people"


@pytest.mark.django_db
def test_posts_view_lists_who_is_on_each_shift_of_each_post(cast):
    run = solve_run(duty_run(cast, days=2, people=3).pk)
    table = grid(cast.users["secretary"], run)

    assert [row.name for row in table.posts] == ["值班（晚班）", "值班（白班）"]
    assert all(len(row.days) == 2 for row in table.posts)
    shifts = [s for row in table.posts for day in row.days for s in day]
    assert len(shifts) == run.shifts.count()
    on = {(c.shift_id, c.person.name) for c in run.cells.select_related("person")}
    assert {(s.shift.pk, p.name) for s in shifts for p in s.people} == on
    assert all(s.filled == len(s.people) and s.needed == 1 for s in shifts)


@pytest.mark.django_db
def test_a_hole_is_marked_and_not_counted_as_filled(cast):
    run = solve_run(duty_run(cast, days=1, people=2).pk)
    cell = run.cells.order_by("pk")[0]
    table = grid(cast.users["secretary"], run, holes={(cell.person_id, cell.shift_id): "x"})

    shift = next(s for row in table.posts for day in row.days for s in day if s.shift == cell.shift)
    assert [p.hole for p in shift.people] == [True]
    assert shift.filled == 0 and shift.short
    row = next(row for row in table.rows if row.person.pk == cell.person_id)
    assert [s.hole for s in row.cells if s.cell == cell] == ["x"]
    assert row.count == sum(1 for s in row.cells if s.cell) - 1


@pytest.mark.django_db
def test_names_in_the_posts_view_are_masked_for_who_may_not_change_the_person(cast):
    run = solve_run(duty_run(cast, days=1, people=2).pk)
    table = grid(cast.users["office"], run)
    names = {p.name for row in table.posts for day in row.days for s in day for p in s.people}
    assert names and all("*" in name for name in names)


@pytest.mark.django_db
def test_run_page_switches_between_people_and_posts(secretary, cast):
    run = solve_run(duty_run(cast, days=2, people=2).pk)
    url = reverse("rosters:run-detail", kwargs={"run_id": run.pk})

    people = secretary.get(url).content.decode()
    posts = secretary.get(url, {"view": "posts"}).content.decode()

    assert f"rosters/{run.pk}/shifts/" in people  # hand edits live in the people view
    assert "rgrid posts" not in people
    assert "rgrid posts" in posts
    assert f"rosters/{run.pk}/shifts/" not in posts
    assert "1/1" in posts
    assert "roster.pdf?view=posts" in posts


@pytest.mark.django_db
def test_run_page_queries_stay_constant_in_the_posts_view(
    secretary, cast, django_assert_max_num_queries
):
    small = solve_run(duty_run(cast, days=1, people=2).pk)
    secretary.get(reverse("rosters:run-detail", kwargs={"run_id": small.pk}), {"view": "posts"})
    with django_assert_max_num_queries(40) as first:
        secretary.get(reverse("rosters:run-detail", kwargs={"run_id": small.pk}), {"view": "posts"})
    big = solve_run(duty_run(cast, days=3, people=4).pk)
    with django_assert_max_num_queries(len(first.captured_queries)):
        secretary.get(reverse("rosters:run-detail", kwargs={"run_id": big.pk}), {"view": "posts"})


@pytest.mark.django_db
def test_excel_by_posts_has_a_row_per_post_and_a_column_per_day(secretary, cast):
    run = solve_run(duty_run(cast, days=2, people=2).pk)
    response = secretary.get(
        reverse("rosters:run-xlsx", kwargs={"run_id": run.pk}), {"view": "posts"}
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert [r[0] for r in rows[2:]] == ["值班（晚班）", "值班（白班）"]
    assert len(rows[1]) == 3  # the post, then two days
    text = "\n".join(str(v) for r in rows[2:] for v in r[1:] if v)
    assert text.count("1/1") == run.cells.count()


@pytest.mark.django_db
def test_pdf_by_posts_renders(secretary, cast):
    run = solve_run(duty_run(cast, days=2, people=2).pk)
    response = secretary.get(
        reverse("rosters:run-pdf", kwargs={"run_id": run.pk}), {"view": "posts"}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "posts" in response["Content-Disposition"]
