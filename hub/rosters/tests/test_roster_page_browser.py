"""The roster page at phone size: its styles live in app.css and no longer restyle the main menu."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hub.rosters.actions import solve_run
from hub.rosters.tests.conftest import duty_run
from hub.testing.browser import (
    assert_no_horizontal_overflow,
    assert_no_untranslated_text,
    login,
    screenshot,
)

pytestmark = pytest.mark.browser

RADIUS = "e => getComputedStyle(e).borderTopLeftRadius"
POSITION = "e => getComputedStyle(e.closest('nav')).position"


def test_a_secretary_reads_the_roster_by_person_and_by_post_on_a_phone(phone_page, cast):
    run = solve_run(duty_run(cast, days=2, people=2).pk)
    login(phone_page, cast.users["secretary"])
    phone_page.goto(reverse("rosters:run-detail", kwargs={"run_id": run.pk}))

    main_menu = phone_page.locator("nav.tabs a").first
    switch = phone_page.locator("nav.view-tabs a", has_text="按岗位")
    # The main menu keeps its own look (sticky, square tabs); the view switch has its buttons.
    assert main_menu.evaluate(POSITION) == "sticky"
    assert main_menu.evaluate(RADIUS) == "0px"
    assert switch.evaluate(RADIUS) == "6px"
    assert phone_page.locator("table.rgrid").count() == 1
    assert_no_horizontal_overflow(phone_page)
    assert_no_untranslated_text(phone_page)

    switch.click()
    phone_page.wait_for_url("**?view=posts")
    assert phone_page.locator("table.rgrid.posts").count() == 1
    assert phone_page.locator('nav.view-tabs a[aria-current="page"]').inner_text() == "按岗位"
    assert_no_horizontal_overflow(phone_page)
    assert_no_untranslated_text(phone_page)
    screenshot(phone_page, "roster-by-post-phone")
