"""Input checks every API request passes before a view reads it: size, NUL bytes, broken Unicode.

PostgreSQL cannot store NUL bytes and neither engine takes lone surrogates; a client that sends
them is broken, so it gets a 400 naming the field rather than a database error.
"""

import re

from django.conf import settings
from rest_framework.exceptions import ValidationError

from .errors import PayloadTooLarge

BAD_TEXT = re.compile(r"[\x00\ud800-\udfff]")
MAX_PARAM_LENGTH = 1000
BAD_TEXT_MESSAGE = "Contains a NUL byte or invalid Unicode."


def check_request_size(request):
    """Refuse a body above DATA_UPLOAD_MAX_MEMORY_SIZE before reading it (DRF's parsers would not)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ValidationError({"non_field_errors": ["Invalid Content-Length."]}) from None
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and length > limit:
        raise PayloadTooLarge(f"The request body is larger than {limit // (1024 * 1024)} MB.")


def check_query(request, path_kwargs):
    """Query parameters and path segments: no NUL or broken Unicode, no absurd lengths."""
    for name, values in request.query_params.lists():
        for value in (name, *values):
            if BAD_TEXT.search(value):
                raise ValidationError({_printable(name): [BAD_TEXT_MESSAGE]})
            if len(value) > MAX_PARAM_LENGTH:
                raise ValidationError({_printable(name): [f"At most {MAX_PARAM_LENGTH} characters."]})
    for name, value in path_kwargs.items():
        if isinstance(value, str) and BAD_TEXT.search(value):
            raise ValidationError({name: [BAD_TEXT_MESSAGE]})


def check_data(data, path="body"):
    """Every string in a parsed JSON body (keys included) is storable text."""
    if isinstance(data, str):
        if BAD_TEXT.search(data):
            raise ValidationError({path: [BAD_TEXT_MESSAGE]})
    elif isinstance(data, dict):
        for key, value in data.items():
            check_data(key, path)
            check_data(value, key if path == "body" else f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_data(value, f"{path}[{index}]")


def _printable(name):
    return BAD_TEXT.sub("\ufffd", name)[:100]
