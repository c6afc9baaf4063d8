"""Exports for the national volunteer information system: masked, escaped, logged, approved."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from hub.accounts.models import Role, User
from hub.errors import DomainError
from hub.hours.actions.exports import (
    COLUMNS,
    approve_export,
    escape_cell,
    render_export,
    request_export,
)
from hub.hours.actions.ledger import confirm_entry, correct_entry, record_entry
from hub.hours.models import ExportRequest
from hub.people.actions import grant_role
from hub.privacy.models import AccessLog
from hub.testing.builders import post_row
from hub.volunteering.models import Post

APRIL = (dt.date(2022, 4, 1), dt.date(2022, 4, 30))


@pytest.fixture
def second_admin(cast: Any) -> User:
    user = User.objects.create_user(username="admin_rc_2", password="x", phone="13100000010")
    grant_role(by=None, user=user, role=Role.ORG_ADMIN, organization=cast.org_rc)
    return user


@pytest.fixture
def recorded(cast: Any) -> None:
    post = post_row(cast, organization=cast.org_rc, compound=cast.compound_own)
    post.content = '=HYPERLINK("http://x")'
    post.save(update_fields=["content"])
    duty = post_row(
        cast,
        organization=cast.org_rc,
        name="门岗值班",
        kind=Post.Kind.DUTY,
        compound=cast.compound_own,
    )
    for person, p, hours in (
        (cast.volunteer.person, post, "3"),
        (cast.person_resident, post, "2"),
        (cast.person_resident, duty, "8"),
    ):
        entry = record_entry(
            by=cast.coordinator, person=person, post=p, served_on=dt.date(2022, 4, 2), hours=hours
        )
        confirm_entry(by=cast.coordinator, entry=entry)
    pending = record_entry(
        by=cast.coordinator,
        person=cast.volunteer.person,
        post=post,
        served_on=dt.date(2022, 4, 3),
        hours="5",
    )
    assert pending.status == "pending"


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86", "'+86"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\0x", "'\0x"),
        ("理货", "理货"),
        ("3.00", "3.00"),
    ],
)
def test_formula_like_cells_get_a_leading_apostrophe(value: str, expected: str) -> None:
    assert escape_cell(value) == expected


def test_a_masked_export_is_ready_at_once_and_masks_names_and_ids(
    cast: Any, recorded: None
) -> None:
    request = request_export(
        by=cast.rc_admin, organization=cast.org_rc, start=APRIL[0], end=APRIL[1], unmasked=False
    )
    assert request.status == ExportRequest.Status.READY

    table = rows(render_export(by=cast.rc_admin, request=request))

    assert table[0] == list(COLUMNS)
    assert len(table) == 3  # two confirmed volunteer records; duty and pending left out
    names = {r[0] for r in table[1:]}
    assert names == {"张*", "陈**"}
    resident = next(r for r in table[1:] if r[0] == "陈**")
    assert resident[2].startswith("310") and "*" in resident[2]
    assert resident[7] == "2.00"
    assert resident[5].startswith("'=")  # the content was a formula


def test_every_export_is_written_to_the_access_log(cast: Any, recorded: None) -> None:
    request = request_export(
        by=cast.rc_admin, organization=cast.org_rc, start=APRIL[0], end=APRIL[1], unmasked=False
    )

    render_export(by=cast.rc_admin, request=request)

    log = AccessLog.objects.get(action=AccessLog.Action.EXPORT)
    assert (log.actor, log.organization_id, log.subject_type, log.subject_id) == (
        cast.rc_admin,
        cast.org_rc.pk,
        "hour_entry",
        "2",
    )


def test_an_unmasked_export_waits_for_a_second_admin(
    cast: Any, recorded: None, second_admin: User
) -> None:
    request = request_export(
        by=cast.rc_admin, organization=cast.org_rc, start=APRIL[0], end=APRIL[1], unmasked=True
    )
    assert request.status == ExportRequest.Status.AWAITING_APPROVAL

    with pytest.raises(DomainError) as waiting:
        render_export(by=cast.rc_admin, request=request)
    assert waiting.value.code == "not_approved"

    approve_export(by=second_admin, request=request)
    table = rows(render_export(by=cast.rc_admin, request=request))

    assert {r[0] for r in table[1:]} == {"张贝", "陈秀英"}


def test_the_requester_cannot_approve_their_own_unmasked_export(cast: Any, recorded: None) -> None:
    request = request_export(
        by=cast.rc_admin, organization=cast.org_rc, start=APRIL[0], end=APRIL[1], unmasked=True
    )

    with pytest.raises(DomainError) as refused:
        approve_export(by=cast.rc_admin, request=request)

    assert refused.value.code == "needs_second_approver"
    assert (
        refused.value.message
        == "Another admin of the organization must approve an unmasked export."
    )
    request.refresh_from_db()
    assert request.status == ExportRequest.Status.AWAITING_APPROVAL


def test_the_database_refuses_a_self_approval_too(cast: Any) -> None:
    from django.db import IntegrityError, transaction

    request = request_export(
        by=cast.rc_admin, organization=cast.org_rc, start=APRIL[0], end=APRIL[1], unmasked=True
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportRequest.objects.filter(pk=request.pk).update(approved_by=cast.rc_admin)


@pytest.mark.parametrize("role", ["coordinator", "admin", "outsider", "volunteer"])
def test_only_the_organizations_admins_export(cast: Any, role: str) -> None:
    with pytest.raises(DomainError) as refused:
        request_export(
            by=cast.users[role],
            organization=cast.org_rc,
            start=APRIL[0],
            end=APRIL[1],
            unmasked=False,
        )

    assert refused.value.code == "forbidden"


def test_a_corrected_record_is_exported_once_at_its_corrected_value(
    cast: Any, recorded: None
) -> None:
    from hub.hours.models import HourEntry

    original = HourEntry.objects.get(person=cast.volunteer.person, status="confirmed")
    correct_entry(by=cast.coordinator, entry=original, hours="4", reason="补录")
    request = request_export(
        by=cast.rc_admin, organization=cast.org_rc, start=APRIL[0], end=APRIL[1], unmasked=False
    )

    table = rows(render_export(by=cast.rc_admin, request=request))

    mine = [r for r in table[1:] if r[0] == "张*"]
    assert [(r[7], r[10]) for r in mine] == [("4.00", "已确认（更正）")]


def test_a_period_ending_before_it_starts_is_refused(cast: Any) -> None:
    with pytest.raises(DomainError) as refused:
        request_export(
            by=cast.rc_admin, organization=cast.org_rc, start=APRIL[1], end=APRIL[0], unmasked=False
        )

    assert (refused.value.code, refused.value.field) == ("invalid_period", "end")
