"""Helpers for desk tests: the POST data the admin's statement form sends, and reading its messages."""

from django.contrib.messages import get_messages
from django.urls import reverse

from statements.content import snapshot

FORM_FIELDS = (
    "text", "kind", "language", "translation", "translated_by", "speaker_role", "said_on",
    "said_on_precision", "first_reported_on", "medium", "venue", "context",
)
SOURCE_FIELDS = ("url", "citation", "title", "published_on", "accessed_on", "archive_url", "excerpt")


def add_url():
    return reverse("admin:statements_statement_add")


def change_url(statement):
    return reverse("admin:statements_statement_change", args=[statement.pk])


def desk_url(name, statement, *args):
    return reverse(f"admin:statements_statement_{name}", args=[statement.pk, *args])


def _source_rows(sources, ids=()):
    data = {
        "sources-TOTAL_FORMS": str(len(sources)), "sources-INITIAL_FORMS": str(len(ids)),
        "sources-MIN_NUM_FORMS": "0", "sources-MAX_NUM_FORMS": "1000",
    }
    for i, source in enumerate(sources):
        for name in SOURCE_FIELDS:
            data[f"sources-{i}-{name}"] = source.get(name) or ""
        data[f"sources-{i}-outlet"] = source.get("outlet_id") or ""
        if source.get("primary"):
            data[f"sources-{i}-primary"] = "on"
        if i < len(ids):
            data[f"sources-{i}-id"] = str(ids[i])
    return data


def _relation_rows(relations):
    """Relations as new rows: the form never saves its rows, so what it keeps is what is posted."""
    data = {
        "relations-TOTAL_FORMS": str(len(relations)), "relations-INITIAL_FORMS": "0",
        "relations-MIN_NUM_FORMS": "0", "relations-MAX_NUM_FORMS": "1000",
    }
    for i, relation in enumerate(relations):
        data[f"relations-{i}-type"] = relation["type"]
        data[f"relations-{i}-to_statement"] = str(relation["to_statement_id"])
    return data


def form_post(data, ids=(), version=None, comment=""):
    """The admin form's POST for a content dict (statements.content shape)."""
    post = {name: "" if data.get(name) is None else str(data.get(name)) for name in FORM_FIELDS}
    post["speaker"] = str(data["speaker_id"])
    post["recipient_outlet"] = str(data.get("recipient_outlet_id") or "")
    post["topics"] = [str(t) for t in data.get("topic_ids", [])]
    if data.get("approximate"):
        post["approximate"] = "on"
    if version is not None:
        post["loaded_version"] = str(version)
    post["comment"] = comment
    post.update(_source_rows(data["sources"], ids))
    post.update(_relation_rows(data.get("relations", [])))
    return post


def edit_post(statement, version=None, comment="", **changes):
    """The change form as loaded now, with `changes` typed in."""
    data = snapshot(statement) | changes
    ids = list(statement.sources.order_by("position", "id").values_list("pk", flat=True))
    return form_post(data, ids=ids, version=statement.version if version is None else version, comment=comment)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def served_post(response, **changes):
    """What a browser posts back for the change form as served, with `changes` ({field name: value}) typed in."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    post = {}
    for form in forms:
        for field in form:
            post.update(_as_posted(field.html_name, field.value(), field.field.widget))
    for name, value in changes.items():
        post[name] = value
    return post


def _as_posted(name, value, widget):
    if getattr(widget, "input_type", None) == "checkbox":
        return {name: "on"} if value else {}
    if isinstance(value, list | tuple):
        return {name: [str(v) for v in value]}
    return {name: "" if value is None else str(value)}
