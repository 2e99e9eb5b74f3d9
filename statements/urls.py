"""Public URLs, all under the `statements:` namespace; templates and tests use reverse()."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, views
from .caching import public_page
from .sitemaps import SITEMAPS

app_name = "statements"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("feed/", public_page(feeds.StatementFeed()), name="feed"),
    path("statements/<int:pk>/", views.statement_detail, name="statement_noslug"),
    path("statements/<int:pk>/<str:slug>/", views.statement_detail, name="statement"),
    path("speakers/", views.speaker_list, name="speakers"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("speakers/<slug:slug>/feed/", public_page(feeds.SpeakerFeed()), name="speaker_feed"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("topics/<slug:slug>/feed/", public_page(feeds.TopicFeed()), name="topic_feed"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/feed/", public_page(feeds.CorrectionsFeed()), name="corrections_feed"),
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "statements:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots, name="robots"),
]
