from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .choices import RevisionState
from .statement import Statement


class Revision(models.Model):
    """One version of a statement's content (fields, topics, sources, verdict) as a snapshot.

    Edits to an unpublished statement are applied at once; edits to a published one wait
    as `pending` until a reviewer approves them (Wagtail's live content + revisions).
    """

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    state = models.CharField(max_length=20, choices=RevisionState.choices)
    base_version = models.PositiveIntegerField(help_text="The statement version this revision was made from.")
    comment = models.TextField(blank=True, help_text="Why: shown in the correction note once approved.")
    content_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["statement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "number"], name="revision_number_unique"),
            models.UniqueConstraint(
                fields=["statement"], condition=Q(state=RevisionState.PENDING), name="revision_one_pending"
            ),
            models.CheckConstraint(condition=Q(state__in=RevisionState.values), name="revision_state_valid"),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("created_by")), name="revision_four_eyes"
            ),
        ]

    def __str__(self):
        return f"#{self.statement_id} v{self.number} ({self.state})"


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit log is append-only.")

    def delete(self):
        raise PermissionError("The audit log is append-only.")


class StatementEvent(models.Model):
    """Audit row, one per transition and edit: who, when, what, why. Append-only and hash-chained."""

    # No database foreign key: the log outlives a deleted draft.
    statement = models.ForeignKey(
        Statement, on_delete=models.DO_NOTHING, db_constraint=False, related_name="events"
    )
    action = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    comment = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    revision_number = models.PositiveIntegerField(null=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["statement", "id"], name="event_statement")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} #{self.statement_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit log is append-only.")


class Correction(models.Model):
    """A public, dated note: what changed in a published statement and why (or why it was retracted)."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        RETRACTION = "retraction", "Retraction"
        VERDICT = "verdict", "Fact-check update"

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField()
    changed_fields = models.JSONField(default=list, blank=True)
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(db_index=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} to #{self.statement_id} on {self.created_at:%Y-%m-%d}"
