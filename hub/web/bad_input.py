"""Out-of-range input that slipped past a form is the client's error (400), not the server's.

A number of 2⁶³ or more, or a date so early or late that date arithmetic overflows, raises
``OverflowError`` (SQLite, Python dates) or ``DataError`` (PostgreSQL) deep in a query. The
transaction it happened in has already rolled back when the exception reaches this middleware,
so nothing was written; the client gets the product's 400 page (JSON under ``/api/``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DataError
from django.http import HttpRequest, HttpResponse


class BadInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OverflowError | DataError | RecursionError):
            return None
        from hub.web.views import error_400

        return error_400(request, exception)
