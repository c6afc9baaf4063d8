"""Beyond its in-flight limit a server process answers 503 with Retry-After at once."""

from __future__ import annotations

import json
import threading

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse
from django.test import RequestFactory

from hub.web.shedding import LoadSheddingMiddleware


@pytest.fixture
def limit_one(settings):
    settings.SHED_MAX_IN_FLIGHT = 1
    settings.SHED_WAIT_MS = 0
    settings.SHED_RETRY_AFTER = 2


def nested(path: str):
    """A shedder whose one slot is held by an outer request while ``path`` arrives."""
    seen: dict[str, HttpResponse] = {}

    def view(request):
        if request.path == "/outer/":
            seen["inner"] = shedder(RequestFactory().get(path))
        return HttpResponse("ok")

    shedder = LoadSheddingMiddleware(view)
    seen["outer"] = shedder(RequestFactory().get("/outer/"))
    seen["after"] = shedder(RequestFactory().get(path))
    return seen


def test_an_api_request_beyond_the_limit_gets_503_json_with_retry_after(limit_one) -> None:
    seen = nested("/api/v1/checkins/")
    inner = seen["inner"]
    assert inner.status_code == 503 and inner["Retry-After"] == "2"
    body = json.loads(inner.content)
    assert body["code"] == "overloaded" and "稍后" in body["detail"]
    assert seen["outer"].status_code == 200
    assert seen["after"].status_code == 200  # the slot was given back


def test_a_page_beyond_the_limit_is_refused_in_the_chosen_language(limit_one) -> None:
    def view(request):
        request = RequestFactory().get("/drives/")
        request.COOKIES["django_language"] = "en"
        seen.append(shedder(request))
        return HttpResponse("ok")

    seen: list[HttpResponse] = []
    shedder = LoadSheddingMiddleware(view)
    shedder(RequestFactory().get("/"))
    assert seen[0].status_code == 503
    assert seen[0].content.decode() == "The service is busy. Please try again in a moment."


def test_the_health_check_is_never_shed(limit_one) -> None:
    assert nested("/healthz")["inner"].status_code == 200


def test_a_request_waits_briefly_for_a_slot_before_being_shed(settings) -> None:
    settings.SHED_MAX_IN_FLIGHT = 1
    settings.SHED_WAIT_MS = 5_000
    release = threading.Event()
    entered = threading.Event()

    def view(request):
        if request.path == "/slow/":
            entered.set()
            release.wait(10)
        return HttpResponse("ok")

    shedder = LoadSheddingMiddleware(view)
    slow = threading.Thread(target=shedder, args=(RequestFactory().get("/slow/"),))
    slow.start()
    assert entered.wait(10)
    threading.Timer(0.05, release.set).start()
    assert shedder(RequestFactory().get("/fast/")).status_code == 200
    slow.join(10)


def test_shedding_is_off_without_a_limit(settings) -> None:
    settings.SHED_MAX_IN_FLIGHT = 0
    with pytest.raises(MiddlewareNotUsed):
        LoadSheddingMiddleware(lambda request: HttpResponse("ok"))
