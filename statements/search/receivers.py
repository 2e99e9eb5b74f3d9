"""Signal receivers that keep the search index in step (derived data only; imported by apps.ready)."""

from django.db import connections
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from ..models import Speaker, SpeakerAlias
from ..signals import content_changed
from .index import index_speaker, index_statement, prune_index


@receiver(content_changed, dispatch_uid="search_index_statement")
def statement_changed(sender, statement, **kwargs):
    """Inside the writing transaction: the index row commits or rolls back with the change."""
    index_statement(statement)


@receiver(post_save, sender=Speaker, dispatch_uid="search_index_speaker")
def speaker_saved(sender, instance, created, raw=False, **kwargs):
    # A renamed speaker must be found under the new name in every statement row.
    if not created and not raw:
        index_speaker(instance.pk)


@receiver(post_save, sender=SpeakerAlias, dispatch_uid="search_index_alias_saved")
@receiver(post_delete, sender=SpeakerAlias, dispatch_uid="search_index_alias_deleted")
def alias_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        index_speaker(instance.speaker_id)


@receiver(post_migrate, dispatch_uid="search_index_prune")
def database_reset(sender, using="default", **kwargs):
    # `flush` (and the test runner between transactional tests) empties the tables Django knows,
    # then sends post_migrate: the index must not keep rows of statements that are gone.
    if sender.name == "statements":
        prune_index(connections[using])
