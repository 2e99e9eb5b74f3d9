"""What the API answers. Statements are built by statements.api.rows (plain dicts, fast); the
serializers here describe that shape for the OpenAPI schema and serialize the small reference lists.
"""

from django.urls import reverse
from rest_framework import serializers

from ...models import (
    AttributionStatus,
    Correction,
    DatePrecision,
    Kind,
    Medium,
    Outlet,
    Rating,
    RelationType,
    Speaker,
    Status,
    Topic,
)

# Named for the schema (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]): two models have a "kind".
CORRECTION_KINDS = Correction.Kind.choices


class SpeakerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    anonymous = serializers.BooleanField()


class NamedRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class SourceOutSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="http(s) link, or empty for print and broadcast (see citation).")
    citation = serializers.CharField()
    outlet = NamedRefSerializer(allow_null=True)
    title = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    archive_url = serializers.CharField()
    excerpt = serializers.CharField()
    primary = serializers.BooleanField()


class VerdictOutSerializer(serializers.Serializer):
    rating = serializers.ChoiceField(choices=Rating.choices)
    rating_value = serializers.IntegerField(help_text="ClaimReview scale: 5 true … 1 false; -1 unproven.")
    claim = serializers.CharField()
    summary = serializers.CharField()


class CorrectionOutSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CORRECTION_KINDS)
    note = serializers.CharField()
    changed_fields = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField()


class StatementRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    api_url = serializers.URLField()


class RelationOutSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=RelationType.choices)
    statement = StatementRefSerializer(help_text="A published (or retracted) statement.")


class StatementSerializer(serializers.Serializer):
    """A statement as published (documentation of the shape statements.api.rows.represent builds)."""

    id = serializers.IntegerField()
    url = serializers.URLField(help_text="The public permalink.")
    api_url = serializers.URLField()
    text = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    language = serializers.CharField()
    translation = serializers.CharField()
    speaker = SpeakerRefSerializer()
    speaker_role = serializers.CharField()
    said_on = serializers.DateField(help_text="For month or year precision, the first day of that month or year.")
    said_on_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    approximate = serializers.BooleanField()
    medium = serializers.ChoiceField(choices=[("", "Not given"), *Medium.choices])
    venue = serializers.CharField()
    topics = NamedRefSerializer(many=True)
    sources = SourceOutSerializer(many=True)
    attribution_status = serializers.ChoiceField(choices=AttributionStatus.choices)
    verdict = VerdictOutSerializer(allow_null=True, help_text="Only a fact-check a reviewer has published.")
    corrections = CorrectionOutSerializer(many=True, help_text="Public notes: corrections, retraction.")
    relations = RelationOutSerializer(many=True, help_text="Statements this one responds to, contradicts, …")
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
    status = serializers.ChoiceField(choices=Status.choices, required=False, help_text="Desk users only.")
    version = serializers.IntegerField(required=False, help_text="Desk users only: send it back with a PATCH.")
    pending_revision = serializers.IntegerField(
        required=False, allow_null=True, help_text="Desk users only: the correction awaiting review."
    )


def _absolute(context, path):
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


class SpeakerSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Speaker
        fields = [
            "id", "name", "slug", "anonymous", "affiliation", "description", "country", "wikidata_id",
            "aliases", "url", "api_url",
        ]

    def get_aliases(self, speaker) -> list[str]:
        return [alias.name for alias in speaker.aliases.all()]

    def get_url(self, speaker) -> str:
        return _absolute(self.context, speaker.get_absolute_url())

    def get_api_url(self, speaker) -> str:
        return _absolute(self.context, reverse("api:speaker-detail", kwargs={"slug": speaker.slug}))


class SpeakerDetailSerializer(SpeakerSerializer):
    statement_count = serializers.IntegerField(help_text="Published statements only.")
    statements_url = serializers.SerializerMethodField()

    class Meta(SpeakerSerializer.Meta):
        fields = [*SpeakerSerializer.Meta.fields, "statement_count", "statements_url"]

    def get_statements_url(self, speaker) -> str:
        return _absolute(self.context, reverse("api:statement-list") + f"?speaker={speaker.slug}")


class TopicSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description", "url"]

    def get_url(self, topic) -> str:
        return _absolute(self.context, topic.get_absolute_url())


class OutletSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    website = serializers.CharField(source="url", help_text="The outlet's own site.")

    class Meta:
        model = Outlet
        fields = ["id", "slug", "name", "website", "country", "url"]

    def get_url(self, outlet) -> str:
        return _absolute(self.context, outlet.get_absolute_url())


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
