"""A roster run is solved by a background job that stores its cells and explanations."""

from __future__ import annotations

import pytest

from hub.jobs.actions import run_job_now
from hub.jobs.models import Job
from hub.rosters.actions import solve_run, start_roster_run, toggle_cell
from hub.rosters.models import RosterCell, RosterRun
from hub.rosters.tests.conftest import duty_run


@pytest.mark.django_db
def test_run_through_the_job_stores_cells_and_explanations(
    cast, django_capture_on_commit_callbacks
):
    run = duty_run(cast, days=3, people=4)
    with django_capture_on_commit_callbacks(execute=False):
        job = start_roster_run(by=cast.users["secretary"], run=run)
    run.refresh_from_db()
    assert run.status == RosterRun.Status.QUEUED and run.job_id == job.pk

    job = run_job_now(job.pk)
    run.refresh_from_db()

    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (4, 4)
    assert run.status == RosterRun.Status.SOLVED
    assert run.result["status"] in ("optimal", "feasible")
    assert run.cells.count() == 6  # 3 days x (day + evening), one place each
    assert run.result["unfilled"] == []


@pytest.mark.django_db
def test_unfilled_places_are_explained_in_names(cast):
    run = duty_run(cast, days=2, people=1)
    run = solve_run(run.pk)

    # One person, one shift a day: two of the four places stay empty, with reasons.
    assert run.cells.count() == 2
    texts = [u["text"] for u in run.result["unfilled"]]
    assert len(texts) == 2
    assert all("值班" in t and "short of 1" in t for t in texts)
    assert run.result["shortfalls"]


@pytest.mark.django_db
def test_solving_again_replaces_the_engine_cells_instead_of_adding(cast):
    run = duty_run(cast, days=3, people=4)
    solve_run(run.pk)
    run = solve_run(run.pk)
    assert run.cells.count() == 6
    assert run.status == RosterRun.Status.SOLVED


@pytest.mark.django_db
def test_locked_cells_survive_a_re_solve(cast):
    run = duty_run(cast, days=2, people=3)
    run = solve_run(run.pk)
    shift = run.shifts.order_by("starts_at")[0]
    on_it = run.cells.get(shift=shift).person
    someone_else = run.people.exclude(pk=on_it.pk).order_by("pk")[0]
    toggle_cell(by=cast.users["secretary"], run=run, shift=shift, person=on_it)  # off
    toggle_cell(by=cast.users["secretary"], run=run, shift=shift, person=someone_else)  # on

    run = solve_run(run.pk)

    cell = RosterCell.objects.get(run=run, shift=shift)
    assert cell.person == someone_else and cell.locked and cell.source == "hand"
