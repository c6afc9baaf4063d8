"""A drive whose shifts are over reads 已结束/Ended, and old dates carry their year."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.testing.builders import make_drive, make_post, make_shift


def page(user, name, language="zh-hans", **kwargs) -> str:
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    response = client.get(reverse(f"volunteering:{name}", kwargs=kwargs))
    assert response.status_code == 200
    return response.content.decode()


def test_a_2022_drive_shows_as_ended_with_the_year_on_its_dates(cast):
    drive = make_drive(cast, [make_shift(make_post(cast))])  # 2022-03-26 08:00, published

    assert drive.is_ended and drive.status == "published"
    chinese = page(cast.admin, "drive-detail", drive_id=drive.pk)
    assert "已结束" in chinese and "2022年3月26日 08:00" in chinese
    english = page(cast.admin, "drive-detail", "en", drive_id=drive.pk)
    assert "Ended" in english and "Mar 26, 2022, 08:00" in english
    assert "Published" not in english and "3月" not in english


def test_the_list_of_managed_drives_says_ended_without_a_query_per_drive(cast):
    make_drive(cast, [make_shift(make_post(cast))])
    body = page(cast.admin, "drive-list")
    assert "已结束" in body


def test_a_published_drive_with_shifts_to_come_is_published_and_its_dates_have_no_year(cast):
    starts = timezone.now() + dt.timedelta(days=3)
    drive = make_drive(cast, [make_shift(make_post(cast), starts_at=starts)], now=timezone.now())

    assert not drive.is_ended
    body = page(cast.admin, "drive-detail", drive_id=drive.pk)
    local = timezone.localtime(starts)
    assert "已发布" in body and f"{local.month}月{local.day}日" in body
    assert f"{local.year}年{local.month}月" not in body


def test_a_draft_never_reads_as_ended(cast):
    drive = make_drive(cast, [make_shift(make_post(cast))], publish=False)
    assert not drive.is_ended and drive.status_label in {"Draft", "草稿"}


def test_an_ended_drive_is_no_longer_listed_as_open_to_the_volunteer(cast):
    ended = make_drive(cast, [make_shift(make_post(cast))])
    starts = timezone.now() + dt.timedelta(days=3)
    coming = make_drive(cast, [make_shift(make_post(cast), starts_at=starts)], now=timezone.now())
    ended.title, coming.title = "已结束的招募", "下周的招募"
    ended.save(update_fields=["title"])
    coming.save(update_fields=["title"])

    body = page(cast.volunteer, "drive-list")

    assert "下周的招募" in body
    assert "已结束的招募" not in body


def test_the_drive_page_offers_publishing_only_while_the_action_takes_it(cast):
    from hub.volunteering.actions.signups import publish_drive

    draft = make_drive(cast, [make_shift(make_post(cast))], publish=False)
    publish_url = reverse("volunteering:drive-publish", args=[draft.pk])

    assert draft.may_be_published and publish_url in page(
        cast.admin, "drive-detail", drive_id=draft.pk
    )
    publish_drive(by=cast.admin, drive=draft, now=timezone.now())
    draft.refresh_from_db()
    assert not draft.may_be_published and draft.is_open
    assert publish_url not in page(cast.admin, "drive-detail", drive_id=draft.pk)
