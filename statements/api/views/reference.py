"""Speakers, topics and outlets: read-only, public, paginated like the statements."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from ...models import Outlet, Speaker, SpeakerAlias, Statement, Topic
from ...public_lookups import referenced
from ...roles import is_desk
from ..pagination import KeysetPagination
from ..serializers import OutletSerializer, SpeakerDetailSerializer, SpeakerSerializer, TopicSerializer
from .base import ArchiveAPIMixin

SLUG_PATTERN = r"[^/]+"


class ReferenceViewSet(ArchiveAPIMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = SLUG_PATTERN
    pagination_class = KeysetPagination
    filter_backends = []

    def list(self, request, *args, **kwargs):
        paginator = KeysetPagination()
        page = paginator.paginate(self.get_queryset().order_by("name", "id"), request, fetch=list)
        return paginator.response(self.get_serializer(page, many=True).data)

    model = None

    def visible(self):
        """The desk sees every row; the public only those a public statement refers to."""
        if is_desk(self.request.user):
            return self.model.objects.all()
        return referenced(self.model, Statement.objects.public())

    def get_queryset(self):
        return self.visible()

    def get_object(self):
        slug = self.kwargs["slug"]
        if len(slug) > 200:
            raise NotFound()
        obj = self.get_queryset().filter(slug=slug).first()
        if obj is None:
            raise NotFound()
        return obj


@extend_schema_view(
    list=extend_schema(
        summary="Speakers",
        parameters=[OpenApiParameter("name", str, description="A name or alias in any spelling: zelenksyy.")],
    ),
    retrieve=extend_schema(summary="One speaker, with aliases and the count of published statements"),
)
class SpeakerViewSet(ReferenceViewSet):
    serializer_class = SpeakerSerializer
    model = Speaker

    def get_queryset(self):
        queryset = self.visible().prefetch_related(Prefetch("aliases", SpeakerAlias.objects.order_by("name")))
        name = self.request.query_params.get("name")
        if self.action == "list" and name:
            queryset = queryset.filter(pk__in=Speaker.objects.matching(name).values("pk"))
        return queryset

    def retrieve(self, request, *args, **kwargs):
        speaker = self.get_object()
        speaker.statement_count = Statement.objects.published().filter(speaker=speaker).count()
        return Response(SpeakerDetailSerializer(speaker, context=self.get_serializer_context()).data)

    def get_serializer_class(self):
        return SpeakerDetailSerializer if self.action == "retrieve" else SpeakerSerializer


@extend_schema_view(list=extend_schema(summary="Topics"), retrieve=extend_schema(summary="One topic"))
class TopicViewSet(ReferenceViewSet):
    serializer_class = TopicSerializer
    model = Topic


@extend_schema_view(list=extend_schema(summary="Outlets"), retrieve=extend_schema(summary="One outlet"))
class OutletViewSet(ReferenceViewSet):
    serializer_class = OutletSerializer
    model = Outlet
