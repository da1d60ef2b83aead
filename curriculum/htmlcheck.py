"""Checks for HTML that learners write inside Python text (strings).

:func:`parse` builds a small tree with the standard library's ``html.parser`` and
notes every tag that is not closed properly, in plain words. :func:`show` draws
HTML in the notebook, in a sandboxed frame (:func:`frame`) so its styles stay in it.
The ``check_*`` functions are for test cells and work like :mod:`curriculum.checks`:
a passed check prints one line and returns None; a failed one raises
:class:`~curriculum.checks.NotQuiteRight` saying what we looked at, what we found,
what we wanted and a hint. As there, a hint or a mistake's message may come in
stages, and a cell that stopped with an error is explained first.
Nothing is written to stderr.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from typing import Any

from .checks import NotQuiteRight, describe, fail, find, kind_of, tick
from .explain import Hint, prefixed

__all__ = ["Element", "check_closed", "check_tag", "frame", "parse", "show"]

#: The tallest a page's frame starts, in pixels, before it grows to fit the page.
FRAME_HEIGHT = 600

#: Tags that never hold anything and have no closing tag.
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                       "source", "track", "wbr"})

#: Tags that hold words: one of these with no words in it is a mistake.
WORD_TAGS = frozenset({"a", "b", "button", "caption", "cite", "code", "dd", "dt", "em", "figcaption",
                       "h1", "h2", "h3", "h4", "h5", "h6", "i", "label", "li", "mark", "p", "q", "small",
                       "span", "strong", "td", "th", "title"})

#: Tags that start a new block on the page: their words never run into the words around them.
BLOCK_TAGS = frozenset({"article", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3",
                        "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section", "table",
                        "td", "th", "tr", "ul"})

#: Tags a beginner may use; a tag not in here is probably spelt wrong.
KNOWN_TAGS = VOID_TAGS | WORD_TAGS | frozenset({
    "article", "aside", "blockquote", "body", "div", "dl", "figure", "footer", "form", "head", "header",
    "html", "main", "nav", "ol", "option", "pre", "script", "section", "select", "style", "table",
    "tbody", "textarea", "thead", "tr", "u", "ul"})

#: A right tag used in place of another: (wanted, found) -> what to say.
SWAPS: dict[tuple[str, str], str] = {
    ("ul", "ol"): "You made a numbered list with <ol>. This task wants <ul>, a list with dots.",
    ("ol", "ul"): "You made a list with dots with <ul>. This task wants <ol>, a numbered list.",
    ("strong", "b"): "Use <strong> here, not <b>.",
    ("a", "link"): "A link you can click is made with <a>, not <link>.",
    ("img", "image"): "A picture is made with <img>, not <image>.",
}


@dataclass(eq=False)
class Element:
    """One tag of a parsed page: its name, attributes and what is inside it.

    The top of the tree has the tag ``""``; its ``problems`` list says, in plain
    words, which tags are not closed properly (empty when all is well).
    """

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    content: list[Element | str] = field(default_factory=list, repr=False)
    parent: Element | None = field(default=None, repr=False)
    closed: bool = False
    self_closing: bool = False
    problems: list[str] = field(default_factory=list, repr=False)

    @property
    def children(self) -> list[Element]:
        """The tags directly inside this one."""
        return [part for part in self.content if isinstance(part, Element)]

    @property
    def text(self) -> str:
        """All the words inside this tag, with runs of spaces and new lines made one space.

        A block such as <p> or <li> is kept apart from the words around it by a space.
        """
        return " ".join("".join(self._pieces()).split())

    def _pieces(self) -> Iterator[str]:
        todo: list[Element | str] = self.content[::-1]  # a loop, not recursion: tags may nest very deep
        while todo:
            part = todo.pop()
            if isinstance(part, str):
                yield part
            elif part.tag in BLOCK_TAGS:
                todo.extend([" ", *part.content[::-1], " "])
            else:
                todo.extend(part.content[::-1])

    def iter(self) -> Iterator[Element]:
        """Every tag inside this one, at any depth, in the order they were written."""
        todo = self.children[::-1]
        while todo:
            element = todo.pop()
            yield element
            todo.extend(element.children[::-1])

    def find_all(self, tag: str) -> list[Element]:
        """Every tag called ``tag`` inside this one."""
        return [element for element in self.iter() if element.tag == tag.lower()]

    def ancestors(self) -> Iterator[Element]:
        """The tags this one sits inside, nearest first (not the top of the tree)."""
        node = self.parent
        while node is not None and node.tag:
            yield node
            node = node.parent

    def opening(self) -> str:
        """The opening tag as HTML, e.g. ``<img src="photo.png">``."""
        attrs = "".join(f" {k}" if v is None else f' {k}="{v}"' for k, v in self.attrs.items())
        return f"<{self.tag}{attrs}>"


class _TreeBuilder(HTMLParser):
    """Builds an :class:`Element` tree and notes tags not closed, or closed in the wrong order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("", closed=True)
        self.stack: list[Element] = [self.root]
        self.pending: list[Element] = []  # closed early by an outer closing tag; their own may still come
        self.brackets: list[str] = []
        self.order: list[str] = []

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        element = Element(tag, dict(attrs), parent=self.stack[-1])
        self.stack[-1].content.append(element)
        if any("<" in key or ">" in key for key, _ in attrs):
            self.brackets.append(f"The opening tag <{tag} seems to be missing its > at the end.")
        return element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._add(tag, attrs)
        if tag in VOID_TAGS:
            element.closed = True
        else:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._add(tag, attrs)
        element.closed = element.self_closing = True

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        open_tags = [element.tag for element in self.stack]
        if tag in open_tags[1:]:
            index = len(open_tags) - 1 - open_tags[::-1].index(tag)
            self.pending.extend(reversed(self.stack[index + 1:]))
            self.stack[index].closed = True
            del self.stack[index:]
            return
        early = next((element for element in self.pending if element.tag == tag), None)
        if early is not None:
            self.pending.remove(early)
            early.closed = True
            outer = next((a.tag for a in early.ancestors() if a.closed), "")
            self.order.append(f"You closed </{outer}> before </{tag}>. Close the inner tag first, like this: "
                              f"<{outer}> <{tag}> ... </{tag}> </{outer}>.")
            return
        top = self.stack[-1]
        if top.tag:
            self.stack.pop()
            top.closed = True
            spelling = " Is the tag name spelt wrong?" if {top.tag, tag} - KNOWN_TAGS else ""
            self.order.append(f"You opened <{top.tag}> but closed it with </{tag}>. The names must match: "
                              f"<{top.tag}> ... </{top.tag}>.{spelling}")
            return
        words = self.root.text
        missing = f" Did you forget the < at the start of <{tag}>?" if f"{tag}>" in words else ""
        self.order.append(f"We found </{tag}> but no <{tag}> before it.{missing}")

    def handle_data(self, data: str) -> None:
        content = self.stack[-1].content
        if content and isinstance(content[-1], str):
            content[-1] += data  # the parser may give one run of words in pieces
        else:
            content.append(data)

    def finish(self) -> Element:
        """Close the parser and return the tree, its problems noted on the top element."""
        self.close()
        unclosed = [element for element in self.root.iter() if not element.closed]
        explained: set[int] = set()
        problems: list[str] = []
        for element in unclosed:
            if id(element) in explained:
                continue
            inner = _slash_missing(element)
            if inner is not None:
                explained.add(id(inner))
                if inner.self_closing:
                    problems.append(f"It looks like you put the / at the end: <{inner.tag}/>. "
                                    f"The / goes straight after the <, like this: </{inner.tag}>.")
                else:
                    problems.append(f"It looks like you forgot the / in the closing tag </{element.tag}>.")
                continue
            if element.tag not in KNOWN_TAGS:
                problems.append(f"We do not know the tag <{element.tag}>. Is the tag name spelt wrong?"
                                + "".join(f" Did you mean <{near}>?" for near in _near_tags(element.tag)))
                continue
            words = f" with the words {describe(_shorten(element.text))}" if element.text else ""
            problems.append(f"Your <{element.tag}>{words} is opened but never closed. "
                            f"Add </{element.tag}> at its end.")
        for element in (self.root, *self.root.iter()):
            self.brackets += [_stray_bracket(part) for part in element.content
                              if isinstance(part, str) and ("<" in part or ">" in part)]
        self.root.problems = _unique(self.order + self.brackets + problems)
        return self.root


