"""Identity values as people type them: phone numbers and resident ID numbers (GB 11643).

Every write path normalizes through here, so the database only ever holds one spelling.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_FULL_WIDTH = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９＋－（）Ｘｘ"}
_FULL_WIDTH[0x3000] = ord(" ")

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Landlines: area code 0xx/0xxx + 7–8 digits (office duty phones, residents' committees).
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def to_half_width(value: str) -> str:
    """Full-width digits, signs and the ideographic space become their ASCII forms."""
    return value.translate(_FULL_WIDTH)


def normalize_phone(value: str) -> str:
    """Return the canonical digits of a mainland mobile or landline number.

    Accepts spaces, dashes, brackets, full-width digits and a +86/0086 prefix. Raises
    ValidationError (code ``phone``) with a bilingual message when the number is not valid.
    """
    raw = to_half_width(str(value)).strip()
    digits = re.sub(r"[\s\-()]", "", raw)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    raise ValidationError(
        _("“%(value)s” is not a valid phone number (11-digit mobile or landline with area code).")
        % {"value": value},
        code="phone",
    )


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID number."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def normalize_id_number(value: str) -> str:
    """Return an 18-character resident ID number, upper-case X, after checking it.

    Checks the shape, the birth date it encodes and the GB 11643 check digit. Raises
    ValidationError (code ``id_number``) with the reason.
    """
    raw = to_half_width(str(value)).strip().replace(" ", "").upper()
    if not re.fullmatch(r"\d{17}[\dX]", raw):
        raise ValidationError(
            _("ID number must be 18 characters: 17 digits and a digit or X."), code="id_number"
        )
    try:
        dt.date(int(raw[6:10]), int(raw[10:12]), int(raw[12:14]))
    except ValueError:
        raise ValidationError(
            _("ID number contains an impossible birth date."), code="id_number"
        ) from None
    if id_check_digit(raw[:17]) != raw[17]:
        raise ValidationError(
            _("ID number check digit is wrong (GB 11643); please check for a typo."),
            code="id_number",
        )
    return raw


def birth_date_from_id(id_number: str) -> dt.date:
    """The birth date encoded in a valid 18-character ID number."""
    return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
