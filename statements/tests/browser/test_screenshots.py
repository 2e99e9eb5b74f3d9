"""Screenshots of the public site for the README (docs/screenshots/), taken from the demo archive.

The demo is loaded as of a fixed day, so dates on the pages (and the PNGs) only change when the
pages do.
"""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from statements.models import Statement

from .conftest import DESKTOP, PHONE, ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "docs" / "screenshots"
AS_OF = datetime.datetime(2024, 10, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def demo_as_of(transactional_db):
    with time_machine.travel(AS_OF, tick=True):
        call_command("load_demo", stdout=io.StringIO())


def shoot(open_page, path, name, viewport=DESKTOP):
    page, watch = open_page(viewport=viewport)
    assert page.goto(path).status == 200
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=target, animations="disabled", caret="hide")
    watch.assert_quiet()
    return target


def test_screenshots_of_timeline_statement_and_speaker(demo_as_of, open_page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with_verdict = next(s for s in Statement.objects.published().select_related("verdict") if s.public_verdict)
    saved = [
        shoot(open_page, reverse("statements:timeline"), "timeline"),
        shoot(open_page, reverse("statements:timeline"), "timeline-phone", PHONE),
        shoot(open_page, with_verdict.get_absolute_url(), "statement"),
        shoot(open_page, reverse("statements:speaker", args=["volodymyr-zelenskyy"]), "speaker"),
    ]
    for path in saved:
        assert path.stat().st_size > 10_000, f"{path} looks empty"
