"""The iCal feed of my shifts: a secret URL and valid iCalendar text."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.accounts.models import User
from hub.me.calendar import calendar_token, fold, render_calendar, user_for_token
from hub.testing.builders import approve, make_post, make_shift
from hub.volunteering.actions.posts import cancel_shift


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def feed(cast) -> str:
    url = reverse("me:calendar", kwargs={"token": calendar_token(cast.volunteer)})
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode()


def test_the_feed_is_a_calendar_with_one_event_per_approved_shift(cast) -> None:
    now = timezone.now().replace(microsecond=0)
    starts = (now + dt.timedelta(days=1)).replace(minute=0, second=0)
    shift = make_shift(
        make_post(cast, organization=cast.org_rc, name="送货"),
        starts_at=starts,
        hours=3,
        min_staff=1,
    )
    signup = approve(shift, cast.volunteer.person, by=cast.coordinator, now=now)

    text = feed(cast)

    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    utc = starts.astimezone(dt.UTC)
    assert f"DTSTART:{utc:%Y%m%dT%H%M%S}Z" in lines
    assert f"DTEND:{utc + dt.timedelta(hours=3):%Y%m%dT%H%M%S}Z" in lines
    assert f"UID:signup-{signup.pk}@testserver" in lines
    assert "SUMMARY:送货" in lines and "LOCATION:青年公寓" in lines
    assert any(line.startswith("DTSTAMP:") and line.endswith("Z") for line in lines)


def test_every_line_ends_with_crlf_and_is_at_most_75_octets(cast) -> None:
    now = timezone.now()
    post = make_post(
        cast,
        organization=cast.org_rc,
        name="为封控楼栋的近两千名住户理货、送货、敲门递送物资，并协助老人线上下单" * 2,
    )
    approve(
        make_shift(post, starts_at=now + dt.timedelta(days=1), hours=3, min_staff=1),
        cast.volunteer.person,
        by=cast.coordinator,
        now=now,
    )

    raw = feed(cast).encode()

    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    assert "为封控楼栋的近两千名住户理货" * 1 in "".join(unfold(raw.decode()))


def test_folding_never_splits_a_chinese_character() -> None:
    line = "SUMMARY:" + "送货" * 40

    folded = fold(line)

    for part in folded.encode().split(b"\r\n"):
        assert len(part) <= 75
        part.decode("utf-8")  # raises if a character was cut in half
    assert folded.replace("\r\n ", "") == line


def test_special_characters_are_escaped() -> None:
    class Org:
        name = "居委会"

    class Post:
        name = "理货, 送货; 值守\\"
        site = "1号楼\n大厅"
        content = ""
        organization = Org()

    class Shift:
        post = Post()
        starts_at = dt.datetime(2022, 4, 2, 10, tzinfo=dt.UTC)
        ends_at = dt.datetime(2022, 4, 2, 12, tzinfo=dt.UTC)
        status = "open"
        version = 1

    class SignUp:
        pk = 7
        status = "approved"
        shift = Shift()

    text = render_calendar([SignUp()], now=dt.datetime(2022, 4, 1, tzinfo=dt.UTC), name="我的班次")  # type: ignore[list-item]

    assert "SUMMARY:理货\\, 送货\\; 值守\\\\\r\n" in text
    assert "LOCATION:1号楼\\n大厅\r\n" in text


def test_a_cancelled_shift_stays_in_the_feed_marked_cancelled(cast) -> None:
    now = timezone.now()
    shift = make_shift(
        make_post(cast, organization=cast.org_rc),
        starts_at=now + dt.timedelta(days=1),
        hours=3,
        min_staff=1,
    )
    approve(shift, cast.volunteer.person, by=cast.coordinator, now=now)
    cancel_shift(by=cast.coordinator, shift=shift, reason="物资未到")

    assert "STATUS:CANCELLED" in unfold(feed(cast))


def test_a_forged_or_outdated_token_answers_404(cast) -> None:
    token = calendar_token(cast.volunteer)
    other = calendar_token(cast.coordinator)
    forged = f"{cast.coordinator.pk}:{token.partition(':')[2]}"

    assert user_for_token(token) == cast.volunteer
    assert user_for_token(other) == cast.coordinator
    assert user_for_token(forged) is None
    assert user_for_token("nonsense") is None
    assert Client().get(reverse("me:calendar", kwargs={"token": forged})).status_code == 404


def test_changing_the_password_revokes_the_feed_address(cast) -> None:
    token = calendar_token(cast.volunteer)
    user = User.objects.get(pk=cast.volunteer.pk)
    user.set_password("a-new-password-4-shouwang")
    user.save()

    assert user_for_token(token) is None
