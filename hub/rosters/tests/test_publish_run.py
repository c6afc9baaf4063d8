"""Publishing turns every cell into an approved sign-up, all or nothing."""

from __future__ import annotations

import pytest

from hub.errors import DomainError
from hub.rosters.actions import PublishRefused, publish_run, solve_run
from hub.rosters.models import RosterRun
from hub.rosters.tests.conftest import NOW, duty_run
from hub.volunteering.actions.posts import cancel_shift
from hub.volunteering.models import SignUp


@pytest.mark.django_db
def test_publish_creates_approved_sign_ups_and_notifies(cast):
    from hub.notify.models import Message as Notification

    run = solve_run(duty_run(cast, days=2, people=3).pk)
    before = Notification.objects.count()

    run = publish_run(by=cast.users["secretary"], run=run, now=NOW)

    assert run.status == RosterRun.Status.PUBLISHED
    pairs = set(run.cells.values_list("person_id", "shift_id"))
    approved = set(SignUp.objects.filter(status="approved").values_list("person_id", "shift_id"))
    assert approved == pairs and len(pairs) == 4
    assert Notification.objects.count() - before == 4
    assert sorted(map(tuple, run.result["published"])) == sorted(pairs)


@pytest.mark.django_db
def test_publish_is_all_or_nothing_and_lists_every_refused_place(cast):
    run = solve_run(duty_run(cast, days=2, people=3).pk)
    cancelled = run.cells.order_by("shift__starts_at")[0].shift
    cancel_shift(by=None, shift=cancelled, reason="停电", now=NOW)

    with pytest.raises(PublishRefused) as refused:
        publish_run(by=cast.users["secretary"], run=run, now=NOW)

    assert refused.value.code == "publish_refused"
    assert len(refused.value.failures) == 1
    assert refused.value.failures[0]["shift"] == cancelled.pk
    assert "no longer open" in refused.value.failures[0]["text"]
    assert SignUp.objects.count() == 0
    run.refresh_from_db()
    assert run.status == RosterRun.Status.SOLVED


@pytest.mark.django_db
def test_an_unsolved_roster_cannot_be_published(cast):
    run = duty_run(cast, days=1, people=2)
    with pytest.raises(DomainError) as refused:
        publish_run(by=cast.users["secretary"], run=run, now=NOW)
    assert refused.value.code == "not_solved"


@pytest.mark.django_db
def test_someone_who_may_not_change_the_posts_cannot_publish(cast):
    run = solve_run(duty_run(cast, days=1, people=2).pk)
    with pytest.raises(DomainError) as refused:
        publish_run(by=cast.users["office"], run=run, now=NOW)
    assert refused.value.code == "forbidden"
