"""A one-view URLconf: a page whose action notifies, as a real app's would."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from hub.notify.actions import notify


def approve(request: HttpRequest) -> HttpResponse:
    with transaction.atomic():
        message = notify(
            template="generic.text",
            params={"text": "Your sign-up is approved"},
            channel="wecom",
            address="ops",
            dedupe_key="signup:1:approved",
        )
    return HttpResponse(str(message.pk))


urlpatterns = [path("approve/", approve)]