def _slash_missing(element: Element) -> Element | None:
    """The tag that should have been ``element``'s closing tag, if it looks like a / was left out.

    ``<h1>My CV<h1>`` gives an <h1> whose words are followed by an empty <h1>.
    """
    parts = [p for p in element.content if not (isinstance(p, str) and not p.strip())]
    if len(parts) < 2 or not isinstance(parts[0], str):
        return None
    inner = parts[1]
    if not isinstance(inner, Element) or inner.tag != element.tag:
        return None
    if inner.self_closing:
        return inner
    first = next((p for p in inner.content if not (isinstance(p, str) and not p.strip())), None)
    return inner if not inner.closed and not isinstance(first, str) else None


def _stray_bracket(words: str) -> str:
    """Explain a < or > found among the words, outside any tag."""
    words = words.strip()
    start = words.rfind("<")
    rest = words[start + 1:] if start >= 0 else ""
    if rest and ">" not in rest and rest.lstrip("/").isalnum():
        return f"The tag <{rest} is missing its > at the end."
    if words.endswith("="):
        return ("Your text stops at the = sign. If your HTML has \" marks in it, "
                "put ' marks around the whole text, like this: '<a href=\"#top\">Top</a>'")
    return (f"We found a < or > that is not part of a tag, in {describe(_shorten(words, 40))}. "
            "Each tag needs a < at the start and a > at the end.")


