"""Every demo account signs in with its phone and the shared demo password."""

from __future__ import annotations

import pytest
from django.test import Client

from hub.accounts.models import RoleGrant, User
from hub.demo.world import ACCOUNTS, DEMO_PASSWORD

from .conftest import seed

pytestmark = pytest.mark.django_db


def test_every_demo_account_logs_in_with_its_phone_and_the_demo_password(small_world):
    refused = [
        a.phone for a in ACCOUNTS if not Client().login(username=a.phone, password=DEMO_PASSWORD)
    ]
    assert refused == []


def test_every_demo_account_logs_in_with_its_username_too(small_world):
    refused = [
        a.username
        for a in ACCOUNTS
        if not Client().login(username=a.username, password=DEMO_PASSWORD)
    ]
    assert refused == []


def test_a_wrong_password_is_refused(small_world):
    assert not Client().login(username="17000000007", password="shouwang")


def test_each_account_holds_the_role_the_table_names(small_world):
    for account in ACCOUNTS:
        user = User.objects.get(username=account.username)
        if account.role == "superuser":
            assert user.is_superuser
        else:
            assert RoleGrant.objects.filter(user=user, role=account.role).exists()


def test_an_existing_superuser_named_admin_is_kept_with_its_password(db):
    User.objects.create_superuser("admin", password="their-own-password")
    output = seed("--scale", "0.1")
    assert "existing admin kept" in output
    assert Client().login(username="admin", password="their-own-password")
    assert not Client().login(username="admin", password=DEMO_PASSWORD)
