"""At phone size: a relative asks for help through the public form, the coordinator triages it
(and puts the person on the care register, then opens the pairing proposal), the volunteer who
lives in the compound takes it and marks it done."""

from __future__ import annotations

import pytest

from hub.care.models import CareRecipient, HelpRequest
from hub.testing.browser import assert_no_horizontal_overflow, assert_no_untranslated_text, login

pytestmark = pytest.mark.browser


def _submit(page, form_action: str) -> None:
    with page.expect_navigation():
        page.click(f"form[method=post][action$='{form_action}'] button[type=submit]")


def test_public_form_to_triage_to_done_on_a_phone(phone_page, cast):
    page = phone_page
    page.goto(f"/care/help/{cast.compound_own.pk}/")
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)
    page.select_option("select[name=building]", str(cast.building_own.pk))
    page.fill("input[name=room]", "301")
    page.fill("input[name=for_name]", "陈秀英")
    page.select_option("select[name=relation]", "relative")
    page.fill("input[name=requester_phone]", "13912345678")
    page.select_option("select[name=need]", "food")
    page.select_option("select[name=urgency]", "today")
    page.fill("textarea[name=details]", "家里没菜了")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert_no_untranslated_text(page)
    req = HelpRequest.objects.get()
    assert req.source == "form"

    page.context.clear_cookies()
    login(page, cast.coordinator)
    page.goto("/care/requests/")
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)
    page.check(f"input[name=ids][value='{req.pk}']")
    page.select_option("select[name=urgency]", "urgent")
    _submit(page, "/care/requests/triage/")
    req.refresh_from_db()
    assert (req.status, req.urgency) == ("triaged", "urgent")
    page.goto(f"/care/requests/{req.pk}/")  # the coordinator's doors: triage, assign, cancel
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)

    # The same coordinator puts her on the care register, then opens the pairing proposal.
    page.goto("/care/people/new/?q=陈")
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)
    page.select_option("select[name=organization]", str(cast.org_rc.pk))
    page.select_option("select[name=person]", str(cast.person_resident.pk))
    page.select_option("select[name=category]", "alone")
    page.check("input[name=needs][value=food]")
    _submit(page, "/care/people/new/")
    entry = CareRecipient.objects.get()
    assert entry.person == cast.person_resident
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)
    page.goto(f"/care/pairings/proposal/?organization={cast.org_rc.pk}&mode=call")
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)

    page.context.clear_cookies()
    login(page, cast.volunteer)
    page.goto(f"/care/requests/{req.pk}/")
    assert_no_untranslated_text(page)
    _submit(page, f"/care/requests/{req.pk}/claim/")
    page.fill("input[name=resolution]", "菜已送到门口")
    _submit(page, f"/care/requests/{req.pk}/resolve/")
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)
    req.refresh_from_db()
    assert (req.status, req.assignee) == ("done", cast.volunteer.person)
