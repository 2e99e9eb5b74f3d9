"""The archive's settings with one change: the URLs are the floor's single no-database view."""

from archive.settings import *  # noqa: F403 (every production setting, unchanged)

ROOT_URLCONF = "statements.bench.floor"
