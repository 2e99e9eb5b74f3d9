"""Speakers, topics and outlets as the public sees them: only those a public statement refers to.

A speaker, topic or outlet entered for a draft must not appear anywhere public (its name alone
would say what the desk is preparing). Each check stops at the first statement found, on an index.
"""

from django.db.models import Exists, OuterRef, Subquery

from .models import Correction, Outlet, Speaker, Statement, Topic

# model -> how a statement refers to it
RELATION = {Speaker: "speaker", Topic: "topics", Outlet: "sources__outlet"}


def referenced(model, statements):
    """Rows of `model` that some statement of `statements` (published() or public()) refers to.

    "The first such statement is not null", not EXISTS: for EXISTS PostgreSQL read an outlet's
    whole list of sources (8,000 at a million statements) before looking at one, 210 ms for the
    outlet menu; a LIMIT 1 subquery stops at the first (2.4 ms), and SQLite does the same either way.
    """
    first = statements.filter(**{RELATION[model]: OuterRef("pk")}).order_by().values("pk")[:1]
    return model.objects.alias(first_statement=Subquery(first)).filter(first_statement__isnull=False)


def public_speakers():
    return referenced(Speaker, Statement.objects.public())


def public_topics():
    return referenced(Topic, Statement.objects.public())


def public_outlets():
    return referenced(Outlet, Statement.objects.public())


def about_public(queryset, field="statement"):
    """Rows of `queryset` whose `field` (a statement foreign key) points at a public statement.

    A correlated EXISTS on the primary key, not `IN (SELECT id ... public)`: SQLite would build
    the whole list of public ids (a million) before looking at one row.
    """
    return queryset.filter(Exists(Statement.objects.public().filter(pk=OuterRef(field))))


def public_corrections():
    """Correction and retraction notes of public statements, newest first, with what a list shows."""
    return about_public(Correction.objects.select_related("statement__speaker")).order_by("-created_at", "-id")
