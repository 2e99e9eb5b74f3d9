"""Loaded by pytest before Django (see pyproject.toml): tests run with development defaults."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ARCHIVE_TESTING", "1")
