"""Validators shared by forms, serializers and models."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator

wikidata_id = RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata id is Q followed by digits, e.g. Q3874799.")
country_code = RegexValidator(r"^[A-Z]{2}$", "Use a two-letter ISO 3166-1 country code, e.g. UA.")
# BCP 47, the common subset: language, optional script, optional region ("uk", "sr-Latn", "pt-BR").
language_tag = RegexValidator(
    r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$",
    "Use a BCP 47 language tag such as en, uk, pt-BR or sr-Latn.",
)
http_url = URLValidator(schemes=["http", "https"], message="Only http:// and https:// links are accepted.")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def no_control_characters(value):
    """NUL bytes and lone surrogates cannot be stored on PostgreSQL and mean a broken client."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError("Text contains control characters or invalid Unicode.")
