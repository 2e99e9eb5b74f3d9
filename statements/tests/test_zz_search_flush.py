import pytest
from django.core.management import call_command
from statements.models import Statement
from statements.search import count_capped, search
from statements.tests.factories import make_published

@pytest.mark.django_db(transaction=True)
def test_flush_prunes(editor, reviewer):
    make_published(editor, reviewer, text="Flushable flamingos.")
    assert count_capped(search(Statement.objects.published(), "flamingos")) == (1, False)
    call_command("flush", interactive=False, verbosity=0)
    assert count_capped(search(Statement.objects.published(), "flamingos")) == (0, False)
