"""Rows built once and shared by many tests, each test rolled back to them.

Building the shared cast through the real actions costs more than most tests that use it, and the
access matrix and the demo tests build bigger worlds still. A *layer* is such a world: it is built
the first time a test asks for it, inside an atomic block left open on the test connection, and
every test that asks for it then runs in its own savepoint inside that block (pytest-django's usual
per-test transaction simply nests). When the next test needs other layers, or none, the block is
rolled back, so a test that asks for no layer sees the same empty database as before.

Invariants:

- A test sees a layer's rows only if it requested the layer's fixture (directly or through another
  fixture); a test that asks for nothing sees only what the migrations wrote.
- Writes a test makes are rolled back after it, as before; a layer's rows are never committed.
- Transactional tests (``transaction=True``, ``transactional_db``, ``live_server``) see no open
  layer: their threads need committed rows, so their fixtures build the rows themselves, as before,
  and pytest-django's flush after them cannot meet an open layer.
- Layers open in registration order, a layer above the ones it needs (``parent``); switching closes
  the layers the next test does not share, innermost first.

The ordering hook in ``hub/conftest.py`` runs the tests that share a layer one after the other, so
each process (each pytest-xdist worker has its own database) builds each layer about once.
Fixtures hand tests fresh objects re-read by primary key, so an in-memory change in one test never
reaches the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.test.utils import override_settings
from django.utils import translation

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass(frozen=True)
class Layer:
    name: str
    fixture: str  # a test that requests this fixture gets the layer
    build: Callable[[dict[str, Any]], Any]  # built values of the layers below → this layer's value
    parent: str | None = None


_LAYERS: dict[str, Layer] = {}


def register(
    name: str, *, fixture: str, build: Callable[[dict[str, Any]], Any], parent: str | None = None
) -> None:
    """Declare a layer; ``build`` receives the values of the layers below it, by name."""
    if parent is not None and parent not in _LAYERS:
        raise ValueError(f"layer {name!r}: register its parent {parent!r} first")
    _LAYERS[name] = Layer(name=name, fixture=fixture, build=build, parent=parent)


def wanted(fixturenames: Iterable[str]) -> tuple[str, ...]:
    """The layers a test with these fixtures needs, parents included, in opening order."""
    names = set(fixturenames)
    needed: set[str] = set()
    for layer in _LAYERS.values():
        if layer.fixture in names:
            current: Layer | None = layer
            while current is not None:
                needed.add(current.name)
                current = _LAYERS[current.parent] if current.parent else None
    return tuple(name for name in _LAYERS if name in needed)


def order_key(fixturenames: Iterable[str]) -> tuple[int, ...]:
    """Sorts tests so that those sharing layers are neighbours (no layer first)."""
    positions = {name: i for i, name in enumerate(_LAYERS)}
    return tuple(positions[name] for name in wanted(fixturenames))


class Stack:
    """The layers open on the default connection, outermost first."""

    def __init__(self) -> None:
        self._open: list[tuple[str, Any, Any]] = []  # (name, atomic block, built value)
        self.builds: dict[str, int] = {}  # how often each layer was built (for the summary)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _block, _value in self._open)

    def value(self, name: str) -> Any | None:
        """The built value of an open layer, or None when it is not open."""
        for open_name, _block, value in self._open:
            if open_name == name:
                return value
        return None

    def switch(self, names: tuple[str, ...]) -> None:
        """Leave exactly ``names`` open (a prefix in common is kept, the rest rolled back)."""
        if self._open and not transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
            # Something closed the connection under the layers (starting a live server does, and
            # so does a transactional test's teardown): their rows, never committed, went with it.
            self._open.clear()
        keep = 0
        while keep < min(len(names), len(self._open)) and self._open[keep][0] == names[keep]:
            keep += 1
        while len(self._open) > keep:
            self._close_innermost()
        for name in names[keep:]:
            self._open_layer(_LAYERS[name])

    def close(self) -> None:
        if self._open and not transaction.get_connection(DEFAULT_DB_ALIAS).in_atomic_block:
            self._open.clear()
        while self._open:
            self._close_innermost()

    def _open_layer(self, layer: Layer) -> None:
        block = transaction.atomic(using=DEFAULT_DB_ALIAS)
        block.__enter__()
        try:
            below = {name: value for name, _block, value in self._open}
            # The way a test's fixtures would build it: English, cheap password hashes.
            with translation.override("en"), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
                value = layer.build(below)
        except BaseException:
            transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
            block.__exit__(None, None, None)
            raise
        self._open.append((layer.name, block, value))
        self.builds[layer.name] = self.builds.get(layer.name, 0) + 1

    def _close_innermost(self) -> None:
        _name, block, _value = self._open.pop()
        transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
        block.__exit__(None, None, None)


def uses_db(item: Any) -> bool:
    """Whether a test (a pytest item or a fixture request's node) reaches the database."""
    names = set(getattr(item, "fixturenames", ()))
    return bool(
        item.get_closest_marker("django_db") is not None
        or names & {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
    )


def is_transactional(item: Any) -> bool:
    """Whether pytest-django runs this test outside a transaction (then it flushes afterwards)."""
    names = set(getattr(item, "fixturenames", ()))
    if names & {"transactional_db", "live_server", "django_db_reset_sequences"}:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    args = dict(zip(("transaction", "reset_sequences"), marker.args, strict=False))
    args.update(marker.kwargs)
    return bool(args.get("transaction") or args.get("reset_sequences"))


def refetch(obj: Any) -> Any:
    """The same row as a new object, read again (None stays None)."""
    if obj is None:
        return None
    if isinstance(obj, tuple):  # a matrix target made of several rows (campaign, household)
        return tuple(refetch(part) for part in obj)
    return type(obj)._default_manager.get(pk=obj.pk)
