"""What the desk sends: validated here, turned into a content dict (statements.content), written by workflow."""

from rest_framework import serializers

from ... import validators
from ...imports import find_or_create_speaker
from ...models import DatePrecision, Kind, Medium, Outlet, RelationType, Speaker, Topic

MAX_TEXT = 50_000
MAX_SOURCES = 50
MAX_TOPICS = 50
MAX_RELATIONS = 50
# Set only by the workflow; a client that sends them is told so, and nothing is applied.
READ_ONLY = (
    "id", "status", "attribution_status", "attribution_note", "approved_by", "created_by", "last_edited_by",
    "published_at", "updated_at", "submitted_at", "retracted_at", "retraction_reason", "content_hash",
    "external_id", "live_revision",
)
SIMPLE_FIELDS = (
    "text", "kind", "language", "translation", "translated_by", "speaker_role", "said_on", "said_on_precision",
    "approximate", "first_reported_on", "medium", "venue", "context",
)


def free_text(max_length, **kwargs):
    """A text field kept exactly as sent: archives keep words as printed, spaces included."""
    kwargs.setdefault("required", False)
    return serializers.CharField(max_length=max_length, allow_blank=True, trim_whitespace=False, **kwargs)


class SourceInputSerializer(serializers.Serializer):
    url = free_text(2000, validators=[validators.http_url], help_text="http(s) link; or give a citation.")
    citation = free_text(5000, help_text="For print or broadcast without a URL: the full citation.")
    outlet = serializers.SlugField(max_length=200, required=False, allow_null=True, help_text="Slug of an outlet.")
    title = free_text(500)
    published_on = serializers.DateField(required=False, allow_null=True)
    accessed_on = serializers.DateField(required=False, allow_null=True)
    archive_url = free_text(2000, validators=[validators.http_url])
    excerpt = free_text(MAX_TEXT)
    primary = serializers.BooleanField(required=False)

    def validate_outlet(self, slug):
        if slug is None:
            return None
        outlet = Outlet.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if outlet is None:
            raise serializers.ValidationError("No outlet with this slug.")
        return outlet

    def validate(self, attrs):
        if not attrs.get("url") and not (attrs.get("citation") or "").strip():  # sources are replaced whole
            raise serializers.ValidationError({"url": ["Give a URL or, for print and broadcast, a citation."]})
        return attrs

    def content(self, data):
        source = {k: v for k, v in data.items() if k != "outlet"}
        source["outlet_id"] = data.get("outlet")
        return source


class RelationInputSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=RelationType.choices)
    statement = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="A published statement's id.")


