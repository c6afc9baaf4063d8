"""Sign in and out. Django's views rotate the session key at login (session fixation)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hub.access.decorators import public
from hub.accounts.forms import LoginForm
from hub.ratelimit.buckets import take


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        account = str(request.POST.get("username", "")).strip().lower()[:100]
        ip_capacity, ip_window = settings.LOGIN_RATE_PER_IP
        account_capacity, account_window = settings.LOGIN_RATE_PER_ACCOUNT
        for key, capacity, window in (
            (f"login:ip:{request.META.get('REMOTE_ADDR', '')}", ip_capacity, ip_window),
            (f"login:account:{account}", account_capacity, account_window),
        ):
            verdict = take(key, capacity=capacity, per_seconds=window)
            if not verdict.allowed:
                response = render(
                    request,
                    "accounts/login.html",
                    {
                        "form": self.get_form(),
                        "throttled": _(
                            "Too many sign-in attempts. Please wait %(seconds)d seconds. "
                            "尝试次数过多，请稍后再试。"
                        )
                        % {"seconds": verdict.retry_after},
                    },
                    status=429,
                )
                response["Retry-After"] = str(verdict.retry_after)
                return response
        return super().post(request, *args, **kwargs)


login = public(LoginView.as_view())
logout = auth_views.LogoutView.as_view()
