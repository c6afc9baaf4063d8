from hub.privacy.masking import mask_id_number, mask_name, mask_phone, mask_room


def test_mobile_is_masked_as_138_stars_1234() -> None:
    assert mask_phone("13812341234") == "138****1234"


def test_id_number_keeps_only_a_few_leading_and_trailing_characters() -> None:
    masked = mask_id_number("11010519491231002X")
    assert masked == "110*************2X"
    assert "19491231" not in masked


def test_name_keeps_the_surname() -> None:
    assert mask_name("张贝") == "张*"
    assert mask_name("欧阳娜娜") == "欧***"


def test_room_is_half_hidden() -> None:
    assert mask_room("1201") == "12**"


def test_empty_values_stay_empty() -> None:
    assert mask_phone("") == mask_id_number("") == mask_name("") == ""
