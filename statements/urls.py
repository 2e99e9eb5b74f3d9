from django.urls import path

from . import views

app_name = "statements"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("statements/<int:pk>/", views.statement_detail, name="statement_noslug"),
    path("statements/<int:pk>/<slug:slug>/", views.statement_detail, name="statement"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet"),
]
