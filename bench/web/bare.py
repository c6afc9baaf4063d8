"""The reference of the ratio bench: bare DRF views on the same stack, one query of work each.

``POST /bench/bare/insert/`` authenticates (the project's DRF authentication: session or
expiring token) and inserts one check-in row, with no permission check, validation or audit;
``GET /bench/bare/read/`` authenticates and reads the user's 20 latest check-ins. Served only
under ``bench.web.settings`` (the project's settings with ``bench.web.urls``), never in the
product.
"""

from __future__ import annotations

import uuid

from django.utils import timezone
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hub.volunteering.models import CheckIn


class BareInsert(APIView):
    def post(self, request: Request) -> Response:
        row = CheckIn.objects.create(
            shift_id=int(request.data["shift"]),
            person_id=request.user.person_id,
            checked_in_at=timezone.now(),
            method=CheckIn.Method.QR,
            idempotency_key=request.headers.get("Idempotency-Key") or uuid.uuid4().hex,
        )
        return Response({"id": row.pk}, status=201)


class BareRead(APIView):
    def get(self, request: Request) -> Response:
        rows = CheckIn.objects.filter(person_id=request.user.person_id).order_by("-pk")
        return Response(list(rows.values("id", "shift_id", "checked_in_at")[:20]))
