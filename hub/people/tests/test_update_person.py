import pytest
from auditlog.models import LogEntry

from hub.conftest import Cast
from hub.errors import DomainError
from hub.people.actions import update_person

pytestmark = pytest.mark.django_db


def test_second_save_from_the_same_version_gets_a_conflict_and_the_first_stays(cast: Cast) -> None:
    person = cast.person_member
    update_person(by=cast.admin, person=person, values={"volunteer_number": "A-1"}, version=1)
    with pytest.raises(DomainError) as err:
        update_person(
            by=cast.secretary, person=person, values={"volunteer_number": "B-2"}, version=1
        )
    assert err.value.code == "conflict"
    person.refresh_from_db()
    assert (person.volunteer_number, person.version) == ("A-1", 2)


def test_phone_is_stored_normalized(cast: Cast) -> None:
    person = update_person(
        by=cast.admin, person=cast.person_member, values={"phone": "+86 139-0000-1234"}, version=1
    )
    assert person.phone == "13900001234"


def test_bad_phone_is_refused_with_the_field_named(cast: Cast) -> None:
    with pytest.raises(DomainError) as err:
        update_person(
            by=cast.admin, person=cast.person_member, values={"phone": "12345"}, version=1
        )
    assert (err.value.code, err.value.field) == ("phone", "phone")


def test_the_change_is_audited_with_the_phone_masked(cast: Cast) -> None:
    update_person(
        by=cast.admin, person=cast.person_member, values={"phone": "13900001234"}, version=1
    )
    entry = LogEntry.objects.filter(object_pk=str(cast.person_member.pk)).latest("timestamp")
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    assert changes["phone"] == ["138****1111", "139****1234"]
    assert "13900001234" not in str(LogEntry.objects.values_list("changes", flat=True))
