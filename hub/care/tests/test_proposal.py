import pytest

from hub.care.actions import accept_proposal
from hub.care.adapters import propose_pairings
from hub.care.models import Pairing
from hub.errors import DomainError
from hub.testing.builders import CARE_NOW, make_care_recipient, member


def test_the_proposal_pairs_calls_and_writes_nothing(cast):
    entry = make_care_recipient(cast, organization=cast.org_health, by=cast.admin)
    proposal = propose_pairings(
        by=cast.admin, organization=cast.org_health, mode="call", now=CARE_NOW
    )
    assert [(p.recipient, p.mode) for p in proposal.pairs] == [(entry, "call")]
    assert not Pairing.objects.exists()


def test_visits_into_the_sealed_building_are_not_proposed_from_outside(cast):
    make_care_recipient(cast, organization=cast.org_health, by=cast.admin)
    proposal = propose_pairings(
        by=cast.admin, organization=cast.org_health, mode="visit", now=CARE_NOW
    )
    assert proposal.pairs == ()
    assert [reason for _r, _n, reason in proposal.unmatched] == ["sealed"]


def test_the_same_building_is_proposed_first_and_accepting_makes_the_pairings(cast):
    entry = make_care_recipient(cast, organization=cast.org_health, by=cast.admin)
    inside = member(cast, 1, household=cast.household_own, branch=cast.branch_first)
    proposal = propose_pairings(
        by=cast.admin, organization=cast.org_health, mode="visit", now=CARE_NOW
    )
    assert [(p.volunteer, p.cost) for p in proposal.pairs] == [(inside, 0)]
    made = accept_proposal(
        by=cast.admin,
        pairs=[(p.recipient, p.volunteer, p.mode) for p in proposal.pairs],
        per_week=2,
        now=CARE_NOW,
    )
    assert [(m.recipient, m.volunteer, m.per_week) for m in made] == [(entry, inside, 2)]


def test_an_edited_proposal_that_breaks_a_rule_is_refused_whole(cast):
    entry = make_care_recipient(cast, organization=cast.org_health, by=cast.admin)
    with pytest.raises(DomainError) as err:
        accept_proposal(
            by=cast.admin, pairs=[(entry, cast.volunteer.person, "visit")], per_week=2, now=CARE_NOW
        )
    assert err.value.code == "sealed_building"
    assert "张贝 → 陈秀英" in err.value.message
    assert not Pairing.objects.exists()
