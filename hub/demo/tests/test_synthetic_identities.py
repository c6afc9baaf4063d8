"""Generated phones and ID numbers are valid, unique, fake-looking and reproducible."""

from __future__ import annotations

import datetime as dt

import pytest

from hub.demo.synthetic import FORBIDDEN_NAMES, Synthesizer
from hub.people.identity import birth_date_from_id, normalize_id_number, normalize_phone
from hub.people.models import Person

ON = dt.date(2022, 3, 28)


def identities(seed: int, count: int = 3000):
    syn = Synthesizer(seed)
    return [
        syn.identity(age_from=3, age_to=90, on=ON, areas=("310112", "310104")) for _ in range(count)
    ]


def test_generated_identities_pass_normalization_and_match_birth_date_and_gender():
    for person in identities(1):
        assert normalize_id_number(person.id_number) == person.id_number
        assert normalize_phone(person.phone) == person.phone
        assert person.phone[:3] in {"170", "171"}
        assert birth_date_from_id(person.id_number) == person.birth_date
        assert int(person.id_number[16]) % 2 == (1 if person.gender == "male" else 0)


def test_generated_phones_and_id_numbers_are_unique():
    people = identities(2)
    assert len({p.phone for p in people}) == len(people)
    assert len({p.id_number for p in people}) == len(people)


def test_generated_phones_avoid_the_demo_account_block():
    assert not any(p.phone.startswith("170000000") for p in identities(3))


def test_same_seed_gives_the_same_identities():
    assert identities(7, 200) == identities(7, 200)
    assert identities(7, 200) != identities(8, 200)


def test_real_names_from_the_seed_report_are_never_generated():
    assert not {p.name for p in identities(4, 5000)} & FORBIDDEN_NAMES


@pytest.mark.django_db
def test_every_stored_phone_and_id_number_passes_normalization(small_world):
    people = Person.objects.values_list("phone", "id_number")
    assert people
    for phone, id_number in people:
        assert normalize_id_number(id_number) == id_number
        if phone:
            assert normalize_phone(phone) == phone
