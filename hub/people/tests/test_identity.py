import pytest
from django.core.exceptions import ValidationError

from hub.people.identity import id_check_digit, normalize_id_number, normalize_phone, to_half_width


@pytest.mark.parametrize(
    "raw",
    [
        "13812341234",
        "138 1234 1234",
        "138-1234-1234",
        "+86 138 1234 1234",
        "0086-13812341234",
        "１３８１２３４１２３４",
    ],
)
def test_mobile_numbers_in_common_spellings_normalize_to_eleven_digits(raw: str) -> None:
    assert normalize_phone(raw) == "13812341234"


def test_landline_with_area_code_is_accepted() -> None:
    assert normalize_phone("021-6234 5678") == "02162345678"


@pytest.mark.parametrize("raw", ["1381234123", "12812341234", "abc", "", "138123412345"])
def test_invalid_phone_is_refused_with_a_phone_code(raw: str) -> None:
    with pytest.raises(ValidationError) as err:
        normalize_phone(raw)
    assert err.value.code == "phone"


def test_check_digit_follows_gb_11643() -> None:
    # The standard's worked example: 11010519491231002X.
    assert id_check_digit("11010519491231002") == "X"
    assert normalize_id_number("11010519491231002x") == "11010519491231002X"


def test_id_number_with_wrong_check_digit_is_refused_with_the_reason() -> None:
    with pytest.raises(ValidationError) as err:
        normalize_id_number("110105194912310021")
    assert err.value.code == "id_number"
    assert "check digit" in err.value.messages[0]


def test_id_number_with_impossible_birth_date_is_refused() -> None:
    first17 = "31011219990231123"
    with pytest.raises(ValidationError) as err:
        normalize_id_number(first17 + id_check_digit(first17))
    assert "birth date" in err.value.messages[0]


def test_full_width_digits_become_ascii() -> None:
    assert to_half_width("３号楼１２０１") == "3号楼1201"
