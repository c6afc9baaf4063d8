import pytest

from hub.conftest import Cast
from hub.places.actions import add_building, add_household
from hub.places.ordering import natural_key
from hub.places.queries import list_buildings


def test_building_three_sorts_before_building_twelve() -> None:
    labels = ["12号楼", "3号楼", "1号楼", "20号楼"]
    assert sorted(labels, key=natural_key) == ["1号楼", "3号楼", "12号楼", "20号楼"]


def test_room_302_sorts_before_room_1201() -> None:
    assert sorted(["1201", "302", "2001", "101"], key=natural_key) == ["101", "302", "1201", "2001"]


@pytest.mark.django_db
def test_buildings_list_in_natural_order(cast: Cast) -> None:
    for name in ["12号楼", "3号楼"]:
        add_building(by=None, compound=cast.compound_own, name=name)
    names = [b.name for b in list_buildings(cast.rc_admin, cast.compound_own)]
    assert names == ["1号楼", "2号楼", "3号楼", "12号楼"]


@pytest.mark.django_db
def test_adding_the_same_room_twice_keeps_one_household(cast: Cast) -> None:
    first = add_household(by=None, building=cast.building_own, room="1201")
    again = add_household(by=None, building=cast.building_own, room=" 1201 ")
    assert first.pk == again.pk
