"""The demo world at a tenth of its size: every cast member, a few buildings of each compound."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from hub.testing import shared_rows


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


# Seeded once per process; each test that asks for it runs in its own transaction inside it, so
# a test may reset, reseed or break the world without the next one noticing.
shared_rows.register("demo_small_world", fixture="small_world", build=lambda _below: _seed_small())


def _seed_small() -> str:
    return seed("--scale", "0.1")


@pytest.fixture
def small_world(db, _shared_rows) -> str:
    """The seed report of the tenth-size world, which is in the database."""
    output = _shared_rows.value("demo_small_world")
    return output if output is not None else _seed_small()
