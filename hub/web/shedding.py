"""Load shedding: at most ``SHED_MAX_IN_FLIGHT`` requests inside Django per process.

A spike should slow nobody down for long and crash nothing. Each server process admits at most
``SHED_MAX_IN_FLIGHT`` requests at once (environment, default 0 = off); a request that finds no
free slot within ``SHED_WAIT_MS`` (default 100 ms) is answered at once with 503 and
``Retry-After: SHED_RETRY_AFTER`` (default 1 s), before sessions, authentication or any query.
The API gets JSON ``{"detail", "code": "overloaded"}``; pages a short text. ``/healthz`` is
never shed (a load balancer must still see the server alive).

It only sheds if the server hands Django more concurrent requests than the limit: run gunicorn
with threads (``--threads`` above the limit; ``scripts/serve`` does), so the surplus threads answer
503 quickly instead of queueing connections in the kernel (docs/operations.md, "Load shedding").
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

NEVER_SHED = ("/healthz",)


class LoadSheddingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        limit = int(getattr(settings, "SHED_MAX_IN_FLIGHT", 0) or 0)
        if limit <= 0:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.limit = limit
        self.slots = threading.BoundedSemaphore(limit)
        self.wait = max(0.0, float(getattr(settings, "SHED_WAIT_MS", 100)) / 1000)
        self.retry_after = max(1, int(getattr(settings, "SHED_RETRY_AFTER", 1)))
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path in NEVER_SHED:
            return self.get_response(request)
        got = self.slots.acquire(timeout=self.wait) if self.wait else self.slots.acquire(False)
        if not got:
            return self.busy(request)
        try:
            return self.get_response(request)
        finally:
            self.slots.release()

    def busy(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        with translation.override(language):
            detail = _("The service is busy. Please try again in a moment.")
        if request.path.startswith("/api/"):
            body = json.dumps({"detail": detail, "code": "overloaded"}, ensure_ascii=False)
            response = HttpResponse(body, status=503, content_type="application/json")
        else:
            response = HttpResponse(detail, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(self.retry_after)
        response["Cache-Control"] = "no-store"
        response["Content-Language"] = language
        return response
