"""The browser-test machinery works: a volunteer's home page at phone size, in Chinese."""

from __future__ import annotations

import pytest

from hub.testing.browser import (
    assert_no_horizontal_overflow,
    assert_no_untranslated_text,
    login,
    screenshot,
)

pytestmark = pytest.mark.browser


def test_volunteer_home_page_fits_a_phone_and_speaks_chinese(phone_page, cast):
    login(phone_page, cast.volunteer)
    phone_page.goto("/")
    assert "您好" in phone_page.locator("h1").inner_text()
    assert phone_page.viewport_size == {"width": 390, "height": 844}
    assert_no_horizontal_overflow(phone_page)
    assert_no_untranslated_text(phone_page)
    assert screenshot(phone_page, "smoke-volunteer-home").stat().st_size > 0


def test_sign_in_page_at_desktop_size_has_no_overflow(desktop_page):
    desktop_page.goto("/accounts/login/")
    assert desktop_page.viewport_size["width"] == 1280
    assert_no_horizontal_overflow(desktop_page)
    assert_no_untranslated_text(desktop_page)


def test_the_checks_fail_on_a_page_that_overflows_or_speaks_english(chromium):
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.set_content(
        '<html lang="zh-Hans"><body><nav style="overflow-x:auto"><div style="width:900px">'
        "导航</div></nav><p>报名</p></body></html>"
    )
    assert_no_horizontal_overflow(page)  # a sideways-scrolling nav is allowed
    assert_no_untranslated_text(page)
    page.set_content(
        '<html lang="zh-Hans"><body><div style="width:600px">太宽</div>'
        "<button>Sign up</button></body></html>"
    )
    with pytest.raises(AssertionError, match=r"sticking out: \[.div right="):
        assert_no_horizontal_overflow(page)
    with pytest.raises(AssertionError, match="Sign up"):
        assert_no_untranslated_text(page)
    page.close()
