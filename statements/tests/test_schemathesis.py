"""schemathesis (from PyPI) against /api/schema/: every operation, anonymously and with editor and reviewer
tokens, every default check. Bounded examples so it stays well under a minute; `make fuzz`-style long runs
raise SCHEMATHESIS_EXAMPLES."""

import collections
import itertools
import json
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
# The long run's figures (docs/reliability.md): requests per role and status class, written to this path.
TALLY_PATH = os.environ.get("SCHEMATHESIS_TALLY")
TALLY = collections.Counter()


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


@pytest.fixture(scope="module", autouse=True)
def tally():
    yield
    if TALLY_PATH:
        with open(TALLY_PATH, "w") as out:
            json.dump({f"{role} {status}": n for (role, status), n in sorted(TALLY.items())}, out, indent=1)


def check(case, headers, role=""):
    cache.clear()  # the anonymous rate limit would otherwise answer 429 part-way
    # Every default check but positive_data_acceptance: a request valid in shape can still name a speaker,
    # topic or cursor that does not exist, and that is rightly a 400 naming the field.
    response = case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
    TALLY[role, f"{response.status_code // 100}xx"] += 1


ROLES = itertools.cycle(["anonymous", "editor", "reviewer"])
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))


@schema.parametrize()
@FUZZ
def test_api_conforms_to_its_schema(case, accounts):
    # Each generated request goes as the next role in turn: anonymous, editor, reviewer.
    role = next(ROLES)
    check(case, accounts[role], role)
