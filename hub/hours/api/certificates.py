"""Certificate endpoints: list (own or the issuer's), retrieve, request (create), PDF download."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, get_visible
from hub.api.base import ScopedViewSetMixin
from hub.hours.actions.certificates import request_certificate
from hub.hours.certificate_pdf import render_certificates, verify_path
from hub.hours.models import Certificate
from hub.hours.views.certificates import pdf_response
from hub.people.models import Organization, Person

urlpatterns: list = []


class PDFRenderer(BaseRenderer):
    """Lets clients ask for ``Accept: application/pdf``; errors still come out as JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None
    ) -> Any:
        if isinstance(data, bytes):
            return data
        return JSONRenderer().render(data)


class CertificateSerializer(serializers.ModelSerializer):
    verify_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "person",
            "issuer",
            "period_start",
            "period_end",
            "hours",
            "content",
            "person_name",
            "id_type",
            "id_number_masked",
            "issuer_name",
            "person_in_charge",
            "handler_name",
            "contact",
            "issued_on",
            "verify_url",
        ]
        read_only_fields = fields

    def get_verify_url(self, obj: Certificate) -> str:
        request = self.context.get("request")
        path = verify_path(obj)
        return request.build_absolute_uri(path) if request is not None else path


class CertificateRequestSerializer(serializers.Serializer):
    person = serializers.IntegerField(
        required=False, help_text="Defaults to the signed-in user's own person."
    )
    issuer = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()


class CertificateViewSet(
    ScopedViewSetMixin[Certificate],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Certificates the user may see: their own, and those their organization issued."""

    base_queryset = Certificate.objects.order_by("-issued_on", "-id")
    serializer_class = CertificateSerializer

    @extend_schema(request=CertificateRequestSerializer, responses={201: CertificateSerializer})
    def create(self, request: Request) -> Response:
        """Request (issue) a certificate; the same door as the pages, onto one action."""
        data = CertificateRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = acting_user(request)
        values: dict[str, Any] = dict(data.validated_data)
        if values.get("person") is None:
            if user.person_id is None:
                raise Http404(_("Not found."))
            person = Person.objects.get(pk=user.person_id)
        else:
            person = get_visible(user, Person.objects.all(), pk=values["person"])
        issuer = Organization.objects.filter(pk=values["issuer"]).first()
        if issuer is None:
            raise Http404(_("Not found."))
        certificate = request_certificate(
            by=user, person=person, issuer=issuer, start=values["start"], end=values["end"]
        )
        body = CertificateSerializer(certificate, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    @action(detail=True, methods=["get"], renderer_classes=[JSONRenderer, PDFRenderer])
    def pdf(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The certificate as an A4 PDF."""
        certificate = self.get_object()
        pdf = render_certificates([certificate], base_url=request.build_absolute_uri("/"))
        return pdf_response(pdf, f"{certificate.number}.pdf")


def register(router: Any) -> None:
    """Register this module's viewsets on the shared router."""
    router.register("certificates", CertificateViewSet, basename="certificate")
