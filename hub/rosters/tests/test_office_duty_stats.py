"""Office staff keep the duty statistics (值班统计) of their own organization: they see its
approved duty sign-ups with names masked, and nothing of volunteer service or elsewhere."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.access import visible
from hub.rosters.queries import duty_stats
from hub.rosters.tests.conftest import MONDAY, NOW, at, staff
from hub.volunteering.actions.posts import create_post, create_shift
from hub.volunteering.actions.signups import sign_up, withdraw_signup
from hub.volunteering.models import SignUp

SUNDAY = MONDAY + dt.timedelta(days=6)


def post_of(cast, organization, branch, kind, name):
    return create_post(
        by=None, organization=organization, branch=branch, name=name, site="办公室", kind=kind
    )


def on(post, person, day, hours=8):
    start = at(day, 9)
    shift = create_shift(
        by=None, post=post, starts_at=start, ends_at=start + dt.timedelta(hours=hours), capacity=3
    )
    return sign_up(by=None, shift=shift, person=person, now=NOW)


@pytest.fixture
def week(cast):
    """Two staff on the center's duty, one of them also on volunteer service; duty elsewhere."""
    a, b = staff(cast, 2)
    duty = post_of(cast, cast.org_health, cast.branch_first, "duty", "值班")
    service = post_of(cast, cast.org_health, cast.branch_first, "volunteer", "送菜")
    on(duty, a, MONDAY)
    on(duty, b, MONDAY + dt.timedelta(days=1), hours=4)
    on(service, a, MONDAY + dt.timedelta(days=2))
    elsewhere = post_of(cast, cast.org_other, cast.branch_other, "duty", "别处值班")
    on(elsewhere, cast.person_foreign, MONDAY)
    return a, b


@pytest.mark.django_db
def test_office_staff_see_their_organizations_duty_statistics(cast, week):
    a, b = week
    stats = duty_stats(cast.users["office"], start=MONDAY, end=SUNDAY)

    assert {line.person_id: line.shifts for line in stats.lines} == {a.pk: 1, b.pk: 1}
    assert stats.total_hours == 12


@pytest.mark.django_db
def test_office_staff_see_duty_names_masked(cast, week):
    stats = duty_stats(cast.users["office"], start=MONDAY, end=SUNDAY)
    assert sorted(line.name for line in stats.lines) == ["职***", "职***"]


@pytest.mark.django_db
def test_office_staff_see_no_volunteer_service_nor_withdrawn_duty(cast, week):
    a, _b = week
    duty = post_of(cast, cast.org_health, cast.branch_first, "duty", "撤回的值班")
    withdrawn = withdraw_signup(by=None, signup=on(duty, a, SUNDAY), reason="发烧", now=NOW)
    assert withdrawn.status == SignUp.Status.WITHDRAWN

    seen = visible(cast.users["office"], SignUp.objects.all())

    assert set(seen.values_list("shift__post__kind", flat=True)) == {"duty"}
    assert set(seen.values_list("status", flat=True)) == {"approved"}
    assert set(seen.values_list("shift__post__organization", flat=True)) == {cast.org_health.pk}


@pytest.mark.django_db
def test_office_staff_open_the_duty_statistics_page(client, cast, week):
    client.force_login(cast.users["office"])
    response = client.get(
        "/rosters/duty-stats/", {"start": MONDAY.isoformat(), "end": SUNDAY.isoformat()}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("职***") == 2
    assert "职员01" not in page
