"""Saving the ticked proposals: each becomes a draft through statements.workflow, all or none.

New speakers and a new outlet are created here, inside the same transaction, so a refused row
leaves no half-made speaker behind.
"""

import itertools

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from statements import workflow
from statements.models import Outlet, Speaker, SpeakerAlias
from statements.normalize import name_key

from .proposals import find_outlet

# Workflow and model error keys that are not a visible field of the row.
_ROW_FIELD = {"name": "new_speaker", "description": "speaker_role"}
_VISIBLE = {
    "text", "kind", "speaker", "new_speaker", "speaker_role", "medium", "venue", "said_on", "said_on_precision",
}
_RETRY = "Someone saved a speaker or outlet of the same name at the same moment. Press “Save ticked” again."


class ProposalErrors(Exception):
    """Nothing was saved. `rows` maps a row's position to {field or None: [messages]}."""

    def __init__(self, rows=None, general=()):
        super().__init__("The proposals were not saved.")
        self.rows = rows or {}
        self.general = list(general)


def save_proposals(*, actor, article, rows, now=None):
    """Create one draft per row (cleaned ProposalForm data) citing `article` (cleaned ArticleSourceForm).

    Returns the new statements. Every row is tried, so the editor sees all the problems at once;
    if any row is refused, everything is rolled back and ProposalErrors says which rows and why.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            statements = _save_all(actor, article, rows, now)
    except IntegrityError as error:
        raise ProposalErrors(general=[_RETRY]) from error
    except ValidationError as error:  # only the new outlet can fail outside a row
        raise ProposalErrors(general=[f"Outlet: {message}" for message in error.messages]) from error
    return statements


def _save_all(actor, article, rows, now):
    outlet = _outlet(article["outlet"])
    speakers = _NewSpeakers()
    statements, errors = [], {}
    for position, row in enumerate(rows):
        try:
            with transaction.atomic():  # a savepoint: a refused row leaves the transaction usable
                speaker = speakers.resolve(row)
                data = _content(row, speaker, article, outlet, now)
                statements.append(workflow.create_statement(actor=actor, data=data, now=now))
        except ValidationError as error:
            errors[position] = _row_errors(error)
            continue
        except workflow.WorkflowError as error:
            errors[position] = {None: [error.message]}
            continue
        speakers.remember(row, speaker)
    if errors:
        raise ProposalErrors(rows=errors)
    return statements


def _content(row, speaker, article, outlet, now):
    """The content dict (statements.content shape) of one draft; the article is its one source."""
    source = {
        "url": article["url"], "citation": article["citation"], "outlet_id": outlet.pk if outlet else None,
        "title": article["title"], "published_on": article["published_on"],
        "accessed_on": timezone.localdate(now), "excerpt": row["excerpt"], "primary": False,
    }
    return {
        "text": row["text"], "kind": row["kind"], "language": article["language"],
        "speaker_id": speaker.pk, "speaker_role": row["speaker_role"],
        "said_on": row["said_on"], "said_on_precision": row["said_on_precision"],
        "approximate": row["approximate"], "medium": row["medium"], "venue": row["venue"],
        "sources": [source],
    }


class _NewSpeakers:
    """Finds or creates each row's speaker; a name new in this article is created once."""

    def __init__(self):
        self.created = {}

    def resolve(self, row):
        if row["speaker"] is not None:
            speaker = Speaker.objects.filter(pk=row["speaker"]).first()
            if speaker is None:
                raise ValidationError({"speaker": ["That speaker is no longer in the archive; choose another."]})
            return speaker
        if self._key(row) in self.created:
            return self.created[self._key(row)]
        if not row["anonymous"]:
            existing = self._existing(row["new_speaker"])
            if existing:
                return existing
        return _create_speaker(row)

    def remember(self, row, speaker):
        """Called once the row is saved: a speaker made in a rolled-back savepoint must not be reused."""
        if row["speaker"] is None:
            self.created[self._key(row)] = speaker

    @staticmethod
    def _key(row):
        # Within one article, one unnamed "NATO official" is one source.
        return name_key(row["new_speaker"]), bool(row["anonymous"])

    @staticmethod
    def _existing(name):
        found = list(Speaker.objects.matching(name).filter(anonymous=False)[:2])
        if len(found) > 1:
            raise ValidationError({"new_speaker": [f"Several speakers are called “{name}”: choose one in the list."]})
        return found[0] if found else None


def _create_speaker(row):
    name = row["new_speaker"]
    speaker = Speaker(
        name=name, slug=unique_slug(Speaker, name), description=row["speaker_role"], anonymous=row["anonymous"]
    )
    speaker.full_clean()
    speaker.save()
    printed = row["printed_name"]
    if not row["anonymous"] and name_key(printed) not in ("", speaker.name_key) and len(printed) <= 200:
        SpeakerAlias.objects.create(speaker=speaker, name=printed)
    return speaker


def _outlet(name):
    """The article's outlet: an existing one by slug or name, else a new one (created only now)."""
    if not name:
        return None
    outlet = find_outlet(name)
    if outlet is None:
        outlet = Outlet(name=name, slug=unique_slug(Outlet, name))
        outlet.full_clean()
        outlet.save()
    return outlet


def unique_slug(model, name):
    """A slug for `name` not yet taken in `model` (transliterated, so Cyrillic names get one too)."""
    base = slugify(name_key(name))[:190].strip("-") or model._meta.model_name
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    candidates = itertools.chain([base], (f"{base}-{n}" for n in itertools.count(2)))
    return next(slug for slug in candidates if slug not in taken)


def _row_errors(error):
    """{field or None: [messages]} with the workflow's keys turned into the row's fields."""
    if not hasattr(error, "error_dict"):
        return {None: list(error.messages)}
    out = {}
    for key, messages in error.message_dict.items():
        field = _ROW_FIELD.get(key, key)
        if field in _VISIBLE:
            out.setdefault(field, []).extend(messages)
        else:
            label = key.replace("sources[0].", "source ").replace("_", " ")
            out.setdefault(None, []).extend(f"{label}: {message}" for message in messages)
    return out
