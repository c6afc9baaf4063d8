from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, scope_for
from hub.privacy.masking import mask_phone


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    phone = serializers.CharField()
    person = serializers.IntegerField(allow_null=True)
    roles = serializers.ListField(child=serializers.CharField())
    organizations = serializers.ListField(child=serializers.IntegerField())


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request: Request) -> Response:
    """Who is signed in, with their roles and organizations."""
    user = acting_user(request)
    scope = scope_for(user)
    return Response(
        {
            "id": user.pk,
            "username": user.username,
            "phone": mask_phone(user.phone or ""),
            "person": user.person_id,
            "roles": sorted(scope.roles),
            "organizations": sorted(scope.org_ids),
        }
    )
