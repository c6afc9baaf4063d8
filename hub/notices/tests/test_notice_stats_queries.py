"""Per-branch statistics and list pages run a constant number of queries as rows grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hub.notices.actions import record_response
from hub.notices.queries import branch_counts, notice_tally
from hub.people.actions import create_branch, create_person
from hub.testing.builders import make_notice


def grow(cast, count: int, start: int) -> None:
    """``count`` more members spread over new sub-branches of 团支部."""
    for i in range(start, start + count):
        branch = create_branch(
            by=cast.admin,
            organization=cast.org_health,
            name=f"小组{i}",
            kind="team",
            parent=cast.branch_youth,
        )
        create_person(by=cast.admin, values={"name": f"队员{i}"}, branch=branch)


def publish(cast):
    notice = make_notice(
        cast.admin, organization=cast.org_health, audience=[cast.branch_first.parent]
    )
    for copy in notice.recipients.select_related("person").order_by("pk")[::2]:
        record_response(by=cast.admin, notice=notice, person=copy.person, reply="报名")
    return notice


def queries_for(action) -> int:
    with CaptureQueriesContext(connection) as ctx:
        action()
    return len(ctx.captured_queries)


def test_per_branch_counts_are_one_query(cast, django_assert_num_queries) -> None:
    grow(cast, 5, 0)
    notice = publish(cast)

    with django_assert_num_queries(1):
        rows = branch_counts(cast.admin, notice)

    assert len(rows) == 6
    first = next(r for r in rows if r["branch__name"] == "第一党支部")
    assert (first["total"], first["acknowledged"], first["replied"]) == (2, 1, 1)


def test_the_tally_costs_the_same_for_3_or_23_members(cast) -> None:
    grow(cast, 1, 0)
    small = publish(cast)
    small_cost = queries_for(lambda: notice_tally(cast.admin, small))
    grow(cast, 20, 100)
    big = publish(cast)

    assert queries_for(lambda: notice_tally(cast.admin, big)) == small_cost


@pytest.mark.parametrize(
    "route, user", [("notices:notice-manage", "admin"), ("notices:notice-detail", "volunteer")]
)
def test_notice_pages_cost_the_same_whatever_the_audience(cast, route, user) -> None:
    client = Client()
    client.force_login(cast.users[user])
    small = publish(cast)
    url = reverse(route, kwargs={"notice_id": small.pk})
    client.get(url)
    small_cost = queries_for(lambda: client.get(url))
    grow(cast, 15, 0)
    big = publish(cast)
    big_url = reverse(route, kwargs={"notice_id": big.pk})

    assert queries_for(lambda: client.get(big_url)) == small_cost


@pytest.mark.parametrize(
    "route, user", [("notices:sent-list", "admin"), ("notices:notice-list", "volunteer")]
)
def test_notice_lists_cost_the_same_for_1_or_8_notices(cast, route, user) -> None:
    client = Client()
    client.force_login(cast.users[user])
    publish(cast)
    client.get(reverse(route))
    one = queries_for(lambda: client.get(reverse(route)))
    for _ in range(7):
        publish(cast)

    assert queries_for(lambda: client.get(reverse(route))) == one
