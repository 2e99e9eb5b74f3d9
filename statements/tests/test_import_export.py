"""Bulk data: exports (API and command) of the published set only, CSV injection, the import's guarantees,
and export -> import into an empty archive -> export giving the same bytes."""

# ruff: noqa: F811 (the fixtures imported from api_helpers are used as test arguments)

import csv
import datetime
import io
import json
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from statements import exports, imports, workflow
from statements.models import Statement, StatementEvent, Status

from .api_helpers import LIST, anon, client_for, fresh_throttle  # noqa: F401
from .factories import content_data, make_outlet, make_published, make_speaker, make_statement, make_topic, make_user

pytestmark = pytest.mark.django_db


def export(fmt="jsonl", **filters):
    out = io.StringIO()
    call_command("export_statements", format=fmt, stdout=out, **filters)
    return out.getvalue()


def api_export(client, fmt, **params):
    response = client.get(LIST + f"export.{fmt}", params)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def run_import(path, **options):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_statements", str(path), stdout=out, stderr=err, **options)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


def build_archive(editor, reviewer, reviewer2):
    """A small archive touching every exported field."""
    zelensky = make_speaker("Volodymyr Zelenskyy", slug="volodymyr-zelenskyy", country="UA")
    anon_source = make_speaker("A NATO official", slug="nato-official", anonymous=True)
    nato, drones = make_topic("NATO"), make_topic("Drones")
    rferl, ft = make_outlet("RFE RL"), make_outlet("Financial Times")
    first = make_published(
        editor, reviewer, speaker=zelensky, text="=HYPERLINK(\"http://evil\")... «Ми збиваємо» 👨‍👩‍👧",
        said_on=datetime.date(2024, 5, 20), topic_ids=[nato.pk, drones.pk], recipient_outlet_id=ft.pk,
        first_reported_on=datetime.date(2024, 5, 21), context="-context starting with a dash",
        sources=[{"url": "https://www.rferl.org/a/33117614.html", "outlet_id": rferl.pk, "title": "Calls grow",
                  "published_on": datetime.date(2024, 9, 12), "accessed_on": datetime.date(2024, 9, 13),
                  "archive_url": "https://web.archive.org/x", "excerpt": "+excerpt", "primary": True},
                 {"citation": "@print edition, p. 3"}],
    )
    workflow.save_verdict(first, actor=editor, claim="Turkey shot down a Russian jet in 2015", rating="true",
                          summary="It did.", evidence=[{"url": "https://example.org/e", "title": "Report"}])
    workflow.submit_verdict(first, actor=editor)
    workflow.approve_verdict(first, actor=reviewer2)
    second = make_statement(editor, speaker=anon_source, text="\tNATO will not shoot.",
                            said_on=datetime.date(2024, 5, 1), said_on_precision="month", approximate=True,
                            medium="written_statement")
    workflow.submit(second, actor=editor)
    workflow.record_attribution(second, actor=reviewer, status="reported_secondary")
    workflow.approve(second, actor=reviewer)
    make_published(editor, reviewer, speaker=zelensky, text="Same day, later id.", said_on=datetime.date(2024, 5, 20))
    make_statement(editor, speaker=zelensky, text="canary-draft never exported")
    retracted = make_published(editor, reviewer, text="canary-retracted")
    workflow.retract(retracted, actor=reviewer, reason="Withdrawn.")


def test_exports_hold_published_only_and_api_equals_command(editor, reviewer, reviewer2, anon):
    build_archive(editor, reviewer, reviewer2)
    jsonl = export("jsonl")
    assert "canary" not in jsonl and "canary" not in export("csv") and "canary" not in export("claimreview")
    lines = [json.loads(line) for line in jsonl.splitlines()]
    assert [r["said_on"] for r in lines] == ["2024-05-01", "2024-05-20", "2024-05-20"]
    assert api_export(anon, "jsonl") == jsonl
    assert api_export(anon, "csv") == export("csv")
    first = lines[1]
    assert first["verdict"]["evidence"] == [{"url": "https://example.org/e", "title": "Report"}]
    assert first["topics"] == [{"slug": "drones", "name": "Drones"}, {"slug": "nato", "name": "NATO"}]
    assert first["external_id"].startswith("http") and first["external_id"].endswith("/")


