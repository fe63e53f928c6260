"""`make run` creates the admin account with a password nobody chose, shown once."""

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command


@pytest.mark.django_db
def test_the_admin_gets_a_generated_password_shown_once(monkeypatch):
    monkeypatch.delenv("CASCADING_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", admin_url="http://127.0.0.1:8123/admin/", stdout=out)
    password = re.search(r"shown only this once: (\S+)", out.getvalue()).group(1)
    assert len(password) >= 16
    assert "Log in at http://127.0.0.1:8123/admin/" in out.getvalue()
    assert authenticate(username="admin", password=password) is not None

    again = StringIO()
    call_command("ensure_admin", stdout=again)
    assert "already exists; its password is unchanged" in again.getvalue()
    assert password not in again.getvalue()
    assert authenticate(username="admin", password=password) is not None


@pytest.mark.django_db
def test_a_password_from_the_environment_is_used_and_not_printed(monkeypatch):
    monkeypatch.setenv("CASCADING_ADMIN_PASSWORD", "a long and private phrase")
    out = StringIO()
    call_command("ensure_admin", username="programme", stdout=out)
    assert "a long and private phrase" not in out.getvalue()
    assert authenticate(username="programme", password="a long and private phrase") is not None
