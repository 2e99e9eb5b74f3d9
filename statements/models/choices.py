from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    NEEDS_CHANGES = "needs_changes", "Needs changes"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    RETRACTED = "retracted", "Retracted"


class Kind(models.TextChoices):
    FULL_QUOTE = "full_quote", "Full quote"
    PARTIAL_QUOTE = "partial_quote", "Partial quote"
    PARAPHRASE = "paraphrase", "Paraphrase"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Medium(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    SPEECH = "speech", "Speech"
    PRESS_CONFERENCE = "press_conference", "Press conference"
    SOCIAL_MEDIA_POST = "social_media_post", "Social-media post"
    EMAIL = "email", "Email"
    WRITTEN_STATEMENT = "written_statement", "Written statement"
    ARTICLE = "article", "Article"
    BROADCAST = "broadcast", "Broadcast"
    REMARKS = "remarks", "Remarks to reporters"


class AttributionStatus(models.TextChoices):
    UNCHECKED = "unchecked", "Not yet checked"
    VERIFIED_PRIMARY = "verified_primary", "Verified against a primary source"
    REPORTED_SECONDARY = "reported_secondary", "As reported by a secondary source"
    DISPUTED = "disputed", "Disputed"


class RelationType(models.TextChoices):
    RESPONDS_TO = "responds_to", "Responds to"
    CONTRADICTS = "contradicts", "Contradicts"
    REPEATS = "repeats", "Repeats"
    CLARIFIES = "clarifies", "Clarifies"


class Rating(models.TextChoices):
    """One fixed scale; `value` gives ClaimReview's numeric rating (worst 1, best 5)."""

    TRUE = "true", "True"
    MOSTLY_TRUE = "mostly_true", "Mostly true"
    HALF_TRUE = "half_true", "Half true"
    MOSTLY_FALSE = "mostly_false", "Mostly false"
    FALSE = "false", "False"
    UNPROVEN = "unproven", "Unproven"

    @property
    def value_number(self):
        return RATING_VALUES[self.value]


# ClaimReview: bestRating 5, worstRating 1; -1 marks a rating with no place on the scale.
RATING_VALUES = {
    "true": 5, "mostly_true": 4, "half_true": 3, "mostly_false": 2, "false": 1, "unproven": -1,
}


class VerdictStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    NEEDS_CHANGES = "needs_changes", "Needs changes"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class RevisionState(models.TextChoices):
    APPLIED = "applied", "Applied"
    PENDING = "pending", "Pending review"
    REJECTED = "rejected", "Rejected"
    SUPERSEDED = "superseded", "Superseded"
