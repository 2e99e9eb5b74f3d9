"""/api/v1/statements/: the public list and detail, and the desk's create and edit."""

from django.db import transaction
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from ... import content, workflow
from ...filters import ORDERINGS, StatementFilter
from ...models import Medium, Rating, Statement, Status
from .. import rows
from ..guards import check_data
from ..pagination import KeysetPagination
from ..permissions import IsDesk, IsEditor, desk_user
from ..serializers import StatementInputSerializer, StatementPatchSerializer, StatementSerializer
from .actions import TransitionsMixin
from .base import ArchiveAPIMixin

STATUS_PARAMETER = OpenApiParameter(
    "status", str, enum=["", *Status.values],
    description="Desk users only: statements in this workflow state. Ignored for everyone else.",
)
# The filters as the API takes them. Stated here rather than inferred from the FilterSet: an empty value
# means "no filter" (as a submitted form sends it), which the schema must allow for dates and enums too.
SLUG = r"^[-a-zA-Z0-9_]*$"
FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description='Search: words in any order, "a phrase", -excluded.'),
    OpenApiParameter("speaker", str, pattern=SLUG, description="Speaker slug."),
    OpenApiParameter("topic", str, pattern=SLUG, description="Topic slug."),
    OpenApiParameter("outlet", str, pattern=SLUG, description="Slug of the outlet of any source."),
    OpenApiParameter("country", str, pattern=r"^([A-Za-z]{2})?$", description="Speaker's country, e.g. UA."),
    OpenApiParameter("medium", str, enum=["", *Medium.values]),
    OpenApiParameter("verdict", str, enum=["", *Rating.values], description="Rating of the published fact-check."),
    OpenApiParameter("language", str, pattern=r"^([a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?)?$",
                     description="BCP 47 tag of the original: en, uk, pt-BR."),
    OpenApiParameter("said_after", str, pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$", description="YYYY-MM-DD."),
    OpenApiParameter("said_before", str, pattern=r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$", description="YYYY-MM-DD."),
    OpenApiParameter("ordering", str, enum=["", *ORDERINGS],
                     description="Default -said_on; relevance needs q (otherwise newest first)."),
]
MAX_ID_DIGITS = 18


@extend_schema_view(
    list=extend_schema(summary="Published statements", parameters=[STATUS_PARAMETER, *FILTER_PARAMETERS],
                       responses={200: StatementSerializer(many=True)}),
    retrieve=extend_schema(summary="One statement (published or retracted; the desk sees all)",
                           responses={200: StatementSerializer}),
    create=extend_schema(summary="Create a draft (editors)", request=StatementInputSerializer,
                         responses={201: StatementSerializer}),
    partial_update=extend_schema(
        summary="Edit (editors); a published statement gets a correction for review",
        request=StatementPatchSerializer, responses={200: StatementSerializer},
    ),
)
class StatementViewSet(TransitionsMixin, ArchiveAPIMixin, viewsets.GenericViewSet):
    """Reads for everyone (published only); writes for the desk, each through statements.workflow."""

    queryset = Statement.objects.none()
    serializer_class = StatementSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = StatementFilter
    pagination_class = KeysetPagination
    lookup_value_regex = r"[^/]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in ("list", "retrieve", None):
            return [AllowAny()]
        if self.action in ("create", "partial_update"):
            return [IsEditor()]
        return [IsDesk()]

    def get_queryset(self):
        if self.action == "list":
            return self._list_queryset()
        if desk_user(self.request):
            return Statement.objects.for_desk(self.request.user)
        return Statement.objects.public()

    def _list_queryset(self):
        wanted = self.request.query_params.get("status")
        if wanted and wanted not in Status.values:
            raise ValidationError({"status": [f"One of: {', '.join(Status.values)}."]})
        if not wanted or not desk_user(self.request):
            return Statement.objects.published()  # `status` never widens the public set
        return Statement.objects.for_desk(self.request.user).filter(status=wanted)

    # ------------------------------------------------------------ reads

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        public = not desk_user(request) or not request.query_params.get("status")
        paginator = KeysetPagination(not_null=("published_at",) if public else ())
        page = paginator.paginate(queryset, request, fetch=rows.fetch_whole)
        return paginator.response(self.represent(page))

    def retrieve(self, request, *args, **kwargs):
        return Response(self.one(self._pk()))

    def represent(self, page):
        urls = rows.Urls(self.request.build_absolute_uri("/")[:-1])
        if not desk_user(self.request):
            return [rows.represent(row, urls) for row in page]
        pending = rows.pending_revisions([row["id"] for row in page])
        return [rows.represent(row, urls, desk=True, pending=pending) for row in page]

    def one(self, pk):
        """One statement as the requester may see it, or 404 (the same for hidden and never-existed)."""
        found = rows.fetch_whole(self.get_queryset().filter(pk=pk))
        if not found:
            raise NotFound()
        return self.represent(found)[0]

    def _pk(self):
        raw = self.kwargs["pk"]
        if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_ID_DIGITS:
            raise NotFound()
        return int(raw)

    def get_object(self):
        """The statement a desk action applies to (for_desk: every state)."""
        statement = self.get_queryset().filter(pk=self._pk()).first()
        if statement is None:
            raise NotFound()
        return statement

    # ------------------------------------------------------------ writes

    def create(self, request, *args, **kwargs):
        check_data(request.data)
        serializer = StatementInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            statement = workflow.create_statement(actor=request.user, data=serializer.content())
        data = self.one(statement.pk)
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": data["api_url"]})

    def partial_update(self, request, *args, **kwargs):
        check_data(request.data)
        statement = self.get_object()
        serializer = StatementPatchSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        if "version" not in serializer.validated_data:
            raise ValidationError({"version": ["Send the version you loaded (409 if someone saved since)."]})
        pending = workflow.pending_revision(statement)
        base = pending.data if pending else content.snapshot(statement)
        with transaction.atomic():
            workflow.edit_statement(
                statement, actor=request.user, data=serializer.content(base),
                expected_version=serializer.validated_data["version"],
                comment=serializer.validated_data.get("comment", ""),
            )
        return Response(self.one(statement.pk))
