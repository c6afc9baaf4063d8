"""Creating and editing posts: who may, and which combinations of criteria make sense."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.conftest import Cast
from hub.errors import DomainError
from hub.people.models import Skill
from hub.volunteering.actions.posts import create_post, update_post


def post(cast: Cast, by=None, **values):
    values.setdefault("organization", cast.org_health)
    return create_post(by=by or cast.admin, name="值班室", site="中心大楼一楼", **values)


def test_an_org_admin_creates_a_post_with_its_criteria(cast: Cast) -> None:
    skill = Skill.objects.create(code="sampling", name="采样辅助")
    created = post(
        cast,
        kind="duty",
        branch=cast.branch_first,
        required_skills=[skill],
        min_age=18,
        max_age=60,
        political_statuses=["party_member", "probationary"],
        requires_health_declaration=True,
        risk="high",
        requires_insurance=True,
        insurance_policy="PICC-1",
        insured_from=dt.date(2022, 3, 20),
        insured_until=dt.date(2022, 4, 30),
        training_topic="防护服穿脱",
        lead=cast.person_member,
    )
    assert created.organization == cast.org_health
    assert created.counts_as_volunteer_hours is False
    assert list(created.required_skills.all()) == [skill]
    assert created.political_statuses == ["party_member", "probationary"]
    assert created.created_by == cast.admin


def test_a_branch_secretary_creates_posts_for_their_branch(cast: Cast) -> None:
    assert post(cast, by=cast.secretary, branch=cast.branch_first).branch == cast.branch_first


def test_a_branch_secretary_may_not_create_a_post_for_the_whole_organization(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        post(cast, by=cast.secretary)
    assert caught.value.code == "forbidden"


def test_nobody_organizes_for_an_organization_they_do_not_work_in(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        post(cast, by=cast.coordinator, compound=cast.compound_own)
    assert caught.value.code == "forbidden"
    assert "organization you work in" in caught.value.message


def test_the_branch_must_belong_to_the_organization(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        create_post(by=None, organization=cast.org_rc, name="x", site="y", branch=cast.branch_first)
    assert caught.value.code == "branch_elsewhere"


def test_residents_only_needs_a_compound(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        post(cast, residents_only=True)
    assert (caught.value.code, caught.value.field) == ("residents_need_compound", "compound")


def test_the_age_range_must_be_ordered(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        post(cast, min_age=60, max_age=18)
    assert caught.value.code == "age_range"


def test_a_high_risk_post_must_require_insurance(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        post(cast, risk="high")
    assert caught.value.code == "risk_needs_insurance"


def test_a_post_needs_a_name_and_a_place(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        create_post(by=cast.admin, organization=cast.org_health, name=" ", site="x")
    assert (caught.value.code, caught.value.field) == ("required", "name")


def test_unknown_political_statuses_are_refused(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        post(cast, political_statuses=["emperor"])
    assert caught.value.field == "political_statuses"


def test_editing_a_post_changes_only_the_given_fields(cast: Cast) -> None:
    created = post(cast, branch=cast.branch_first)
    updated = update_post(by=cast.secretary, post=created, values={"site": "二楼", "min_age": 20})
    assert (updated.name, updated.site, updated.min_age) == ("值班室", "二楼", 20)


def test_someone_who_cannot_manage_the_post_may_not_edit_it(cast: Cast) -> None:
    created = post(cast)
    with pytest.raises(DomainError) as caught:
        update_post(by=cast.volunteer, post=created, values={"site": "二楼"})
    assert caught.value.code == "forbidden"


def test_an_edit_that_breaks_the_rules_is_refused(cast: Cast) -> None:
    created = post(cast, min_age=18)
    with pytest.raises(DomainError) as caught:
        update_post(by=cast.admin, post=created, values={"max_age": 16})
    assert caught.value.code == "age_range"
