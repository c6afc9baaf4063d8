"""After a drop-out the published roster shows the hole, and a repair refills it with few
changes, published again through the sign-up actions."""

from __future__ import annotations

import pytest

from hub.errors import DomainError
from hub.rosters.actions import propose_repair, publish_repair, publish_run, solve_run
from hub.rosters.queries import holes, proposal_lines
from hub.rosters.tests.conftest import NOW, duty_run
from hub.volunteering.actions.signups import withdraw_signup
from hub.volunteering.models import SignUp


def published_run(cast):
    run = solve_run(duty_run(cast, days=3, people=4).pk)
    return publish_run(by=cast.users["secretary"], run=run, now=NOW)


@pytest.mark.django_db
def test_a_withdrawal_shows_as_a_hole(cast):
    run = published_run(cast)
    signup = SignUp.objects.filter(status="approved").order_by("pk")[0]
    withdraw_signup(by=None, signup=signup, reason="发烧", now=NOW)

    found = holes(run)
    assert [(c.person_id, c.shift_id) for c in found] == [(signup.person_id, signup.shift_id)]


@pytest.mark.django_db
def test_repair_after_a_withdrawal_refills_the_hole_with_few_changes(cast):
    run = published_run(cast)
    signup = SignUp.objects.filter(status="approved").order_by("pk")[0]
    withdraw_signup(by=None, signup=signup, reason="发烧", now=NOW)

    run = propose_repair(by=cast.users["secretary"], run=run, now=NOW, time_limit_s=1.0)
    proposal = run.proposal
    assert proposal["holes"] == [[signup.person_id, signup.shift_id]]
    assert any(shift == signup.shift_id for _, shift in proposal["add"])
    assert [signup.person_id, signup.shift_id] not in proposal["add"]
    assert len(proposal["add"]) + len(proposal["remove"]) <= 3
    assert proposal_lines(run)["add"]

    run = publish_repair(by=cast.users["secretary"], run=run, now=NOW)

    assert run.proposal == {}
    assert holes(run) == []
    assert SignUp.objects.filter(status="approved").count() == 6


@pytest.mark.django_db
def test_only_a_published_roster_can_be_repaired(cast):
    run = solve_run(duty_run(cast, days=1, people=2).pk)
    with pytest.raises(DomainError) as refused:
        propose_repair(by=cast.users["secretary"], run=run, now=NOW)
    assert refused.value.code == "not_published"
