import pytest
from auditlog.models import LogEntry

from hub.conftest import Cast
from hub.people.actions import create_person

pytestmark = pytest.mark.django_db


def test_creating_a_person_is_audited_without_raw_phone_or_id(cast: Cast) -> None:
    person = create_person(
        by=cast.admin,
        values={"name": "刘洋", "phone": "13811112222", "id_number": "11010519491231002X"},
        branch=cast.branch_first,
    )
    entry = LogEntry.objects.get(
        object_pk=str(person.pk), action=LogEntry.Action.CREATE, content_type__model="person"
    )
    text = str(entry.changes)
    assert "刘洋" in text
    assert "13811112222" not in text
    assert "11010519491231002X" not in text


def test_role_grants_are_audited(cast: Cast) -> None:
    assert LogEntry.objects.filter(content_type__model="rolegrant").count() >= 9