def test_export_filters(editor, reviewer, reviewer2, anon):
    build_archive(editor, reviewer, reviewer2)
    only = [json.loads(x)["text"] for x in export("jsonl", speaker="nato-official").splitlines()]
    assert only == ["\tNATO will not shoot."]
    assert [json.loads(x)["text"] for x in api_export(anon, "jsonl", topic="drones").splitlines()] == [
        "=HYPERLINK(\"http://evil\")... «Ми збиваємо» 👨‍👩‍👧"
    ]
    assert anon.get(LIST + "export.csv", {"speaker": "nobody"}).status_code == 400
    with pytest.raises(CommandError, match="--speaker"):
        export("jsonl", speaker="nobody")


def exported_elsewhere(editor, reviewer, reviewer2, fmt="jsonl"):
    """The export of build_archive() from an archive that is then rolled back: the database holds no
    statement again, as if the file came from another archive."""
    with transaction.atomic():
        build_archive(editor, reviewer, reviewer2)
        text = export(fmt)
        transaction.set_rollback(True)
    return text


def test_csv_cells_cannot_run_as_formulas(editor, reviewer, reviewer2):
    build_archive(editor, reviewer, reviewer2)
    rows = list(csv.reader(io.StringIO(export("csv"))))
    header, cells = rows[0], [cell for row in rows[1:] for cell in row]
    assert list(header) == list(exports.CSV_COLUMNS)
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)
    assert "'=HYPERLINK(\"http://evil\")... «Ми збиваємо» 👨‍👩‍👧" in cells
    assert "'\tNATO will not shoot." in cells and "'-context starting with a dash" in cells
    for value in ("=1+1", "'=1", "''-x", "plain", "'quoted", "@x", "\rx"):
        assert exports.unneutralise(exports.neutralise(value)) == value


def test_lines_are_what_the_json_and_csv_modules_write(editor, reviewer):
    """The exports write JSON and CSV by hand (for speed): json.dumps and csv.writer must agree byte for byte.

    (Other control characters than tab, CR and LF cannot be stored: workflow refuses them.)"""
    awkward = 'He said "no", \\ then\t\x7f\u2028 «так» 👨‍👩‍👧\nnext line\r'
    make_published(editor, reviewer, text=awkward, context='=1+1, "x"\r\n', venue="-venue\rCR only", sources=[
        {"url": 'https://example.org/a?b="c",d', "citation": awkward, "title": "\ttab", "excerpt": "@x"},
        {"citation": "+second, \"quoted\"", "published_on": datetime.date(2024, 1, 2)},
    ])
    for line in export("jsonl").split("\n")[:-1]:  # not splitlines(): JSON leaves U+2028 as it is
        assert line == json.dumps(json.loads(line), ensure_ascii=False)
    text = export("csv")
    rewritten = io.StringIO()
    csv.writer(rewritten, lineterminator="\r\n").writerows(csv.reader(io.StringIO(text)))
    assert rewritten.getvalue() == text
    record = json.loads(export("jsonl"))
    assert record["text"] == awkward and record["sources"][1]["published_on"] == "2024-01-02"


def test_batches_give_the_bytes_of_one_batch(editor, reviewer, reviewer2, monkeypatch):
    """Keyset batches, ties on said_on and a said_after filter included; inside the test's transaction the
    export reads in this thread (a reader thread's connection would not see the rows)."""
    build_archive(editor, reviewer, reviewer2)
    whole = {fmt: (export(fmt), export(fmt, said_after="2024-05-02")) for fmt in ("jsonl", "csv")}
    monkeypatch.setattr(exports, "BATCH", 1)
    for fmt, (everything, filtered) in whole.items():
        assert export(fmt) == everything
        assert export(fmt, said_after="2024-05-02") == filtered
    assert len(whole["jsonl"][1].splitlines()) == 2
    assert not readers()


