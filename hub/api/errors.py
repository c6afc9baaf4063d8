"""API errors: always JSON, always a message and a stable code, never a server error for input.

- Errors are rendered as JSON whatever the request's ``Accept`` (a PDF endpoint's 404 too).
- A DomainError becomes a 4xx with its message and code.
- Numbers beyond what the database stores (2⁶³ and up) and dates beyond what Python's date
  arithmetic reaches (year 1, year 9999) surface as ``OverflowError`` or ``DataError`` deep in a
  query; they are the client's input, so they become 400 ``out_of_range``.
- JSON nested deeper than the parser's recursion limit is 400 ``parse_error``
  (:class:`SafeJSONParser`).
- Outside DRF views (an unknown path under ``/api/``, a crash) :func:`api_error_view` answers
  the same JSON shape; ``config/urls.py`` routes ``handler404``/``handler500`` through
  :func:`hub.web.views.error_404` / ``error_500``, which call it for ``/api/`` paths.
"""

from __future__ import annotations

from typing import Any

from django.db import DataError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from hub.errors import DomainError

_STATUS = {"forbidden": status.HTTP_403_FORBIDDEN, "conflict": status.HTTP_409_CONFLICT}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _error_response(exc, context)
    request = context.get("request")
    if response is not None and request is not None:
        # An error is JSON whatever the client asked for (a PDF, a spreadsheet, HTML): DRF
        # renders the response with the request's negotiated renderer, so set that one.
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def _error_response(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        return Response(body, status=_STATUS.get(exc.code, status.HTTP_400_BAD_REQUEST))
    if isinstance(exc, OverflowError | DataError):
        set_rollback()
        return Response(
            {
                "detail": _("A number or a date in the request is out of range."),
                "code": "out_of_range",
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, RecursionError):
        return Response(
            {"detail": _("The request body is nested too deeply."), "code": "parse_error"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    response = drf_exception_handler(exc, context)
    if (
        response is not None
        and isinstance(response.data, dict)
        and set(response.data) == {"detail"}
    ):
        code = getattr(exc, "get_codes", lambda: None)()
        if isinstance(code, str):
            response.data["code"] = code
    return response


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, with too-deep nesting a ParseError instead of a RecursionError."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The request body is nested too deeply.")) from None


def api_error_view(request: HttpRequest, status_code: int) -> JsonResponse:
    """The JSON answer for an error raised outside a DRF view under ``/api/``."""
    messages = {
        400: (_("The request is malformed."), "bad_request"),
        403: (_("You may not do this."), "permission_denied"),
        404: (_("Not found."), "not_found"),
        500: (_("Something went wrong on the server; nothing was changed. Try again."), "error"),
    }
    detail, code = messages.get(status_code, messages[500])
    return JsonResponse({"detail": detail, "code": code}, status=status_code)
