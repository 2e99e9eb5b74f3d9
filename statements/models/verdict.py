from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .. import validators
from .choices import RATING_VALUES, Rating, VerdictStatus
from .people import not_blank
from .statement import Statement


class Verdict(models.Model):
    """A rating of one factual claim inside a statement; public only once another person approves it."""

    statement = models.OneToOneField(Statement, on_delete=models.CASCADE, related_name="verdict")
    claim = models.TextField(help_text="The claim as reviewed.", validators=[validators.no_control_characters])
    rating = models.CharField(max_length=20, choices=Rating.choices)
    summary = models.TextField(validators=[validators.no_control_characters])
    status = models.CharField(
        max_length=20, choices=VerdictStatus.choices, default=VerdictStatus.DRAFT, editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    published_at = models.DateTimeField(null=True, editable=False)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=not_blank("claim"), name="verdict_claim_not_blank"),
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="verdict_rating_valid"),
            models.CheckConstraint(condition=Q(status__in=VerdictStatus.values), name="verdict_status_valid"),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | (~Q(approved_by=F("created_by")) & ~Q(approved_by=F("last_edited_by"))),
                name="verdict_four_eyes",
            ),
        ]

    def __str__(self):
        return f"{self.get_rating_display()}: {self.claim[:60]}"

    @property
    def rating_value(self):
        return RATING_VALUES[self.rating]

    @property
    def is_public(self):
        return self.status == VerdictStatus.PUBLISHED


class EvidenceLink(models.Model):
    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000, validators=[validators.http_url])
    title = models.CharField(max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(url__startswith="http://") | Q(url__startswith="https://"), name="evidence_url_http"
            ),
        ]

    def __str__(self):
        return self.title or self.url