def readers():
    return [thread for thread in threading.enumerate() if thread.name == "export-reader"]


def backends(settle=5.0):
    """The test database's server backends, given `settle` seconds to come down to this test's own: a closed
    connection's backend leaves pg_stat_activity a moment after the client has gone (CI once saw it listed)."""
    deadline = time.monotonic() + settle
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
            count = cursor.fetchone()[0]
        if count == 1 or time.monotonic() > deadline:
            return count
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_a_reader_thread_gives_the_same_bytes_and_ends_with_the_export(editor, reviewer, reviewer2, anon,
                                                                        monkeypatch):
    build_archive(editor, reviewer, reviewer2)
    whole = {fmt: export(fmt) for fmt in ("jsonl", "csv")}  # one batch: no thread
    assert exports._reads_ahead("default") is (connection.vendor == "postgresql")
    monkeypatch.setattr(exports, "BATCH", 1)
    monkeypatch.setattr(exports, "_reads_ahead", lambda alias: True)  # on SQLite too: the same mechanics
    for fmt, everything in whole.items():
        assert export(fmt) == everything
        assert api_export(anon, fmt) == everything

    response = anon.get(LIST + "export.jsonl")
    chunks = iter(response.streaming_content)
    assert [json.loads(next(chunks))["said_on"] for _ in range(2)] == ["2024-05-01", "2024-05-20"]
    assert readers()  # the second batch came through the reader, which holds the third
    response.close()  # what the server does when the client goes away
    assert not readers()
    if connection.vendor == "postgresql":
        assert backends() == 1  # the reader closed its own connection


