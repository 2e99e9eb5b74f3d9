import pytest

from .factories import make_user


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
