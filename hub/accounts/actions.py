"""Creating accounts and API tokens. Roles are granted with ``hub.people.actions.grant_role``."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from hub.accounts.models import User
from hub.errors import DomainError
from hub.people.identity import normalize_phone
from hub.people.models import Person


@transaction.atomic
def create_account(
    *,
    by: User | None,
    username: str,
    phone: str | None = None,
    password: str | None = None,
    password_hash: str | None = None,
    person: Person | None = None,
    first_name: str = "",
    is_superuser: bool = False,
) -> User:
    """Create a login. ``by=None`` is the system (seed, commands); only a superuser may create
    superusers. The phone is normalized and unique; a password or a ready hash is required.

    Raises DomainError (forbidden, phone, duplicate, password_required).
    """
    if by is not None and not by.is_superuser:
        raise DomainError(
            _("Only a platform administrator may create accounts here."), code="forbidden"
        )
    if not password and not password_hash:
        raise DomainError(_("A password is required."), code="password_required")
    try:
        normalized = normalize_phone(phone) if phone else None
    except ValidationError as exc:
        raise DomainError(exc.messages[0], code="phone", field="phone") from None
    user = User(
        username=username.strip(),
        phone=normalized,
        person=person,
        first_name=first_name,
        is_staff=is_superuser,
        is_superuser=is_superuser,
    )
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise DomainError(
            _("An account with this username or phone already exists."), code="duplicate"
        ) from None
    return user


@transaction.atomic
def issue_api_token(*, user: User, now: dt.datetime | None = None) -> Token:
    """The user's API token after a successful sign-in: the current one, or a new one when
    there is none or it has expired (``settings.API_TOKEN_TTL``)."""
    from hub.accounts.tokens import is_expired

    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and is_expired(token, now=now):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    return token


@transaction.atomic
def revoke_api_token(*, by: User) -> int:
    """Delete ``by``'s API token (signing out of the API); returns how many were deleted."""
    deleted, _detail = Token.objects.filter(user=by).delete()
    return deleted
