"""The permalink: one public statement with everything the archive knows about it."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render

from .. import citations, jsonld
from ..caching import public_page
from ..models import Correction, RelationType, Source, Statement, StatementRelation
from ..templatetags.archive_tags import field_label, precise_date


def _statement_or_404(pk):
    """Published or retracted; any other state is a 404 exactly like an id that never existed.

    Whether it has correction notes or relations comes with the row: most statements have neither,
    and each of those lists was one more query on every permalink."""
    queryset = (
        Statement.objects.public()
        .select_related("speaker", "verdict", "recipient_outlet")
        .prefetch_related("topics", Prefetch("sources", queryset=Source.objects.select_related("outlet")))
        .annotate(
            has_corrections=Exists(Correction.objects.filter(statement=OuterRef("pk"))),
            has_relations=Exists(StatementRelation.objects.filter(
                Q(from_statement=OuterRef("pk")) | Q(to_statement=OuterRef("pk"))
            )),
        )
    )
    return get_object_or_404(queryset, pk=pk)


# How a relation reads from the statement it points to: "Kirby responds to Zelenskyy" shows on
# Zelenskyy's page as "Answered by" Kirby's statement.
INVERSE_LABELS = {
    RelationType.RESPONDS_TO: "Answered by",
    RelationType.CONTRADICTS: "Contradicted by",
    RelationType.REPEATS: "Repeated by",
    RelationType.CLARIFIES: "Clarified by",
}


def _is_public(field):
    return Exists(Statement.objects.public().filter(pk=OuterRef(field)))


def related_statements(statement):
    """Relations in both directions, to public statements only: [(label, statement)], in one query,
    the statement's own relations first."""
    if not statement.has_relations:
        return []
    outgoing = Q(_is_public("to_statement"), from_statement=statement)
    incoming = Q(_is_public("from_statement"), to_statement=statement)
    relations = StatementRelation.objects.filter(outgoing | incoming).select_related(
        "to_statement__speaker", "from_statement__speaker"
    )
    related = []
    for relation in sorted(relations, key=lambda r: r.from_statement_id != statement.pk):
        if relation.from_statement_id == statement.pk:
            related.append((relation.get_type_display(), relation.to_statement))
        else:
            related.append((INVERSE_LABELS[relation.type], relation.from_statement))
    return related


def correction_notes(statement):
    """[(note, changed fields in words)], newest first."""
    if not statement.has_corrections:
        return []
    notes = statement.corrections.order_by("-created_at", "-id")
    return [(note, [field_label(f) for f in note.changed_fields]) for note in notes]


def _share_description(statement):
    when = precise_date(statement.said_on, statement.said_on_precision, statement.approximate)
    text = statement.translation or statement.text
    return f"{statement.speaker.name}, {when}: “{text[:240]}”"


@public_page
def statement_detail(request, pk, slug=None):
    """/statements/<id>/<slug>/ — a wrong or missing slug redirects (301) to the current one."""
    statement = _statement_or_404(pk)
    if slug != statement.slug:
        return redirect(statement.get_absolute_url(), permanent=True)
    verdict = statement.public_verdict
    context = {
        "statement": statement,
        "sources": statement.sources.all(),
        "verdict": verdict,
        "evidence": list(verdict.evidence.all()) if verdict else [],
        "corrections": correction_notes(statement),
        "related": related_statements(statement),
        "graph": jsonld.statement_graph(statement),
        "cite_text": citations.plain_text(statement),
        "cite_bibtex": citations.bibtex(statement),
        "canonical_url": jsonld.absolute(statement.get_absolute_url()),
        "share_description": _share_description(statement),
    }
    return render(request, "statements/statement_detail.html", context)
