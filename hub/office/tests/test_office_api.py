"""The entry check a turnstile posts to, and the masked logs."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from hub.office.actions.entries import record_entry
from hub.office.models import Entry, Site
from hub.office.tests.conftest import visitor


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(**overrides: Any) -> dict[str, Any]:
    body = visitor(tested_on=timezone.localdate().isoformat(), **overrides)
    body.pop("method")
    return body


def test_turnstile_check_admits_and_replays_by_key(cast: Any, site: Site) -> None:
    url = reverse("api:office-site-check", kwargs={"pk": site.pk})
    first = _api(cast.desk).post(url, _body(key="t-1"), format="json")
    assert first.status_code == 201
    assert first.json()["outcome"] == "admitted"
    assert first.json()["masked_phone"] == "139****5678"
    again = _api(cast.desk).post(url, _body(key="t-1"), format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Entry.objects.count() == 1


def test_turnstile_refusal_carries_both_languages(cast: Any, site: Site) -> None:
    url = reverse("api:office-site-check", kwargs={"pk": site.pk})
    reply = _api(cast.desk).post(url, _body(code_colour="red"), format="json")
    assert reply.json()["outcome"] == "refused"
    assert reply.json()["reasons_en"] == "The declared health code is Red, not green."
    assert reply.json()["reasons_zh"] == "申报的健康码为红码，不是绿码。"


def test_bad_check_input_answers_json_and_writes_nothing(cast: Any, site: Site) -> None:
    url = reverse("api:office-site-check", kwargs={"pk": site.pk})
    reply = _api(cast.desk).post(url, _body(phone="12"), format="json")
    assert reply.status_code == 400
    assert reply.json()["code"] == "invalid_phone"
    reply = _api(cast.desk).post(url, _body(code_colour="blue"), format="json")
    assert reply.status_code == 400 and "code_colour" in reply.json()
    assert Entry.objects.count() == 0


def test_other_organizations_get_404_for_the_check(cast: Any, site: Site) -> None:
    url = reverse("api:office-site-check", kwargs={"pk": site.pk})
    assert _api(cast.outsider).post(url, _body(), format="json").status_code == 404
    assert Entry.objects.count() == 0


def test_entry_log_is_masked_and_runs_constant_queries(
    cast: Any, site: Site, django_assert_num_queries: Any
) -> None:
    client = _api(cast.office)
    url = reverse("api:office-entry-list")
    record_entry(by=None, site=site, **visitor(tested_on=timezone.localdate()))
    with django_assert_num_queries(2):
        client.get(url)
    for _ in range(4):
        record_entry(by=None, site=site, **visitor(tested_on=timezone.localdate()))
    with django_assert_num_queries(2):
        rows = client.get(url).json()["results"]
    assert len(rows) == 5
    assert {row["masked_name"] for row in rows} == {"李**"}
    assert _api(cast.outsider).get(url).json()["count"] == 0
