"""Sign in and out. Django's views rotate the session key at login (session fixation).

Wrong passwords are limited in the authentication backend (:mod:`hub.accounts.throttle`),
for this page, the admin's sign-in and the API token endpoint alike."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from hub.access.decorators import public
from hub.accounts.forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


login = public(LoginView.as_view())
logout = auth_views.LogoutView.as_view()
