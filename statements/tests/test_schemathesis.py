"""schemathesis (from PyPI) against /api/schema/: every operation, anonymously and with editor and reviewer
tokens, every default check. Bounded examples so it stays well under a minute; `make fuzz`-style long runs
raise SCHEMATHESIS_EXAMPLES."""

import itertools
import os

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import positive_data_acceptance

from archive.wsgi import application

from .factories import make_published, make_user

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))


# Loaded at collection: generating the schema reads no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
# The coverage phase (every boundary of every parameter) takes minutes: it belongs to the long run
# (SCHEMATHESIS_COVERAGE=1), the suite keeps the bounded examples and fuzzing phases.
schema.config.phases.coverage.enabled = bool(os.environ.get("SCHEMATHESIS_COVERAGE"))


@pytest.fixture
def in_test_transaction():
    # Calls go straight to the WSGI app, not through Django's test client: keep the request signals from
    # closing the test's database connection (which would end its transaction on PostgreSQL).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def accounts(db, in_test_transaction):
    editor, reviewer = make_user("fuzz-ed", "editor"), make_user("fuzz-rev", "reviewer")
    make_published(editor, reviewer)
    return {
        "anonymous": {},
        "editor": {"Authorization": f"Token {Token.objects.create(user=editor).key}"},
        "reviewer": {"Authorization": f"Token {Token.objects.create(user=reviewer).key}"},
    }


def check(case, headers):
    cache.clear()  # the anonymous rate limit would otherwise answer 429 part-way
    # Every default check but positive_data_acceptance: a request valid in shape can still name a speaker,
    # topic or cursor that does not exist, and that is rightly a 400 naming the field.
    case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])


ROLES = itertools.cycle(["anonymous", "editor", "reviewer"])
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_api_conforms_to_its_schema(case, accounts):
    # Each generated request goes as the next role in turn: anonymous, editor, reviewer.
    check(case, accounts[next(ROLES)])
