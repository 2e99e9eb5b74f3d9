"""GET /api/v1/statements/export.csv and export.jsonl: the whole filtered published set, streamed."""

from django.http import StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny

from ... import exports
from ...filters import StatementFilter
from ...models import Statement
from .base import ArchiveAPIMixin
from .statements import FILTER_PARAMETERS


class JSONErrors(BaseContentNegotiation):
    """The export itself is CSV or JSONL whatever the Accept header; an error is always JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type

    def select_parser(self, request, parsers):
        return parsers[0]


class ExportView(ArchiveAPIMixin, GenericAPIView):
    """Published statements in date order (said_on, id), in the portable format import_statements reads."""

    permission_classes = [AllowAny]
    filter_backends = [DjangoFilterBackend]
    filterset_class = StatementFilter
    content_negotiation_class = JSONErrors
    pagination_class = None
    format = "jsonl"

    def get_queryset(self):
        return Statement.objects.published()

    def get(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        response = StreamingHttpResponse(exports.WRITERS[self.format](queryset),
                                         content_type=exports.CONTENT_TYPES[self.format])
        response["Content-Disposition"] = f'attachment; filename="statements.{self.format}"'
        return response


def export_view(fmt, media_type):
    """The view for one format, with its own schema (the media type of its 200 answer)."""

    @extend_schema(
        summary=f"Export the filtered published statements as {fmt.upper()} (streamed)",
        responses={(200, media_type): OpenApiTypes.STR}, parameters=FILTER_PARAMETERS,
    )
    def get(self, request, *args, **kwargs):
        return ExportView.get(self, request, *args, **kwargs)

    return type(f"Export{fmt.title()}View", (ExportView,), {"format": fmt, "get": get}).as_view()
