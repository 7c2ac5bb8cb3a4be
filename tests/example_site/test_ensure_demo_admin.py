"""example_site/home/management/commands/ensure_demo_admin.py."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from example_site.home.management.commands import ensure_demo_admin

pytestmark = pytest.mark.django_db


def test_the_admin_is_created_once_and_its_password_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(ensure_demo_admin, "PASSWORD_FILE", tmp_path / "admin-password.txt")
    first = StringIO()
    call_command("ensure_demo_admin", stdout=first)
    password = (tmp_path / "admin-password.txt").read_text().strip()
    assert password in first.getvalue()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(password)

    second = StringIO()
    call_command("ensure_demo_admin", stdout=second)
    assert "exists" in second.getvalue() and password in second.getvalue()
    admin.refresh_from_db()
    assert admin.check_password(password)
    assert get_user_model().objects.count() == 1
