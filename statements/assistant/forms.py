"""Forms of the article assistant.

Step 1 is `ArticleForm`: the pasted text and the article as a source. Step 2 carries the source
fields (not the text) as hidden inputs of `ArticleSourceForm`, which step 3 validates again: a hidden
input is typed by whoever sends the request. Each proposal is a `ProposalForm` row; only ticked rows
are checked and saved.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from statements import validators
from statements.models import DatePrecision, Kind, Medium

MAX_TEXT = 200_000
# A row posts about 14 fields and Django refuses a POST of more than 1,000
# (DATA_UPLOAD_MAX_NUMBER_FIELDS), so one page lists at most this many proposals.
MAX_PROPOSALS = 60
NEW_SPEAKER = "New speaker (type the name)"


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(**kwargs):
    """A text field that refuses NUL bytes, control characters and lone surrogates."""
    return forms.CharField(validators=[validators.no_control_characters], **kwargs)


class ArticleSourceForm(forms.Form):
    """The article as every saved draft's source."""

    url = forms.URLField(
        label="URL", max_length=2000, required=False, assume_scheme="https", validators=[validators.http_url]
    )
    citation = _text(
        required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For print and broadcast without a URL: outlet, title, date.",
    )
    outlet = _text(
        max_length=200, required=False,
        help_text="An outlet's name or slug; a name the archive does not have is added when you save.",
    )
    published_on = forms.DateField(
        label="Publication date", required=False, widget=_date_input(),
        help_text="Resolves “on May 14”, “last week”; the default date of undated quotes.",
    )
    title = _text(max_length=500, required=False)
    language = forms.CharField(
        max_length=35, initial="en", required=False, validators=[validators.language_tag],
        help_text="Language of the quotes as printed (BCP 47: en, uk, de); English if left empty.",
    )

    def clean_language(self):
        return self.cleaned_data["language"] or "en"

    def clean(self):
        cleaned = super().clean()
        if "url" not in self.errors and not cleaned.get("url") and not cleaned.get("citation"):
            self.add_error("url", "Give the article's URL or, for print and broadcast, a citation.")
        return cleaned


class ArticleForm(ArticleSourceForm):
    """Step 1: the pasted article and its source fields."""

    text = _text(
        label="Article text", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Paste the whole article; captions, links and share buttons are ignored.",
    )
    field_order = ["text", "url", "citation", "outlet", "published_on", "title", "language"]


class ProposalForm(forms.Form):
    """One proposed statement. The editor ticks it to save it and may correct every field."""

    include = forms.BooleanField(label="Save this one", required=False)
    text = _text(label="Quoted words", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(choices=Kind.choices)
    speaker = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    new_speaker = _text(
        label="or new speaker", max_length=200, required=False,
        help_text="Used when no speaker is chosen. A speaker of this name or alias is reused, unless anonymous.",
    )
    speaker_role = _text(label="Role as printed", max_length=300, required=False)
    anonymous = forms.BooleanField(
        label="Anonymous source", required=False, help_text="A new speaker is created for it, never matched by name."
    )
    medium = forms.ChoiceField(choices=[("", "—"), *Medium.choices], required=False)
    venue = _text(max_length=300, required=False)
    said_on = forms.DateField(label="Date said", required=False, widget=_date_input())
    said_on_precision = forms.ChoiceField(label="Precision", choices=DatePrecision.choices)
    approximate = forms.BooleanField(required=False)
    printed_name = _text(required=False, widget=forms.HiddenInput)
    excerpt = _text(required=False, strip=False, widget=forms.HiddenInput)

    def __init__(self, *args, speaker_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].choices = [("", NEW_SPEAKER), *speaker_choices]
        self.duplicates = []  # statements with the same words, set by the view

    def full_clean(self):
        super().full_clean()
        # Only ticked rows are saved, so only they are held to the rules.
        if self.is_bound and not self.cleaned_data.get("include"):
            self._errors = ErrorDict()

    def clean(self):
        data = super().clean()
        if not data.get("include"):
            return data
        if not data.get("text") and "text" not in self.errors:
            self.add_error("text", "Enter the quoted words.")
        if data.get("speaker") is None and not data.get("new_speaker") and "new_speaker" not in self.errors:
            self.add_error("new_speaker", "Choose a speaker or enter a new speaker's name.")
        if data.get("said_on"):
            data["said_on"] = to_precision(data["said_on"], data.get("said_on_precision"))
        elif "said_on" not in self.errors:
            self.add_error("said_on", "Enter the date said (the article's date, marked approximate, if unknown).")
        return data


def to_precision(day, precision):
    """The stored form of a date: the first of the month or year for month or year precision."""
    if precision == DatePrecision.MONTH:
        return day.replace(day=1)
    if precision == DatePrecision.YEAR:
        return datetime.date(day.year, 1, 1)
    return day


class BaseProposalFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not self.ticked():
            raise ValidationError("Tick at least one proposal to save it.")

    def ticked(self):
        """The forms the editor ticked, in page order."""
        return [form for form in self.forms if form.cleaned_data.get("include")]


ProposalFormSet = forms.formset_factory(
    ProposalForm, formset=BaseProposalFormSet, extra=0,
    max_num=MAX_PROPOSALS, absolute_max=MAX_PROPOSALS, validate_max=True,
)
