"""Scores extract_quotes against the labelled articles (statements/tests/data/extraction).

A proposal matches a labelled quote when their word-level F1 is >= 0.8 (pairs
are taken best first, each used once).  Figures are kept apart for the
"tuning" articles, which the rules were developed on, and the "held-out" ones,
which were written and labelled first and never tuned on.

    python -m statements.extraction.evaluate [--json] [--verbose] [--split held-out]
"""

import argparse
import datetime
import json
import sys
from collections import Counter
from pathlib import Path

from statements.normalize import name_key, quote_key

from . import KnownSpeaker, extract_quotes

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "extraction"
THRESHOLD = 0.8


def load_articles(directory: Path = DATA) -> list[dict]:
    """Every labelled article (the JSON plus its text under "text"), sorted by id."""
    articles = []
    for path in sorted(directory.glob("*.json")):
        article = json.loads(path.read_text(encoding="utf-8"))
        article["text"] = (directory / article["file"]).read_text(encoding="utf-8")
        articles.append(article)
    return articles


def word_f1(a: str, b: str) -> float:
    """F1 of the two texts' word multisets, after case, accent and punctuation folding."""
    left, right = Counter(quote_key(a).split()), Counter(quote_key(b).split())
    common = sum((left & right).values())
    if not common:
        return 0.0
    precision, recall = common / sum(left.values()), common / sum(right.values())
    return 2 * precision * recall / (precision + recall)


def match(proposals: list[dict], labels: list[dict]) -> list[tuple[int, int]]:
    """(proposal index, label index) pairs with F1 >= THRESHOLD, best pairs first."""
    scored = [(word_f1(p["text"], lab["text"]), i, j) for i, p in enumerate(proposals) for j, lab in enumerate(labels)]
    pairs, used_p, used_l = [], set(), set()
    for f1, i, j in sorted(scored, reverse=True):
        if f1 >= THRESHOLD and i not in used_p and j not in used_l:
            pairs.append((i, j))
            used_p.add(i)
            used_l.add(j)
    return sorted(pairs)


def speaker_ok(proposal: dict, label: dict) -> bool:
    """Same speaker: the label's name or one of its listed alternatives, as name keys."""
    wanted = {name_key(label["speaker"])} | {name_key(a) for a in label.get("speaker_alts", [])}
    return name_key(proposal["speaker"]) in wanted


def date_ok(proposal: dict, label: dict) -> bool:
    same_day = proposal["said_date"] == label["said_date"]
    return same_day and proposal["said_date_precision"] == label["said_date_precision"]


def run_article(article: dict) -> list[dict]:
    known = [KnownSpeaker(k["id"], k["name"], tuple(k.get("aliases", ()))) for k in article.get("known_speakers", [])]
    published = datetime.date.fromisoformat(article["published_on"]) if article.get("published_on") else None
    return [c.to_dict() for c in extract_quotes(article["text"], published, known)]


def score_article(article: dict) -> dict:
    """Counts for one article, plus the individual errors for --verbose."""
    proposals, labels = run_article(article), article["quotes"]
    pairs = match(proposals, labels)
    matched_p, matched_l = {i for i, _ in pairs}, {j for _, j in pairs}
    dated = [(i, j) for i, j in pairs if labels[j].get("date_cue")]
    counts = Counter(
        labelled=len(labels),
        proposed=len(proposals),
        matched=len(pairs),
        speaker_right=sum(speaker_ok(proposals[i], labels[j]) for i, j in pairs),
        dated=len(dated),
        date_right=sum(date_ok(proposals[i], labels[j]) for i, j in dated),
        medium_right=sum(proposals[i]["medium"] == labels[j]["medium"] for i, j in pairs),
        kind_right=sum(proposals[i]["kind"] == labels[j]["kind"] for i, j in pairs),
    )
    errors = [f"missed: {labels[j]['text'][:70]!r}" for j in range(len(labels)) if j not in matched_l]
    errors += [f"extra: {proposals[i]['text'][:70]!r}" for i in range(len(proposals)) if i not in matched_p]
    errors += [
        f"speaker: {proposals[i]['speaker']!r} != {labels[j]['speaker']!r}"
        for i, j in pairs
        if not speaker_ok(proposals[i], labels[j])
    ]
    errors += [
        f"medium: {proposals[i]['medium']!r} != {labels[j]['medium']!r} ({labels[j]['text'][:40]!r})"
        for i, j in pairs
        if proposals[i]["medium"] != labels[j]["medium"]
    ]
    errors += [
        f"date: {proposals[i]['said_date']} != {labels[j]['said_date']} ({labels[j]['date_cue']})"
        for i, j in dated
        if not date_ok(proposals[i], labels[j])
    ]
    return {"counts": counts, "errors": errors}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _figures(counts: Counter, articles: int) -> dict:
    return {
        "articles": articles,
        "labelled": counts["labelled"],
        "proposed": counts["proposed"],
        "matched": counts["matched"],
        "precision": _ratio(counts["matched"], counts["proposed"]),
        "recall": _ratio(counts["matched"], counts["labelled"]),
        "speaker_accuracy": _ratio(counts["speaker_right"], counts["matched"]),
        "date_accuracy": _ratio(counts["date_right"], counts["dated"]),
        "dated": counts["dated"],
        "medium_accuracy": _ratio(counts["medium_right"], counts["matched"]),
        "kind_accuracy": _ratio(counts["kind_right"], counts["matched"]),
    }


def evaluate(articles: list[dict]) -> dict:
    """Precision, recall, speaker and date accuracy per split ("tuning", "held-out") and per article."""
    totals: dict[str, Counter] = {}
    sizes: Counter = Counter()
    per_article = {}
    for article in articles:
        result = score_article(article)
        split = article.get("split", "tuning")
        totals.setdefault(split, Counter()).update(result["counts"])
        sizes[split] += 1
        per_article[article["id"]] = {"split": split, **_figures(result["counts"], 1), "errors": result["errors"]}
    report = {split: _figures(counts, sizes[split]) for split, counts in sorted(totals.items())}
    report["articles"] = per_article
    return report


def _table(report: dict) -> str:
    columns = ["articles", "labelled", "proposed", "precision", "recall"]
    columns += ["speaker_accuracy", "date_accuracy", "medium_accuracy"]
    lines = ["split      " + " ".join(f"{c[:10]:>10}" for c in columns)]
    for split in ("tuning", "held-out"):
        if split in report:
            row = report[split]
            lines.append(f"{split:<10} " + " ".join(f"{_cell(row[c]):>10}" for c in columns))
    return "\n".join(lines)


def _cell(value) -> str:
    return "-" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--verbose", action="store_true", help="list each miss, extra and wrong field")
    parser.add_argument("--split", help="only articles of this split (tuning or held-out)")
    options = parser.parse_args(argv)
    articles = [a for a in load_articles() if not options.split or a.get("split") == options.split]
    report = evaluate(articles)
    if options.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    print(_table(report))
    if options.verbose:
        for name, row in report["articles"].items():
            for error in row["errors"]:
                print(f"  {name}: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
