"""Shared by the API tests: clients per role, URLs, a fresh rate-limit cache."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .factories import make_user

LIST = "/api/v1/statements/"


def detail(pk):
    return reverse("api:statement-detail", kwargs={"pk": pk})


def action_url(pk, name):
    return reverse(f"api:statement-{name}", kwargs={"pk": pk})


def client_for(user=None):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture(autouse=True)
def fresh_throttle():
    # The anonymous rate limit counts in the cache; each test starts with a clean count.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin(db):
    return make_user("boss", is_superuser=True, is_staff=True)


@pytest.fixture
def anon():
    return APIClient()
