"""The organizer's ledger pages: pending list, confirm (htmx), history, corrections, exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from hub.hours.actions.exports import request_export
from hub.hours.actions.ledger import confirm_entry, correct_entry, request_correction
from hub.hours.models import CorrectionRequest, HourEntry
from hub.testing.builders import at, entry_for, make_shift, rc_world


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def test_the_pending_list_groups_entries_by_shift(cast: Any) -> None:
    world = rc_world(cast)
    entry_for(cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12))
    entry_for(cast.coordinator, world["shift"], cast.person_resident, at(4, 12, 8), at(4, 12, 10))

    page = signed_in(cast.coordinator).get(reverse("hours:pending"))

    assert page.status_code == 200
    body = page.content.decode()
    assert "理货送货" in body
    assert "Confirm all 2 entries" in body
    assert "张*" in body and "张贝" not in body


def test_the_pending_list_runs_constant_queries_as_entries_grow(
    cast: Any, django_assert_max_num_queries: Any
) -> None:
    world = rc_world(cast)
    client = signed_in(cast.coordinator)
    entry_for(cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12))
    client.get(reverse("hours:pending"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("hours:pending"))
    for day in range(13, 16):
        shift = make_shift(world["post"], starts_at=at(4, day), capacity=20)
        entry_for(cast.coordinator, shift, cast.person_resident, at(4, day, 9), at(4, day, 10))
        entry_for(cast.coordinator, shift, cast.volunteer.person, at(4, day, 9), at(4, day, 10))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("hours:pending"))
    assert len(many) == len(few)


def test_confirming_with_htmx_answers_the_updated_row(cast: Any) -> None:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )

    response = signed_in(cast.coordinator).post(
        reverse("hours:entry-confirm", kwargs={"entry_id": entry.pk}), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert f'id="entry-{entry.pk}"' in response.content.decode()
    assert "Confirmed" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == HourEntry.Status.CONFIRMED


def test_confirming_twice_with_htmx_shows_the_message(cast: Any) -> None:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )
    client = signed_in(cast.coordinator)
    url = reverse("hours:entry-confirm", kwargs={"entry_id": entry.pk})
    client.post(url, HTTP_HX_REQUEST="true")

    again = client.post(url, HTTP_HX_REQUEST="true")

    assert "This entry is already confirmed." in again.content.decode()


def test_confirm_all_of_a_shift(cast: Any) -> None:
    world = rc_world(cast)
    entry_for(cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12))
    entry_for(cast.coordinator, world["shift"], cast.person_resident, at(4, 12, 8), at(4, 12, 10))

    response = signed_in(cast.coordinator).post(
        reverse("hours:shift-confirm", kwargs={"shift_id": world["shift"].pk})
    )

    assert response.status_code == 302
    assert not HourEntry.objects.filter(status="pending").exists()


def test_the_entry_page_shows_the_original_the_reversal_and_the_reason(cast: Any) -> None:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )
    confirm_entry(by=cast.coordinator, entry=entry)
    correction = correct_entry(by=cast.coordinator, entry=entry, hours="2.5", reason="提前离开")

    page = signed_in(cast.volunteer).get(
        reverse("hours:entry-detail", kwargs={"entry_id": correction.pk})
    )

    body = page.content.decode()
    assert page.status_code == 200
    assert "4 h" in body and "-4 h" in body and "2.5 h" in body
    assert "提前离开" in body


def test_a_bad_correction_on_the_page_shows_a_clear_message(cast: Any) -> None:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )

    page = signed_in(cast.coordinator).post(
        reverse("hours:entry-correct", kwargs={"entry_id": entry.pk}),
        {"hours": "4", "reason": "same"},
    )

    assert page.status_code == 200
    assert "The entry already has 4.00 hours." in page.content.decode()
    assert HourEntry.objects.count() == 1


def test_the_volunteer_asks_for_a_correction_from_the_entry_page(cast: Any) -> None:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )

    response = signed_in(cast.volunteer).post(
        reverse("hours:entry-request-correction", kwargs={"entry_id": entry.pk}),
        {"proposed_hours": "5", "reason": "十二点后还在送货"},
    )

    assert response.status_code == 302
    assert CorrectionRequest.objects.get().proposed_hours == 5


def test_the_organizer_rejects_a_request_from_the_inbox_and_the_volunteer_sees_it(
    cast: Any,
) -> None:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )
    request = request_correction(
        by=cast.volunteer, entry=entry, proposed_hours="5", reason="十二点后还在送货"
    )
    inbox = signed_in(cast.coordinator).get(reverse("hours:corrections"))
    assert "十二点后还在送货" in inbox.content.decode()

    signed_in(cast.coordinator).post(
        reverse("hours:correction-decide", kwargs={"request_id": request.pk}),
        {"accept": "0", "note": "签退记录为十二点"},
    )

    mine = signed_in(cast.volunteer).get(reverse("hours:corrections")).content.decode()
    assert "签退记录为十二点" in mine and "Rejected" in mine


def test_rejecting_without_a_note_is_refused_with_a_message(cast: Any) -> None:
    world = rc_world(cast)
    entry = entry_for(
        cast.coordinator, world["shift"], cast.volunteer.person, at(4, 12, 8), at(4, 12, 12)
    )
    request = request_correction(by=cast.volunteer, entry=entry, proposed_hours="5", reason="x")

    response = signed_in(cast.coordinator).post(
        reverse("hours:correction-decide", kwargs={"request_id": request.pk}),
        {"accept": "0", "note": ""},
        follow=True,
    )

    assert "Tell the volunteer why the request is rejected." in response.content.decode()
    request.refresh_from_db()
    assert request.status == "open"


def test_the_export_download_is_a_bom_csv(cast: Any) -> None:
    export = request_export(
        by=cast.rc_admin,
        organization=cast.org_rc,
        start=dt.date(2022, 4, 1),
        end=dt.date(2022, 4, 30),
        unmasked=False,
    )

    response = signed_in(cast.rc_admin).get(
        reverse("hours:export-download", kwargs={"export_id": export.pk})
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff姓名".encode())


def test_no_page_calls_the_totals_officially_certified(cast: Any) -> None:
    client = signed_in(cast.rc_admin)
    for name in ("hours:totals", "hours:stars", "hours:exports", "hours:pending"):
        body = client.get(reverse(name)).content.decode().lower()
        assert "officially certified" not in body
        assert "官方认证" not in body


def test_the_pages_speak_chinese_by_default(cast: Any) -> None:
    client = Client()
    client.force_login(cast.coordinator)

    page = client.get(reverse("hours:pending"))

    assert page.status_code == 200
    assert 'lang="zh-Hans"' in page.content.decode()
