"""At phone size: a scan session (scan, the tube closes, a duplicate is refused) and a knock."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hub.campaigns.actions import create_campaign, five_ones_checklist
from hub.screening.actions.codes import ensure_code, qr_text
from hub.screening.models import Sample
from hub.testing.browser import assert_no_horizontal_overflow, assert_no_untranslated_text, login
from hub.testing.builders import make_screening_round, residents

pytestmark = pytest.mark.browser


def _scan(page, code: str) -> str:
    page.evaluate("document.querySelectorAll('[data-scan-outcome]').forEach(e => e.remove())")
    page.fill("input[name=code]", code)
    page.press("input[name=code]", "Enter")  # what a USB scanner sends after the code
    page.wait_for_selector("[data-scan-outcome]", timeout=30_000)
    text = page.locator("[data-scan-outcome]").inner_text()
    page.wait_for_function("document.querySelector('input[name=code]').value === ''")
    # The reply may still be settling (htmx swap, the offline queue's bookkeeping): let the page
    # go quiet before the next input, as a sampler's next scan would.
    page.wait_for_load_state("networkidle")
    return text


def test_a_sampler_scans_a_tube_full_and_a_duplicate_is_refused(phone_page, cast):
    neighbour = residents(cast, 1)[0]
    round_ = make_screening_round(cast, pool_size=2)
    now = timezone.now()
    first = qr_text(ensure_code(person=cast.person_resident, now=now))
    second = qr_text(ensure_code(person=neighbour, now=now))
    login(phone_page, cast.coordinator)
    phone_page.goto(f"/screening/{round_.pk}/scan/")
    phone_page.fill("input[name=tube]", "T001")
    assert "陈*" in _scan(phone_page, first)
    assert "已满" in _scan(phone_page, second)
    phone_page.fill("input[name=tube]", "T002")
    refused = _scan(phone_page, first)
    assert "已于" in refused and "T001" in refused
    assert Sample.objects.count() == 2
    assert_no_horizontal_overflow(phone_page)
    assert_no_untranslated_text(phone_page)


def test_a_building_leader_records_a_knock_nobody_answered(phone_page, cast):
    campaign = create_campaign(
        by=cast.coordinator,
        compound=cast.compound_own,
        name="敲门行动",
        checklist=five_ones_checklist(by=None, organization=cast.org_rc),
        buildings=[cast.building_own],
        starts_on=dt.date.today(),
        quiet_hours=[],  # the test runs at any hour
    )
    login(phone_page, cast.leader)
    phone_page.goto(f"/campaigns/{campaign.pk}/")
    phone_page.click("text=301")
    phone_page.check("input[value=nobody_home]")
    phone_page.click("main button[type=submit]")
    phone_page.wait_for_selector("text=走访已记录")
    assert "电话跟进" in phone_page.content()
    assert_no_horizontal_overflow(phone_page)
    assert_no_untranslated_text(phone_page)
