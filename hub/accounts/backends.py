"""Sign in with a phone number or a username, through the shared sign-in limiter."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError

from hub.accounts import throttle
from hub.accounts.models import User
from hub.people.identity import normalize_phone


class PhoneOrUsernameBackend(ModelBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        if not username or password is None:
            return None
        user = None
        try:
            phone = normalize_phone(username)
        except ValidationError:
            phone = None
        if phone:
            user = User.objects.filter(phone=phone).first()
        if user is None:
            user = User.objects.filter(username=username).first()
        if not throttle.reserve(request, username, user).allowed:
            raise PermissionDenied  # stops authenticate(); the middleware answers 429
        if user is None:
            # Same cost as a real check, so timing does not tell which accounts exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            throttle.release(request, username, user)
            return user
        return None
