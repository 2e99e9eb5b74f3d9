import pytest
from django.core.cache import cache

from .factories import make_user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The public page cache lives on between tests (the database does not): start each test empty."""
    cache.clear()


@pytest.fixture
def editor(db):
    return make_user("ed", "editor")


@pytest.fixture
def reviewer(db):
    return make_user("rev", "reviewer")


@pytest.fixture
def reviewer2(db):
    return make_user("rev2", "reviewer")


@pytest.fixture
def editor_reviewer(db):
    return make_user("both", "editor", "reviewer")
