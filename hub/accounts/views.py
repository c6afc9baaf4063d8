"""Sign in and out. Django's views rotate the session key at login (session fixation)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views

from hub.access.decorators import public
from hub.accounts.forms import LoginForm

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout = auth_views.LogoutView.as_view()
