"""Who may write a notice to whom: org admins to any branch, secretaries to their own subtree."""

from __future__ import annotations

import pytest

from hub.errors import DomainError
from hub.notices.actions import create_notice
from hub.people.actions import create_branch


def write(by, organization, audience, **kwargs):
    return create_notice(
        by=by,
        organization=organization,
        title=kwargs.pop("title", "通知"),
        body=kwargs.pop("body", "正文"),
        audience=audience,
        **kwargs,
    )


def test_an_org_admin_may_address_any_branch_of_the_organization(cast) -> None:
    notice = write(cast.admin, cast.org_health, [cast.branch_first, cast.branch_youth])

    assert set(notice.audience.all()) == {cast.branch_first, cast.branch_youth}
    assert notice.sender_branch is None
    assert notice.status == "draft"


def test_a_secretary_may_address_their_branch_and_its_sub_branches(cast) -> None:
    group = create_branch(
        by=cast.admin,
        organization=cast.org_health,
        name="第一党小组",
        kind="team",
        parent=cast.branch_first,
    )

    notice = write(cast.secretary, cast.org_health, [group])

    assert notice.sender_branch == cast.branch_first


def test_a_secretary_may_not_address_another_branch(cast) -> None:
    with pytest.raises(DomainError) as error:
        write(cast.secretary, cast.org_health, [cast.branch_first, cast.branch_youth])

    assert error.value.code == "audience_out_of_scope"
    assert error.value.field == "audience"
    assert "团支部" in error.value.message


def test_a_secretary_may_not_send_in_the_name_of_another_branch(cast) -> None:
    with pytest.raises(DomainError) as error:
        write(cast.secretary, cast.org_health, [cast.branch_first], sender_branch=cast.branch_youth)

    assert error.value.code == "sender_branch_out_of_scope"


def test_nobody_addresses_another_organizations_branches(cast) -> None:
    with pytest.raises(DomainError) as error:
        write(cast.admin, cast.org_health, [cast.branch_other])

    assert error.value.code == "audience_out_of_scope"


def test_a_volunteer_may_not_send_notices(cast) -> None:
    with pytest.raises(DomainError) as error:
        write(cast.volunteer, cast.org_health, [cast.branch_first])

    assert error.value.code == "forbidden"


def test_a_notice_needs_a_title_and_an_audience(cast) -> None:
    with pytest.raises(DomainError) as no_title:
        write(cast.admin, cast.org_health, [cast.branch_first], title="  ")
    with pytest.raises(DomainError) as no_audience:
        write(cast.admin, cast.org_health, [])

    assert (no_title.value.code, no_title.value.field) == ("required", "title")
    assert no_audience.value.code == "empty_audience"
    assert no_audience.value.message == "Choose at least one branch to send the notice to."
