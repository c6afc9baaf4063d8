"""Closure-round pages: the list side by side, create, clone, close."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.places.models import AreaStatus
from hub.screening import queries
from hub.screening.actions import attach_post, clone_closure_round, create_closure_round
from hub.screening.models import ClosureRound
from hub.testing.builders import at, make_post, make_shift


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_coordinator_creates_clones_and_closes_closure_rounds_from_the_pages(cast):
    client = _client(cast.users["coordinator"])
    home = client.get(reverse("screening:round-list")).content.decode()
    assert reverse("screening:closure-list") in home
    created = client.post(
        reverse("screening:closure-create"),
        {
            "compound": cast.compound_own.pk,
            "starts_at": "2022-04-01T00:00",
            "hours": 48,
            "area_status": "sealed",
        },
    )
    assert created.status_code == 302
    first = ClosureRound.objects.get(compound=cast.compound_own)
    client.post(reverse("screening:closure-clone", args=[first.pk]), {"starts_at": ""})
    second = ClosureRound.objects.get(compound=cast.compound_own, number=2)
    assert second.starts_at == first.ends_at
    client.post(reverse("screening:closure-close", args=[first.pk]), {"then_status": ""})
    page = client.get(reverse("screening:closure-list")).content.decode()
    assert page.count('data-closure-state="closed"') == 1
    assert page.count('data-closure-state="open"') == 1


def test_a_bad_closure_round_gets_a_message_and_writes_nothing(cast):
    client = _client(cast.users["coordinator"])
    statuses = AreaStatus.objects.count()
    page = client.post(
        reverse("screening:closure-create"),
        {
            "compound": cast.compound_own.pk,
            "starts_at": "2022-03-01T00:00",  # before the compound's current status (28 March)
            "hours": 48,
            "area_status": "sealed",
        },
    )
    assert page.status_code == 200
    assert "新状态的开始时间须晚于当前状态" in page.content.decode()
    assert not ClosureRound.objects.exists() and AreaStatus.objects.count() == statuses


def test_the_closure_list_counts_in_one_query_however_many_rounds(cast):
    coordinator = cast.users["coordinator"]
    first = create_closure_round(by=coordinator, compound=cast.compound_own, starts_at=at(4, 1, 0))
    post = make_post(cast, organization=cast.org_rc, compound=cast.compound_own, name="核酸秩序")
    make_shift(post, starts_at=at(4, 1, 8), capacity=4)
    make_shift(post, starts_at=at(4, 2, 8), capacity=6)
    attach_post(by=coordinator, closure=first, post=post)
    clone_closure_round(by=coordinator, closure=first, starts_at=at(4, 5, 0))
    clone_closure_round(by=coordinator, closure=first, starts_at=at(4, 9, 0))
    with CaptureQueriesContext(connection) as ctx:
        rows = list(queries.closure_rounds(coordinator))
    assert len(ctx.captured_queries) == 1
    counters = {r.number: (r.n_posts, r.n_shifts, r.n_places, r.n_screening) for r in rows}
    assert counters == {1: (1, 2, 10, 0), 2: (1, 2, 10, 0), 3: (1, 2, 10, 0)}