def _near_tags(tag: str) -> list[str]:
    """The known tag most like ``tag`` (none if nothing is close)."""
    return difflib.get_close_matches(tag, sorted(KNOWN_TAGS), n=1, cutoff=0.6)


def _shorten(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def parse(text: str) -> Element:
    """Parse HTML into a tree of :class:`Element`; the top's ``problems`` list any tag not closed properly."""
    builder = _TreeBuilder()
    builder.feed(text)
    return builder.finish()


def frame(text: str, css: str | None = None, *, scripts: bool = False, width: int | None = None) -> str:
    """An ``<iframe sandbox srcdoc=...>`` that draws the HTML ``text`` as a page of its own, styled by ``css``.

    Its styles cannot reach the notebook around it. Scripts run only if ``scripts``; without them
    the frame grows to fit the page when it loads. ``width`` in pixels, else the width of the cell.
    """
    style = f"<style>\n{css}\n</style>\n" if css else ""
    page = f'<!DOCTYPE html>\n<html><head><meta charset="utf-8">\n{style}</head><body>\n{text}\n</body></html>'
    blocks = len(re.findall(r"<(?:br|div|h[1-6]|img|li|p|section|tr)\b", text, re.IGNORECASE))
    height = min(FRAME_HEIGHT, 40 + 30 * (blocks + text.strip().count("\n") // 2 + 1))
    fit = "" if scripts else (" onload=\"this.style.height = '0px'; this.style.height = "  # 0 first, so it can shrink
                              "this.contentDocument.documentElement.scrollHeight + 2 + 'px'\"")
    return (f'<iframe sandbox="{"allow-scripts" if scripts else "allow-same-origin"}" '
            f'srcdoc="{escape(page)}" style="width: {f"{width}px" if width else "100%"}; height: {height}px; '
            f'border: 1px solid #bbb; background: white"{fit}></iframe>')


def show(text: str, css: str | None = None, *, scripts: bool = False) -> None:
    """Draw the HTML in ``text`` as a page under the cell, styled by ``css``, in a frame of its own.

    A ``<style>`` in the page styles the page only, never the notebook. Scripts run only if ``scripts``.
    """
    for name, value in (("HTML", text), ("CSS", css if css is not None else "")):
        if not isinstance(value, str):
            raise NotQuiteRight([f"`show` needs text (a string) with {name} in it. It got {describe(value)}, "
                                 f"which is {kind_of(value)}."])
    from IPython.display import HTML, display

    display(HTML(f"<div>{frame(text, css, scripts=scripts)}</div>"))  # a bare <iframe> makes IPython warn


# --- checks for test cells ------------------------------------------------------------------------

def read_page(name: str, namespace: Mapping[str, Any] | None) -> tuple[str, Element]:
    """The learner's HTML text called ``name``, and its tree: existence, then kind, then parse."""
    value = find(name, "variable", namespace)
    if not isinstance(value, str):
        hint = ("Use + to join pieces of text, not commas." if isinstance(value, tuple)
                else f'Put quote marks around your HTML, like this: {name} = "<p>Hello</p>"')
        fail(f"looking at `{name}`", f"{describe(value)}, which is {kind_of(value)}",
             "text (a string) with HTML tags in it", hint)
    if not value.strip():
        fail(f"looking at `{name}`", "empty text", "text with HTML tags in it",
             "Write your HTML between the quote marks.")
    return value, parse(value)


def known_mistake(mistakes: Mapping[str, Hint] | None, text: str) -> Hint:
    """The message for a recorded mistake, matched on the learner's text (spaces made single)."""
    squashed = " ".join(text.split())
    return next((message for wrong, message in (mistakes or {}).items()
                 if " ".join(wrong.split()) == squashed), None)


def _closed(name: str, text: str, page: Element, known: Hint) -> None:
    if page.problems:
        fail(f"checking that every tag in `{name}` is closed", describe(" ".join(text.split())),
             "each opening tag like <p> to have its closing tag like </p>", known or page.problems[0])


def closed_page(name: str, mistakes: Mapping[str, Hint] | None,
                namespace: Mapping[str, Any] | None) -> tuple[str, Element, Hint]:
    """The learner's HTML ``name``, its tree and the message of any recorded mistake it matches.

    Stops with the plain message when the text is missing, not text, or has a tag not closed properly.
    """
    text, page = read_page(name, namespace)
    known = known_mistake(mistakes, text)
    _closed(name, text, page, known)
    return text, page, known


def check_closed(name: str, *, mistakes: Mapping[str, Hint] | None = None,
                 namespace: Mapping[str, Any] | None = None) -> None:
    """Check that every tag in the learner's text ``name`` is closed, and in the right order."""
    closed_page(name, mistakes, namespace)
    tick(f"every tag in `{name}` is closed")


def _spelling(tag: str, found: Sequence[str]) -> str | None:
    """Say what the learner probably meant, when a tag they wrote looks like ``tag``."""
    for other in found:
        if (tag, other) in SWAPS:
            return SWAPS[(tag, other)]
    for other in found:
        if other not in KNOWN_TAGS and (sorted(other) == sorted(tag)
                                        or difflib.SequenceMatcher(None, other, tag).ratio() >= 0.5):
            return f"Is the tag name spelt wrong? We found <{other}>. It should be <{tag}>."
    heading = [other for other in found if other[:1] == "h" and other[1:].isdigit()]
    if tag[:1] == "h" and tag[1:].isdigit() and heading:
        return f"You used <{heading[0]}>. This task wants <{tag}>."
    return None


def _words_hint(found: str, wanted: str, tag: str, page: Element) -> str | None:
    """Say how the words in a tag differ from the words we wanted, if we can tell."""
    if not found and wanted in page.text:
        return f"Your words are outside the tag. Put them between <{tag}> and </{tag}>."
    if found.startswith(wanted + " "):
        return f"Your <{tag}> holds more than these words. Put </{tag}> straight after them."
    if found.casefold() == wanted.casefold():
        return "Check the capital letters."
    if found.replace(" ", "") == wanted.replace(" ", ""):
        return "Check the spaces between the words."
    if found.rstrip(".!?") == wanted.rstrip(".!?"):
        return "Check the full stop or mark at the end."
    return None


def _plural(tag: str, number: int) -> str:
    return f"{number} <{tag}> tag" + ("" if number == 1 else "s")


def check_tag(name: str, tag: str, *, text: str | None = None, texts: Sequence[str] | None = None,
              count: int | None = None, inside: str | None = None,
              attrs: Mapping[str, str | bool] | None = None, hint: Hint = None,
              mistakes: Mapping[str, Hint] | None = None, namespace: Mapping[str, Any] | None = None) -> None:
    """Check the tag ``tag`` in the learner's HTML text called ``name``.

    In order: the text exists and every tag is closed; there is a ``tag`` (``count``
    of them); each sits inside an ``inside`` tag; its words are ``text`` (or, tag by
    tag, ``texts``), else it has some words if it is a tag for words; one of them has
    the ``attrs``, where True means "there, with some words". ``mistakes`` maps a
    learner's whole text to what it looks like they did. ``hint`` and each message may be a tuple of
    stages: each failure of the same check shows one more.
    """
    source, page, known = closed_page(name, mistakes, namespace)
    tried = f"looking for <{tag}> in `{name}`"
    elements = _tags(tried, tag, source, page, count, hint, known)
    where = _inside(tried, tag, elements, inside, known) if inside is not None else ""
    elements, said = _words(tried, tag, elements, page, text, texts, hint, known)
    if attrs:
        _check_attrs(tried, tag, elements, attrs, known, hint)
        said += (" and " if said else " with ") + ", ".join(
            f'{key}="..."' if want is True else f'{key}="{want}"' for key, want in attrs.items())
    number = _plural(tag, len(elements)) if count is not None else f"<{tag}>"
    tick(f"`{name}` has {number}{where}{said}")


def _tags(tried: str, tag: str, source: str, page: Element, count: int | None, hint: Hint,
          known: Hint) -> list[Element]:
    """The ``tag`` elements of the page; fail if there are none, or not ``count`` of them."""
    elements = page.find_all(tag)
    found_tags = list(dict.fromkeys(element.tag for element in page.iter()))
    if not elements:
        if not found_tags:
            got = f"{describe(' '.join(source.split()))}: words, but no tags"
            advice: Hint = (f"Write an {tag} tag like this: <{tag} ...>." if tag in VOID_TAGS
                            else f"Put <{tag}> before the words and </{tag}> after them.")
        else:
            got = "the tags " + ", ".join(f"<{t}>" for t in found_tags)
            advice = _spelling(tag, found_tags) or hint or f"Add a <{tag}> tag."
        fail(tried, got, f"a <{tag}> tag", known or advice)
    if count is not None and len(elements) != count:
        if len(elements) > count:
            advice = f"Take out the extra <{tag}>."
        elif any("," in element.text for element in elements):
            advice = f"Put each one in its own <{tag}> ... </{tag}>."
        else:
            advice = f"Add another <{tag}>." if tag in VOID_TAGS else f"Add another <{tag}> ... </{tag}>."
        fail(tried, _plural(tag, len(elements)), _plural(tag, count), known or advice)
    return elements


def _inside(tried: str, tag: str, elements: Sequence[Element], inside: str, known: Hint) -> str:
    """Fail unless every element sits inside an ``inside`` tag; the words that say where they are."""
    outside = [e for e in elements if inside.lower() not in {a.tag for a in e.ancestors()}]
    if outside:
        parent = outside[0].parent
        above = parent.tag if parent is not None else ""
        if len(elements) > 1:
            items = "items" if tag == "li" else "tags"
            advice = f"Your <{tag}> {items} need to be inside a <{inside}>."
            move = f" Put <{inside}> before them and </{inside}> after them."
        else:
            advice = f"Your <{tag}> needs to be inside a <{inside}>."
            move = f" Move it between <{inside}> and </{inside}>."
        advice += f" It is inside <{above}> now." if above else move
        fail(tried, f"a <{tag}> that is not inside a <{inside}>", f"each <{tag}> inside a <{inside}>",
             known or SWAPS.get((inside.lower(), above)) or advice)
    return f" inside <{inside}>"


def _words(tried: str, tag: str, elements: list[Element], page: Element, text: str | None,
           texts: Sequence[str] | None, hint: Hint, known: Hint) -> tuple[list[Element], str]:
    """Fail unless the elements hold the words wanted; the elements that do, and words that say so."""
    if texts is not None:
        found_texts = [element.text for element in elements]
        wanted_texts = [" ".join(t.split()) for t in texts]
        if found_texts != wanted_texts:
            if sorted(found_texts) == sorted(wanted_texts):
                advice: Hint = "The items are in the wrong order."
            elif len(found_texts) != len(wanted_texts):
                advice = f"Make {_plural(tag, len(wanted_texts))}, one for each line."
            else:
                index = next(i for i, (f, w) in enumerate(zip(found_texts, wanted_texts)) if f != w)
                advice = prefixed(f"Look at <{tag}> number {index + 1}. ",
                                  _words_hint(found_texts[index], wanted_texts[index], tag, page) or hint
                                  or "Copy the words exactly.")
            fail(tried, f"<{tag}> tags with the words {describe(found_texts)}",
                 f"<{tag}> tags with the words {describe(wanted_texts)}", known or advice)
        return elements, f" with the words {describe(wanted_texts, 80)}"
    if text is not None:
        wanted = " ".join(text.split())
        matching = [element for element in elements if element.text == wanted]
        if not matching:
            closest = max(elements, key=lambda e: difflib.SequenceMatcher(None, e.text, wanted).ratio())
            fail(tried, f"<{tag}> with the words {describe(closest.text)}",
                 f"<{tag}> with the words {describe(wanted)}",
                 known or _words_hint(closest.text, wanted, tag, page) or hint or "Copy the words exactly.")
        return matching, f" with the words {describe(wanted, 80)}"
    if tag in WORD_TAGS and any(not element.text for element in elements):
        advice = (f"Your words are outside the tag. Put them between <{tag}> and </{tag}>."
                  if page.text else f"Write some words between <{tag}> and </{tag}>.")
        fail(tried, f"<{tag}></{tag}> with no words in it", f"<{tag}> with words in it", known or advice)
    return elements, ""


def _check_attrs(tried: str, tag: str, elements: Sequence[Element], attrs: Mapping[str, str | bool],
                 known: Hint, hint: Hint) -> None:
    """Pass if one of ``elements`` has every attribute in ``attrs``; else explain the first one's."""
    def fits(element: Element, key: str, want: str | bool) -> bool:
        value = element.attrs.get(key)
        return bool(value and value.strip()) if want is True else value == want

    if any(all(fits(e, k, w) for k, w in attrs.items()) for e in elements):
        return
    element = elements[0]
    key, want = next((k, w) for k, w in attrs.items() if not fits(element, k, w))
    value = element.attrs.get(key)
    wanted = f'{key}="some words"' if want is True else f'{key}="{want}"'
    shown = f"{element.opening()}" if element.attrs else f"<{tag}> with no {key}"
    if key not in element.attrs:
        near = [k for k in element.attrs if difflib.SequenceMatcher(None, k, key).ratio() >= 0.5]
        if near:
            advice: Hint = f"Is {near[0]} spelt wrong? It should be {key}."
        elif key == "alt":
            advice = ('Add alt="..." with words that say what the picture shows. '
                      "Alt text helps people who cannot see the picture.")
        else:
            advice = hint or f'Add {key}="..." inside the opening tag, after <{tag}.'
    elif not (value or "").strip():
        advice = (f"Your {key} has no words. Write a few words that say what the picture shows."
                  if key == "alt" else hint or f"Your {key} is empty. Write {wanted}.")
    elif isinstance(want, str) and want.startswith("#") and value == want[1:]:
        advice = "It looks like you forgot the # at the start."
    elif isinstance(want, str) and value is not None and value.casefold() == want.casefold():
        advice = "Check the capital letters."
    elif isinstance(want, str) and value is not None and value.strip() == want:
        advice = "Take out the spaces inside the quote marks."
    else:
        advice = hint or f"Change it to {wanted}."
    fail(tried, shown, f"<{tag}> with {wanted}", known or advice)
