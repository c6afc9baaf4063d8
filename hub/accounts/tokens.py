"""API tokens that expire (``settings.API_TOKEN_TTL``) and can be revoked.

A token older than the TTL is refused (401); signing in again at ``/api/v1/auth/token/``
replaces it with a fresh one (:func:`hub.accounts.actions.issue_api_token`), and
``POST /api/v1/auth/token/revoke/`` deletes it (:func:`hub.accounts.actions.revoke_api_token`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def is_expired(token: Any, *, now: dt.datetime | None = None) -> bool:
    return bool(token.created + settings.API_TOKEN_TTL <= (now or timezone.now()))


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            raise exceptions.AuthenticationFailed(_("The token has expired; sign in again."))
        return user, token
