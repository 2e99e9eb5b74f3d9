"""The statement on the desk: one screen for the statement and its sources, saved through the workflow."""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, ProtectedError, Q, Subquery
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .. import content, workflow
from ..forms import RelationFormSet, SourceFormSet, StatementDeskForm
from ..models import DatePrecision, Source, Speaker, SpeakerAlias, Statement, StatementRelation, Status
from ..roles import is_desk, is_editor
from .history import HistoryViews
from .review import ReviewViews, desk_context, duplicates

EDITABLE_ON_DESK = {*workflow.EDITABLE, Status.PUBLISHED}  # a published one takes a proposed correction


def can_edit(user, statement=None):
    return is_editor(user) and (statement is None or statement.status in EDITABLE_ON_DESK)


def ever_published(statement):
    return bool(statement.published_at) or statement.is_public


def desk_proposal(request, statement):
    """The pending correction an editor's form starts from, on the page they load (not on the POST).

    Saving replaces a pending proposal, so a form holding the live version would drop the proposal's
    changes unless the editor typed them again."""
    if request.method == "POST" or statement is None or statement.status != Status.PUBLISHED:
        return None
    if not can_edit(request.user, statement):
        return None
    cache = request.__dict__.setdefault("_desk_proposals", {})
    if statement.pk not in cache:
        cache[statement.pk] = workflow.pending_revision(statement)
    return cache[statement.pk]


class DeskInline:
    """Rows edited with the statement and saved with it through the workflow: editable when it is."""

    def get_extra(self, request, obj=None, **kwargs):
        return self.extra + len(self.proposed_rows(request, obj))

    def proposed_rows(self, request, obj):
        """The pending proposal's rows as the inline's initial data ([] without a proposal)."""
        proposal = desk_proposal(request, obj)
        return [self.row_initial(row) for row in proposal.data.get(self.content_key, [])] if proposal else []

    def has_view_permission(self, request, obj=None):
        return is_desk(request.user)

    def has_add_permission(self, request, obj=None):
        return can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return can_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return can_edit(request.user, obj)


