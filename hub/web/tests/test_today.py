"""The leads' "today" page: approvals, who has not checked in, notices, drives short of people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hub.testing.builders import make_notice
from hub.web.today import today_for

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_lead_with_nothing_waiting_is_told_so(cast):
    page = client_for(cast.coordinator).get(reverse("web:today"))
    assert page.status_code == 200
    assert "现在没有需要您处理的事" in page.content.decode()


def test_a_volunteer_has_no_today_page(cast):
    assert client_for(cast.volunteer).get(reverse("web:today")).status_code == 403


def test_notices_waiting_for_acknowledgements_are_listed_with_a_remind_button(cast):
    notice = make_notice(cast.secretary, organization=cast.org_health, audience=[cast.branch_first])
    page = client_for(cast.secretary).get(reverse("web:today")).content.decode()
    assert notice.title in page
    assert reverse("notices:notice-remind", args=[notice.pk]) in page


def test_the_today_page_runs_a_constant_number_of_queries(cast, django_assert_max_num_queries):
    make_notice(cast.secretary, organization=cast.org_health, audience=[cast.branch_first])
    now = dt.datetime(2022, 4, 1, 8, 0, tzinfo=dt.UTC)
    with django_assert_max_num_queries(10):
        today_for(cast.secretary, now=now)


def test_the_home_page_offers_leads_their_actions(cast):
    page = client_for(cast.coordinator).get(reverse("web:home")).content.decode()
    assert reverse("web:today") in page
    assert reverse("volunteering:drive-create") in page
    assert reverse("notices:notice-create") not in page  # coordinators send no notices
    page = client_for(cast.volunteer).get(reverse("web:home")).content.decode()
    assert reverse("web:today") not in page
