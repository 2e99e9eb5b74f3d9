"""Issue 8, items 13, 15 and 16 at the workflow and database layers (the HTTP layers: test_security_http.py).

Bad input is a ValidationError naming the field, never a crash and never a partial write;
good input in any script comes back byte for byte.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from statements import content, workflow
from statements.models import Revision, Source, Speaker, Statement, StatementEvent

from .factories import content_data, make_published, make_speaker, make_statement

pytestmark = pytest.mark.django_db

BAD_SCHEMES = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "ftp://ftp.example.org/statement.txt",
    "vbscript:msgbox(1)",
    "//evil.example/path",
]


def counts():
    return (Statement.objects.count(), Source.objects.count(), Revision.objects.count(),
            StatementEvent.objects.count())


def with_source(**fields):
    data = content_data()
    data["sources"][0].update(fields)
    return data


# ---------------------------------------------------------------- 13: only http(s) links


@pytest.mark.parametrize("url", BAD_SCHEMES)
@pytest.mark.parametrize("field", ["url", "archive_url"])
def test_non_http_source_links_are_refused_by_the_workflow(editor, url, field):
    data = with_source(**{field: url})
    before = counts()
    with pytest.raises(ValidationError) as error:
        workflow.create_statement(actor=editor, data=data)
    assert f"sources[0].{field}" in error.value.message_dict
    assert counts() == before


@pytest.mark.parametrize("url", BAD_SCHEMES)
def test_non_http_links_are_refused_on_a_correction_too(editor, reviewer, url):
    statement = make_published(editor, reviewer)
    data = content.snapshot(statement)
    data["sources"][0]["url"] = url
    with pytest.raises(ValidationError):
        workflow.edit_statement(statement, actor=editor, data=data, comment="New link.",
                                expected_version=statement.version)
    assert workflow.pending_revision(statement) is None


@pytest.mark.parametrize("url", BAD_SCHEMES)
@pytest.mark.parametrize("field", ["url", "archive_url"])
def test_non_http_source_links_are_refused_by_the_database(editor, url, field):
    source = make_statement(editor).sources.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.filter(pk=source.pk).update(**{field: url})
    assert Source.objects.get(pk=source.pk).url.startswith("https://")


@pytest.mark.parametrize("url", BAD_SCHEMES)
def test_non_http_evidence_is_refused(editor, url):
    statement = make_statement(editor)
    with pytest.raises(ValidationError):
        workflow.save_verdict(statement, actor=editor, claim="c", rating="false", summary="s",
                              evidence=[{"url": url}])


def test_upper_case_scheme_is_handled_alike_on_both_databases(editor):
    """An upper-case scheme is still http(s): either kept, or refused with a message on the url field."""
    try:
        statement = workflow.create_statement(actor=editor, data=with_source(url="HTTPS://example.org/a"))
    except ValidationError as error:
        assert "sources[0].url" in error.value.message_dict
    else:
        assert statement.sources.get().url.lower() == "https://example.org/a"


# ---------------------------------------------------------------- 15: NUL bytes and lone surrogates

_UNGUARDED = (
    "BUG statements/models/statement.py (and content.normalise): only Statement.text, Speaker/Outlet/Topic.name "
    "and Verdict claim/summary carry validators.no_control_characters. Every other text field lets a NUL "
    "through (stored on SQLite, DataError 500 on PostgreSQL) and a lone surrogate crashes with "
    "UnicodeEncodeError on both. Fix: add validators.no_control_characters to every CharField/TextField of "
    "Statement and Source (or check every string of the content dict in workflow._validate)."
)
STATEMENT_FIELDS = ["text", "speaker_role", "venue", "context", "translation", "translated_by"]
SOURCE_FIELDS = ["title", "excerpt", "citation", "url"]
BAD_TEXT = {"nul": "before\x00after", "surrogate": "before\ud800after", "low surrogate": "before\udfffafter"}


def _case(field, bad):
    return pytest.param(field, bad, id=f"{field}-{bad}")


@pytest.mark.parametrize(("field", "bad"), [_case(f, b) for f in STATEMENT_FIELDS + SOURCE_FIELDS for b in BAD_TEXT])
def test_broken_text_is_a_validation_error_and_writes_nothing(editor, field, bad):
    value = BAD_TEXT[bad]
    if field in SOURCE_FIELDS:
        data = with_source(**{field: ("https://example.org/" if field == "url" else "") + value})
        expected_key = f"sources[0].{field}"
    else:
        data = content_data(**{field: value})
        expected_key = field
    before = counts()
    with pytest.raises(ValidationError) as error:
        workflow.create_statement(actor=editor, data=data)
    assert expected_key in error.value.message_dict
    assert counts() == before


@pytest.mark.parametrize("bad", BAD_TEXT.values())
def test_broken_text_in_a_correction_is_refused(editor, reviewer, bad):
    statement = make_published(editor, reviewer)
    data = content.snapshot(statement) | {"text": bad}
    with pytest.raises(ValidationError):
        workflow.edit_statement(statement, actor=editor, data=data, comment="x", expected_version=statement.version)
    assert workflow.pending_revision(statement) is None


@pytest.mark.parametrize("bad", BAD_TEXT.values())
def test_broken_speaker_name_is_refused(bad):
    with pytest.raises(ValidationError) as error:
        Speaker(name=bad, slug="broken").full_clean()
    assert "name" in error.value.message_dict


# ---------------------------------------------------------------- 16: any script, byte for byte

HARD_TEXT = {
    "ukrainian": "Володимир Зеленський: «Ми не здамося»",
    "arabic": "محمد بن سلمان قال: نحن ندعم السلام",
    "emoji_zwj": "Family 👩‍👩‍👧‍👦, flag 🏳️‍🌈, skin tone 👋🏽",
    "combining": "Mu\u0308ller and e\u0301te\u0301 (decomposed, never NFC-normalised)",
    "rtl_override": "\u202eevil\u202c speaker",
    "mixed_bidi": "He said \u2067قال\u2069 twice",
    "astral": "𝕿𝖍𝖊 𝕬𝖗𝖈𝖍𝖎𝖛𝖊 𠜎",
}


@pytest.mark.parametrize("name", HARD_TEXT.values(), ids=HARD_TEXT.keys())
def test_speaker_names_round_trip_byte_exact(name):
    speaker = make_speaker(name=name, slug="hard-name")
    speaker.full_clean()
    stored = Speaker.objects.get(pk=speaker.pk).name
    assert stored.encode("utf-8") == name.encode("utf-8")


@pytest.mark.parametrize("text", HARD_TEXT.values(), ids=HARD_TEXT.keys())
def test_statement_text_round_trips_and_hashes_stably(editor, reviewer, text):
    speaker = make_speaker(name=HARD_TEXT["rtl_override"], slug="rtl")
    statement = make_published(editor, reviewer, speaker=speaker, text=text, venue=text, context=text)
    fresh = Statement.objects.get(pk=statement.pk)
    assert fresh.text.encode("utf-8") == text.encode("utf-8")
    assert fresh.venue == text and fresh.context == text
    assert fresh.live_revision.data["text"] == text
    assert content.content_hash(content.snapshot(fresh)) == fresh.content_hash