class SourceInline(DeskInline, admin.StackedInline):
    """The statement's sources."""

    model = Source
    formset = SourceFormSet
    content_key = "sources"
    extra = 1
    autocomplete_fields = ("outlet",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = (("url", "archive_url"), "citation", ("outlet", "title"), ("published_on", "accessed_on"),
              "excerpt", "primary")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("outlet")

    def row_initial(self, source):
        return {name.removesuffix("_id"): content._typed(name, value) for name, value in source.items()}


class RelationInline(DeskInline, admin.TabularInline):
    """Other published statements this one responds to, contradicts, repeats or clarifies."""

    model = StatementRelation
    formset = RelationFormSet
    content_key = content.RELATIONS
    fk_name = "from_statement"
    extra = 1
    autocomplete_fields = ("to_statement",)
    fields = ("type", "to_statement")
    verbose_name = "related statement"
    verbose_name_plural = "related statements (in the public archive)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("to_statement__speaker")

    def row_initial(self, relation):
        return {"type": relation["type"], "to_statement": relation["to_statement_id"]}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "to_statement":
            kwargs["queryset"] = Statement.objects.public()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _source_count():
    return Subquery(
        Source.objects.filter(statement=OuterRef("pk")).order_by().values("statement")
        .annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


@admin.register(Statement)
class StatementAdmin(ReviewViews, HistoryViews, admin.ModelAdmin):
    form = StatementDeskForm
    inlines = [SourceInline, RelationInline]
    autocomplete_fields = ("speaker", "topics", "recipient_outlet")
    list_display = ("quote", "speaker", "said", "status", "attribution_status", "sources", "updated_at")
    list_display_links = ("quote",)
    list_filter = ("status", "attribution_status", "kind", "medium", "speaker", "topics")
    list_select_related = ("speaker",)
    date_hierarchy = "said_on"
    search_fields = ("text", "speaker__name")
    search_help_text = "Words of the quote, or the speaker's name in any spelling."
    ordering = ("-said_on", "-id")
    show_full_result_count = False  # one COUNT(*) less per page on a large archive

    class Media:
        css = {"all": ["desk/desk.css"]}

    def view_on_site(self, obj):
        """Link to the public page only when there is one: a draft's permalink is a 404."""
        return obj.get_absolute_url() if obj.is_public else None

    # ------------------------------------------------------------ list

    def get_queryset(self, request):
        return Statement.objects.for_desk(request.user).select_related("speaker").annotate(n_sources=_source_count())

    @admin.display(description="quote")
    def quote(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    @admin.display(description="said", ordering="said_on")
    def said(self, obj):
        shown = {DatePrecision.DAY: "%d %b %Y", DatePrecision.MONTH: "%b %Y", DatePrecision.YEAR: "%Y"}
        text = obj.said_on.strftime(shown[obj.said_on_precision])
        return f"c. {text}" if obj.approximate else text

    @admin.display(description="sources", ordering="n_sources")
    def sources(self, obj):
        return obj.n_sources or 0

    def get_search_results(self, request, queryset, search_term):
        """Quote words and speaker names, plus every alias: "Zelenksyy" finds Zelenskyy's statements."""
        if request.GET.get("field_name") == "to_statement":  # the related statements' autocomplete
            queryset = queryset.public()
        found, _ = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return found, False
        speakers = Speaker.objects.matching(search_term).values("pk")
        by_alias = SpeakerAlias.objects.filter(name__icontains=search_term.strip()).values("speaker")
        extra = Q(speaker__in=speakers) | Q(speaker__in=by_alias)
        return queryset.filter(Q(pk__in=found.values("pk")) | extra), False

    # ------------------------------------------------------------ permissions

    def has_module_permission(self, request):
        return is_desk(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_desk(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_editor(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return can_edit(request.user, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        """Only drafts that were never public; an archive retracts, it does not erase."""
        return is_editor(request.user) and (obj is None or not ever_published(obj))

    # ------------------------------------------------------------ the form

    def get_fieldsets(self, request, obj=None):
        main = ["text", "kind", ("language", "translated_by"), "translation"]
        if self.has_change_permission(request, obj) or obj is None:
            main.append("loaded_version")
        fieldsets = [
            (None, {"fields": main}),
            ("Who and when", {"fields": ["speaker", "speaker_role", ("said_on", "said_on_precision", "approximate"),
                                         "first_reported_on"]}),
            ("Where and about what", {"fields": ["medium", "venue", "recipient_outlet", "context", "topics"]}),
        ]
        if obj is not None and self.has_change_permission(request, obj):
            fieldsets.append(("Why this change", {"fields": ["comment"]}))
        return fieldsets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # a fresh class per request: the workflow needs to know who saves
        form.proposal = desk_proposal(request, obj)
        return form

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """On a published statement with a pending proposal, the rows are the proposal's."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, DeskInline) and desk_proposal(request, obj) is not None:
            kwargs.update(queryset=inline.model.objects.none(), initial=inline.proposed_rows(request, obj))
        return kwargs

    def save_form(self, request, form, change):
        """The form already saved through the workflow while validating; report what happened."""
        statement = form.saved
        if statement is None:  # the sources did not validate: the admin shows their errors, nothing was written
            return form.instance
        if change and statement.status == Status.PUBLISHED:
            pending = workflow.pending_revision(statement)
            if pending and pending.created_by_id == request.user.pk:
                messages.info(request, f"Saved as proposed correction v{pending.number}, waiting for a reviewer. "
                                       "The public keeps seeing the approved version until then.")
        self._warn_duplicates(request, statement)
        return statement

    def _warn_duplicates(self, request, statement):
        others = duplicates(statement)
        if others:
            links = format_html_join(", ", '<a href="{}">#{} ({}, {})</a>', (
                (reverse("admin:statements_statement_change", args=[s.pk]), s.pk, s.speaker, s.get_status_display())
                for s in others))
            messages.warning(request, format_html("The same quote is already in the archive: {}. "
                                                  "Check it is not a duplicate.", links))

    def save_model(self, request, obj, form, change):
        pass  # written by workflow.create_statement / edit_statement in StatementDeskForm

    def save_related(self, request, form, formsets, change):
        pass  # sources are part of the content dict the workflow wrote

    def construct_change_message(self, request, form, formsets, add=False):
        return [{"added": {}}] if add else [{"changed": {"fields": sorted(form.changed_data)}}]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        statement = self.get_object(request, object_id)
        if statement is not None and self.has_view_permission(request, statement):
            extra_context = {**(extra_context or {}), **desk_context(request, statement)}
        return super().change_view(request, object_id, form_url, extra_context)

    # ------------------------------------------------------------ delete

    def delete_model(self, request, obj):
        workflow.delete_draft(obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for statement in queryset:
            workflow.delete_draft(statement, actor=request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            actions["delete_selected"] = (delete_drafts, "delete_selected", "Delete selected drafts")
        return actions

    def get_urls(self):
        return self.review_urls() + self.history_urls() + super().get_urls()


def delete_drafts(modeladmin, request, queryset):
    """Django's delete action (with its confirmation page), refused when a selected statement was ever public."""
    if queryset.filter(Q(published_at__isnull=False) | Q(status__in=[Status.PUBLISHED, Status.RETRACTED])).exists():
        messages.error(request, "Published statements cannot be deleted; retract them instead. Nothing was deleted.")
        return None
    try:
        return delete_selected(modeladmin, request, queryset)
    except (ProtectedError, workflow.WorkflowError) as error:  # published meanwhile: the transaction rolls back
        messages.error(request, f"{error.args[0]} Nothing was deleted.")
        return None
