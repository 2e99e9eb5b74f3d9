"""Speakers (with every spelling of their name), outlets and topics: what the statement form looks up."""

from django.contrib import admin
from django.db import models
from django.db.models import Q

from ..models import Outlet, Speaker, SpeakerAlias, Topic
from ..roles import is_desk


class DeskOnly:
    """Desk lookups are for editors and reviewers; other staff accounts see nothing."""

    def has_module_permission(self, request):
        return is_desk(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_desk(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_desk(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_desk(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_desk(request.user) and super().has_delete_permission(request, obj)


class AliasInline(DeskOnly, admin.TabularInline):
    model = SpeakerAlias
    extra = 3
    fields = ("name",)
    verbose_name = "other spelling"
    verbose_name_plural = "other spellings (transliterations, misspellings met in sources)"


@admin.register(Speaker)
class SpeakerAdmin(DeskOnly, admin.ModelAdmin):
    list_display = ("name", "description", "country", "anonymous", "wikidata_id")
    list_filter = ("anonymous", "country")
    search_fields = ("name", "aliases__name", "affiliation")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [AliasInline]
    fieldsets = [
        (None, {"fields": ("name", "slug", "description", "country", "wikidata_id")}),
        ("Unnamed source", {"fields": ("anonymous", "affiliation")}),
    ]

    def get_search_results(self, request, queryset, search_term):
        """Also find a speaker by any spelling: "Zelenksyy", "zelensky" or "Зеленський" give Zelenskyy."""
        found, _ = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return found, False
        by_key = Speaker.objects.matching(search_term).values("pk")
        return queryset.filter(Q(pk__in=found.values("pk")) | Q(pk__in=by_key)), False


@admin.register(Outlet)
class OutletAdmin(DeskOnly, admin.ModelAdmin):
    list_display = ("name", "url", "country")
    search_fields = ("name", "url")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Topic)
class TopicAdmin(DeskOnly, admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
    actions = None  # bulk delete would meet topics of published statements, which are kept

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.statements.filter(status__in=("published", "retracted")).exists():
            return False
        return super().has_delete_permission(request, obj)
