"""Star levels: eligible is computed; granted comes after review and a public notice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from hub.errors import DomainError
from hub.hours.actions.stars import grant_star, reject_star, start_star_review
from hub.hours.models import StarAward
from hub.hours.queries import star_candidates, star_level_for, star_status_of
from hub.testing.builders import at, post_row, served

NOON = at(4, 12, 12)


@pytest.fixture
def post(cast: Any) -> Any:
    return post_row(cast, organization=cast.org_rc, compound=cast.compound_own)


@pytest.mark.parametrize(
    ("hours", "level"),
    [("99.99", 0), ("100", 1), ("299", 1), ("300", 2), ("600", 3), ("1000", 4), ("1500", 5)],
)
def test_star_levels_are_reached_at_100_300_600_1000_1500_hours(hours: str, level: int) -> None:
    assert star_level_for(Decimal(hours)) == level


def test_eligible_is_not_granted(cast: Any, post: Any) -> None:
    served(post, cast.volunteer.person, hours=Decimal(120), by=cast.rc_admin, confirmed_at=None)

    status = star_status_of(person=cast.volunteer.person)

    assert (status["hours"], status["eligible_level"], status["awards"]) == (Decimal(120), 1, [])


def test_eligibility_sums_every_organizations_confirmed_hours(cast: Any, post: Any) -> None:
    hc_post = post_row(cast, organization=cast.org_health, name="核酸采样协助", site="卫健中心")
    served(post, cast.volunteer.person, hours=Decimal(60), by=cast.rc_admin, confirmed_at=None)
    served(hc_post, cast.volunteer.person, hours=Decimal(40), by=cast.admin, confirmed_at=None)

    award = start_star_review(by=cast.rc_admin, person=cast.volunteer.person, level=1, now=NOON)

    assert award.status == StarAward.Status.IN_NOTICE
    assert award.hours_at_review == Decimal(100)
    assert award.notice_until == dt.date(2022, 4, 19)


def test_a_level_the_person_has_not_reached_is_refused(cast: Any, post: Any) -> None:
    served(post, cast.volunteer.person, hours=Decimal(120), by=cast.rc_admin, confirmed_at=None)

    with pytest.raises(DomainError) as refused:
        start_star_review(by=cast.rc_admin, person=cast.volunteer.person, level=2, now=NOON)

    assert refused.value.code == "not_eligible"
    assert "300" in refused.value.message
    assert not StarAward.objects.exists()


def test_granting_waits_for_the_end_of_the_public_notice(cast: Any, post: Any) -> None:
    served(post, cast.volunteer.person, hours=Decimal(100), by=cast.rc_admin, confirmed_at=None)
    award = start_star_review(
        by=cast.rc_admin, person=cast.volunteer.person, level=1, notice_days=7, now=NOON
    )

    with pytest.raises(DomainError) as refused:
        grant_star(by=cast.rc_admin, award=award, now=at(4, 19, 12))
    assert refused.value.code == "notice_running"

    granted = grant_star(by=cast.rc_admin, award=award, now=at(4, 20, 9))
    assert granted.status == StarAward.Status.GRANTED


def test_a_level_in_notice_cannot_be_reviewed_twice(cast: Any, post: Any) -> None:
    served(post, cast.volunteer.person, hours=Decimal(100), by=cast.rc_admin, confirmed_at=None)
    start_star_review(by=cast.rc_admin, person=cast.volunteer.person, level=1, now=NOON)

    with pytest.raises(DomainError) as refused:
        start_star_review(by=cast.rc_admin, person=cast.volunteer.person, level=1, now=NOON)

    assert refused.value.code == "already_reviewed"


def test_a_rejected_award_may_be_reviewed_again(cast: Any, post: Any) -> None:
    served(post, cast.volunteer.person, hours=Decimal(100), by=cast.rc_admin, confirmed_at=None)
    award = start_star_review(by=cast.rc_admin, person=cast.volunteer.person, level=1, now=NOON)

    reject_star(by=cast.rc_admin, award=award, now=NOON)
    again = start_star_review(by=cast.rc_admin, person=cast.volunteer.person, level=1, now=NOON)

    assert again.status == StarAward.Status.IN_NOTICE
    with pytest.raises(DomainError) as refused:
        grant_star(by=cast.rc_admin, award=award, now=at(5, 1, 9))
    assert refused.value.code == "not_in_notice"


@pytest.mark.parametrize("role", ["coordinator", "volunteer", "admin", "outsider"])
def test_only_the_organizations_admins_review_stars(cast: Any, post: Any, role: str) -> None:
    served(post, cast.volunteer.person, hours=Decimal(100), by=cast.rc_admin, confirmed_at=None)

    with pytest.raises(DomainError) as refused:
        start_star_review(
            by=cast.users[role], person=cast.volunteer.person, level=1, organization=cast.org_rc
        )

    assert refused.value.code == "forbidden"


def test_an_organization_without_records_of_the_person_cannot_review(cast: Any, post: Any) -> None:
    served(post, cast.volunteer.person, hours=Decimal(100), by=cast.rc_admin, confirmed_at=None)

    with pytest.raises(DomainError) as refused:
        start_star_review(by=cast.admin, person=cast.volunteer.person, level=1)

    assert refused.value.code == "no_records"


def test_the_candidates_list_shows_eligible_and_granted_levels_apart(cast: Any, post: Any) -> None:
    served(post, cast.volunteer.person, hours=Decimal(320), by=cast.rc_admin, confirmed_at=None)
    served(post, cast.person_resident, hours=Decimal(40), by=cast.rc_admin, confirmed_at=None)
    award = start_star_review(by=cast.rc_admin, person=cast.volunteer.person, level=1, now=NOON)
    grant_star(by=cast.rc_admin, award=award, now=at(5, 1, 9))

    rows = star_candidates(organization=cast.org_rc)

    assert [(r["person_id"], r["eligible_level"], r["granted_level"]) for r in rows] == [
        (cast.volunteer.person.pk, 2, 1)
    ]
