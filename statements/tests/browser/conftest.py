"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live_server.

Nothing is downloaded while testing: Chromium comes from apt (/usr/bin/chromium), axe-core from
npm (package.json; `make test-browser` runs `npm ci` when it is missing).
"""

import io
import os
from importlib import import_module
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from statements.search.index import rebuild_index

from .helpers import Watch

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[3]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def require(path, what):
    """A missing tool skips the browser tests on a workstation, and fails them in CI (where `CI` is set)."""
    if path.exists():
        return
    message = f"{what} is missing: {path}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must provide it)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run; each test gets fresh contexts (cookies, storage) from it."""
    require(CHROMIUM, "Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread, and Django refuses ORM calls
    # from a thread with a running loop. No request is served from that loop (the live server has
    # its own thread), so the check is switched off, for the browser tests only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_page(browser, live_server):
    """open_page(viewport=..., **context options) -> (page, Watch): a page in a new context on the live server."""
    contexts = []

    def open_(viewport=DESKTOP, **options):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        return page, Watch.on(page)

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    """A desktop-sized page; the test fails if any script error or dialog happened on it."""
    page, watch = open_page()
    yield page
    watch.assert_quiet()


@pytest.fixture
def axe():
    """The path of axe.min.js, to inject with page.add_script_tag(path=...) in a bypass_csp context."""
    require(AXE_JS, "axe-core (run `npm ci` at the project root)")
    return AXE_JS


@pytest.fixture(scope="session")
def migration_apps(django_db_setup, django_db_blocker):
    """The app registry as migrations see it, to replay a data migration."""
    with django_db_blocker.unblock():
        return MigrationLoader(connection).project_state().apps


@pytest.fixture(autouse=True)
def fresh_database(transactional_db, migration_apps):
    """Undo what each flush does to data that is not in model tables, before a browser test starts.

    - The Editors and Reviewers groups come from a data migration and are flushed with the rest.
      (pytest-django's serialized rollback cannot put them back: once Playwright's event loop runs
      in the test thread, Django hands that thread another connection object, without the saved
      contents.)
    - The full-text index is derived data outside the model tables: a flush leaves its rows behind.
    """
    import_module("statements.migrations.0002_desk_groups").create_groups(migration_apps, None)
    rebuild_index(connection)


@pytest.fixture
def demo(transactional_db):
    """The demo archive (the seed articles' statements in every desk state), loaded through the workflow."""
    call_command("load_demo", stdout=io.StringIO())
