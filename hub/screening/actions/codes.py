"""Personal screening codes: issue, and read a scanned code back to its resident.

A code's QR text is ``SW1:`` + a value signed with the site's key (``django.core.signing``) that
holds only a random token and the issue date — no name, phone or room. Re-issuing a code replaces
its token, so the old QR reads as unknown. A code expires ``SCREENING_CODE_DAYS`` (default 30)
after it was issued.

Codes are issued only here, by POST doors: the resident issues their own (the my-code page), a
coordinator issues one resident's (the relative-code page) or every missing code of a compound or
building at once (``issue_missing_codes``, from the round page). Pages that show or print a code
only read it (``hub.screening.queries.code_of``) and say when none has been issued.

Invariant: at most one code per resident (a one-to-one row).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from hub.access import get_changeable
from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.models import Person
from hub.places.models import Building, Compound
from hub.screening.models import ScreeningCode

PREFIX = "SW1:"
SALT = "shouwang.screening.code"


def code_days() -> int:
    return int(getattr(settings, "SCREENING_CODE_DAYS", 30))


def qr_text(code: ScreeningCode) -> str:
    """What the QR of ``code`` says."""
    day = code.issued_at.date().toordinal()
    return PREFIX + signing.dumps([code.token.hex, day], salt=SALT, compress=False)


@transaction.atomic
def issue_code(*, by: User | None, person: Person, now: dt.datetime) -> ScreeningCode:
    """Issue (or re-issue, replacing the old token) ``person``'s screening code.

    The resident themself, their coordinator or organization admin may issue it.
    """
    if by is not None and by.person_id != person.pk:
        get_changeable(by, Person.objects.all(), pk=person.pk)
    code, created = ScreeningCode.objects.get_or_create(person=person, defaults={"issued_at": now})
    if not created:
        code.token = uuid.uuid4()
        code.issued_at = now
        code.save(update_fields=["token", "issued_at"])
    return code


@transaction.atomic
def ensure_code(*, person: Person, now: dt.datetime) -> ScreeningCode:
    """The resident's code, issued now if they have none (a write: the demo and tests use it;
    pages never call it)."""
    code = ScreeningCode.objects.filter(person=person).first()
    return code or issue_code(by=None, person=person, now=now)


@transaction.atomic
def issue_missing_codes(
    *,
    by: User | None,
    compound: Compound,
    building: Building | None = None,
    now: dt.datetime,
) -> int:
    """Issue a code to every registered resident of ``compound`` (or one building) who has none.

    Existing codes are kept (nobody's printed code stops working). Returns how many were issued.
    Raises DomainError: forbidden (the compound's coordinators and admins only), scope_elsewhere.
    """
    if by is not None:
        get_changeable(by, Compound.objects.all(), pk=compound.pk)
    if building is not None and building.compound_id != compound.pk:
        raise DomainError(_("That building is in another compound."), code="scope_elsewhere")
    people = Person.objects.filter(
        household__building__compound=compound, screening_code__isnull=True
    )
    if building is not None:
        people = people.filter(household__building=building)
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    ScreeningCode.objects.bulk_create(
        [ScreeningCode(person_id=pk, issued_at=now) for pk in ids],
        batch_size=1000,
        ignore_conflicts=True,
    )
    return len(ids)


def is_expired(code: ScreeningCode, *, now: dt.datetime) -> bool:
    """Whether ``code`` is past its validity (the scan refuses it with ``code_expired``)."""
    return (now.date() - code.issued_at.date()).days > code_days()


def read_code(text: str, *, now: dt.datetime) -> ScreeningCode:
    """The code a scanned text stands for. A read: changes nothing.

    Raises DomainError: code_wrong (not a screening code), code_forged (signature does not match),
    code_expired, code_unknown (replaced or never issued).
    """
    text = (text or "").strip()
    if not text.startswith(PREFIX):
        raise DomainError(
            _("This is not a screening code. Scan the resident's 筛查码."), code="code_wrong"
        )
    try:
        token_hex, day = signing.loads(text[len(PREFIX) :], salt=SALT)
        token = uuid.UUID(hex=str(token_hex))
        issued = dt.date.fromordinal(int(day))
    except (signing.BadSignature, ValueError, TypeError):
        raise DomainError(
            _("This code is forged or damaged: it was not issued by Shouwang."), code="code_forged"
        ) from None
    if (now.date() - issued).days > code_days():  # the signed date, not the row's
        raise DomainError(
            _("This code has expired: ask the resident to open a fresh one."), code="code_expired"
        )
    code = (
        ScreeningCode.objects.select_related("person__household__building")
        .filter(token=token)
        .first()
    )
    if code is None:
        raise DomainError(
            _("This code has been replaced: ask the resident for the current one."),
            code="code_unknown",
        )
    return code
