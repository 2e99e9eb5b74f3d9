"""Links to statements, speakers, topics and outlets without a reverse() per link.

A list page links every row to its statement, its speaker and an outlet: those 75 reverse()
calls were a third of the time spent rendering the rows. Each URL name is reversed once (per
script prefix and URLconf, so a SCRIPT_NAME deployment or a test with another URLconf still
gets its own links) with placeholder values, which each link then fills in.
"""

import functools
import re
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

# Placeholders each URL converter accepts (int and slug) and no URL prefix contains.
PLACEHOLDERS = {"pk": "918273645", "slug": "zq-placeholder-zq"}
PLAIN = re.compile(r"[-\w]+", re.ASCII)  # values reverse() would neither quote nor refuse


@functools.lru_cache(maxsize=64)
def _pattern(prefix, urlconf, name, names):
    return reverse(name, kwargs={key: PLACEHOLDERS[key] for key in names})


def link(name, **kwargs):
    """reverse(name, kwargs=kwargs), for kwargs among pk and slug."""
    values = {key: str(value) for key, value in kwargs.items()}
    if not all(PLAIN.fullmatch(value) for value in values.values()):
        return reverse(name, kwargs=kwargs)  # the odd value: let reverse() quote or refuse it
    url = _pattern(get_script_prefix(), get_urlconf(), name, tuple(sorted(values)))
    for key, value in values.items():
        url = url.replace(PLACEHOLDERS[key], quote(value), 1)
    return url


class Links:
    """link() for the rows of one list page: each pattern looked up once per page, not once per link."""

    def __init__(self):
        self._where = get_script_prefix(), get_urlconf()
        self._statement = self._pattern("statements:statement", "pk", "slug")
        self._speaker = self._pattern("statements:speaker", "slug")
        self._outlet = self._pattern("statements:outlet", "slug")

    def _pattern(self, name, *keys):
        return _pattern(*self._where, name, keys)

    def statement(self, pk, slug):
        """Statement.get_absolute_url()."""
        slug = slug or "statement"
        if not PLAIN.fullmatch(slug):
            return link("statements:statement", pk=pk, slug=slug)
        return self._statement.replace(PLACEHOLDERS["pk"], str(pk), 1).replace(PLACEHOLDERS["slug"], slug, 1)

    def speaker(self, slug):
        return self._slug(self._speaker, "statements:speaker", slug)

    def outlet(self, slug):
        return self._slug(self._outlet, "statements:outlet", slug)

    def by_pk(self, name):
        """A function pk -> the URL `name` takes with that pk (an id is always a plain value)."""
        pattern = self._pattern(name, "pk")
        return lambda pk: pattern.replace(PLACEHOLDERS["pk"], str(int(pk)), 1)

    @staticmethod
    def _slug(pattern, name, slug):
        if not PLAIN.fullmatch(slug):
            return link(name, slug=slug)
        return pattern.replace(PLACEHOLDERS["slug"], slug, 1)
