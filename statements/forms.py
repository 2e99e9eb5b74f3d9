"""Desk forms. The statement form never saves a model itself: it validates the statement and its
sources together, then hands one content dict to statements.workflow, so every edit is versioned,
audited and, for a published statement, held as a proposed correction.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms.models import BaseInlineFormSet

from . import content, validators, workflow
from .models import AttributionStatus, Rating, Statement

STATEMENT_FIELDS = [
    "text", "kind", "language", "translation", "translated_by", "speaker", "speaker_role",
    "said_on", "said_on_precision", "approximate", "first_reported_on", "medium", "venue",
    "recipient_outlet", "context", "topics",
]
_SOURCE_ERROR = re.compile(r"sources\[(\d+)\]\.(\w+)")


def _plain(value):
    return value.pk if isinstance(value, Model) else value


class _LenientPk(forms.ModelChoiceField):
    """A source row whose id is gone counts as a new row.

    Sources are rewritten on every save, so a form loaded before someone else saved carries
    stale ids; the content dict never uses ids, and the version check reports the conflict.
    """

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            return None


class DeskFormSet(BaseInlineFormSet):
    """Rows edited with the statement (its sources, its relations) and never saved directly: the parent
    form validates everything as one content dict and saves it through the workflow (StatementDeskForm)."""

    attribute = ""  # where the parent form finds this formset on its instance

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        setattr(self.instance, self.attribute, self)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk = form.fields[self.model._meta.pk.name]
        form.fields[self.model._meta.pk.name] = _LenientPk(
            pk.queryset, initial=pk.initial, required=False, widget=pk.widget
        )

    def content_rows(self):
        """(form, content row) for each row the editor keeps, in the order shown."""
        rows = []
        for i, form in enumerate(self.forms):
            blank_extra = i >= self.initial_form_count() and not form.has_changed()
            if blank_extra or form.cleaned_data.get("DELETE"):
                continue
            rows.append((form, self.content_row(form.cleaned_data)))
        return rows


class SourceFormSet(DeskFormSet):
    attribute = "desk_source_formset"

    def content_row(self, cleaned):
        return {name: _plain(cleaned.get(name.removesuffix("_id"))) for name in content.SOURCE_FIELDS}


class RelationFormSet(DeskFormSet):
    attribute = "desk_relation_formset"

    def content_row(self, cleaned):
        return {"type": cleaned.get("type"), "to_statement_id": _plain(cleaned.get("to_statement"))}


class StatementDeskForm(forms.ModelForm):
    """A statement and its sources, saved through workflow.create_statement / edit_statement.

    The save happens as the last validation step, so a refusal (bad input, someone else saved,
    a state that cannot be edited) comes back as form errors on the same page with nothing written.
    """

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label="Why this change", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required for a published statement: it becomes the public correction note.",
    )
    actor = None  # the signed-in user; set per request by the admin
    proposal = None  # the pending correction the page starts from; set per request by the admin

    class Meta:
        model = Statement
        fields = STATEMENT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved = None
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
            self.fields["loaded_version"].required = True
        if self.proposal is not None and not self.is_bound:
            self.initial.update(_initial_of(self.proposal))

    def _post_clean(self):
        super()._post_clean()  # the model's own checks first: fields, clean(), constraints
        if self.instance.pk and not self._same_version():
            return
        sources = getattr(self.instance, "desk_source_formset", None)
        relations = getattr(self.instance, "desk_relation_formset", None)
        # Both inlines share their permissions (admin.statement.DeskInline): one is never shown without the other.
        if self.errors or sources is None or not sources.is_valid() or not relations.is_valid():
            return
        rows = sources.content_rows()
        data = self.content_data([source for _, source in rows])
        data[content.RELATIONS] = [relation for _, relation in relations.content_rows()]
        try:
            self.saved = self._save(data)
        except ValidationError as error:
            self._show_errors(error, [form for form, _ in rows])
        except workflow.WorkflowError as error:
            self.add_error(None, error.message)

    def _same_version(self):
        """Refuse early when someone saved since this form was loaded (the workflow re-checks under lock)."""
        posted = self.cleaned_data.get("loaded_version")
        current = Statement.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if posted is None or posted == current:
            return True
        self.add_error(None, (
            "This statement was changed by someone else since you opened it "
            f"(your version {posted}, now {current}). Your text was not saved: copy it, "
            "reload the page and apply your change again."))
        return False

    def content_data(self, sources):
        """The form's cleaned data in the shape statements.content defines."""
        data = {name: _plain(self.cleaned_data.get(name.removesuffix("_id"))) for name in content.FIELDS}
        data["topic_ids"] = [topic.pk for topic in self.cleaned_data.get("topics") or []]
        data["sources"] = sources
        return data

    def _save(self, data):
        if self.instance.pk is None:
            return workflow.create_statement(actor=self.actor, data=data)
        return workflow.edit_statement(
            self.instance, actor=self.actor, data=data, comment=self.cleaned_data.get("comment") or "",
            expected_version=self.cleaned_data["loaded_version"],
        )

    def _show_errors(self, error, source_forms):
        """Put the workflow's errors next to the fields they are about."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for key, messages in error.message_dict.items():
            match = _SOURCE_ERROR.fullmatch(key)
            if match and int(match[1]) < len(source_forms):
                form, field = source_forms[int(match[1])], match[2]
                form.add_error(field if field in form.fields else None, messages)
            elif key in ("sources", content.RELATIONS):
                label = "Sources" if key == "sources" else "Related statements"
                self.add_error(None, [f"{label}: {m}" for m in messages])
            else:
                self.add_error(key if key in self.fields else None, messages)


def _initial_of(revision):
    """A revision's content as the statement form's initial values, its reason in "Why this change"."""
    data = revision.data
    initial = {name.removesuffix("_id"): content._typed(name, data.get(name)) for name in content.FIELDS}
    initial["topics"] = data.get("topic_ids", [])
    initial["comment"] = revision.comment
    return initial


# ---------------------------------------------------------------- review actions


class TransitionForm(forms.Form):
    """A comment (or reason) for one transition, and the version the reviewer saw."""

    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AttributionForm(forms.Form):
    status = forms.ChoiceField(
        label="Attribution", choices=[c for c in AttributionStatus.choices if c[0] != AttributionStatus.UNCHECKED]
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="Required when disputed: what does not match, and where.")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class RevisionDecisionForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    revision = forms.IntegerField(widget=forms.HiddenInput)


class VerdictForm(forms.Form):
    claim = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), validators=[validators.no_control_characters],
                            help_text="The factual claim inside the statement, as reviewed.")
    rating = forms.ChoiceField(choices=Rating.choices)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), validators=[validators.no_control_characters])


class EvidenceLinkForm(forms.Form):
    url = forms.URLField(label="URL", max_length=2000, validators=[validators.http_url], assume_scheme="https")
    title = forms.CharField(max_length=500, required=False)


EvidenceFormSet = forms.formset_factory(EvidenceLinkForm, extra=2)


def evidence_links(formset):
    """The filled-in rows of an evidence formset, as the workflow takes them."""
    return [
        {"url": form.cleaned_data["url"], "title": form.cleaned_data.get("title", "")}
        for form in formset.forms
        if form.has_changed() and form.cleaned_data.get("url")
    ]
