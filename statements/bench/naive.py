"""The naive baseline: what a typical Django app does for the same request.

`icontains` for search, Django's Paginator (a full COUNT(*) on every page, OFFSET for depth),
a DRF ModelSerializer with its default nested lookups. Data access only (no template), so
the comparison with the app flatters the baseline, not us.
"""

from django.core.paginator import Paginator
from django.db.models import Q
from rest_framework import serializers

from ..models import Speaker, Statement


def _page(queryset, number=1, size=25):
    page = Paginator(queryset, size).page(number)
    rows = list(page.object_list)
    for row in rows:
        _ = row.speaker.name  # the template shows it
    return page.paginator.count, rows


def _published():
    return Statement.objects.published().select_related("speaker").order_by("-said_on", "-id")


def timeline(number=1):
    return _page(_published(), number)


def speaker_range(speaker_id, start, end, **filters):
    return _page(_published().filter(speaker_id=speaker_id, said_on__range=(start, end), **filters))


def search(words, **filters):
    queryset = _published().filter(**filters)
    for word in words:
        queryset = queryset.filter(text__icontains=word)
    return _page(queryset)


def search_names(text):
    """A naive app searches the speaker's name too (it knows nothing of aliases)."""
    return _page(_published().filter(Q(text__icontains=text) | Q(speaker__name__icontains=text)))


def permalink(pk):
    statement = Statement.objects.public().get(pk=pk)
    return statement.speaker.name, list(statement.sources.all()), list(statement.topics.all())


def speaker_page(slug):
    speaker = Speaker.objects.get(slug=slug)
    return speaker, _page(_published().filter(speaker=speaker))


def feed(size=50):
    rows = list(Statement.objects.published().order_by("-published_at")[:size])
    return [(row.speaker.name, row.text) for row in rows]


class NaiveStatementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Statement
        fields = [
            "id", "text", "kind", "language", "translation", "speaker", "speaker_role", "said_on",
            "said_on_precision", "approximate", "medium", "venue", "topics", "sources", "published_at",
        ]
        depth = 1


def api_list(queryset, size=20):
    count, rows = _page(queryset.prefetch_related("topics"), 1, size)
    return count, NaiveStatementSerializer(rows, many=True).data


def api_search(word):
    return api_list(_published().filter(text__icontains=word))


def api_filters(speaker_id, start, end, medium):
    return api_list(_published().filter(speaker_id=speaker_id, said_on__range=(start, end), medium=medium))
