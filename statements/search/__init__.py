"""Full-text search behind one function; the backend follows the database engine."""


def search(queryset, query):
    """Placeholder until the search backends land: a plain case-insensitive match."""
    if not query or not query.strip():
        return queryset
    return queryset.filter(text__icontains=query.strip())
