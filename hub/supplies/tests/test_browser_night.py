"""One night from phones (390×844, Chinese): gate intake → sorting → plan → 放门口了."""

from __future__ import annotations

import pytest

from hub.supplies.models import Parcel
from hub.testing.browser import (
    assert_no_horizontal_overflow,
    assert_no_untranslated_text,
    login,
    screenshot,
)
from hub.testing.builders import supply_night

pytestmark = pytest.mark.browser


def _checked(page, name):
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)
    screenshot(page, f"supplies-{name}")


def test_a_parcel_goes_from_the_gate_to_the_door_on_phones(phone_page, cast):
    night = supply_night(cast, crew=(cast.volunteer.person,))
    page = phone_page
    login(page, cast.coordinator)
    page.goto("/supplies/")
    page.click(f"a[href='/supplies/{night.pk}/']")
    _checked(page, "night")

    # The gate: room typed, barcode typed (a USB scanner types it the same way), one tap.
    page.click(f"a[href='/supplies/{night.pk}/intake/']")
    page.fill("#id_room", "1-301")
    page.fill("#id_barcode", "SF20220402")
    page.click("#intake button[type=submit]")
    page.wait_for_selector(".pick-code")
    code = page.inner_text(".pick-code").strip()
    assert code == "1-0001"
    _checked(page, "gate")

    # Sorting: the pick code scanned (typed) at the sorting table.
    page.goto(f"/supplies/{night.pk}/sort/")
    page.fill("#id_code", code)
    page.click("main form button[type=submit]")
    page.wait_for_selector(".pick-code")
    _checked(page, "sort")

    # The coordinator plans the trips.
    page.goto(f"/supplies/{night.pk}/plan/")
    page.click("main form button[type=submit]")
    page.wait_for_selector("ul.list a.row")
    _checked(page, "plan")

    # The volunteer takes the trip out and taps 放门口了.
    page.context.clear_cookies()
    login(page, cast.volunteer)
    page.goto(f"/supplies/{night.pk}/")
    page.click("a[href^='/supplies/trips/']")
    page.click("main form[action$='/start/'] button")
    page.wait_for_selector("text=放门口了")
    assert "1号楼 301" in page.inner_text("main")
    _checked(page, "trip")
    page.click("button:has-text('放门口了')")
    page.wait_for_selector("text=已送达")
    parcel = Parcel.objects.get()
    assert parcel.status == "delivered"
    assert parcel.drop_notice is not None
