"""Public pages: a queryset from Statement.objects.published(), a template. (Placeholder until the site lands.)"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Statement


def timeline(request):
    return HttpResponse("The Statement Archive")


def statement_detail(request, pk, slug=None):
    statement = get_object_or_404(Statement.objects.public(), pk=pk)
    return HttpResponse(statement.text)


def speaker_detail(request, slug):
    return HttpResponse(slug)


def topic_detail(request, slug):
    return HttpResponse(slug)


def outlet_detail(request, slug):
    return HttpResponse(slug)
