"""The article assistant's engine, one test per hard case (no database needed)."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from statements.extraction import Candidate, KnownSpeaker, extract_quotes
from statements.extraction.evaluate import evaluate, load_articles, word_f1

DATA = Path(__file__).parent / "data" / "extraction"
ZELENSKYY = KnownSpeaker(7, "Volodymyr Zelenskyy", ("Zelenksyy", "Zelenskiy", "Зеленський"))
PUBLISHED = datetime.date(2024, 9, 12)  # a Thursday


def one(text: str, published=PUBLISHED, known=()) -> Candidate:
    found = extract_quotes(text, published, known)
    assert len(found) == 1, [c.text for c in found]
    return found[0]


# --- quotation marks --------------------------------------------------------------------


def test_split_quote_is_joined_with_one_space():
    text = "“Why can’t we shoot them down? Is it defense? Yes,” he said. “There is no such issue.”"
    quote = one("Volodymyr Zelenskyy spoke on Monday.\n\n" + text)
    assert quote.text == "Why can’t we shoot them down? Is it defense? Yes. There is no such issue."
    assert quote.kind == "full_quote"
    assert quote.speaker == "Volodymyr Zelenskyy"


def test_split_quote_mid_sentence_keeps_sentence_whole():
    quote = one('"I think," Kaja Kallas said, "that these fears are not well-founded."')
    assert quote.text == "I think that these fears are not well-founded."


def test_partial_quote_is_kept_partial():
    quote = one('Polish Foreign Minister Radek Sikorski said Poland had a "duty" to shoot down Russian missiles.')
    assert (quote.text, quote.kind, quote.speaker) == ("duty", "partial_quote", "Radek Sikorski")
    assert quote.speaker_description == "Polish Foreign Minister"


def test_quote_after_a_paraphrase_comma_is_partial_and_next_sentence_full():
    text = (
        "William Taylor, a former U.S. ambassador to NATO, spoke to ABC News.\n\n"
        'Two command arrangements, "would make it difficult," Taylor said. "The best case is one system."'
    )
    partial, full = extract_quotes(text, PUBLISHED)
    assert (partial.kind, partial.text) == ("partial_quote", "would make it difficult")
    assert (full.kind, full.speaker) == ("full_quote", "William Taylor")


def test_guillemets():
    quote = one("«Speeches are cheap. Artillery shells are not,» said Marek Zieliński, a deputy foreign minister.")
    assert quote.text == "Speeches are cheap. Artillery shells are not"
    assert quote.speaker == "Marek Zieliński"


def test_low_high_quotes():
    quote = one("„Three percent is not a ceiling, it is a floor,“ President Gediminas Kairys said in a statement.")
    assert quote.text == "Three percent is not a ceiling, it is a floor"
    assert quote.medium == "written_statement"


def test_nested_single_quotes_stay_inside():
    text = "“They will say ‘It’s Article 5. Let’s … bomb Russia.’ It is not how it works,” Kaja Kallas said."
    quote = one(text)
    assert quote.text == "They will say ‘It’s Article 5. Let’s … bomb Russia.’ It is not how it works"


def test_nested_single_guillemets_stay_inside():
    quote = one("«He said to me: ‹We need your shells.› I never forgot it,» Hélène Marchetti said.")
    assert quote.text == "He said to me: ‹We need your shells.› I never forgot it"


def test_apostrophes_are_not_quote_marks():
    text = "Estonia’s prime minister can’t see what’s changed, Kaja Kallas’ office said. It’s Kallas’ view."
    assert extract_quotes(text, PUBLISHED) == []


def test_scare_quotes_without_speaker_are_skipped():
    text = (
        "NATO 'Air-Defense Shield'\n\n"
        'RFE/RL has been declared an "undesirable organization" by the Russian government.\n\n'
        "The count ended with the “yes” side ahead by 12,000 votes."
    )
    assert extract_quotes(text, PUBLISHED) == []


def test_unattributed_full_quote_is_not_proposed():
    assert extract_quotes('The crowd cheered. "We will win." Then the lights went out.', PUBLISHED) == []


# --- speakers ------------------------------------------------------------------------------


def test_continuation_paragraph_keeps_previous_speaker():
    text = (
        '"Well, look, I think the risk grows," explained Fredrik Wesslau, a former Swedish diplomat.\n\n'
        '"Some allies are opposed, some are for."'
    )
    first, second = extract_quotes(text, PUBLISHED)
    assert second.speaker == first.speaker == "Fredrik Wesslau"
    assert second.excerpt == '"Some allies are opposed, some are for."'


def test_unclosed_quote_runs_into_next_paragraph():
    text = (
        '"Every time a minister talks, I ask: for whom?" Sharon Kelly wrote. "Our members heard it before.\n\n'
        '"In 2019 they were told the jobs would be in wind."'
    )
    first, second = extract_quotes(text, PUBLISHED)
    assert first.text.endswith("Our members heard it before.")
    assert second.speaker == "Sharon Kelly"
    assert second.said_date is None  # "In 2019" is inside the quote


def test_pronoun_refers_to_subject_of_previous_sentence():
    text = (
        "The prime minister, Victor Popa, rejected Rusu’s accusation on Monday evening. "
        "He said Rusu was “inventing scandals”."
    )
    quote = one(text)
    assert quote.speaker == "Victor Popa"
    assert quote.speaker_description == "prime minister"


def test_pronoun_skips_possessive_and_object_mentions():
    text = (
        "Ostrov's view is shared by former finance minister Grigory Lazarev. "
        "He warned against it. “Nobody will invest here,” he said."
    )
    assert one(text).speaker == "Grigory Lazarev"


def test_surname_refers_back_to_full_name():
    text = (
        '"Russia has been pressing us," argued Ben Hodges, a retired U.S. lieutenant general.\n\n'
        '"Why can\'t we protect civilians?" Hodges asked.'
    )
    _first, second = extract_quotes(text, PUBLISHED)
    assert second.speaker == "Ben Hodges"
    assert second.speaker_description == "a retired U.S. lieutenant general"


def test_surname_with_apposition_refers_back():
    text = (
        "In mid-May the chair of the defense committee, Jukka Kopra, told Breaking Defense it was intriguing.\n\n"
        "Kopra, the Finnish lawmaker, said troops sounded “interesting but complicated” to him."
    )
    quote = one(text)
    assert quote.speaker == "Jukka Kopra"
    assert quote.speaker_description == "chair of the defense committee"


def test_anonymous_official_and_the_official_back_reference():
    text = (
        '"These acts are irresponsible," a NATO official who didn\'t want to be named told RFE/RL '
        "in a written statement.\n\n"
        '"NATO will not become a party to the conflict," the official added.'
    )
    first, second = extract_quotes(text, PUBLISHED)
    assert (first.speaker, first.anonymous) == ("NATO official", True)
    assert first.speaker_description == "a NATO official who didn't want to be named"
    assert (first.medium, first.venue) == ("written_statement", "written statement to RFE/RL")
    assert second.speaker == "NATO official" and second.anonymous
    assert second.medium == "written_statement"  # same source, no new cue: inherited


def test_organisation_as_speaker():
    quote = one('The Kremlin dismissed the plan, saying any such move would be "theft".')
    assert (quote.speaker, quote.anonymous, quote.text) == ("Kremlin", False, "theft")


def test_known_speaker_matched_through_aliases_and_typos():
    text = (
        "Ukrainian President Volodymyr Zelenkyy’s call was heard.\n\n"
        "An animated Zelenksyy asked “what’s the problem” with that.\n\n"
        "“Shaheds sound identical,” Zelenskiy tweeted on April 15."
    )
    quotes = extract_quotes(text, PUBLISHED, [ZELENSKYY])
    assert [(q.speaker, q.speaker_id) for q in quotes] == [("Volodymyr Zelenskyy", 7)] * 2


def test_unknown_speaker_keeps_printed_full_name():
    quote = one("“We are confident,” Commission spokesman Pieter de Vries said.", known=[ZELENSKYY])
    assert (quote.speaker, quote.speaker_id) == ("Pieter de Vries", None)
    assert quote.speaker_description == "Commission spokesman"


# --- medium and venue -------------------------------------------------------------------------

MEDIA = [
    (
        "“It is intriguing,” Jukka Kopra said in an interview with the Financial Times.",
        "interview",
        "interview with the Financial Times",
    ),
    ("“It is intriguing,” Jukka Kopra told Breaking Defense.", "interview", "Breaking Defense"),
    (
        "In a speech to the Munich Security Conference, Hélène Marchetti said Europe was “outsourcing its security”.",
        "speech",
        "speech to the Munich Security Conference",
    ),
    (
        "“Russia will respond,” Yuri Belsky told a news conference in Moscow.",
        "press_conference",
        "news conference in Moscow",
    ),
    ("“The impact is the same everywhere,” Volodymyr Zelenskiy tweeted.", "social_media_post", "X (Twitter)"),
    ("“It is only fair,” Vaida Jonaitienė wrote on Facebook.", "social_media_post", "Facebook"),
    (
        "“I would embrace the idea,” Jukka Kopra said in an email to Breaking Defense.",
        "email",
        "email to Breaking Defense",
    ),
    (
        "“These acts are dangerous,” a NATO official told RFE/RL in a written statement.",
        "written_statement",
        "written statement to RFE/RL",
    ),
    (
        "Sharon Kelly wrote in an opinion piece for The Scotsman that it was made “in London”.",
        "article",
        "opinion piece for The Scotsman",
    ),
    (
        "Daniel Morrow told BBC Radio 4's Today programme that decline was “already happening”.",
        "broadcast",
        "BBC Radio 4's Today programme",
    ),
    ("“We will not duplicate NATO,” Jens Albrecht told reporters in Berlin.", "remarks", "reporters in Berlin"),
    ("“States have the right,” argued Alexander Crowther in comments to RFE/RL.", "remarks", "comments to RFE/RL"),
    ("“States have the right,” Alexander Crowther said.", "", ""),
]


@pytest.mark.parametrize(("text", "medium", "venue"), MEDIA)
def test_medium_and_venue_cues(text, medium, venue):
    quote = one(text)
    assert (quote.medium, quote.venue) == (medium, venue)


def test_medium_words_inside_the_quote_are_ignored():
    quote = one("“We will not publish evidence in a Facebook post,” Irina Moraru said.")
    assert quote.medium == ""


# --- dates ---------------------------------------------------------------------------------------

DATES = [
    ("tweeted on April 15", "2024-04-15", "day", False),
    ("said in an email on May 14", "2024-05-14", "day", False),
    ("said in mid-May", "2024-05", "month", True),
    ("said last week", "2024-09-05", "day", True),
    ("recently said", None, None, True),
    ("said late on April 13", "2024-04-13", "day", False),
    ("said today", "2024-09-12", "day", False),
    ("said this week", "2024-09-12", "day", True),
    ("said on Tuesday", "2024-09-10", "day", False),
    ("said yesterday", "2024-09-11", "day", False),
    ("said earlier this month", "2024-09", "month", True),
    ("said on October 20", "2023-10-20", "day", False),
    ("said on 15 April 2023", "2023-04-15", "day", False),
    ("said in 2019", "2019", "year", False),
    ("said", None, None, False),
]


@pytest.mark.parametrize(("cue", "said_date", "precision", "approximate"), DATES)
def test_date_cues(cue, said_date, precision, approximate):
    quote = one(f"“We will not stop,” Jukka Kopra {cue}.")
    assert (quote.said_date, quote.said_date_precision, quote.approximate) == (said_date, precision, approximate)


def test_that_same_day_takes_the_last_date():
    text = (
        "Missiles were fired late on April 13.\n\n"
        "Later that same day, White House spokesman John Kirby was asked by reporters about it.\n\n"
        '"Two different conflicts," Kirby said.'
    )
    quote = one(text)
    assert (quote.said_date, quote.medium) == ("2024-04-13", "remarks")


def test_date_in_the_speakers_earlier_sentence():
    text = (
        "Last week Gen. CQ Brown suggested that trainers would go. "
        "“We’ll get there eventually,” he told The New York Times."
    )
    quote = one(text)
    assert (quote.speaker, quote.said_date, quote.approximate) == ("CQ Brown", "2024-09-05", True)


def test_dates_need_publication_date_unless_printed_with_year():
    assert one("“We will not stop,” Jukka Kopra said on May 14.", published=None).said_date is None
    assert one("“We will not stop,” Jukka Kopra said on May 14, 2024.", published=None).said_date == "2024-05-14"


def test_dates_inside_quotes_are_ignored():
    quote = one("“Turkey shot down a Russian aircraft in 2015,” Alexander Crowther said.")
    assert quote.said_date is None


def test_today_programme_is_not_today():
    quote = one("Daniel Morrow told BBC Radio 4's Today programme that decline was “already happening”.")
    assert quote.said_date is None


# --- page noise and offsets --------------------------------------------------------------------


def test_noise_lines_are_ignored():
    text = (
        "Accessibility links\n\nBreaking News\n\nplease wait\n\nNo media source currently available\n\n"
        "0:00 0:00:58 0:00\n\n  • 16x9 Image\n\nXS\nSM\nMD\nLG\n\n"
        '"We do this in the Red Sea," Ben Hodges said.'
    )
    assert one(text).speaker == "Ben Hodges"


def test_repeated_captions_do_not_produce_quotes():
    caption = "“We will fight,” Volodymyr Zelenskyy said in Kyiv. (file photo)"
    text = f"{caption}\n{caption}\n\nThe war went on.\n\nA drone crossed the border. (Photo: Imago)"
    assert extract_quotes(text, PUBLISHED) == []


def test_offsets_cover_the_quote_in_the_original_text():
    text = "Intro line here.\n\n“Why can’t we shoot them down?” he asked. Kallas said it was “hollow”."
    for quote in extract_quotes(text, PUBLISHED):
        covered = text[quote.start : quote.end]
        assert covered.startswith(quote.text.split()[0])
        assert quote.text.split()[-1].rstrip(".,") in covered


def test_joined_offsets_span_both_segments():
    text = "“Shoot down what’s in the sky,” he added. “And give us the weapons.”"
    quote = one("Volodymyr Zelenskyy spoke.\n\n" + text)
    body = "Volodymyr Zelenskyy spoke.\n\n" + text
    assert body[quote.start : quote.end] == "Shoot down what’s in the sky,” he added. “And give us the weapons."


def test_to_dict_has_exactly_the_documented_keys():
    quote = one("“It is intriguing,” Jukka Kopra said.")
    assert list(quote.to_dict()) == [
        "text",
        "kind",
        "speaker",
        "speaker_id",
        "speaker_description",
        "anonymous",
        "medium",
        "venue",
        "said_date",
        "said_date_precision",
        "approximate",
        "start",
        "end",
        "excerpt",
    ]


# --- the seed articles and the labelled set ----------------------------------------------------


def _seed(name: str, published: datetime.date) -> list[Candidate]:
    return extract_quotes((DATA / name).read_text(encoding="utf-8"), published, [ZELENSKYY])


def test_seed_rferl_counts_and_speakers():
    quotes = _seed("seed_rferl_air_defense.txt", datetime.date(2024, 9, 12))
    speakers = [q.speaker for q in quotes]
    assert len(quotes) == 21
    assert speakers.count("Fredrik Wesslau") == 4 and speakers.count("NATO official") == 3
    tweet = next(q for q in quotes if q.text.startswith("Shaheds"))
    assert (tweet.speaker_id, tweet.medium, tweet.said_date) == (7, "social_media_post", "2024-04-15")
    assert not any("undesirable" in q.text or "Air-Defense" in q.text for q in quotes)


def test_seed_breaking_defense_counts_and_speakers():
    quotes = _seed("seed_breakingdefense_shoot_down.txt", datetime.date(2024, 5, 21))
    assert len(quotes) == 11
    zelenskyy = [q for q in quotes if q.speaker_id == 7]
    assert len(zelenskyy) == 4 and all(q.speaker == "Volodymyr Zelenskyy" for q in zelenskyy)
    kopra = next(q for q in quotes if q.text.startswith("I would embrace"))
    assert (kopra.medium, kopra.said_date, kopra.kind) == ("email", "2024-05-14", "full_quote")


def test_word_f1():
    assert word_f1("No, it is not.", "no it is NOT") == 1.0
    assert word_f1("a b", "c d") == 0.0


def test_held_out_figures_meet_the_bar():
    report = evaluate([a for a in load_articles() if a["split"] == "held-out"])["held-out"]
    assert report["articles"] >= 2
    assert report["precision"] >= 0.95
    assert report["recall"] >= 0.90
    assert report["speaker_accuracy"] >= 0.90
    assert report["date_accuracy"] >= 0.85


# --- management command (database lookup patched out: these tests need no database) ---------


@pytest.fixture
def no_db_speakers(monkeypatch):
    from statements.management.commands import extract_quotes as command

    monkeypatch.setattr(command, "known_speakers_from_db", lambda: [ZELENSKYY])


def test_command_prints_quotes_as_json(no_db_speakers):
    out = io.StringIO()
    path = DATA / "seed_breakingdefense_shoot_down.txt"
    call_command("extract_quotes", str(path), published="2024-05-21", outlet="Breaking Defense", stdout=out)
    quotes = json.loads(out.getvalue())["quotes"]
    assert len(quotes) == 11 and quotes[0]["speaker_id"] == 7
    assert "“what’s the problem”" in out.getvalue()  # ensure_ascii=False: printed as is


def test_command_names_the_outlet_for_this_newspaper(no_db_speakers, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("“We are backing this,” a spokesperson said in an email to this newspaper.", encoding="utf-8")
    out = io.StringIO()
    call_command("extract_quotes", str(article), outlet="The Herald", stdout=out)
    assert json.loads(out.getvalue())["quotes"][0]["venue"] == "email to The Herald"


BAD_INPUT = [
    (["/no/such/article.txt"], "Cannot read"),
    ([str(DATA / "seed_rferl_air_defense.txt"), "--published", "21/05/2024"], "YYYY-MM-DD"),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUT)
def test_command_rejects_bad_input(no_db_speakers, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("extract_quotes", *args, stdout=io.StringIO())


# --- robustness ------------------------------------------------------------------------------------

_PIECES = [*"ab C.,:;!?'\"“”„«»‹›‘’‚ \n-—", "said", " he ", "May 14", "NATO official", "Ben Hodges"]
_QUOTEY = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(), _QUOTEY))
def test_never_raises_and_offsets_stay_in_text(text):
    for quote in extract_quotes(text, PUBLISHED, [ZELENSKYY]):
        assert 0 <= quote.start <= quote.end <= len(text)
