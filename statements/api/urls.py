"""Mounted at /api/ by archive/urls.py: v1/..., schema/, docs/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("statements", views.StatementViewSet, basename="statement")
router.register("speakers", views.SpeakerViewSet, basename="speaker")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("outlets", views.OutletViewSet, basename="outlet")

urlpatterns = [
    # Before the router: "export.csv" would otherwise be read as a statement id.
    path("v1/statements/export.csv", views.export_view("csv", "text/csv"), name="statement-export-csv"),
    path("v1/statements/export.jsonl", views.export_view("jsonl", "application/x-ndjson"),
         name="statement-export-jsonl"),
    path("v1/auth/token/", views.TokenView.as_view(), name="token"),
    path("v1/extract/", views.ExtractView.as_view(), name="extract"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its init script from a URL: the CSP allows script from 'self' only.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
