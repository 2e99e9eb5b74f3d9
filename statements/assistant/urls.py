"""The article assistant, mounted at /desk/from-article/ (archive/urls.py) under the `assistant:` namespace."""

from django.urls import path

from . import views

app_name = "assistant"

urlpatterns = [
    path("", views.start, name="start"),
    path("save/", views.save, name="save"),
    path("saved/", views.saved, name="saved"),
]
