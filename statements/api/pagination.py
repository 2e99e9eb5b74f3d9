"""Cursor pagination: `{"next", "previous", "results"}`, with no COUNT and a cost independent of depth.

For an ordering made of model columns in one direction (the timeline's `-said_on, -id`), the
cursor holds the last row's key and the next page is a row-value range `(said_on, id) < (…)`,
which both engines answer from the index however deep the page. Orderings on computed values
(search relevance) cannot be resumed that way; their cursor holds an offset, capped at
MAX_OFFSET (nobody reads the ten-thousandth best match; the cap keeps the cost bounded).
"""

import base64
import binascii
import datetime
import json

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, Q
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.db.models.sql.where import AND, WhereNode
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..validators import no_control_characters

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_OFFSET = 10_000
INVALID_CURSOR = "Invalid cursor: follow the `next` and `previous` links as given."


class KeysetPagination(BasePagination):
    """Pages over an ordered queryset; `paginate` returns the page's rows, `response` wraps them."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def __init__(self, not_null=()):
        # Columns the view knows hold no NULL in its queryset (published_at of published statements).
        self.not_null = set(not_null)

    def paginate(self, queryset, request, fetch):
        """The rows of the requested page; `fetch(sliced_queryset)` turns a slice into dicts with the key columns."""
        self.request = request
        self.page_size = page_size(request)
        self.keys = self._keys(queryset)
        cursor = self._decode(request.query_params.get(self.cursor_query_param))
        if self.keys is None:
            return self._offset_page(queryset, fetch, cursor.get("o", 0))
        return self._keyset_page(queryset, fetch, cursor)

    def response(self, results):
        return Response({"next": self.next_link, "previous": self.previous_link, "results": results})

    def get_paginated_response(self, data):
        return self.response(data)

    # ------------------------------------------------------------ keyset

    def _keys(self, queryset):
        """[(column, descending)] when the ordering can be resumed from a row's values, else None."""
        ordering = list(queryset.query.order_by)
        if not ordering or not all(isinstance(name, str) for name in ordering):
            return None
        keys = [(name.lstrip("-"), name.startswith("-")) for name in ordering]
        if len({desc for _, desc in keys}) != 1:
            return None
        for name, _ in keys:
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                return None
            if field.null and name not in self.not_null:
                return None
        return keys

    def _keyset_page(self, queryset, fetch, cursor):
        values, backwards = cursor.get("k"), bool(cursor.get("r"))
        descending = self.keys[0][1]
        if values is not None:
            bound = after(self.keys, self._typed(queryset, values), descending != backwards)
            queryset = filter_first(queryset, bound)
        if backwards:
            queryset = queryset.reverse()
        rows = fetch(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if backwards:
            rows.reverse()
        has_next, has_previous = (True, more) if backwards else (more, values is not None)
        self.next_link = self._link({"k": self._key(rows[-1])}) if has_next and rows else None
        self.previous_link = self._link({"k": self._key(rows[0]), "r": 1}) if has_previous and rows else None
        if has_previous and not rows:
            self.previous_link = self._link({"k": values, "r": 1})
        return rows

    def _key(self, row):
        get = row.__getitem__ if isinstance(row, dict) else row.__getattribute__
        return [_plain(get(name)) for name, _ in self.keys]

    def _typed(self, queryset, values):
        if not isinstance(values, list) or len(values) != len(self.keys):
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        typed = []
        for (name, _), value in zip(self.keys, values, strict=True):
            if not isinstance(value, (str, int)) or isinstance(value, bool):
                raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
            try:
                no_control_characters(value)
                typed.append(queryset.model._meta.get_field(name).to_python(value))
            except (DjangoValidationError, OverflowError, TypeError):
                raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None
            if not _storable(typed[-1]):
                raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        return typed

    # ------------------------------------------------------------ offset (relevance)

    def _offset_page(self, queryset, fetch, offset):
        if not isinstance(offset, int) or isinstance(offset, bool) or not 0 <= offset <= MAX_OFFSET:
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        rows = fetch(queryset[offset : offset + self.page_size + 1])
        more = len(rows) > self.page_size and offset + self.page_size <= MAX_OFFSET
        self.next_link = self._link({"o": offset + self.page_size}) if more else None
        self.previous_link = None
        if offset:
            previous = max(offset - self.page_size, 0)
            self.previous_link = self._link({"o": previous}) if previous else self._first_link()
        return rows[: self.page_size]

    # ------------------------------------------------------------ cursors and links

    def _decode(self, raw):
        if not raw:
            return {}  # no cursor, or an empty one: the first page
        try:
            padded = raw + "=" * (-len(raw) % 4)
            cursor = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
        except (ValueError, UnicodeError, binascii.Error):
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]}) from None
        if not isinstance(cursor, dict) or cursor.get("s") != self._signature():
            raise ValidationError({self.cursor_query_param: [INVALID_CURSOR]})
        return cursor

    def _signature(self):
        """Which ordering a cursor belongs to: a cursor from another ordering is refused, not misread."""
        return ",".join(("-" if desc else "") + name for name, desc in self.keys) if self.keys else "offset"

    def _link(self, cursor):
        cursor["s"] = self._signature()
        encoded = base64.urlsafe_b64encode(json.dumps(cursor, separators=(",", ":")).encode()).decode()
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, encoded.rstrip("="))

    def _first_link(self):
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    # ------------------------------------------------------------ schema

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param, "required": False, "in": "query",
                "description": "Opaque position from a `next` or `previous` link.", "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param, "required": False, "in": "query",
                "description": f"Results per page, {DEFAULT_PAGE_SIZE} by default; larger values are capped at "
                f"{MAX_PAGE_SIZE}.",
                "schema": {"type": "integer", "minimum": 1},
            },
        ]

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }


def after(keys, values, descending):
    """Rows after `values` in the order of `keys`: `(k1, k2) < (v1, v2)` (or >), plus a plain bound on k1.

    The plain bound (`k1 <= v1`) is implied by the row comparison but lets SQLite, which expands row
    comparisons into ORs, range-scan the index instead of reading it from its start.
    """
    columns = Tuple(*(F(name) for name, _ in keys))
    first = keys[0][0]
    if descending:
        return Q(TupleLessThan(columns, values), **{f"{first}__lte": values[0]})
    return Q(TupleGreaterThan(columns, values), **{f"{first}__gte": values[0]})


def filter_first(queryset, condition):
    """queryset.filter(condition), with `condition` first in the WHERE clause.

    SQLite ranges its index scan on the first bound of a column it meets: deep in a list filtered by
    date (`said_before`, `said_after`), a cursor's bound written after the filter's made it scan from
    the filter's date to the page (70-90 ms at a million statements instead of 1-2 ms; quadratic for
    an export's batches).
    """
    narrowed = queryset.all()
    own = narrowed.query.where
    narrowed.query.where = WhereNode()
    narrowed.query.add_q(condition)
    narrowed.query.where.add(own, AND)
    return narrowed


def page_size(request):
    """`page_size` from the query: 400 if it is not a positive whole number, capped at MAX_PAGE_SIZE."""
    raw = request.query_params.get(KeysetPagination.page_size_query_param)
    if raw is None:
        return DEFAULT_PAGE_SIZE
    if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
        raise ValidationError({"page_size": ["Give a whole number from 1; values above 100 are capped."]})
    return min(int(raw), MAX_PAGE_SIZE)


def _storable(value):
    """A value the database can compare: not NULL, a 64-bit integer, an aware datetime."""
    if value is None or (isinstance(value, int) and abs(value) >= 2**63):
        return False
    return not (isinstance(value, datetime.datetime) and value.tzinfo is None)


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
