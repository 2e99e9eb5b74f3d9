from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import CharField, F, Q
from django.db.models.functions import Cast, Substr
from django.utils.text import slugify

from .. import validators
from ..links import link
from ..normalize import quote_hash
from ..querysets import StatementQuerySet
from .choices import AttributionStatus, DatePrecision, Kind, Medium, RelationType, Status
from .people import Outlet, Speaker, Topic, not_blank


def _date_part(field, start):
    """Characters of an ISO date ('YYYY-MM-DD') with plain SQL functions, valid in raw SQL too."""
    return Substr(Cast(field, CharField()), start, 2)


def _precision_matches_date():
    month_ok = Q(said_on_precision=DatePrecision.MONTH) & models.lookups.Exact(_date_part("said_on", 9), "01")
    year_ok = (
        Q(said_on_precision=DatePrecision.YEAR)
        & models.lookups.Exact(_date_part("said_on", 9), "01")
        & models.lookups.Exact(_date_part("said_on", 6), "01")
    )
    return Q(said_on_precision=DatePrecision.DAY) | month_ok | year_ok


class Statement(models.Model):
    """What a person said. Its columns hold what the public sees; proposed changes wait as Revisions."""

    text = models.TextField(
        help_text="The words exactly as said or reported.", validators=[validators.no_control_characters]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.FULL_QUOTE)
    language = models.CharField(
        max_length=35, default="en", validators=[validators.language_tag], help_text="BCP 47 tag: en, uk, de…"
    )
    translation = models.TextField(blank=True, help_text="English translation, when the original is not English.")
    translated_by = models.CharField(max_length=200, blank=True)
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="statements")
    speaker_role = models.CharField(
        "role at the time", max_length=300, blank=True, help_text="e.g. Polish Foreign Minister"
    )
    said_on = models.DateField(
        "date said", help_text="For month or year precision, the first day of that month or year."
    )
    said_on_precision = models.CharField(
        "precision", max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    approximate = models.BooleanField(default=False, help_text="The date is approximate (“c.”).")
    first_reported_on = models.DateField(null=True, blank=True)
    medium = models.CharField(max_length=20, choices=Medium.choices, blank=True)
    venue = models.CharField(max_length=300, blank=True, help_text="e.g. interview with the Financial Times")
    recipient_outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="statements_received",
        help_text="The outlet the words were given to, if any.",
    )
    context = models.TextField(blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="statements")
    related = models.ManyToManyField(
        "self", through="StatementRelation", symmetrical=False, related_name="related_from", blank=True
    )
    slug = models.SlugField(max_length=100, blank=True)

    # Workflow state: written only by statements.workflow.
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False)
    attribution_status = models.CharField(
        max_length=20, choices=AttributionStatus.choices, default=AttributionStatus.UNCHECKED, editable=False
    )
    attribution_note = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(null=True, editable=False)
    submitted_at = models.DateTimeField(null=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    published_at = models.DateTimeField(null=True, editable=False, db_index=True)
    retracted_at = models.DateTimeField(null=True, editable=False)
    retraction_reason = models.TextField(blank=True, editable=False)
    live_revision = models.ForeignKey(
        "Revision", on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    text_hash = models.CharField(max_length=40, db_index=True, editable=False)
    external_id = models.CharField(max_length=200, blank=True, editable=False)

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["-said_on", "-id"]
        indexes = [
            models.Index(fields=["status", "-said_on", "-id"], name="statement_timeline"),
            models.Index(fields=["speaker", "status", "-said_on"], name="statement_speaker_timeline"),
            # Feeds: newest published first without sorting the whole table (docs/performance.md).
            models.Index(fields=["status", "-published_at", "-id"], name="statement_feed"),
        ]
        constraints = [
            models.CheckConstraint(condition=not_blank("text"), name="statement_text_not_blank"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="statement_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="statement_kind_valid"),
            models.CheckConstraint(
                condition=Q(said_on_precision__in=DatePrecision.values), name="statement_precision_valid"
            ),
            models.CheckConstraint(
                condition=_precision_matches_date(), name="statement_date_fits_precision",
                violation_error_message="The date does not fit its precision (month: the 1st; year: 1 January).",
            ),
            models.CheckConstraint(
                condition=Q(medium="") | Q(medium__in=Medium.values), name="statement_medium_valid"
            ),
            models.CheckConstraint(
                condition=Q(attribution_status__in=AttributionStatus.values), name="statement_attribution_valid"
            ),
            # Four eyes, in the database too: the approver is neither the author nor the last editor.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | (~Q(approved_by=F("created_by")) & ~Q(approved_by=F("last_edited_by"))),
                name="statement_four_eyes",
                violation_error_message="Nobody approves their own work.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[Status.PUBLISHED, Status.RETRACTED])
                | (Q(published_at__isnull=False) & Q(approved_by__isnull=False)),
                name="statement_published_is_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.RETRACTED) | not_blank("retraction_reason"),
                name="statement_retraction_has_reason",
            ),
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="statement_external_id_unique"
            ),
        ]

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"

    def save(self, *args, **kwargs):
        # Derived keys only; state changes live in statements.workflow.
        self.text_hash = quote_hash(self.text)
        self.slug = slugify(f"{self.speaker.name} {self.text}")[:80].strip("-") or "statement"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link("statements:statement", pk=self.pk, slug=self.slug or "statement")

    def clean(self):
        super().clean()
        if self.said_on and self.said_on_precision == DatePrecision.MONTH and self.said_on.day != 1:
            raise ValidationError({"said_on": "For a month-precision date, enter the first day of the month."})
        if self.said_on and self.said_on_precision == DatePrecision.YEAR and self.said_on.timetuple()[1:3] != (1, 1):
            raise ValidationError({"said_on": "For a year-precision date, enter 1 January of that year."})

    def delete(self, *args, **kwargs):
        return Statement.objects.filter(pk=self.pk).delete()

    @property
    def is_public(self):
        return self.status in (Status.PUBLISHED, Status.RETRACTED)

    @property
    def public_verdict(self):
        """The verdict if a reviewer has published it; an unreviewed verdict is never shown."""
        try:
            verdict = self.verdict
        except ObjectDoesNotExist:
            return None
        return verdict if verdict.is_public else None


def _http_or_empty(field):
    return Q(**{field: ""}) | Q(**{f"{field}__startswith": "http://"}) | Q(**{f"{field}__startswith": "https://"})


class Source(models.Model):
    """Where the statement is documented: a link (http/https) or, for print and broadcast, a citation."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="sources")
    url = models.URLField("URL", max_length=2000, blank=True, validators=[validators.http_url])
    citation = models.TextField(blank=True, help_text="For print or broadcast without a URL: the full citation.")
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="sources")
    title = models.CharField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    accessed_on = models.DateField(null=True, blank=True)
    archive_url = models.URLField(
        "archived copy", max_length=2000, blank=True, validators=[validators.http_url]
    )
    excerpt = models.TextField(blank=True, help_text="The passage as it appears in the source.")
    primary = models.BooleanField(
        default=False, help_text="A primary source: the speaker's own channel or a recording."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(url="") | not_blank("citation"), name="source_url_or_citation"
            ),
            models.CheckConstraint(condition=_http_or_empty("url"), name="source_url_http"),
            models.CheckConstraint(condition=_http_or_empty("archive_url"), name="source_archive_url_http"),
        ]

    def __str__(self):
        return self.title or self.url or self.citation[:60]


class StatementRelation(models.Model):
    from_statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="relations")
    to_statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="incoming_relations")
    type = models.CharField(max_length=20, choices=RelationType.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_statement", "to_statement", "type"], name="relation_unique"),
            models.CheckConstraint(condition=~Q(from_statement=F("to_statement")), name="relation_not_self"),
            models.CheckConstraint(condition=Q(type__in=RelationType.values), name="relation_type_valid"),
        ]

    def __str__(self):
        return f"{self.from_statement_id} {self.type} {self.to_statement_id}"
