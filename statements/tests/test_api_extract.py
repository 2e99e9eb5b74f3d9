"""POST /api/v1/extract/: the article assistant through the API (editors only, never a 500)."""

# ruff: noqa: F811 (the fixtures imported from api_helpers are used as test arguments)

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statements import workflow

from .api_helpers import anon, client_for, fresh_throttle  # noqa: F401
from .factories import make_speaker, make_statement, make_user

pytestmark = pytest.mark.django_db
URL = "/api/v1/extract/"
SEEDS = Path("/work/shared/seeds") if Path("/work/shared/seeds").exists() else Path(__file__).parent / "data"
ARTICLE = (
    'Ukrainian President Volodymyr Zelenskyy said on Monday: "Why can\'t we shoot them down? Is it defense? Yes." '
    "He spoke in an interview with The New York Times."
)


def test_editors_only(editor, reviewer, anon):
    assert anon.post(URL, {"text": ARTICLE}, format="json").status_code == 401
    assert client_for(make_user("plain")).post(URL, {"text": ARTICLE}, format="json").status_code == 403
    assert client_for(reviewer).post(URL, {"text": ARTICLE}, format="json").status_code == 403
    assert client_for(editor).post(URL, {"text": ARTICLE}, format="json").status_code == 200


def test_quotes_with_known_speaker_and_archive_flag(editor, reviewer):
    zelensky = make_speaker("Volodymyr Zelenskyy", aliases=["Zelenskiy"])
    make_statement(editor, speaker=zelensky, text="Why can’t we shoot them down? Is it defense? Yes.")
    response = client_for(editor).post(URL, {"text": ARTICLE, "published_on": "2024-05-20"}, format="json")
    assert response.status_code == 200
    quotes = response.json()["quotes"]
    assert quotes, "the quote in the article is proposed"
    first = quotes[0]
    assert "shoot them down" in first["text"]
    assert first["speaker_id"] == zelensky.pk
    assert first["already_in_archive"] is True  # same words, other quote marks


def test_seed_article_runs(editor):
    seed = next(iter(sorted(SEEDS.glob("*.txt"))), None)
    if seed is None:
        pytest.skip("no seed article available")
    response = client_for(editor).post(URL, {"text": seed.read_text(encoding="utf-8")}, format="json")
    assert response.status_code == 200 and isinstance(response.json()["quotes"], list)


@pytest.mark.parametrize("body", [{}, {"text": ""}, {"text": "   "}, {"text": "x" * 200_001},
                                  {"text": "ok", "url": "javascript:alert(1)"}, {"text": "a\x00b"},
                                  {"text": "ok", "published_on": "yesterday"}])
def test_bad_input_is_400(editor, body):
    response = client_for(editor).post(URL, body, format="json")
    assert response.status_code == 400 and response.json()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=400))
def test_any_text_is_never_a_server_error(editor, text):
    response = client_for(editor).post(URL, {"text": text}, format="json")
    assert response.status_code in (200, 400)


def test_hidden_statement_flag_is_desk_only(editor, reviewer):
    # Only editors may call it, and editors see the whole desk: the flag reveals nothing new to them.
    statement = make_statement(editor, text="A hidden draft quote about drones.")
    workflow.submit(statement, actor=editor)
    article = 'The minister said: "A hidden draft quote about drones."'
    quotes = client_for(editor).post(URL, {"text": article}, format="json").json()["quotes"]
    assert all(q["already_in_archive"] for q in quotes if "hidden draft" in q["text"])
