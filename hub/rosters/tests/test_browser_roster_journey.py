"""Journey: a lead runs, publishes and exports a roster, in Chromium at phone size, in Chinese.

From the home page by links and buttons only; the solve job runs here, in the test (the demo's
worker would); every page is checked for horizontal overflow at 390 px and untranslated text.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.utils import timezone

from hub.jobs.actions import run_job_now
from hub.jobs.models import Job
from hub.rosters.models import RosterRun
from hub.rosters.tests.conftest import staff
from hub.testing.browser import (
    assert_no_horizontal_overflow,
    assert_no_untranslated_text,
    login,
    screenshot,
)
from hub.volunteering.actions.posts import create_post, create_shift_series
from hub.volunteering.models import SignUp

pytestmark = pytest.mark.browser


def checked(page: Any, name: str = "") -> None:
    page.wait_for_load_state("domcontentloaded")
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)
    if name:
        screenshot(page, name)


def test_lead_runs_publishes_and_exports_a_roster(phone_page, cast):
    page = phone_page
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    post = create_post(
        by=None,
        organization=cast.org_health,
        branch=cast.branch_first,
        name="值班（白班）",
        site="中心办公室",
        kind="duty",
    )
    starts = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(8, 30)))
    shifts = create_shift_series(
        by=None,
        post=post,
        first_starts_at=starts,
        first_ends_at=starts + dt.timedelta(hours=8),
        days=2,
        capacity=1,
    )
    staff(cast, 2)

    login(page, cast.secretary)
    checked(page, "roster-1-home")
    page.locator("nav a", has_text="排班").first.click()
    checked(page)
    page.get_by_role("link", name="新建排班表").click()
    checked(page, "roster-2-form")
    for shift in shifts:
        page.locator(f"input[name=shifts][value='{shift.pk}']").check()
    page.locator(f"input[name=branches][value='{cast.branch_first.pk}']").check()
    page.get_by_role("button", name="创建排班表").click()
    checked(page)
    run = RosterRun.objects.get()

    page.get_by_role("button", name="排班", exact=True).click()
    page.wait_for_load_state("domcontentloaded")
    run_job_now(Job.objects.get(kind="rosters.solve").pk)  # the worker's part
    page.wait_for_selector("#run-status .badge-solved", timeout=8_000)  # htmx polls the status
    page.reload()
    checked(page, "roster-3-solved")

    page.get_by_role("button", name="发布并通知").click()
    checked(page, "roster-4-published")
    run.refresh_from_db()
    assert run.status == RosterRun.Status.PUBLISHED
    assert SignUp.objects.filter(shift__in=shifts, status="approved").count() == 2

    href = page.locator("a[href*='roster.xlsx']").first.get_attribute("href")
    sheet = page.request.get(href)  # the page's own session
    assert sheet.ok
    book = openpyxl.load_workbook(io.BytesIO(sheet.body()))
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row if c]
    assert any("职员" in c or "王" in c for c in cells)
