"""Each criterion refuses with its own code and a reason in plain words."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.conftest import Cast
from hub.errors import DomainError
from hub.people.models import Skill
from hub.places.actions import set_area_status
from hub.testing.builders import at, make_drive, make_post, make_shift, member
from hub.volunteering.actions.posts import cancel_shift
from hub.volunteering.actions.signups import close_drive, declare_health, record_training, sign_up
from hub.volunteering.tests.matrix_drives import NOW


def refusal(cast: Cast, shift, drive=None, person=None, now=NOW) -> DomainError:
    """The volunteer's own sign-up refused, or (with ``person``) the system's for someone else."""
    by = None if person is not None else cast.volunteer
    with pytest.raises(DomainError) as caught:
        sign_up(by=by, shift=shift, person=person, drive=drive, now=now)
    return caught.value


def open_shift(cast: Cast, **post_values):
    shift = make_shift(make_post(cast, by=None, **post_values))
    drive = make_drive(cast, [shift])
    return shift, drive


def test_a_shift_that_has_started_is_closed(cast: Cast) -> None:
    shift, drive = open_shift(cast)
    error = refusal(cast, shift, drive, now=at(3, 26, 9))
    assert error.code == "closed"
    assert "already started" in error.message


def test_a_cancelled_shift_is_closed(cast: Cast) -> None:
    shift, drive = open_shift(cast)
    cancel_shift(by=None, shift=shift, now=NOW)
    assert refusal(cast, shift, drive).code == "closed"


def test_a_closed_drive_takes_no_sign_ups(cast: Cast) -> None:
    shift, drive = open_shift(cast)
    close_drive(by=None, drive=drive)
    error = refusal(cast, shift, drive)
    assert error.code == "closed"
    assert "not open for sign-up" in error.message


def test_someone_outside_the_pool_is_refused(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None))
    drive = make_drive(cast, [shift], branches=[cast.branch_youth])
    error = refusal(cast, shift, drive)
    assert error.code == "not_in_pool"
    assert "invited branches and compounds" in error.message


def test_a_shift_without_a_drive_for_the_person_is_not_open_to_them(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None))
    assert refusal(cast, shift).code == "not_in_pool"


def test_age_is_judged_on_the_day_of_the_shift(cast: Cast) -> None:
    shift, drive = open_shift(cast, min_age=18, max_age=55)
    old = member(cast, 1, birth_date=dt.date(1955, 3, 25))  # 67 on 2022-03-26
    error = refusal(cast, shift, drive, person=old, now=NOW)
    assert error.code == "age"
    assert error.message == "This post is for people aged 18 to 55; age on the day: 67."


def test_an_age_limit_needs_a_birth_date(cast: Cast) -> None:
    shift, drive = open_shift(cast, min_age=18)
    error = refusal(cast, shift, drive)
    assert error.code == "age"
    assert "no birth date" in error.message


def test_residents_only_posts_refuse_people_living_elsewhere(cast: Cast) -> None:
    shift, drive = open_shift(cast, compound=cast.compound_other, residents_only=True)
    error = refusal(cast, shift, drive)
    assert error.code == "residence"
    assert error.message == "This post is only for residents of 东苑新天地南区."


def test_political_status_must_be_one_of_those_listed(cast: Cast) -> None:
    shift, drive = open_shift(cast, political_statuses=["league_member"])
    error = refusal(cast, shift, drive)
    assert error.code == "political_status"
    assert error.message == "This post is only for: Youth league member."


def test_missing_skills_are_named(cast: Cast) -> None:
    driver = Skill.objects.create(code="driver", name="驾驶员")
    shift, drive = open_shift(cast, required_skills=[driver])
    error = refusal(cast, shift, drive)
    assert error.code == "skills"
    assert "驾驶员" in error.message


def test_training_must_be_completed_first(cast: Cast) -> None:
    shift, drive = open_shift(cast, training_topic="核酸采样辅助")
    error = refusal(cast, shift, drive)
    assert error.code == "training"
    assert "核酸采样辅助" in error.message
    record_training(
        by=cast.secretary,
        person=cast.volunteer.person,
        topic="核酸采样辅助",
        completed_on=dt.date(2022, 3, 20),
    )
    assert sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW).status == "approved"


def test_insurance_without_a_policy_refuses(cast: Cast) -> None:
    shift, drive = open_shift(cast, requires_insurance=True)
    error = refusal(cast, shift, drive)
    assert error.code == "insurance"
    assert "no policy" in error.message


def test_a_shift_outside_the_insured_period_is_refused(cast: Cast) -> None:
    shift, drive = open_shift(
        cast,
        requires_insurance=True,
        insurance_policy="PICC-2022-001",
        insured_from=dt.date(2022, 4, 1),
        insured_until=dt.date(2022, 4, 30),
    )
    error = refusal(cast, shift, drive)
    assert error.code == "insurance"
    assert "2022-04-01 to 2022-04-30" in error.message
    assert "2022-03-26" in error.message


def test_a_health_declaration_must_say_fit_for_that_day(cast: Cast) -> None:
    shift, drive = open_shift(cast, requires_health_declaration=True)
    person = cast.volunteer.person
    declare_health(
        by=cast.volunteer, person=person, declared_on=dt.date(2022, 3, 26), fit_to_serve=False
    )
    error = refusal(cast, shift, drive)
    assert error.code == "health"
    assert "2022-03-26" in error.message
    declare_health(
        by=cast.volunteer, person=person, declared_on=dt.date(2022, 3, 26), fit_to_serve=True
    )
    assert sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW).status == "approved"


def test_a_resident_of_a_sealed_compound_serves_only_inside_it(cast: Cast) -> None:
    # 青年公寓, where the volunteer lives, is sealed from 2022-03-28.
    shift = make_shift(make_post(cast, by=None), starts_at=at(3, 29, 8))
    drive = make_drive(cast, [shift])
    error = refusal(cast, shift, drive)
    assert error.code == "sealed_home"
    assert "青年公寓" in error.message


def test_the_same_resident_may_serve_on_a_post_inside_the_sealed_compound(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None, compound=cast.compound_own), starts_at=at(3, 29, 8))
    drive = make_drive(cast, [shift])
    assert sign_up(by=cast.volunteer, shift=shift, drive=drive, now=NOW).status == "approved"


def test_a_sealed_building_counts_for_its_residents(cast: Cast) -> None:
    set_area_status(
        by=None,
        compound=cast.compound_other,
        building=cast.building_other,
        status="sealed",
        effective_from=at(3, 25, 0),
    )
    shift = make_shift(make_post(cast, by=None))
    drive = make_drive(cast, [shift], compounds=[cast.compound_other])
    assert refusal(cast, shift, drive, person=cast.person_other_compound).code == "sealed_home"


def test_nobody_from_outside_is_sent_into_a_sealed_compound(cast: Cast) -> None:
    shift = make_shift(make_post(cast, by=None, compound=cast.compound_own), starts_at=at(3, 29, 8))
    drive = make_drive(cast, [shift])
    outsider = member(cast, 2)
    error = refusal(cast, shift, drive, person=outsider)
    assert error.code == "sealed_post"
    assert (
        error.message == "青年公寓 is sealed on 2022-03-29: only its own residents may serve there."
    )
