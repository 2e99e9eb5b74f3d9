"""Demo data: the statements in the two seed articles, as a careful editor would archive them.

`load()` (run by `manage.py load_demo`) creates what is missing and leaves the rest alone:
speakers, outlets and topics are matched by slug, statements by `external_id` ("demo:<key>").
Every statement is written and moved through the desk by `statements.workflow`, so its
history, attribution check, verdict and correction notes are real (see story.py).

Transcription rules (the data modules follow them; an editor adding statements should too):

- Text is the speaker's words as printed, with the source's typography (RFE/RL prints straight
  quotes, Breaking Defense curly ones) and the outlet's own insertions kept ("F-16 [fighter jets]",
  "Shaheds (Iranian military drones)"); the context says they are the outlet's. The excerpt is the
  passage exactly as printed, attribution included, so a reviewer compares the two.
- One quote interrupted by an attribution ("...No," he said. "Are you...") is one statement: the
  tag is dropped and the comma before it becomes the full stop the sentence had. Joining never
  adds or drops a word of the speaker's.
- A new paragraph introduced by "he added" / "the official added" that makes a further point is a
  separate statement, so each point can be cited alone. A paragraph that continues a quote with
  no attribution of its own (Wesslau's "Some allies are opposed...") belongs to the statement
  before it; the paragraphs are kept, separated by a blank line.
- Partial quote (kind `partial_quote`): the reported clause as printed, the speaker's own words
  inside the quotation marks, without the attribution tag: 'Poland had a "duty" to shoot down
  Russian missiles over Ukraine.' When the clause does not stand on its own (Putin's "a stab in
  the back"), the quoted words alone, with what they refer to in the context.
- Paraphrase (kind `paraphrase`): the outlet's paraphrase as printed, without the tag.
- Dates: the day when the text gives it ("tweeted on April 15", "in an email on May 14"); month
  precision for "in mid-May" or "in late March"; month precision and `approximate` for relative
  dates ("recently", "this week", "last week", "earlier this month"), read against the article's
  date; words given to the outlet for the article: the article's month, approximate, and the
  article's date as `first_reported_on`. Putin's 2015 remark: year precision.
- Not archived: statements by institutions rather than people (Romania's and Latvia's reports on
  drones), and paraphrases too thin to stand alone (Estonia's defence minister "said those
  discussions hadn't gone anywhere": no words of his, no date, no name).
"""

from .loader import load

__all__ = ["load"]
