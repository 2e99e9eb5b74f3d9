from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan

from .. import validators
from ..links import link
from ..normalize import name_key


def not_blank(field):
    """A CHECK that a text column holds more than spaces; plain SQL functions, so it also holds for raw SQL."""
    return GreaterThan(Length(Trim(field)), 0)


class SpeakerQuerySet(models.QuerySet):
    def matching(self, name):
        """Speakers whose name or any alias has the same key as `name` ("zelensky" finds Zelenskyy)."""
        key = name_key(name)
        if not key:
            return self.none()
        return self.filter(Q(name_key=key) | Q(aliases__key=key)).distinct()


class Speaker(models.Model):
    name = models.CharField(max_length=200, validators=[validators.no_control_characters])
    slug = models.SlugField(max_length=200, unique=True)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    description = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=2, blank=True, validators=[validators.country_code])
    wikidata_id = models.CharField(
        "Wikidata id", max_length=20, blank=True, validators=[validators.wikidata_id]
    )
    anonymous = models.BooleanField(
        default=False, help_text="An unnamed source, e.g. 'a NATO official who didn't want to be named'."
    )
    affiliation = models.CharField(
        max_length=200, blank=True, help_text="For an anonymous source: the organisation given, e.g. NATO."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=not_blank("name"), name="speaker_name_not_blank"),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__startswith="Q"), name="speaker_wikidata_q"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.name)  # derived lookup key, never edited by hand
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return link("statements:speaker", slug=self.slug)


class SpeakerAlias(models.Model):
    """Another spelling of a speaker's name met in sources (transliteration, misspelling)."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200, validators=[validators.no_control_characters])
    key = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name_plural = "speaker aliases"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["speaker", "key"], name="alias_unique_per_speaker"),
            models.CheckConstraint(condition=not_blank("name"), name="alias_not_blank"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class Outlet(models.Model):
    name = models.CharField(max_length=200, validators=[validators.no_control_characters])
    slug = models.SlugField(max_length=200, unique=True)
    url = models.URLField(blank=True, validators=[validators.http_url])
    country = models.CharField(max_length=2, blank=True, validators=[validators.country_code])

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=not_blank("name"), name="outlet_name_not_blank")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("statements:outlet", slug=self.slug)


class TopicQuerySet(models.QuerySet):
    def delete(self):
        """A topic of a published statement is part of what was published: it is never deleted."""
        in_use = self.filter(statements__status__in=("published", "retracted"))
        if in_use.exists():
            raise models.ProtectedError("Topics of published statements cannot be deleted.", set(in_use))
        return super().delete()


class Topic(models.Model):
    name = models.CharField(max_length=200, validators=[validators.no_control_characters])
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=not_blank("name"), name="topic_name_not_blank")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return link("statements:topic", slug=self.slug)

    def delete(self, *args, **kwargs):
        return Topic.objects.filter(pk=self.pk).delete()


