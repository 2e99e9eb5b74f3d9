"""Issue 8, items 7, 10 and 11: nothing published is lost or silently changed, and tampering is caught.

Tampering is done the way an intruder or a careless script would: raw SQL past the ORM.
Where the append-only triggers (migration 0004) would stop the tamper, the test drops them inside
its own transaction; the rollback at the end of the test restores them.
"""

import datetime
import io
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from statements import content, workflow
from statements.guards import MAINTENANCE_TABLE, missing_guards
from statements.integrity import prefetched_snapshot, verify_archive
from statements.models import Revision, Statement, StatementEvent, Status
from statements.roles import EDITORS, REVIEWERS

from .factories import content_data, make_outlet, make_published, make_statement, make_topic, make_user

pytestmark = pytest.mark.django_db

EVENT_TRIGGERS = ("statementevent_no_update", "statementevent_no_delete")
STATEMENT_TRIGGERS = ("statement_no_delete_published",)


def sql(query, params=()):
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.rowcount


def drop_triggers(table, names):
    """Remove the append-only guards for one tamper; the test's rollback puts them back."""
    for name in names:
        if connection.vendor == "postgresql":
            sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            sql(f"DROP TRIGGER IF EXISTS {name}")


def run_verify():
    """(exit ok?, stdout, stderr) of `manage.py verify_archive`."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_archive", stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
        return False, out.getvalue(), err.getvalue()
    return True, out.getvalue(), err.getvalue()


def corrected(editor, reviewer):
    """A published statement with an approved correction and a pending one: every kind of history."""
    statement = make_published(editor, reviewer, topic_ids=[make_topic().pk])
    data = content.snapshot(statement) | {"venue": "interview with The New York Times (video)"}
    workflow.edit_statement(statement, actor=editor, data=data, comment="Venue detail.",
                            expected_version=statement.version)
    statement = Statement.objects.get(pk=statement.pk)
    workflow.approve_revision(statement, actor=reviewer, revision_number=workflow.pending_revision(statement).number)
    statement = Statement.objects.get(pk=statement.pk)
    pending = content.snapshot(statement) | {"context": "A proposal still under review."}
    workflow.edit_statement(statement, actor=editor, data=pending, comment="Context.",
                            expected_version=statement.version)
    return Statement.objects.get(pk=statement.pk)


@pytest.fixture
def archive(editor, reviewer):
    """Published, corrected, retracted, draft and deleted-draft statements side by side."""
    published = make_published(editor, reviewer)
    fixed = corrected(editor, reviewer)
    retracted = workflow.retract(make_published(editor, reviewer), actor=reviewer, reason="Misattributed.")
    draft = make_statement(editor)
    workflow.delete_draft(make_statement(editor), actor=editor)
    return {"published": published, "corrected": fixed, "retracted": retracted, "draft": draft}


# ---------------------------------------------------------------- 11: verify_archive


def test_clean_archive_verifies(archive):
    ok, out, err = run_verify()
    assert ok, err
    assert "archive intact" in out and "3 public statements" in out


def test_prefetched_snapshot_is_the_snapshot(archive):
    for statement in Statement.objects.prefetch_related("topics", "sources"):
        assert prefetched_snapshot(statement) == content.snapshot(statement)


def test_tampered_text_is_caught(archive):
    target = archive["corrected"]
    sql("UPDATE statements_statement SET text = %s WHERE id = %s", ["Words never said.", target.pk])
    ok, _, err = run_verify()
    assert not ok
    assert f"statement #{target.pk}: public columns differ from approved revision v2 in: text" in err


def test_tampered_content_hash_is_caught(archive):
    target = archive["published"]
    sql("UPDATE statements_statement SET content_hash = %s WHERE id = %s", ["0" * 64, target.pk])
    ok, _, err = run_verify()
    assert not ok and f"statement #{target.pk}: content_hash differs" in err


def test_tampered_source_of_retracted_statement_is_caught(archive):
    target = archive["retracted"]
    sql("UPDATE statements_source SET url = %s WHERE statement_id = %s", ["https://other.example/", target.pk])
    ok, _, err = run_verify()
    assert not ok and f"statement #{target.pk}: public columns differ" in err and "sources" in err


def test_rewritten_revision_and_column_together_is_caught(archive):
    """Changing the text and the approved revision's data consistently still breaks the revision's hash."""
    target = archive["published"]
    revision = target.live_revision
    forged = revision.data | {"text": "Forged words."}
    Revision.objects.filter(pk=revision.pk).update(data=forged)
    sql("UPDATE statements_statement SET text = %s WHERE id = %s", ["Forged words.", target.pk])
    ok, _, err = run_verify()
    assert not ok and "stored data does not match its SHA-256" in err


def test_altered_event_is_caught(archive):
    target = archive["published"]
    drop_triggers("statements_statementevent", EVENT_TRIGGERS)
    approve = StatementEvent.objects.get(statement_id=target.pk, action="approve")
    sql("UPDATE statements_statementevent SET comment = %s WHERE id = %s", ["Looks fine.", approve.pk])
    ok, _, err = run_verify()
    assert not ok and f"statement #{target.pk}: audit event #{approve.pk} (approve) was altered" in err


def test_removed_event_is_caught(archive):
    target = archive["corrected"]
    drop_triggers("statements_statementevent", EVENT_TRIGGERS)
    submit = StatementEvent.objects.get(statement_id=target.pk, action="submit")
    sql("DELETE FROM statements_statementevent WHERE id = %s", [submit.pk])
    ok, _, err = run_verify()
    assert not ok and f"statement #{target.pk}: audit event" in err and "does not follow" in err


def test_removed_last_transition_is_caught(archive):
    """Cutting the tail of a log leaves no broken link, but the status no longer matches the log."""
    target = archive["retracted"]
    drop_triggers("statements_statementevent", EVENT_TRIGGERS)
    sql("DELETE FROM statements_statementevent WHERE statement_id = %s AND action = 'retract'", [target.pk])
    ok, _, err = run_verify()
    assert not ok and f"statement #{target.pk}: status is 'retracted' but its audit log ends at 'published'" in err


def test_status_flipped_by_sql_is_caught(archive):
    target = archive["draft"]
    sql("UPDATE statements_statement SET status = 'in_review' WHERE id = %s", [target.pk])
    ok, _, err = run_verify()
    assert not ok and f"statement #{target.pk}: status is 'in_review'" in err


def test_draft_deleted_behind_the_log_is_caught(archive):
    target = archive["draft"]
    Statement.objects.filter(pk=target.pk).delete()  # a draft may go, but only workflow.delete_draft logs it
    ok, _, err = run_verify()
    assert not ok and f"statement #{target.pk}: row is gone but its audit log records no deletion" in err


def test_events_recorded_at_any_time_zone_verify(editor, reviewer):
    """A caller may pass `now` in any zone; the database hands it back in UTC and the hash must still match."""
    kyiv = datetime.datetime(2024, 5, 20, 14, 30, 15, 123456, tzinfo=zoneinfo.ZoneInfo("Europe/Kyiv"))
    statement = workflow.create_statement(actor=editor, data=content_data(), now=kyiv)
    workflow.submit(statement, actor=editor, now=kyiv)
    report = verify_archive()
    assert report.ok, report.problems


def test_verify_archive_query_count_is_flat(archive, django_assert_max_num_queries):
    for _ in range(5):
        make_published(archive["draft"].created_by, archive["published"].approved_by)
    with django_assert_max_num_queries(12):
        assert verify_archive().ok


# ---------------------------------------------------------------- 7: four eyes in the database


def test_raw_sql_self_approval_is_refused(editor, reviewer):
    statement = make_published(editor, reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        sql("UPDATE statements_statement SET approved_by_id = created_by_id WHERE id = %s", [statement.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        sql("UPDATE statements_statement SET last_edited_by_id = approved_by_id WHERE id = %s", [statement.pk])
    assert Statement.objects.get(pk=statement.pk).approved_by == reviewer


def test_raw_sql_publication_without_approver_is_refused(editor):
    statement = make_statement(editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        sql("UPDATE statements_statement SET status = 'published' WHERE id = %s", [statement.pk])


# ---------------------------------------------------------------- 10: published statements are never deleted


def test_orm_and_bulk_deletes_are_refused(editor, reviewer):
    statement = make_published(editor, reviewer)
    with pytest.raises(ProtectedError):
        statement.delete()
    with pytest.raises(ProtectedError):
        Statement.objects.filter(pk=statement.pk).delete()
    with pytest.raises(ProtectedError):
        Statement.objects.all().delete()
    assert Statement.objects.filter(pk=statement.pk).exists()


@pytest.mark.parametrize("state", ["published", "retracted"])
def test_raw_sql_delete_is_refused_by_the_database(editor, reviewer, state):
    statement = make_published(editor, reviewer)
    if state == "retracted":
        workflow.retract(statement, actor=reviewer, reason="Misattributed.")
    with pytest.raises(IntegrityError), transaction.atomic():
        sql("DELETE FROM statements_statement WHERE id = %s", [statement.pk])
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_raw_sql_cannot_unpublish_then_delete(editor, reviewer):
    """Flipping the status first does not help: published_at stays and the trigger looks at it too."""
    statement = make_published(editor, reviewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        sql("UPDATE statements_statement SET status = 'draft', approved_by_id = NULL WHERE id = %s", [statement.pk])
        sql("DELETE FROM statements_statement WHERE id = %s", [statement.pk])
    assert Statement.objects.get(pk=statement.pk).status == Status.PUBLISHED


def test_draft_delete_still_works_with_the_triggers(editor):
    statement = make_statement(editor)
    assert sql("DELETE FROM statements_source WHERE statement_id = %s", [statement.pk]) == 1
    workflow.delete_draft(statement, actor=editor)
    assert not Statement.objects.filter(pk=statement.pk).exists()


def test_audit_log_refuses_raw_update_and_delete(editor):
    statement = make_statement(editor)
    event = statement.events.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        sql("UPDATE statements_statementevent SET comment = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        sql("DELETE FROM statements_statementevent WHERE id = %s", [event.pk])
    assert StatementEvent.objects.get(pk=event.pk).comment == ""


def test_speaker_with_statements_cannot_be_deleted(editor, reviewer):
    statement = make_published(editor, reviewer)
    with pytest.raises(ProtectedError):
        statement.speaker.delete()
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_outlet_of_a_source_cannot_be_deleted(editor, reviewer):
    statement = make_published(editor, reviewer)
    with pytest.raises(ProtectedError):
        make_outlet().delete()
    assert statement.sources.count() == 1


def test_recipient_outlet_cannot_be_deleted(editor, reviewer):
    outlet = make_outlet("Financial Times")
    make_published(editor, reviewer, recipient_outlet_id=outlet.pk)
    with pytest.raises(ProtectedError):
        outlet.delete()


def test_topic_of_a_published_statement_cannot_be_deleted(editor, reviewer):
    topic = make_topic()
    statement = make_published(editor, reviewer, topic_ids=[topic.pk])
    with pytest.raises(ProtectedError):
        topic.delete()
    assert list(statement.topics.all()) == [topic]


# ---------------------------------------------------------------- the guards themselves


def test_guards_are_installed():
    assert missing_guards() == []


def test_missing_guard_is_reported(archive):
    drop_triggers("statements_statement", STATEMENT_TRIGGERS)
    ok, _, err = run_verify()
    assert not ok and "archive: database guard 'statement_no_delete_published' (migration 0004) is missing" in err


def test_flush_empties_a_published_archive_and_keeps_the_guards(editor, reviewer):
    """The test runner's teardown (and an operator's `manage.py flush`) is the one way to wipe published rows.

    Run inside the test's transaction, so the rollback brings everything back (the desk groups
    included) and later tests are not affected; test_caching's transactional test exercises the
    runner's own teardown flush."""
    statement = make_published(editor, reviewer)
    if connection.vendor == "postgresql":
        sql("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses tables with deferred checks pending
    call_command("flush", interactive=False, verbosity=0)
    assert not Statement.objects.exists() and not StatementEvent.objects.exists()
    assert missing_guards() == []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {MAINTENANCE_TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == 0
    # The desk groups (data migration 0002) are reference data: flush keeps them with their permissions.
    assert set(Group.objects.filter(name__in=(EDITORS, REVIEWERS), permissions__isnull=False)
               .values_list("name", flat=True)) == {EDITORS, REVIEWERS}
    again = make_published(make_user("ed3", "editor"), make_user("rev3", "reviewer"))
    with pytest.raises(IntegrityError), transaction.atomic():
        sql("DELETE FROM statements_statement WHERE id = %s", [again.pk])
    assert Statement.objects.filter(pk=again.pk).exists() and statement.pk


def test_a_retraction_ends_pending_corrections(editor, reviewer, reviewer2):
    statement = make_published(editor, reviewer)
    data = content.snapshot(statement) | {"text": "Words changed after the fact."}
    workflow.edit_statement(statement, actor=editor, data=data, comment="Fix.", expected_version=statement.version)
    number = workflow.pending_revision(statement).number
    workflow.retract(Statement.objects.get(pk=statement.pk), actor=reviewer, reason="Misattributed.")
    with pytest.raises(workflow.NotAllowed):
        workflow.approve_revision(Statement.objects.get(pk=statement.pk), actor=reviewer2, revision_number=number)
    assert Statement.objects.get(pk=statement.pk).text == statement.text
