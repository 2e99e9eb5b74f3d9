"""The one definition of what the public may see. Views, API, feeds, sitemap, search and exports start here."""

from django.db import models

PUBLIC_STATES = ("published", "retracted")


class StatementQuerySet(models.QuerySet):
    def published(self):
        """On the timeline, in feeds, counts, search and exports: approved and not retracted."""
        return self.filter(status="published")

    def public(self):
        """Reachable by permalink: published, or retracted (an archive does not erase; the page says why)."""
        return self.filter(status__in=PUBLIC_STATES)

    def in_period(self, start=None, end=None):
        qs = self
        if start:
            qs = qs.filter(said_on__gte=start)
        if end:
            qs = qs.filter(said_on__lte=end)
        return qs

    def by_speaker(self, speaker):
        return self.filter(speaker=speaker)

    def search(self, query):
        """Full-text search through the configured backend (SQLite FTS5 or PostgreSQL)."""
        from .search import search

        return search(self, query)

    def delete(self):
        """An archive protects: nothing that was ever published is deleted, by any path."""
        if self.filter(models.Q(published_at__isnull=False) | models.Q(status__in=PUBLIC_STATES)).exists():
            raise models.ProtectedError(
                "Published statements cannot be deleted; retract them with a public reason.", set()
            )
        return super().delete()

    def for_desk(self, user):
        """What a desk user may see: every statement for editors and reviewers, nothing for others."""
        from .roles import is_desk

        return self if is_desk(user) else self.none()
