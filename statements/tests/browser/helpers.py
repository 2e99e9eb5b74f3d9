"""What the browser tests read off a page: entries, counts, JSON-LD, focus, axe-core results."""

import json
import re
from dataclasses import dataclass, field

SERIOUS = ("serious", "critical")


@dataclass
class Watch:
    """Dialogs and uncaught script errors seen on a page (a quiet page has none)."""

    dialogs: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @classmethod
    def on(cls, page):
        watch = cls()

        def on_dialog(dialog):
            watch.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: watch.errors.append(str(error)))
        return watch

    def assert_quiet(self):
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.errors == [], f"script errors: {self.errors}"


def entry_speakers(page):
    """The speaker name of every entry on a list page, in order."""
    return page.locator("article.entry .entry__speaker").all_inner_texts()


def entry_quotes(page):
    """The original words of every entry on a list page, in order."""
    return page.locator("article.entry blockquote.quote:not(.quote--translation)").all_inner_texts()


def results_count(page):
    """The number in the results heading ("3 statements")."""
    heading = page.locator("h2.results-count").inner_text()
    match = re.match(r"([\d,]+)\+? statements?", heading)
    assert match, f"unexpected results heading: {heading!r}"
    return int(match.group(1).replace(",", ""))


def month_headings(page):
    return page.locator("h3.period__title").all_inner_texts()


def json_ld(page):
    """Every schema.org node in the page's JSON-LD blocks, as parsed JSON."""
    nodes = []
    for block in page.locator('script[type="application/ld+json"]').all():
        data = json.loads(block.text_content())
        nodes.extend(data if isinstance(data, list) else [data])
    return nodes


FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: el.className, text: (el.innerText || '').trim(),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== 'none',
    onScreen: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def focused(page):
    """The focused element: what it is, whether a focus ring (outline or shadow) shows, whether it is on screen."""
    return page.evaluate(FOCUS_STYLE_JS)


def axe_violations(page, axe_js):
    """axe-core's violations on the loaded page (the page's context must bypass CSP to inject the script)."""
    page.add_script_tag(path=str(axe_js))
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


def describe(violations):
    """One line per violation and element, for a readable assertion message."""
    lines = []
    for violation in violations:
        for node in violation["nodes"]:
            lines.append(f"{violation['impact']} {violation['id']}: {violation['help']} at {node['target']}: "
                         f"{node['html'][:160]}")
    return "\n".join(lines)


OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => el.getBoundingClientRect().right > width + 1);
  return {
    scrollWidth: document.documentElement.scrollWidth, width,
    culprits: wide.slice(0, 5).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')),
  };
}"""


def horizontal_overflow(page):
    """How far the page scrolls sideways, and the first elements that stick out on the right."""
    return page.evaluate(OVERFLOW_JS)
