"""At phone size: a coordinator starts a closure round, clones it, and closes the first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hub.screening.models import ClosureRound
from hub.testing.browser import assert_no_horizontal_overflow, assert_no_untranslated_text, login

pytestmark = pytest.mark.browser


def test_a_coordinator_creates_clones_and_closes_a_closure_round(phone_page, cast):
    # Three days ago: the clone (starting when the first ends) has begun too, so both may close.
    start = timezone.localtime(timezone.now() - dt.timedelta(days=3)).replace(
        minute=0, second=0, microsecond=0
    )
    login(phone_page, cast.coordinator)
    phone_page.goto("/screening/")
    phone_page.click("text=封闭管理轮次")
    phone_page.click("[data-closure-new]")
    phone_page.select_option("select[name=compound]", label="青年公寓")
    phone_page.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT%H:%M"))
    phone_page.fill("input[name=hours]", "48")
    assert_no_horizontal_overflow(phone_page)
    assert_no_untranslated_text(phone_page)
    phone_page.click("main button[type=submit]")
    phone_page.wait_for_selector('[data-closure-row="1"]')
    phone_page.click('[data-closure-actions="1"] >> text=照此开始下一轮')
    phone_page.wait_for_selector('[data-closure-row="2"]')
    phone_page.click('[data-closure-actions="1"] >> text=结束本轮')
    phone_page.wait_for_selector('[data-closure-row="1"] [data-closure-state="closed"]')
    assert phone_page.locator('[data-closure-row="2"] [data-closure-state="open"]').count() == 1
    first, second = ClosureRound.objects.order_by("number")
    assert first.closed_at is not None and second.starts_at == first.ends_at
    assert_no_horizontal_overflow(phone_page)
    assert_no_untranslated_text(phone_page)
