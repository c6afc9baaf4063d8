"""Journeys a person walks, in Chromium at phone size (390×844), in Chinese.

Each journey starts from the home page and follows links and buttons only; on every page it
reaches it checks there is no horizontal overflow and no untranslated text. State the journey
does not walk (a coordinator's approval, hours recorded long ago) is built with the real
actions. Few and long on purpose: each live-server test empties the database afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from hub.testing.browser import (
    assert_no_horizontal_overflow,
    assert_no_untranslated_text,
    login,
    screenshot,
)
from hub.testing.builders import make_drive, make_post, make_shift, served

pytestmark = pytest.mark.browser


def checked(page: Any, name: str = "") -> None:
    """The checks every page of a journey passes (and a screenshot when named)."""
    page.wait_for_load_state("domcontentloaded")
    assert_no_horizontal_overflow(page)
    assert_no_untranslated_text(page)
    if name:
        screenshot(page, name)


def tap(page: Any, text: str, *, role: str = "link") -> None:
    page.get_by_role(role, name=re.compile(re.escape(text))).first.click()
    page.wait_for_load_state("domcontentloaded")


def test_volunteer_signs_up_checks_in_sees_hours_and_downloads_a_certificate(phone_page, cast):
    page = phone_page
    # The volunteer lives in 青年公寓, which is sealed: a post inside it, by its committee.
    post = make_post(cast, organization=cast.org_rc)
    starts = timezone.now() + dt.timedelta(minutes=20)
    shift = make_shift(post, starts_at=starts, hours=3, capacity=4)
    drive = make_drive(
        cast,
        [shift],
        organization=cast.org_rc,
        branches=[],
        compounds=[cast.compound_own],
        now=timezone.now(),
    )
    served(post, cast.volunteer.person, hours="6")  # hours from an earlier service

    login(page, cast.volunteer)
    checked(page, "volunteer-1-home")
    tap(page, "招募")
    checked(page)
    tap(page, drive.title)
    checked(page, "volunteer-2-drive")
    # The 报名 button keeps to one line beside the shift's text at 390 px (one line box).
    button = page.get_by_role("button", name=re.compile("报名")).first
    lines = (
        "(b) => { const r = document.createRange(); r.selectNodeContents(b);"
        " return r.getClientRects().length; }"
    )
    assert page.evaluate(lines, button.element_handle()) == 1
    tap(page, "报名", role="button")
    checked(page, "volunteer-3-signed-up")
    assert shift.signups.get(person=cast.volunteer.person).status == "approved"

    # At the site: the poster's QR code opens the check-in page.
    from hub.volunteering.queries import poster_code

    page.goto(f"/volunteering/c/{poster_code(post)}/")
    checked(page)
    tap(page, "签到", role="button")
    page.wait_for_selector("main .flash[role=status], main .flash[role=alert]")  # htmx swapped
    checked(page, "volunteer-4-checked-in")
    assert shift.checkins.filter(person=cast.volunteer.person).exists()

    page.goto("/")
    tap(page, "我的")
    checked(page)
    tap(page, "时长")
    checked(page, "volunteer-5-hours")
    assert "6" in page.locator("main").inner_text()
    tap(page, "服务证明")
    checked(page)
    tap(page, "申请证明", role="button")
    checked(page, "volunteer-6-certificate")
    href = page.get_by_role("link", name=re.compile("PDF")).first.get_attribute("href")
    pdf = page.request.get(href, timeout=30_000)  # the page's session; the PDF opens inline
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")


def test_lead_publishes_a_notice_and_sees_acknowledgements_by_branch(phone_page, cast):
    from hub.notices.actions import acknowledge_notice
    from hub.notices.models import Notice

    page = phone_page
    login(page, cast.secretary)
    checked(page, "notice-1-home")
    tap(page, "新建通知")
    checked(page)
    page.fill("#id_title", "明日全员核酸")
    page.fill("#id_body", "明天上午 8:00 在南门集合。")
    page.get_by_label(cast.branch_first.name).check()
    tap(page, "保存草稿", role="button")
    checked(page, "notice-2-draft")
    tap(page, "发布并通知成员", role="button")
    checked(page)
    notice = Notice.objects.get(title="明日全员核酸")
    assert notice.status == "published"
    acknowledge_notice(by=cast.volunteer, notice=notice)

    page.reload()
    checked(page, "notice-3-by-branch")
    by_branch = page.locator("main").inner_text()
    assert "按支部" in by_branch and cast.branch_first.name in by_branch
    assert "1 人已确认" in by_branch or "已确认" in by_branch


def test_lead_creates_a_drive_approves_and_opens_the_check_in_sheet_and_poster(phone_page, cast):
    from hub.volunteering.actions.signups import sign_up
    from hub.volunteering.models import SignUp

    page = phone_page
    post = make_post(cast, organization=cast.org_rc)
    shift = make_shift(post, starts_at=timezone.now() + dt.timedelta(minutes=30), capacity=3)

    login(page, cast.coordinator)
    checked(page, "drive-1-home")
    tap(page, "新建招募")
    checked(page)
    page.fill("#id_title", "青年公寓送货志愿者")
    page.locator(f"input[name=shifts][value='{shift.pk}']").check()
    page.locator(f"input[name=compounds][value='{cast.compound_own.pk}']").check()
    tap(page, "保存招募", role="button")
    checked(page, "drive-2-draft")
    tap(page, "发布并通知", role="button")
    checked(page)
    drive = shift.drives.get()
    assert drive.status == "published"
    sign_up(by=cast.volunteer, shift=shift, person=cast.volunteer.person, drive=drive)

    page.goto("/")
    tap(page, "今日")
    checked(page, "drive-3-today")
    tap(page, "通过", role="button")
    page.wait_for_function("() => !document.querySelector('main form[action*=approve]')")
    assert SignUp.objects.get(shift=shift).status == "approved"

    tap(page, "签到表")
    checked(page, "drive-4-checkin-sheet")
    assert cast.volunteer.person.name in page.locator("main").inner_text()
    poster = page.locator("a[href$='poster.pdf']").first.get_attribute("href")
    pdf = page.request.get(poster)
    assert pdf.ok and pdf.body().startswith(b"%PDF")
