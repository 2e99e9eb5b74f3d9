"""The floor for the HTTP benchmark: the same Django, settings and middleware, one view, no database.

Served by gunicorn as `statements.bench.floor:app` with DJANGO_SETTINGS_MODULE set to
`statements.bench.floor_settings`, beside the archive; requests/s here is the most any page can
reach on this machine, so a cached page is measured against it.
"""

from django.http import HttpResponse
from django.urls import path

BODY = "<!doctype html><title>floor</title><p>" + "No database here. " * 200 + "</p>"


def floor(request):
    return HttpResponse(BODY)


urlpatterns = [path("", floor)]


def _application():
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


app = _application()
