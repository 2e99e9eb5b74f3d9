"""The one FilterSet behind the timeline page, the feeds for a search and the API list.

Every parameter is declared here; anything else in the query string is ignored. A value
that cannot be understood is a form error (a 400 naming the field in the API, a message on
the page), never a 500. Filters only narrow the queryset they are given
(`Statement.objects.published()`), so they can never show more than the caller allows.
"""

import copy

import django_filters
from django import forms
from django.core.validators import validate_slug
from django.db.models import Exists, OuterRef

from . import validators
from .caching import cached_value
from .models import Medium, Outlet, Rating, Source, Speaker, Statement, Topic, VerdictStatus
from .search import RELEVANCE_ORDER, clean_text, parse_query, search
from .validators import no_control_characters

# ordering value -> ORDER BY; `id` last so equal dates page stably (keyset pagination relies on it).
ORDERINGS = {
    "-said_on": ("-said_on", "-id"),
    "said_on": ("said_on", "id"),
    "-published_at": ("-published_at", "-id"),
    "relevance": RELEVANCE_ORDER,
}
ORDERING_CHOICES = [
    ("-said_on", "Newest first"),
    ("said_on", "Oldest first"),
    ("-published_at", "Recently published"),
    ("relevance", "Best match"),
]
DEFAULT_ORDERING = "-said_on"


class QueryField(forms.CharField):
    """Search text. Odd words are never an error; NUL bytes and broken Unicode mean a broken client: 400."""

    def to_python(self, value):
        value = super().to_python(value)
        no_control_characters(value)
        return clean_text(value).strip()

    def bound_data(self, data, initial):
        # The search box shows the text back without the bytes that made it invalid.
        return clean_text(data) if isinstance(data, str) else data


class QueryFilter(django_filters.CharFilter):
    field_class = QueryField


class SlugChoiceField(forms.ModelChoiceField):
    """A model chosen by slug; a malformed slug is 'not found' before it ever reaches the database."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            validate_slug(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None
        # Which slugs have a published statement changes only with a public change, and every filtered
        # page and API list asks: the answer is kept for the public generation (see caching).
        lookup = (self.queryset.model._meta.label, value)
        return cached_value("slug", lookup, lambda: forms.ModelChoiceField.to_python(self, value))


class SlugFilter(django_filters.ModelChoiceFilter):
    """Choose by slug among the rows with a published statement only.

    A speaker, topic or outlet known only from drafts answers exactly like one that never
    existed, so the filter cannot be used to learn what the desk is working on.
    """

    field_class = SlugChoiceField

    def __init__(self, model, label, path, **kwargs):
        published = Statement.objects.published().filter(**{path: OuterRef("pk")})
        super().__init__(
            queryset=model.objects.filter(Exists(published)), to_field_name="slug", label=label,
            error_messages={"invalid_choice": f"No {label.lower()} with that name in the archive."}, **kwargs,
        )


class CountryField(forms.CharField):
    """A two-letter country code; "ua" means UA."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


class CountryFilter(django_filters.CharFilter):
    field_class = CountryField


class IsoDateFilter(django_filters.DateFilter):
    """A date written YYYY-MM-DD, nothing else (so 03/04/2024 cannot mean two different days)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": "Enter a date as YYYY-MM-DD, e.g. 2024-05-20."})
        super().__init__(*args, **kwargs)


class SharedFields(dict):
    """Form fields every form instance shares instead of deep-copying (see StatementFilter.get_form_class)."""

    def __deepcopy__(self, memo):
        return dict(self)


class StatementFilter(django_filters.FilterSet):
    """Search, narrow and order published statements; shared by the timeline, search feeds and the API."""

    q = QueryFilter(
        method="filter_q", label="Search",
        help_text='Words in any order, "a quoted phrase", -excluded; speaker names and aliases included.',
    )
    speaker = SlugFilter(Speaker, "Speaker", "speaker", field_name="speaker")
    topic = SlugFilter(Topic, "Topic", "topics", field_name="topics")
    outlet = SlugFilter(
        Outlet, "Outlet", "sources__outlet", field_name="sources__outlet", method="filter_outlet",
        help_text="The outlet of any source.",
    )
    country = CountryFilter(
        field_name="speaker__country", label="Country", validators=[validators.country_code],
        help_text="The speaker's two-letter country code, e.g. UA.",
    )
    medium = django_filters.ChoiceFilter(choices=Medium.choices, label="Medium")
    verdict = django_filters.ChoiceFilter(
        choices=Rating.choices, method="filter_verdict", label="Verdict",
        help_text="Rating of the published fact-check.",
    )
    language = django_filters.CharFilter(
        label="Language", validators=[validators.language_tag], help_text="BCP 47 tag of the original: en, uk…"
    )
    said_after = IsoDateFilter(field_name="said_on", lookup_expr="gte", label="Said on or after")
    said_before = IsoDateFilter(field_name="said_on", lookup_expr="lte", label="Said on or before")
    ordering = django_filters.ChoiceFilter(
        choices=ORDERING_CHOICES, method="keep", label="Order", empty_label=None,
        help_text="relevance orders by best match when q is given, otherwise newest first.",
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter deep-copies every filter (their querysets included) for each request; a filter
        # holds no per-request state but its parent, so a shallow copy bound to this filterset will do.
        self.base_filters = {}  # the instance's own: django-filter's deep copy of it is then empty
        super().__init__(data, queryset, request=request, prefix=prefix)
        del self.base_filters
        for name, prototype in self.base_filters.items():
            self.filters[name] = self._bound(prototype)

    def _bound(self, prototype):
        bound = copy.copy(prototype)
        bound.model, bound.parent = self.queryset.model, self
        if bound.method is not None:
            bound.method = bound.method  # a fresh FilterMethod, resolving `method` on this filterset
        return bound

    def get_form_class(self):
        """The form class, built once per process, its fields shared by every form. django-filter
        builds the class and eleven fields for every request, and the form deep-copies them again;
        nothing in them depends on the request and neither validating nor rendering alters them."""
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            form_class.base_fields = SharedFields(form_class.base_fields)
            cls._form_class = form_class
        return cls._form_class

    def filter_q(self, queryset, name, value):
        return search(queryset, value)

    def filter_outlet(self, queryset, name, outlet):
        # Exists, not a join: a statement with two sources from one outlet appears once.
        return queryset.filter(Exists(Source.objects.filter(statement=OuterRef("pk"), outlet=outlet)))

    def filter_verdict(self, queryset, name, value):
        # Only a reviewed, published verdict counts: a draft rating is nobody's finding yet.
        return queryset.filter(verdict__rating=value, verdict__status=VerdictStatus.PUBLISHED)

    def keep(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset, once we know whether there is a search

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*ORDERINGS[self.ordering_value()])

    def ordering_value(self):
        """The ordering in force: relevance only means something with a search, so it falls back to date."""
        data = getattr(self.form, "cleaned_data", {})
        ordering = data.get("ordering") or DEFAULT_ORDERING
        if ordering == "relevance" and not self.has_search():
            return DEFAULT_ORDERING
        return ordering

    def has_search(self):
        return not self.search_query.is_empty

    @property
    def search_query(self):
        """The parsed `q` (for highlighting and the 'words ignored' note); empty without a search."""
        return parse_query(getattr(self.form, "cleaned_data", {}).get("q") or "")