@pytest.mark.django_db(transaction=True)
def test_an_error_in_the_reader_thread_reaches_the_export(editor, reviewer, reviewer2, monkeypatch):
    build_archive(editor, reviewer, reviewer2)
    monkeypatch.setattr(exports, "BATCH", 1)
    monkeypatch.setattr(exports, "_reads_ahead", lambda alias: True)
    source_rows, threads = exports._source_rows, []

    def failing(ids):
        threads.append(threading.current_thread().name)
        if len(threads) > 1:
            raise RuntimeError("disk on fire")
        return source_rows(ids)

    monkeypatch.setattr(exports, "_source_rows", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        export("csv")
    assert threads[1] == "export-reader" and not readers()


def test_claimreview_export(editor, reviewer, reviewer2):
    build_archive(editor, reviewer, reviewer2)
    items = json.loads(export("claimreview"))
    assert len(items) == 1
    item = items[0]
    assert item["@type"] == "ClaimReview" and item["reviewRating"]["ratingValue"] == 5
    assert item["itemReviewed"]["author"]["name"] == "Volodymyr Zelenskyy"


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_import_export_is_byte_identical(editor, reviewer, reviewer2, tmp_path, fmt):
    # Build the archive inside a savepoint, export it, roll it back: the database is empty of statements again.
    original = exported_elsewhere(editor, reviewer, reviewer2, fmt)
    assert not Statement.objects.exists()
    path = tmp_path / f"archive.{fmt}"
    path.write_text(original, encoding="utf-8", newline="")
    out, err, failed = run_import(path, publish_as=reviewer.username, editor=editor.username)
    assert failed is None, err
    assert "3 imported (published)" in out
    assert export(fmt).encode("utf-8") == original.encode("utf-8")
    approvals = StatementEvent.objects.filter(action="approve")
    assert approvals.count() == 3 and set(approvals.values_list("actor", flat=True)) == {reviewer.pk}


def test_import_is_idempotent_and_drafts_by_default(editor, reviewer, reviewer2, tmp_path):
    original = exported_elsewhere(editor, reviewer, reviewer2)
    path = tmp_path / "a.jsonl"
    path.write_text(original, encoding="utf-8")
    out, _, failed = run_import(path)
    assert failed is None and "3 imported (drafts for review)" in out
    assert set(Statement.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert set(Statement.objects.values_list("created_by__username", flat=True)) == {"importer"}
    out, _, _ = run_import(path, publish_as=reviewer.username)
    assert "0 imported" in out and "3 already present" in out
    assert Statement.objects.count() == 3


def test_bad_lines_are_reported_with_their_number(editor, reviewer, reviewer2, tmp_path):
    good = exported_elsewhere(editor, reviewer, reviewer2).splitlines()
    broken = json.loads(good[1])
    broken["sources"][0]["url"] = "javascript:alert(1)"
    no_date = json.loads(good[2])
    del no_date["said_on"]
    lines = [good[0], "{not json", json.dumps(broken, ensure_ascii=False), "", json.dumps(no_date), "[1]"]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, err, failed = run_import(path)
    assert "4 line(s) refused" in failed
    assert "line 2: not valid JSON" in err
    assert "line 3: sources[0].url" in err
    assert "line 5:" in err and "said_on" in err
    assert "line 6: each line must be a JSON object" in err
    assert Statement.objects.count() == 1  # the good line; nothing of the bad ones half-written
    assert Statement.objects.get().sources.count() == 1


def test_a_crash_mid_batch_leaves_nothing_half_written_and_a_rerun_no_duplicates(editor, reviewer, reviewer2):
    records = [json.loads(line) for line in exported_elsewhere(editor, reviewer, reviewer2).splitlines()]

    def crashing():
        yield 1, records[0]
        yield 2, records[1]  # first batch (size 2) commits
        yield 3, records[2]
        raise KeyboardInterrupt  # the process dies with the second batch open

    with pytest.raises(KeyboardInterrupt):
        imports.import_records(crashing(), actor=editor, publisher=reviewer, batch=2)
    assert Statement.objects.count() == 2
    report = imports.import_records(enumerate(records, 1), actor=editor, publisher=reviewer, batch=2)
    assert (report.created, report.skipped, report.failed) == (1, 2, [])
    assert Statement.objects.count() == 3


def test_csv_from_a_spreadsheet_with_minimal_columns(editor, tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "text,speaker,said_on,sources\r\n"
        '\'=SUM(1),Radosław Sikorski,2024-07-01,"[{""url"": ""https://example.org/s""}]"\r\n',
        encoding="utf-8",
    )
    _, err, failed = run_import(path, editor=editor.username)
    assert failed is None, err
    statement = Statement.objects.get()
    assert statement.text == "=SUM(1)" and statement.speaker.slug == "radoslaw-sikorski"
    assert statement.external_id.startswith("import:")
    again, _, _ = run_import(path, editor=editor.username)
    assert "1 already present" in again


def test_import_refuses_unknown_accounts_and_self_publication(editor, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="not an active reviewer"):
        call_command("import_statements", str(path), publish_as="ghost", stdout=io.StringIO())
    both = make_user("both9", "editor", "reviewer")
    with pytest.raises(CommandError, match="another account"):
        call_command("import_statements", str(path), editor=both.username, publish_as=both.username,
                     stdout=io.StringIO())
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_statements", str(tmp_path / "missing.jsonl"), stdout=io.StringIO())


def test_no_progress_bar_when_not_a_terminal(editor, tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("", encoding="utf-8")
    _, err, _ = run_import(path, editor=editor.username)
    assert "\r" not in err and "[" not in err


def test_a_published_import_mails_nobody_while_the_desk_still_gets_its_mail(
    editor, reviewer, reviewer2, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    original = exported_elsewhere(editor, reviewer, reviewer2)
    path = tmp_path / "a.jsonl"
    path.write_text(original, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        out, _, failed = run_import(path, publish_as=reviewer.username, editor=editor.username)
    assert failed is None and "3 imported (published)" in out
    assert mailoutbox == []
    draft = workflow.create_statement(actor=editor, data=content_data(speaker=make_speaker(), text="A new draft."))
    with django_capture_on_commit_callbacks(execute=True):
        workflow.submit(draft, actor=editor)
    assert [mail.subject for mail in mailoutbox] == [f"Awaiting review: statement #{draft.pk}"]
    assert reviewer.email in mailoutbox[0].to and editor.email not in mailoutbox[0].to