class StatementInputSerializer(serializers.Serializer):
    """POST creates a draft (speaker_id or speaker_name required); PATCH changes only the fields sent."""

    text = serializers.CharField(max_length=MAX_TEXT, trim_whitespace=False, help_text="The words as said.")
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    language = serializers.CharField(max_length=35, required=False, validators=[validators.language_tag])
    translation = free_text(MAX_TEXT)
    translated_by = free_text(200)
    speaker_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    speaker_name = serializers.CharField(
        max_length=200, required=False, help_text="Matched against names and aliases; a new speaker if none."
    )
    speaker_role = free_text(300)
    said_on = serializers.DateField()
    said_on_precision = serializers.ChoiceField(choices=DatePrecision.choices, required=False)
    approximate = serializers.BooleanField(required=False)
    first_reported_on = serializers.DateField(required=False, allow_null=True)
    medium = serializers.ChoiceField(choices=Medium.choices, required=False, allow_blank=True)
    venue = free_text(300)
    recipient_outlet = serializers.SlugField(max_length=200, required=False, allow_null=True)
    context = free_text(MAX_TEXT)
    topics = serializers.ListField(
        child=serializers.SlugField(max_length=200), required=False, max_length=MAX_TOPICS, help_text="Topic slugs."
    )
    sources = SourceInputSerializer(many=True, required=False, max_length=MAX_SOURCES)
    relations = RelationInputSerializer(
        many=True, required=False, max_length=MAX_RELATIONS, help_text="Replaces the statement's relations."
    )

    def validate(self, attrs):
        refused = sorted(set(self.initial_data) & set(READ_ONLY)) if isinstance(self.initial_data, dict) else []
        if refused:
            message = "Read-only: changed only through the workflow actions (submit, approve, …)."
            raise serializers.ValidationError({name: [message] for name in refused})
        if "speaker_id" in attrs and "speaker_name" in attrs:
            raise serializers.ValidationError({"speaker_id": ["Give speaker_id or speaker_name, not both."]})
        if not self.partial and "speaker_id" not in attrs and "speaker_name" not in attrs:
            raise serializers.ValidationError({"speaker_name": ["Give speaker_id or speaker_name."]})
        if not self.partial and not attrs.get("sources"):
            raise serializers.ValidationError({"sources": ["Add at least one source."]})
        if "speaker_id" in attrs and not Speaker.objects.filter(pk=attrs["speaker_id"]).exists():
            raise serializers.ValidationError({"speaker_id": ["No speaker with this id."]})
        if "topics" in attrs:
            attrs["topic_ids"] = self._topic_ids(attrs.pop("topics"))
        if attrs.get("recipient_outlet"):
            attrs["recipient_outlet_id"] = self._outlet_id(attrs.pop("recipient_outlet"))
        elif "recipient_outlet" in attrs:
            attrs.pop("recipient_outlet")
            attrs["recipient_outlet_id"] = None
        return attrs

    def _topic_ids(self, slugs):
        found = dict(Topic.objects.filter(slug__in=slugs).values_list("slug", "pk"))
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise serializers.ValidationError({"topics": [f"No topic with the slug {missing[0]!r}."]})
        return sorted(set(found.values()))

    def _outlet_id(self, slug):
        outlet = Outlet.objects.filter(slug=slug).values_list("pk", flat=True).first()
        if outlet is None:
            raise serializers.ValidationError({"recipient_outlet": ["No outlet with this slug."]})
        return outlet

    def content(self, base=None):
        """The content dict for workflow: `base` (the current content, for PATCH) with the sent fields applied.

        A new speaker named by `speaker_name` is created here: call inside the transaction that writes.
        """
        data, attrs = dict(base or {}), self.validated_data
        data.update({name: attrs[name] for name in (*SIMPLE_FIELDS, "topic_ids", "recipient_outlet_id")
                     if name in attrs})
        if "speaker_id" in attrs:
            data["speaker_id"] = attrs["speaker_id"]
        elif "speaker_name" in attrs:
            data["speaker_id"] = find_or_create_speaker(attrs["speaker_name"], field="speaker_name").pk
        if "sources" in attrs:
            data["sources"] = [SourceInputSerializer().content(source) for source in attrs["sources"]]
        if "relations" in attrs:
            data["relations"] = [{"type": r["type"], "to_statement_id": r["statement"]} for r in attrs["relations"]]
        data.setdefault("kind", Kind.FULL_QUOTE)
        data.setdefault("language", "en")
        data.setdefault("said_on_precision", DatePrecision.DAY)
        return data


class StatementPatchSerializer(StatementInputSerializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31, help_text="The version you loaded (409 if stale).")
    comment = free_text(5000, help_text="Why: required when correcting a published statement.")
    said_on = serializers.DateField(required=False)
    text = serializers.CharField(max_length=MAX_TEXT, trim_whitespace=False, required=False)


class TransitionSerializer(serializers.Serializer):
    comment = free_text(5000)
    version = serializers.IntegerField(
        min_value=1, max_value=2**31, required=False, help_text="The version you reviewed: 409 if it changed since."
    )


class CommentRequiredSerializer(TransitionSerializer):
    comment = serializers.CharField(max_length=5000, help_text="What to change, for the author.")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, help_text="Shown to the author, or publicly for a retraction.")
    version = serializers.IntegerField(min_value=1, max_value=2**31, required=False)


class RevisionSerializer(serializers.Serializer):
    revision = serializers.IntegerField(min_value=1, max_value=2**31, help_text="Number of the pending revision.")
    comment = free_text(5000)


class RevisionRejectSerializer(serializers.Serializer):
    revision = serializers.IntegerField(min_value=1, max_value=2**31)
    reason = serializers.CharField(max_length=5000)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
