import datetime as dt

import pytest

from hub.conftest import Cast
from hub.errors import DomainError
from hub.people.actions import create_person
from hub.people.models import Person

pytestmark = pytest.mark.django_db


def test_a_person_must_enter_through_a_branch_or_a_household(cast: Cast) -> None:
    with pytest.raises(DomainError) as err:
        create_person(by=cast.admin, values={"name": "无处"})
    assert err.value.code == "no_scope"


def test_birth_date_is_taken_from_the_id_number(cast: Cast) -> None:
    person = create_person(
        by=cast.admin,
        values={"name": "周敏", "id_number": "11010519491231002X"},
        branch=cast.branch_first,
    )
    assert person.birth_date.isoformat() == "1949-12-31"


def test_a_birth_date_after_the_callers_day_is_refused_and_nothing_is_written(cast: Cast) -> None:
    values = {"name": "未来", "birth_date": dt.date(2022, 4, 11)}
    before = dt.datetime(2022, 4, 10, 12, 0, tzinfo=dt.UTC)
    count = Person.objects.count()
    with pytest.raises(DomainError) as err:
        create_person(by=cast.admin, values=values, branch=cast.branch_first, now=before)
    assert (err.value.code, err.value.field) == ("birth_date", "birth_date")
    assert Person.objects.count() == count
    after = before + dt.timedelta(days=2)
    person = create_person(by=cast.admin, values=values, branch=cast.branch_first, now=after)
    assert person.birth_date == dt.date(2022, 4, 11)


def test_the_same_id_number_twice_is_refused(cast: Cast) -> None:
    with pytest.raises(DomainError) as err:
        create_person(
            by=cast.admin,
            values={"name": "重复", "id_number": cast.person_member.id_number},
            branch=cast.branch_first,
        )
    assert err.value.code == "duplicate_id"


def test_secretary_cannot_add_to_another_branch(cast: Cast) -> None:
    count = Person.objects.count()
    with pytest.raises(DomainError) as err:
        create_person(by=cast.secretary, values={"name": "越权"}, branch=cast.branch_youth)
    assert err.value.code == "forbidden"
    assert Person.objects.count() == count
