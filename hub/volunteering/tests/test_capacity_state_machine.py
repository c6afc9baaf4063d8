"""docs/quality.md, reliability 4: whatever happens, 0 ≤ taken == places held ≤ capacity."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from hub.conftest import Cast
from hub.errors import DomainError
from hub.testing.builders import login_for, make_drive, make_post, make_shift, member
from hub.volunteering.actions.posts import set_shift_capacity
from hub.volunteering.actions.signups import (
    approve_signup,
    decline_signup,
    sign_up,
    waitlist_signup,
    withdraw_signup,
)
from hub.volunteering.models import SignUp
from hub.volunteering.tests.matrix_drives import NOW

PEOPLE = 6
person_index = st.integers(min_value=0, max_value=PEOPLE - 1)


class SignUpMachine(RuleBasedStateMachine):
    cast: Any = None
    users: list[Any] = []

    def __init__(self) -> None:
        super().__init__()
        # Each example runs in a savepoint that teardown rolls back: a clean shift every time.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.shift = make_shift(make_post(self.cast, by=None), capacity=3, waitlist_size=2)
        self.drive = make_drive(self.cast, [self.shift], requires_approval=True)

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def latest(self, i: int) -> SignUp | None:
        return (
            SignUp.objects.filter(shift=self.shift, person_id=self.users[i].person_id)
            .order_by("-pk")
            .first()
        )

    def expect(self, codes: set[str], call: Any) -> None:
        try:
            call()
        except DomainError as exc:
            assert exc.code in codes, (exc.code, exc.message)

    @rule(i=person_index)
    def sign_up(self, i: int) -> None:
        self.expect(
            {"full", "already_signed_up"},
            lambda: sign_up(by=self.users[i], shift=self.shift, drive=self.drive, now=NOW),
        )

    @rule(i=person_index)
    def withdraw(self, i: int) -> None:
        found = self.latest(i)
        if found is not None:
            self.expect(
                {"invalid_transition"},
                lambda: withdraw_signup(by=self.users[i], signup=found, now=NOW),
            )

    @rule(i=person_index)
    def approve(self, i: int) -> None:
        found = self.latest(i)
        if found is not None:
            self.expect(
                {"invalid_transition"},
                lambda: approve_signup(by=self.cast.secretary, signup=found, now=NOW),
            )

    @rule(i=person_index)
    def decline(self, i: int) -> None:
        found = self.latest(i)
        if found is not None:
            self.expect(
                {"invalid_transition"},
                lambda: decline_signup(by=self.cast.admin, signup=found, reason="满员", now=NOW),
            )

    @rule(i=person_index)
    def waitlist(self, i: int) -> None:
        found = self.latest(i)
        if found is not None:
            self.expect(
                {"invalid_transition"},
                lambda: waitlist_signup(by=self.cast.secretary, signup=found, now=NOW),
            )

    @rule(capacity=st.integers(min_value=1, max_value=6))
    def set_capacity(self, capacity: int) -> None:
        self.expect(
            {"below_taken"},
            lambda: set_shift_capacity(
                by=self.cast.admin, shift=self.shift, capacity=capacity, now=NOW
            ),
        )

    @invariant()
    def places_match_sign_ups(self) -> None:
        self.shift.refresh_from_db()
        held = SignUp.objects.filter(shift=self.shift, status__in=SignUp.HOLDS_PLACE).count()
        assert 0 <= self.shift.taken == held <= self.shift.capacity

    @invariant()
    def one_active_sign_up_per_person(self) -> None:
        active = SignUp.objects.filter(shift=self.shift, status__in=SignUp.ACTIVE)
        assert active.count() == active.values("person_id").distinct().count()


@pytest.mark.django_db
def test_places_always_equal_the_sign_ups_holding_them(cast: Cast) -> None:
    SignUpMachine.cast = cast
    SignUpMachine.users = [login_for(member(cast, n)) for n in range(PEOPLE)]
    run_state_machine_as_test(
        SignUpMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
