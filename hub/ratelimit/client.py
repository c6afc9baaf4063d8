"""The client's address, as rate limits and access logs see it.

``settings.TRUSTED_PROXY_COUNT`` (environment ``TRUSTED_PROXY_COUNT``, default 0) is the number
of reverse proxies in front of the app servers that each append the address they saw to
``X-Forwarded-For`` (nginx: ``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for``).
With 0 the header is ignored and ``REMOTE_ADDR`` is the client. With N, the client is the
address the outermost trusted proxy saw: the (N+1)-th from the right of the chain
``X-Forwarded-For + [REMOTE_ADDR]``; entries further left were written by the client and are
never trusted. A chain shorter than that yields its leftmost entry; an entry that is not an IP
address yields ``REMOTE_ADDR``.

:class:`ClientAddressMiddleware` (first in ``MIDDLEWARE``) writes the result into
``REMOTE_ADDR`` and drops ``X-Forwarded-For``, so every reader (the sign-in limiter, reveal
logs, the audit log's ``remote_addr``) sees the same address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_DONE = "shouwang.client_address"


def client_address(request: Any) -> str:
    """The address of the client that sent ``request`` (see the module docstring)."""
    meta = getattr(request, "META", {})
    if _DONE in meta:
        return str(meta[_DONE])
    remote = str(meta.get("REMOTE_ADDR", "") or "")
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    header = str(meta.get("HTTP_X_FORWARDED_FOR", "") or "")
    if count <= 0 or not header:
        return remote
    chain = [part.strip() for part in header.split(",") if part.strip()] + [remote]
    candidate = chain[-(count + 1)] if len(chain) > count else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_address(request)
        request.META["REMOTE_ADDR"] = address
        request.META[_DONE] = address
        request.META.pop("HTTP_X_FORWARDED_FOR", None)
        return self.get_response(request)
