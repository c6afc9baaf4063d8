"""Natural ordering of building and room labels, as residents read them."""

from __future__ import annotations

import re

from hub.people.identity import to_half_width


def natural_key(label: str) -> str:
    """A sort key that orders "3号楼" before "12号楼" and "302" before "1201".

    Runs of digits are zero-padded to 8 places; the rest is kept as is.
    """
    text = to_half_width(label).strip()
    return re.sub(r"\d+", lambda m: m.group(0).zfill(8), text)[:120]
