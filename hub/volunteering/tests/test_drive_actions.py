"""Drives: pool, publishing (with one message per person), closing."""

from __future__ import annotations

import pytest

from hub.conftest import Cast
from hub.errors import DomainError
from hub.notify.models import Message
from hub.people.actions import add_membership, create_branch
from hub.testing.builders import make_post, make_shift, member
from hub.volunteering.actions.signups import (
    add_drive_shifts,
    close_drive,
    create_drive,
    publish_drive,
    set_drive_pool,
)
from hub.volunteering.tests.matrix_drives import NOW


def draft(cast: Cast, by=None, **kw):
    kw.setdefault("shifts", [make_shift(make_post(cast, by=None))])
    kw.setdefault("branches", [cast.branch_first])
    return create_drive(by=by or cast.admin, organization=cast.org_health, title="招募", **kw)


def told(drive) -> list[int]:
    rows = Message.objects.filter(template="volunteering.drive_published")
    return sorted(rows.values_list("recipient_id", flat=True))


def test_a_secretary_creates_a_drive_open_to_their_branch(cast: Cast) -> None:
    drive = draft(cast, by=cast.secretary)
    assert (drive.status, drive.created_by) == ("draft", cast.secretary)


def test_a_secretary_may_not_open_a_drive_only_to_another_branch(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        draft(cast, by=cast.secretary, branches=[cast.branch_youth])
    assert caught.value.code == "forbidden"


def test_a_drive_needs_a_title(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        create_drive(by=cast.admin, organization=cast.org_health, title="  ")
    assert caught.value.code == "required"


def test_publishing_tells_each_person_in_the_pool_once(cast: Cast) -> None:
    drive = draft(cast, compounds=[])
    drive = publish_drive(by=cast.admin, drive=drive, now=NOW)
    assert drive.status == "published" and drive.published_at == NOW
    members = [cast.person_member.pk, cast.volunteer.person.pk]
    assert told(drive) == sorted(members)
    keys = set(Message.objects.values_list("dedupe_key", flat=True))
    assert f"volunteering.drive:{drive.pk}:person:{cast.person_member.pk}" in keys


def test_publishing_includes_sub_branches(cast: Cast) -> None:
    root = cast.branch_first.parent
    team = create_branch(
        by=cast.admin, organization=cast.org_health, name="青年突击队", kind="team", parent=root
    )
    young = member(cast, 7, branch=team)
    drive = publish_drive(by=None, drive=draft(cast, branches=[root]), now=NOW)
    assert team in drive.branches.all()
    assert young.pk in told(drive)


def test_a_drive_open_to_a_compound_tells_its_residents(cast: Cast) -> None:
    drive = create_drive(
        by=None,
        organization=cast.org_rc,
        title="青年公寓志愿者",
        shifts=[
            make_shift(
                make_post(
                    cast,
                    by=None,
                    organization=cast.org_rc,
                    branch=None,
                    name="检测点辅助",
                    site="莘庄镇检测点",
                    compound=None,
                )
            )
        ],
        compounds=[cast.compound_own],
    )
    publish_drive(by=None, drive=drive, now=NOW)
    assert told(drive) == sorted([cast.person_resident.pk, cast.volunteer.person.pk])


def test_a_drive_without_shifts_cannot_be_published(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        publish_drive(by=cast.admin, drive=draft(cast, shifts=[]), now=NOW)
    assert caught.value.code == "no_shifts"


def test_a_drive_open_to_nobody_cannot_be_published(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        publish_drive(by=cast.admin, drive=draft(cast, branches=[]), now=NOW)
    assert caught.value.code == "no_pool"


def test_a_drive_is_published_once(cast: Cast) -> None:
    drive = publish_drive(by=cast.admin, drive=draft(cast), now=NOW)
    with pytest.raises(DomainError) as caught:
        publish_drive(by=cast.admin, drive=drive, now=NOW)
    assert caught.value.code == "invalid_transition"


def test_widening_a_published_pool_tells_only_the_newcomers(cast: Cast) -> None:
    drive = publish_drive(by=cast.admin, drive=draft(cast), now=NOW)
    newcomer = member(cast, 3, branch=cast.branch_youth)
    add_membership(by=cast.admin, person=cast.person_member, branch=cast.branch_youth)
    set_drive_pool(by=cast.admin, drive=drive, branches=[cast.branch_first, cast.branch_youth])
    assert Message.objects.filter(recipient=cast.person_member).count() == 1
    assert newcomer.pk in told(drive)


def test_a_closed_drive_takes_no_more_shifts(cast: Cast) -> None:
    drive = close_drive(by=cast.admin, drive=draft(cast))
    with pytest.raises(DomainError) as caught:
        add_drive_shifts(by=cast.admin, drive=drive, shifts=[make_shift(make_post(cast, by=None))])
    assert caught.value.code == "closed"


def test_office_staff_may_not_publish(cast: Cast) -> None:
    with pytest.raises(DomainError) as caught:
        publish_drive(by=cast.office, drive=draft(cast), now=NOW)
    assert caught.value.code == "forbidden"
