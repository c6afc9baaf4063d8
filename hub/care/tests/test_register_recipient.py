import datetime as dt

import pytest

from hub.care.actions import close_recipient, register_recipient, reveal_care_health
from hub.care.models import CareHealth
from hub.care.retention import purge_closed_health
from hub.errors import DomainError
from hub.privacy.models import AccessLog
from hub.testing.builders import CARE_NOW, make_care_recipient


def test_coordinator_registers_a_resident_with_needs_and_a_masked_contact(cast):
    entry = make_care_recipient(cast)
    assert entry.household == cast.household_own
    assert entry.needs == ["food", "medicine"]
    assert entry.contact_phone == "13912345678"
    assert not CareHealth.objects.filter(recipient=entry).exists()


def test_health_condition_is_stored_apart(cast):
    entry = make_care_recipient(cast, category="seriously_ill", condition="dialysis")
    assert entry.health.condition == "dialysis"
    assert not hasattr(entry, "condition")


def test_volunteer_may_not_register(cast):
    with pytest.raises(DomainError) as err:
        make_care_recipient(cast, by=cast.volunteer)
    assert err.value.code == "forbidden"


def test_registering_twice_is_refused(cast):
    make_care_recipient(cast)
    with pytest.raises(DomainError) as err:
        make_care_recipient(cast)
    assert err.value.code == "already_registered"
    assert "already on the register" in err.value.message


def test_bad_contact_phone_changes_nothing(cast):
    with pytest.raises(DomainError) as err:
        register_recipient(
            by=cast.coordinator,
            organization=cast.org_rc,
            person=cast.person_resident,
            category="alone",
            contact_phone="12",
        )
    assert err.value.code == "invalid_phone"
    assert not cast.person_resident.care_records.exists()


def test_reveal_writes_an_access_log_row(cast):
    entry = make_care_recipient(cast, category="seriously_ill", condition="dialysis")
    health = reveal_care_health(by=cast.coordinator, recipient=entry, reason="安排透析车")
    assert health.details == "每周二、五透析"
    log = AccessLog.objects.get(subject_type="care_health")
    assert (log.actor, log.subject_id, log.reason) == (
        cast.coordinator,
        str(entry.pk),
        "安排透析车",
    )


def test_an_unpaired_volunteer_may_not_reveal_and_nothing_is_logged(cast):
    entry = make_care_recipient(cast, category="seriously_ill", condition="dialysis")
    with pytest.raises(DomainError) as err:
        reveal_care_health(by=cast.volunteer, recipient=entry)
    assert err.value.code == "forbidden"
    assert not AccessLog.objects.exists()


def test_health_is_purged_thirty_days_after_closing_and_purging_is_idempotent(cast):
    entry = make_care_recipient(cast, category="seriously_ill", condition="dialysis")
    close_recipient(by=cast.coordinator, recipient=entry, now=CARE_NOW)
    assert purge_closed_health(CARE_NOW + dt.timedelta(days=29)) == 0
    later = CARE_NOW + dt.timedelta(days=31)
    assert purge_closed_health(later) == 1
    assert purge_closed_health(later) == 0
    assert entry.contacts.count() == 0 and type(entry).objects.filter(pk=entry.pk).exists()
