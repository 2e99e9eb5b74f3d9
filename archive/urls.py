from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("desk/from-article/", include("statements.assistant.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("statements.api.urls")),
    path("", include("statements.urls")),
]
