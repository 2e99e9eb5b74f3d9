from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Statement archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal receivers: the search index and the public page cache stay in step with publishing.
        from . import caching, signals  # noqa: F401
        from .search import receivers  # noqa: F401  (search index follows every publish and edit)
