from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, scope_for
from hub.accounts.actions import issue_api_token, revoke_api_token
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


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class ObtainToken(ObtainAuthToken):
    """Sign in with a phone number or username and a password; answers an expiring token."""

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = issue_api_token(user=serializer.validated_data["user"])
        return Response({"token": token.key, "expires_at": token.created + settings.API_TOKEN_TTL})


obtain_token = ObtainToken.as_view()


@extend_schema(request=None, responses={204: None})
@api_view(["POST"])
def revoke_token(request: Request) -> Response:
    """Revoke the caller's API token (sign out of the API)."""
    revoke_api_token(by=acting_user(request))
    return Response(status=204)
