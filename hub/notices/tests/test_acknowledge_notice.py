"""收到: a member acknowledges once; opening the notice is not acknowledging it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hub.errors import DomainError
from hub.notices.actions import acknowledge_notice
from hub.notices.models import NoticeRecipient
from hub.testing.builders import make_notice

T0 = dt.datetime(2022, 3, 28, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def notice(cast):
    return make_notice(cast.secretary, organization=cast.org_health, audience=[cast.branch_first])


def my_copy(cast, notice) -> NoticeRecipient:
    return NoticeRecipient.objects.get(notice=notice, person=cast.volunteer.person)


def test_acknowledging_twice_keeps_the_first_time(cast, notice) -> None:
    first = acknowledge_notice(by=cast.volunteer, notice=notice, now=T0)
    again = acknowledge_notice(by=cast.volunteer, notice=notice, now=T0 + dt.timedelta(hours=2))

    assert first.acknowledged_at == again.acknowledged_at == T0


def test_someone_the_notice_was_not_sent_to_cannot_acknowledge_it(cast, notice) -> None:
    with pytest.raises(DomainError) as error:
        acknowledge_notice(by=cast.admin, notice=notice)

    assert error.value.code == "not_a_recipient"


def test_opening_a_notice_does_not_acknowledge_it(cast, notice) -> None:
    client = Client()
    client.force_login(cast.volunteer)

    page = client.get(reverse("notices:notice-detail", kwargs={"notice_id": notice.pk}))

    assert page.status_code == 200
    assert "收到" in page.content.decode()
    assert my_copy(cast, notice).acknowledged_at is None


def test_the_acknowledge_button_answers_htmx_with_the_updated_card(cast, notice) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(cast.volunteer)

    response = client.post(
        reverse("notices:notice-acknowledge", kwargs={"notice_id": notice.pk}),
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Acknowledged at" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert "HX-Request" in response["Vary"]  # a cache never hands the card to a page request
    assert my_copy(cast, notice).acknowledged_at is not None


def test_the_inbox_lists_unacknowledged_notices_first(cast, notice) -> None:
    later = make_notice(
        cast.secretary, organization=cast.org_health, audience=[cast.branch_first], title="第二份"
    )
    acknowledge_notice(by=cast.volunteer, notice=later)
    client = Client()
    client.force_login(cast.volunteer)

    page = client.get(reverse("notices:notice-list")).content.decode()

    assert page.index(notice.title) < page.index("第二份")


def test_without_htmx_the_acknowledge_button_redirects_and_says_it_varies(cast, notice) -> None:
    client = Client()
    client.force_login(cast.volunteer)

    response = client.post(
        reverse("notices:notice-acknowledge", kwargs={"notice_id": notice.pk}),
    )

    assert response.status_code == 302
    assert "HX-Request" in response["Vary"]
