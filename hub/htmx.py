"""htmx requests, one way: ``request.htmx`` (django-htmx's middleware), and ``Vary: HX-Request``.

A view that answers an htmx request with a fragment and a plain one with a page or redirect is
typed with :class:`HtmxHttpRequest` and decorated with :data:`vary_on_htmx`, so that no cache
between the browser and the server hands one answer to the other kind of request.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request as the htmx middleware leaves it (for type checkers)."""

    htmx: HtmxDetails


vary_on_htmx = vary_on_headers("HX-Request")
