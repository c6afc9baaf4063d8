from __future__ import annotations

import datetime as dt

import pytest

from hub.errors import DomainError
from hub.places.models import AreaStatus
from hub.screening.actions import attach_post, clone_closure_round, create_closure_round
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
