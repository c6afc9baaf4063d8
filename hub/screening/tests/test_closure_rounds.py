from __future__ import annotations

import datetime as dt

import pytest

from hub.errors import DomainError
from hub.places.models import AreaStatus
from hub.screening.actions import (
    attach_post,
    clone_closure_round,
    close_closure_round,
    create_closure_round,
)
from hub.testing.builders import at, make_post, make_shift
from hub.volunteering.models import Shift


def test_a_closure_round_sets_the_area_status_through_the_status_history(cast):
    coordinator = cast.users["coordinator"]
    first = create_closure_round(by=coordinator, compound=cast.compound_own, starts_at=at(4, 1, 0))
    assert first.number == 1
    assert first.ends_at - first.starts_at == dt.timedelta(hours=48)
    status = AreaStatus.objects.get(pk=first.status_record_id)
    assert (status.status, status.effective_from) == ("sealed", at(4, 1, 0))
    assert "1" in status.reason


def test_cloning_copies_posts_and_moves_their_shifts(cast):
    coordinator = cast.users["coordinator"]
    first = create_closure_round(by=coordinator, compound=cast.compound_own, starts_at=at(4, 1, 0))
    post = make_post(cast, organization=cast.org_rc, compound=cast.compound_own, name="核酸秩序")
    make_shift(post, starts_at=at(4, 1, 8))
    make_shift(post, starts_at=at(4, 2, 8))
    make_shift(post, starts_at=at(4, 9, 8))  # outside the round
    attach_post(by=coordinator, closure=first, post=post)
    second = clone_closure_round(by=coordinator, closure=first, starts_at=at(4, 5, 0))
    assert second.number == 2 and second.previous == first
    assert list(second.posts.all()) == [post]
    starts = sorted(
        Shift.objects.filter(
            post=post, starts_at__gte=at(4, 5, 0), starts_at__lt=at(4, 7, 0)
        ).values_list("starts_at", flat=True)
    )
    assert starts == [at(4, 5, 8), at(4, 6, 8)]


def test_a_round_starting_before_the_current_status_is_refused(cast):
    coordinator = cast.users["coordinator"]
    create_closure_round(by=coordinator, compound=cast.compound_own, starts_at=at(4, 5, 0))
    with pytest.raises(DomainError) as refused:
        create_closure_round(by=coordinator, compound=cast.compound_own, starts_at=at(4, 3, 0))
    assert refused.value.code == "before_current"


def test_a_closure_round_is_closed_once_and_can_step_the_area_status_down(cast):
    coordinator = cast.users["coordinator"]
    first = create_closure_round(by=coordinator, compound=cast.compound_own, starts_at=at(4, 1, 0))
    closed = close_closure_round(
        by=coordinator, closure=first, now=at(4, 3, 0), then_status="controlled"
    )
    assert closed.closed_at == at(4, 3, 0) and closed.is_closed
    current = AreaStatus.objects.get(compound=cast.compound_own, effective_to__isnull=True)
    assert (current.status, current.effective_from) == ("controlled", at(4, 3, 0))
    with pytest.raises(DomainError) as refused:
        close_closure_round(by=coordinator, closure=first, now=at(4, 4, 0))
    assert refused.value.code == "already_closed"
    first.refresh_from_db()
    assert first.closed_at == at(4, 3, 0)


def test_a_closure_round_cannot_be_closed_before_it_starts(cast):
    coordinator = cast.users["coordinator"]
    first = create_closure_round(by=coordinator, compound=cast.compound_own, starts_at=at(4, 5, 0))
    statuses = AreaStatus.objects.count()
    with pytest.raises(DomainError) as refused:
        close_closure_round(
            by=coordinator, closure=first, now=at(4, 4, 0), then_status="controlled"
        )
    assert refused.value.code == "not_started"
    first.refresh_from_db()
    assert first.closed_at is None and AreaStatus.objects.count() == statuses


def test_a_clone_without_a_start_begins_when_the_previous_round_ends(cast):
    coordinator = cast.users["coordinator"]
    first = create_closure_round(by=coordinator, compound=cast.compound_own, starts_at=at(4, 1, 0))
    second = clone_closure_round(by=coordinator, closure=first)
    assert second.starts_at == first.ends_at and second.number == 2
