from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hub.privacy.models import AccessLog
from hub.screening.actions import close_tube, record_scan, record_tube_result
from hub.screening.actions.codes import ensure_code, qr_text
from hub.screening.models import Sample
from hub.testing.builders import at, make_screening_round


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_scan_page_records_a_typed_code_and_refuses_a_duplicate(cast):
    round_ = make_screening_round(cast)
    # Pages scan at the wall clock's time, so the code is issued now.
    text = qr_text(ensure_code(person=cast.person_resident, now=timezone.now()))
    client = _client(cast.users["coordinator"])
    page = client.get(reverse("screening:scan", args=[round_.pk]))
    assert b"data-scan" in page.content
    data = {"tube": "T001", "code": text, "idempotency_key": "page-1"}
    first = client.post(reverse("screening:scan", args=[round_.pk]), data)
    assert "陈*" in first.content.decode()
    second = client.post(
        reverse("screening:scan", args=[round_.pk]), {**data, "idempotency_key": "page-2"}
    )
    assert 'data-scan-outcome="already_sampled"' in second.content.decode()
    assert Sample.objects.count() == 1


def test_api_scan_is_idempotent_and_says_why_it_refuses(cast):
    round_ = make_screening_round(cast)
    text = qr_text(ensure_code(person=cast.person_resident, now=timezone.now()))
    client = _client(cast.users["coordinator"])
    url = reverse("api:screening-round-scan", args=[round_.pk])
    body = {"idempotency_key": "api-1", "code": text, "tube": "T001"}
    assert client.post(url, body, content_type="application/json").status_code == 201
    again = client.post(url, body, content_type="application/json")
    assert again.status_code == 200 and again.json()["replayed"] is True
    forged = client.post(
        url,
        {**body, "idempotency_key": "api-2", "code": text[:-2] + "xx"},
        content_type="application/json",
    )
    assert forged.status_code == 400
    assert "forged" in str(forged.json())
    assert Sample.objects.count() == 1


def test_the_retest_list_is_logged_each_time_it_is_seen(cast):
    round_ = make_screening_round(cast, pool_size=1)
    coordinator = cast.users["coordinator"]
    result = record_scan(
        by=coordinator,
        round_=round_,
        point=round_.points.first(),
        tube_label="T001",
        code_text=qr_text(ensure_code(person=cast.person_resident, now=at(4, 1))),
        idempotency_key="k",
        now=at(4, 2, 8, 5),
    )
    close_tube(by=coordinator, tube=result.tube, now=at(4, 2, 8, 6))
    record_tube_result(by=coordinator, tube=result.tube, result="abnormal", now=at(4, 2, 12))
    before = AccessLog.objects.count()
    page = _client(coordinator).get(reverse("screening:retests", args=[round_.pk]))
    assert "陈*" in page.content.decode()
    assert AccessLog.objects.count() == before + 1


def test_coverage_page_for_a_building_leader_shows_only_their_building(cast):
    round_ = make_screening_round(cast)
    page = _client(cast.users["leader"]).get(reverse("screening:coverage", args=[round_.pk]))
    text = page.content.decode()
    assert "1号楼" in text and "2号楼" not in text
