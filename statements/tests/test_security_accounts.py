"""Issue 8, items 19 to 22: brute force, account probing, dead sessions, open redirects, hosts and CSRF.

Everything goes through the real admin login with Django's test client; django-axes is configured
in archive/settings.py (AXES_FAILURE_LIMIT failures per username and address).
"""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-only"
LOGIN = "/admin/login/"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def login(client, username, password, address="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address, **extra)


def logged_in(response):
    return response.status_code == 302 and response.headers["Location"] == "/admin/"


def fail_until_locked(client, username, address="10.0.0.1", **extra):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, username, "wrong password", address, **extra)


# ---------------------------------------------------------------- 19: brute force


def test_login_locks_out_after_the_failure_limit(editor):
    client = Client()
    fail_until_locked(client, editor.username)
    response = login(client, editor.username, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(editor, reviewer):
    fail_until_locked(Client(), editor.username, address="10.0.0.1")
    assert logged_in(login(Client(), editor.username, PASSWORD, address="10.0.0.2"))
    assert logged_in(login(Client(), reviewer.username, PASSWORD, address="10.0.0.1"))


def test_one_failure_short_of_the_limit_still_logs_in(editor):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, editor.username, "wrong password")
    assert logged_in(login(client, editor.username, PASSWORD))


def test_every_failure_is_logged_with_time_user_and_address_but_no_password(editor):
    for address in ("10.0.0.7", "10.0.0.7", "10.0.0.8"):
        login(Client(), editor.username, "Secret-Guess-123", address=address)
    failures = list(AccessFailureLog.objects.order_by("id"))
    assert [(f.username, f.ip_address) for f in failures] == [
        ("ed", "10.0.0.7"), ("ed", "10.0.0.7"), ("ed", "10.0.0.8")
    ]
    assert all(f.attempt_time for f in failures)
    stored = " ".join(a.post_data for a in AccessAttempt.objects.all())
    assert "Secret-Guess-123" not in stored


def test_forwarded_for_is_ignored_without_a_trusted_proxy(editor):
    """TRUSTED_PROXY_COUNT=0: a client rotating X-Forwarded-For is still one address and gets locked out."""
    assert settings.TRUSTED_PROXY_COUNT == 0
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(client, editor.username, "wrong", address="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}")
    response = login(client, editor.username, PASSWORD, address="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert response.status_code == 429
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}


# ---------------------------------------------------------------- 20: no account probing


def _without_token(response):
    return CSRF_INPUT.sub(b"", response.content)


def test_login_failure_reads_the_same_for_existing_and_missing_accounts(editor):
    existing = login(Client(), editor.username, "wrong password", address="10.0.1.1")
    missing = login(Client(), "no-such-user", "wrong password", address="10.0.1.2")
    assert existing.status_code == missing.status_code == 200
    # The form echoes the typed username back; everything else must be identical.
    assert _without_token(existing).replace(b'value="ed"', b'value="X"') == _without_token(missing).replace(
        b'value="no-such-user"', b'value="X"'
    )


def test_inactive_account_reads_like_a_wrong_password(editor):
    editor.is_active = False
    editor.save()
    inactive = login(Client(), editor.username, PASSWORD, address="10.0.1.3")
    wrong = login(Client(), editor.username, "wrong password", address="10.0.1.4")
    assert _without_token(inactive) == _without_token(wrong)


def test_password_reset_is_absent_or_answers_alike(editor):
    """The archive has no self-service reset (an administrator resets; docs/security.md). If one is
    added, it must answer the same for a known and an unknown address."""
    try:
        url = reverse("admin_password_reset")
    except NoReverseMatch:
        assert Client().get("/admin/password_reset/").status_code in (302, 404)
        return
    known = Client().post(url, {"email": editor.email})
    unknown = Client().post(url, {"email": "nobody@example.org"})
    assert (known.status_code, known.headers.get("Location")) == (unknown.status_code, unknown.headers.get("Location"))


# ---------------------------------------------------------------- 21: deactivation takes effect at once


def test_deactivated_user_loses_the_session_at_once(editor):
    client = Client()
    assert logged_in(login(client, editor.username, PASSWORD))
    assert client.get("/admin/").status_code == 200
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith(LOGIN)


def test_password_change_elsewhere_ends_other_sessions(editor):
    client = Client()
    assert logged_in(login(client, editor.username, PASSWORD))
    editor.set_password("a-new-long-password-2024")
    editor.save()
    assert client.get("/admin/").status_code == 302


# ---------------------------------------------------------------- 22: redirects, hosts, CSRF

EVIL_NEXT = [
    "//evil.example", "https://evil.example/", "http://evil.example", "/\\evil.example", "\\\\evil.example",
    "javascript:alert(1)", "https:evil.example", "//testserver@evil.example",
]


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_login_never_redirects_off_site(editor, target):
    response = Client().post(f"{LOGIN}?next={target}", {"username": editor.username, "password": PASSWORD,
                                                         "next": target}, REMOTE_ADDR="10.0.2.1")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_logged_in_visit_to_login_never_redirects_off_site(editor, target):
    client = Client()
    client.force_login(editor)
    response = client.get(LOGIN, {"next": target})
    location = response.headers.get("Location", "/")
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/"])
def test_unknown_host_is_refused(path):
    response = Client(HTTP_HOST="evil.example").get(path)
    assert response.status_code == 400


def test_unknown_host_in_forwarded_host_is_ignored():
    response = Client().get("/admin/login/", HTTP_X_FORWARDED_HOST="evil.example")
    assert b"evil.example" not in response.content
    assert "evil.example" not in response.headers.get("Location", "")


def test_csrf_is_enforced_on_admin_posts_with_a_session(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post("/admin/password_change/", {
        "old_password": PASSWORD, "new_password1": "Another-long-pass-99", "new_password2": "Another-long-pass-99",
    })
    assert response.status_code == 403
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_csrf_is_enforced_on_logout_and_login(editor):
    client = Client(enforce_csrf_checks=True)
    assert client.post(LOGIN, {"username": editor.username, "password": PASSWORD}).status_code == 403
    client.force_login(editor)
    assert client.post("/admin/logout/").status_code == 403
    assert client.get("/admin/").status_code == 200


def test_csrf_token_from_the_form_is_accepted(editor):
    """The other side of the CSRF test: a real browser flow (GET the form, POST its token) works."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(LOGIN)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    response = client.post(LOGIN, {"username": editor.username, "password": PASSWORD, "next": "/admin/",
                                   "csrfmiddlewaretoken": token}, REMOTE_ADDR="10.0.3.1")
    assert logged_in(response)
