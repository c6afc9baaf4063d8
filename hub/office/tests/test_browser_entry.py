"""A visitor's check-in and a refusal at phone size, then the desk sees both (browser)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from hub.office.models import Entry, Site
from hub.office.queries import poster_code
from hub.testing.browser import (
    assert_no_horizontal_overflow,
    assert_no_untranslated_text,
    login,
    screenshot,
)

pytestmark = pytest.mark.browser


def _fill(page: Any, *, name: str, colour: str) -> None:
    page.fill("#id_name", name)
    page.fill("#id_phone", "13912345678")
    page.fill("#id_purpose", "送文件")
    page.fill("#id_host", "王主任")
    page.check(f"input[name=code_colour][value={colour}]")
    page.fill("#id_tested_on", timezone.localdate().isoformat())
    page.click("main button[type=submit]")
    page.wait_for_load_state("domcontentloaded")


def test_visitor_is_admitted_another_refused_and_the_desk_sees_both(
    phone_page: Any, cast: Any, site: Site
) -> None:
    url = reverse("office:scan", kwargs={"code": poster_code(site)})
    phone_page.goto(url)
    assert_no_horizontal_overflow(phone_page)
    assert_no_untranslated_text(phone_page)
    _fill(phone_page, name="李访客", colour="green")
    assert "可以入内" in phone_page.locator("h1").inner_text()
    screenshot(phone_page, "office-visitor-admitted")

    phone_page.goto(url)
    _fill(phone_page, name="赵访客", colour="yellow")
    body = phone_page.locator("main").inner_text()
    assert "暂不能入内" in body and "不是绿码" in body and "not green" in body
    assert_no_horizontal_overflow(phone_page)
    screenshot(phone_page, "office-visitor-refused")
    assert sorted(Entry.objects.values_list("outcome", flat=True)) == ["admitted", "refused"]

    login(phone_page, cast.desk)
    phone_page.goto(reverse("office:desk", kwargs={"site_id": site.pk}))
    arrivals = phone_page.locator("#arrivals").inner_text()
    assert "李**" in arrivals and "赵**" in arrivals and "李访客" not in arrivals
    assert_no_horizontal_overflow(phone_page)
    assert_no_untranslated_text(phone_page)
    screenshot(phone_page, "office-desk-phone")


def test_the_desk_page_fits_a_tablet(
    chromium: Any, live_server: Any, cast: Any, site: Site
) -> None:
    context = chromium.new_context(
        viewport={"width": 820, "height": 1180}, locale="zh-CN", base_url=live_server.url
    )
    page = context.new_page()
    login(page, cast.desk)
    page.goto(reverse("office:desk", kwargs={"site_id": site.pk}))
    assert page.locator("#arrivals").is_visible()
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)
    screenshot(page, "office-desk-tablet")
    context.close()
