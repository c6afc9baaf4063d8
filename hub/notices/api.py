"""Notice endpoints: thin doors onto hub.notices.queries and hub.notices.actions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from hub.access import acting_user, get_visible, scope_for
from hub.accounts.models import Role
from hub.api.base import ScopedViewSetMixin
from hub.notices import queries
from hub.notices.actions import (
    acknowledge_notice,
    create_notice,
    publish_notice,
    remind_unacknowledged,
    reply_to_notice,
)
from hub.notices.models import Notice, NoticeAttachment, NoticeRecipient
from hub.people.models import Branch, Organization

urlpatterns: list = []


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = NoticeAttachment
        fields = ["id", "filename", "content_type", "size", "url"]

    def get_url(self, obj: NoticeAttachment) -> str:
        return reverse("notices:attachment-download", kwargs={"attachment_id": obj.pk})


class MyCopySerializer(serializers.ModelSerializer):
    class Meta:
        model = NoticeRecipient
        fields = ["acknowledged_at", "reply", "replied_at"]


class NoticeSerializer(serializers.ModelSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)
    audience: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    my_copy = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = [
            "id",
            "organization",
            "sender_branch",
            "title",
            "body",
            "audience",
            "reply_prompt",
            "status",
            "published_at",
            "created_at",
            "attachments",
            "my_copy",
        ]
        read_only_fields = fields

    @extend_schema(responses=MyCopySerializer(allow_null=True))  # type: ignore[misc]
    def get_my_copy(self, obj: Notice) -> dict[str, Any] | None:
        """The requesting member's own copy (null when the notice was not sent to them)."""
        mine = getattr(obj, "my_copies", None)
        return MyCopySerializer(mine[0]).data if mine else None


class NoticeCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    audience = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    sender_branch = serializers.IntegerField(required=False, allow_null=True)
    reply_prompt = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ReplySerializer(serializers.Serializer):
    reply = serializers.CharField(max_length=500, allow_blank=True)


class RemindSerializer(serializers.Serializer):
    branch = serializers.IntegerField(required=False, allow_null=True)


class RemindedSerializer(serializers.Serializer):
    reminded = serializers.IntegerField()


class BranchTallySerializer(serializers.Serializer):
    branch = serializers.IntegerField(source="branch_id", allow_null=True)
    name = serializers.CharField()
    total = serializers.IntegerField()
    acknowledged = serializers.IntegerField()
    waiting = serializers.IntegerField()
    replied = serializers.IntegerField()
    acknowledged_names = serializers.ListField(child=serializers.CharField())
    waiting_names = serializers.ListField(child=serializers.CharField())


class ReplyLineSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    reply = serializers.CharField()
    replied_at = serializers.DateTimeField()


class TallySerializer(serializers.Serializer):
    total = serializers.IntegerField()
    acknowledged = serializers.IntegerField()
    waiting = serializers.IntegerField()
    replied = serializers.IntegerField()
    branches = BranchTallySerializer(many=True)
    replies = ReplyLineSerializer(many=True)


class NoticeViewSet(
    ScopedViewSetMixin[Notice],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Notices the user sends, reads (office staff) or received; members' names are masked."""

    base_queryset = Notice.objects.select_related("organization", "sender_branch")
    serializer_class = NoticeSerializer

    def get_queryset(self) -> QuerySet[Notice]:
        person_id = scope_for(self.request.user).person_id
        mine = NoticeRecipient.objects.filter(person_id=person_id) if person_id else None
        prefetches: list[Any] = [
            Prefetch("attachments", queryset=NoticeAttachment.objects.defer("content")),
            "audience",
        ]
        if mine is not None:
            prefetches.append(Prefetch("recipients", queryset=mine, to_attr="my_copies"))
        return super().get_queryset().prefetch_related(*prefetches).order_by("-created_at", "-id")

    def get_object(self) -> Notice:
        return get_visible(self.request.user, self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(request=NoticeCreateSerializer, responses={201: NoticeSerializer})
    def create(self, request: Request) -> Response:
        """Write a draft notice; publish it with the publish action."""
        data = NoticeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        scope = scope_for(request.user)
        senders = scope.orgs_with(Role.ORG_ADMIN, Role.BRANCH_SECRETARY)
        # The same 403 for another organization's id and a missing one: nothing leaks.
        if not (scope.is_superuser or values["organization"] in senders):
            raise PermissionDenied(_("You may not send notices for this organization."))
        organization = get_visible(
            request.user, Organization.objects.all(), pk=values["organization"]
        )
        branches = Branch.objects.filter(organization=organization)
        audience = [get_visible(request.user, branches, pk=bid) for bid in values["audience"]]
        sender = values.get("sender_branch")
        notice = create_notice(
            by=acting_user(request),
            organization=organization,
            title=values["title"],
            body=values["body"],
            audience=audience,
            sender_branch=get_visible(request.user, branches, pk=sender) if sender else None,
            reply_prompt=values.get("reply_prompt", ""),
        )
        return Response(
            NoticeSerializer(self.get_object_by_pk(notice.pk)).data, status=status.HTTP_201_CREATED
        )

    def get_object_by_pk(self, pk: int) -> Notice:
        return get_visible(self.request.user, self.get_queryset(), pk=pk)

    @extend_schema(request=None, responses={200: NoticeSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Send the draft: one copy per member of the audience and its sub-branches."""
        notice = self.get_changeable_object()
        publish_notice(by=acting_user(request), notice=notice)
        return Response(NoticeSerializer(self.get_object()).data)

    @extend_schema(request=None, responses={200: MyCopySerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        """收到: the member received the notice (idempotent; the first time stays)."""
        notice, _copy = queries.get_my_copy_for(request.user, pk)
        copy = acknowledge_notice(by=acting_user(request), notice=notice)
        return Response(MyCopySerializer(copy).data)

    @extend_schema(request=ReplySerializer, responses={200: MyCopySerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str | None = None) -> Response:
        """Add or change the member's line on the reply list (接龙); replying acknowledges."""
        notice, _copy = queries.get_my_copy_for(request.user, pk)
        data = ReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        copy = reply_to_notice(
            by=acting_user(request), notice=notice, reply=data.validated_data["reply"]
        )
        return Response(MyCopySerializer(copy).data)

    @extend_schema(request=RemindSerializer, responses={200: RemindedSerializer})
    @action(detail=True, methods=["post"])
    def remind(self, request: Request, pk: str | None = None) -> Response:
        """Remind members who have not acknowledged (at most once per 6 hours each)."""
        notice = self.get_changeable_object()
        data = RemindSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        branch_id = data.validated_data.get("branch")
        branch = (
            get_visible(request.user, Branch.objects.all(), pk=branch_id) if branch_id else None
        )
        count = remind_unacknowledged(by=acting_user(request), notice=notice, branch=branch)
        return Response({"reminded": count})

    @extend_schema(responses={200: TallySerializer})
    @action(detail=True, methods=["get"])
    def recipients(self, request: Request, pk: str | None = None) -> Response:
        """Who has and has not acknowledged, per branch, and the numbered reply list."""
        notice = queries.get_managed_notice_for(request.user, pk)
        return Response(TallySerializer(queries.notice_tally(request.user, notice)).data)


def register(router: Any) -> None:
    """Register this module's viewsets on the shared router."""
    router.register("notices", NoticeViewSet, basename="notice")
