"""Answer a throttled sign-in attempt with 429 and Retry-After, at every door."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hub.accounts import throttle
from hub.accounts.forms import LoginForm


class LoginThrottleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        verdict = throttle.refused(request)
        if verdict is None:
            return response
        message = _(
            "Too many sign-in attempts. Please wait %(seconds)d seconds. 尝试次数过多，请稍后再试。"
        ) % {"seconds": verdict.retry_after}
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message, "code": "throttled"}, status=429)
        else:
            response = render(
                request,
                "accounts/login.html",
                {"form": LoginForm(request), "throttled": message},
                status=429,
            )
        response["Retry-After"] = str(verdict.retry_after)
        return response
