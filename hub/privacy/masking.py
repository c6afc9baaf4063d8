"""Server-side masks for personal data (docs/domain.md §5): the default view of every value."""

from __future__ import annotations


def mask_phone(phone: str) -> str:
    """``13812341234`` → ``138****1234``; landlines keep their area code and last 4 digits."""
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_id_number(id_number: str) -> str:
    """Keep the first 3 and last 2 characters: ``310***********123X`` style."""
    if not id_number:
        return ""
    if len(id_number) <= 5:
        return "*" * len(id_number)
    return id_number[:3] + "*" * (len(id_number) - 5) + id_number[-2:]


def mask_name(name: str) -> str:
    """``张贝`` → ``张*``; ``欧阳娜娜`` → ``欧***``; a Latin name keeps its first letter."""
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_room(room: str) -> str:
    """A room number is whereabouts: ``1201`` → ``12**``."""
    if not room:
        return ""
    keep = max(1, len(room) // 2)
    return room[:keep] + "*" * (len(room) - keep)
