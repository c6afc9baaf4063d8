"""One limiter for every door that checks a password: the sign-in page, the admin's sign-in
and the API token endpoint.

All three reach :class:`hub.accounts.backends.PhoneOrUsernameBackend`, which calls
:func:`reserve` before it checks a password and :func:`release` when the password was right,
so only failures are charged. Two buckets are charged per attempt:

- the account: the user the login names when there is one (so ``+86 139-1234-5678``, the
  full-width spelling and the username are one bucket), else the normalized login
  (``hub.people.identity.normalize_phone`` when it is a phone number); the key is hashed, so
  the bucket table holds no phone numbers;
- the client address (:func:`hub.ratelimit.client.client_address`).

Reserving before the check (instead of charging after it) means concurrent guesses cannot
slip past an almost-empty bucket. A refused attempt marks the request; the middleware
:class:`hub.accounts.middleware.LoginThrottleMiddleware` turns it into 429 with
``Retry-After`` (JSON under ``/api/``, the sign-in page elsewhere).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from hub.people.identity import normalize_phone, to_half_width
from hub.ratelimit.buckets import Verdict, give_back, take
from hub.ratelimit.client import client_address

MARK = "_login_throttled"


def account_key(login: str, user: Any = None) -> str:
    """The bucket key of an account: one per user, whatever spelling of the login was typed."""
    if user is not None and getattr(user, "pk", None) is not None:
        ident = f"user:{user.pk}"
    else:
        text = to_half_width(str(login)).strip().lower()[:150]
        try:
            ident = f"phone:{normalize_phone(text)}"
        except ValidationError:
            ident = f"name:{text}"
    return "auth:account:" + hashlib.sha256(ident.encode()).hexdigest()[:40]


def _buckets(request: Any, login: str, user: Any) -> list[tuple[str, int, int]]:
    account_capacity, account_window = settings.LOGIN_RATE_PER_ACCOUNT
    buckets = [(account_key(login, user), account_capacity, account_window)]
    if request is not None:
        ip_capacity, ip_window = settings.LOGIN_RATE_PER_IP
        buckets.append((f"auth:ip:{client_address(request)[:100]}", ip_capacity, ip_window))
    return buckets


def reserve(request: Any, login: str, user: Any = None) -> Verdict:
    """Take a token from each bucket of this attempt; refuse (taking none) if any is empty."""
    taken: list[tuple[str, int]] = []
    for key, capacity, window in _buckets(request, login, user):
        verdict = take(key, capacity=capacity, per_seconds=window)
        if not verdict.allowed:
            for done_key, done_capacity in taken:
                give_back(done_key, capacity=done_capacity)
            if request is not None:
                setattr(getattr(request, "_request", request), MARK, verdict)
            return verdict
        taken.append((key, capacity))
    return Verdict(True)


def release(request: Any, login: str, user: Any = None) -> None:
    """The password was right: give back the tokens this attempt took."""
    for key, capacity, _window in _buckets(request, login, user):
        give_back(key, capacity=capacity)


def refused(request: Any) -> Verdict | None:
    """The verdict of a throttled sign-in attempt made while handling ``request``, if any."""
    return getattr(request, MARK, None)
