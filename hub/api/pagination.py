"""API list pages: ``?limit=`` is capped, so one request cannot pull a whole table."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination


class CappedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 200
