"""POST /api/v1/extract/: the article assistant for editors: pasted article text -> proposed statements."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import validators
from ...extraction import extract_quotes
from ...extraction.django_speakers import known_speakers_from_db
from ...models import Statement
from ...normalize import quote_hash
from ..guards import check_data
from ..permissions import IsEditor
from .base import ArchiveAPIMixin

MAX_ARTICLE = 200_000


class ExtractRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_ARTICLE, trim_whitespace=False, help_text="The article, as plain text.")
    url = serializers.CharField(max_length=2000, required=False, allow_blank=True, validators=[validators.http_url])
    citation = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    outlet = serializers.SlugField(max_length=200, required=False, allow_blank=True)
    published_on = serializers.DateField(required=False, allow_null=True, help_text="Resolves 'on Tuesday' etc.")

    def validate_text(self, value):
        if not value.strip():
            raise serializers.ValidationError("Paste the article's text.")
        return value


class QuoteSerializer(serializers.Serializer):
    text = serializers.CharField()
    kind = serializers.CharField()
    speaker = serializers.CharField()
    speaker_id = serializers.IntegerField(allow_null=True)
    speaker_description = serializers.CharField()
    anonymous = serializers.BooleanField()
    medium = serializers.CharField()
    venue = serializers.CharField()
    said_date = serializers.CharField(allow_null=True)
    said_date_precision = serializers.CharField(allow_null=True)
    approximate = serializers.BooleanField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    excerpt = serializers.CharField()
    already_in_archive = serializers.BooleanField(help_text="The same words (by quote key) are already on the desk.")


class ExtractResponseSerializer(serializers.Serializer):
    quotes = QuoteSerializer(many=True)


class ExtractView(ArchiveAPIMixin, APIView):
    permission_classes = [IsEditor]

    @extend_schema(summary="Propose the statements quoted in an article (editors)",
                   request=ExtractRequestSerializer, responses={200: ExtractResponseSerializer})
    def post(self, request):
        check_data(request.data)
        serializer = ExtractRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        candidates = extract_quotes(data["text"], data.get("published_on"), known_speakers_from_db())
        quotes = [candidate.to_dict() for candidate in candidates]
        seen = self._already_in_archive([quote["text"] for quote in quotes])
        for quote in quotes:
            quote["already_in_archive"] = quote_hash(quote["text"]) in seen
        return Response({"quotes": quotes})

    def _already_in_archive(self, texts):
        """Hashes of these quotes the requester may see (editors: the whole desk; never more)."""
        hashes = {quote_hash(text) for text in texts}
        visible = Statement.objects.for_desk(self.request.user)
        return set(visible.filter(text_hash__in=hashes).values_list("text_hash", flat=True))
