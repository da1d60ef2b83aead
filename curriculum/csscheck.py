"""Checks for CSS that learners write inside Python text (strings), and a live preview of a styled page.

:func:`parse_css` reads the CSS with ``tinycss2`` into rules and notes, in plain words, the slips
beginners make: a missing ``;`` or ``}``, a property spelt wrong (``colour``), a number with no
unit (``padding: 10``). :func:`preview` draws a page beside a box of CSS and redraws it as the
learner types. The ``check_*`` functions are for test cells and work like
:mod:`curriculum.htmlcheck`: a passed check prints one line and returns None; a failed one raises
:class:`~curriculum.checks.NotQuiteRight`. Hints and mistakes' messages may come in stages.
Selectors are matched against the learner's own HTML with Beautiful Soup (soupsieve).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

import tinycss2

from .checks import NotQuiteRight, describe, fail, find, kind_of, tick
from .explain import Hint, prefixed
from .htmlcheck import frame, known_mistake

__all__ = ["Rule", "Sheet", "check_media", "check_rule", "check_selects", "parse_css", "preview"]

#: Properties whose numbers need a unit such as px or em (0 needs none).
LENGTHS = frozenset({
    "border", "border-bottom", "border-left", "border-radius", "border-right", "border-top", "border-width",
    "bottom", "column-gap", "flex-basis", "font-size", "gap", "height", "left", "letter-spacing", "margin",
    "margin-bottom", "margin-left", "margin-right", "margin-top", "max-height", "max-width", "min-height",
    "min-width", "outline", "outline-width", "padding", "padding-bottom", "padding-left", "padding-right",
    "padding-top", "right", "row-gap", "text-indent", "top", "width", "word-spacing"})

#: Properties a learner may meet; one not in here is probably spelt wrong.
KNOWN_PROPERTIES = LENGTHS | frozenset({
    "align-content", "align-items", "align-self", "all", "animation", "aspect-ratio", "background",
    "background-color", "background-image", "background-position", "background-repeat", "background-size",
    "border-collapse", "border-color", "border-spacing", "border-style", "box-shadow", "box-sizing",
    "clear", "color", "column-count", "columns", "content", "cursor", "display", "flex", "flex-direction",
    "flex-flow", "flex-grow", "flex-shrink", "flex-wrap", "float", "font", "font-family", "font-style",
    "font-variant", "font-weight", "grid", "grid-area", "grid-column", "grid-row", "grid-template-areas",
    "grid-template-columns", "grid-template-rows", "inset", "justify-content", "justify-items",
    "justify-self", "line-height", "list-style", "list-style-type", "object-fit", "opacity", "order",
    "outline-color", "outline-offset", "outline-style", "overflow", "overflow-wrap", "overflow-x",
    "overflow-y", "place-items", "position", "text-align", "text-decoration", "text-shadow",
    "text-transform", "transform", "transition", "vertical-align", "visibility", "white-space",
    "word-break", "z-index"})

#: Properties that take one keyword, and the keywords they take (besides inherit, initial, unset and revert).
KEYWORDS: dict[str, frozenset[str]] = {
    "align-items": frozenset({"baseline", "center", "end", "flex-end", "flex-start", "normal", "start", "stretch"}),
    "display": frozenset({"block", "contents", "flex", "flow-root", "grid", "inline", "inline-block", "inline-flex",
                          "inline-grid", "list-item", "none", "table"}),
    "flex-direction": frozenset({"column", "column-reverse", "row", "row-reverse"}),
    "flex-wrap": frozenset({"nowrap", "wrap", "wrap-reverse"}),
    "justify-content": frozenset({"center", "end", "flex-end", "flex-start", "left", "normal", "right",
                                  "space-around", "space-between", "space-evenly", "start", "stretch"}),
    "text-align": frozenset({"center", "end", "justify", "left", "right", "start"}),
}

#: British spellings CSS does not know, and the word it wants.
SPELLINGS = {"colour": "color", "centre": "center", "background-colour": "background-color"}


NO_OPENING = "A rule has no {. Write the selector, then {, then the lines, then }."


@dataclass(eq=False)
class Rule:
    """One rule: its selectors, its declarations (name -> value, the last one wins) and its @media test."""

    selectors: tuple[str, ...]
    declarations: dict[str, str] = field(default_factory=dict)
    media: str = ""

    @property
    def selector(self) -> str:
        """The selectors as the learner wrote them, joined by commas."""
        return ", ".join(self.selectors)


@dataclass(eq=False)
class Sheet:
    """The rules of a style sheet, in order, and its problems in plain words (empty when all is well).

    ``media`` lists the tests of its @media rules, without spaces, in small letters.
    """

    rules: list[Rule]
    problems: list[str]
    media: list[str] = field(default_factory=list)

    def rules_for(self, selector: str, media: str = "") -> list[Rule]:
        """The rules that style ``selector`` (one of their selectors), inside the @media test ``media``."""
        wanted = _squash(selector)
        return [rule for rule in self.rules if wanted in rule.selectors and rule.media == media]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _condition(text: str) -> str:
    """An @media test without spaces, in small letters: ``(max-width:600px)``."""
    return "".join(text.split()).lower()


def _value(tokens: list[Any]) -> str:
    return _squash(tinycss2.serialize(tokens))


def parse_css(text: str) -> Sheet:
    """Read CSS into a :class:`Sheet`; its ``problems`` say what a beginner got wrong, first one first."""
    sheet = Sheet([], [])
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        _read(rule, "", sheet)
    stray, unclosed = _braces(text)
    opening = [NO_OPENING] if NO_OPENING in sheet.problems else []  # a missing { leaves a } with none before it
    tags = ["Leave out the <style> tags. Write only the CSS rules here."] if "<style" in text.lower() else []
    sheet.problems = list(dict.fromkeys(tags + opening + stray + sheet.problems + unclosed))
    return sheet


def _braces(text: str) -> tuple[list[str], list[str]]:
    """Problems when the { and } do not pair up: a } too many, and the first rule left open."""
    bare = re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)
    opened: list[int] = []
    for place, mark in enumerate(bare):
        if mark == "{":
            opened.append(place)
        elif mark == "}" and not opened:
            return ["We found a } with no { before it. Each rule needs one { and one }."], []
        elif mark == "}":
            opened.pop()
    if not opened:
        return [], []
    start = _squash(re.split(r"[{};]", bare[:opened[0]])[-1])
    if start.startswith("@"):
        return [], [f"Your `{start}` rule has no }} at its end. Add }} after the last rule inside it."]
    return [], [f"Your rule for `{start}` has no }} at its end. Add }} after its last line."]


def _read(node: Any, media: str, sheet: Sheet) -> None:
    """Add a rule (or the rules inside an @media rule) to ``sheet``, noting its problems."""
    if node.type == "error":
        sheet.problems.append(NO_OPENING)
    elif node.type == "at-rule" and node.lower_at_keyword == "media" and node.content is not None:
        condition = _condition(tinycss2.serialize(node.prelude))
        sheet.media.append(condition)
        for inner in tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True):
            _read(inner, condition, sheet)
    elif node.type == "qualified-rule":
        selectors = tuple(_squash(part) for part in tinycss2.serialize(node.prelude).split(","))
        rule = Rule(selectors, media=media)
        sheet.rules.append(rule)
        for item in tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True):
            problem = _declaration(item, rule)
            if problem:
                sheet.problems.append(problem)


def _declaration(item: Any, rule: Rule) -> str | None:
    """Add one line of a rule to it; what is wrong with the line, if anything."""
    where = f"In your rule for `{rule.selector}`"
    if item.type == "qualified-rule":
        return f"{where}, the }} at the end is missing. Add }} after its last line."
    if item.type != "declaration":
        return f"{where}, a line has no :. Write each line like this: name: value;"
    name, value = item.lower_name, _value(item.value)
    rule.declarations[name] = value
    colon = next((i for i, token in enumerate(item.value) if token == ":"), None)
    if colon is not None:
        before = _value(item.value[:colon]).rsplit(" ", 1)[0]
        return f"{where}, a ; is missing after `{name}: {before}`. End each line with ;"
    if not value:
        return f"{where}, `{name}` has no value. Write one after the :"
    if name in SPELLINGS:
        return f"CSS uses American spelling. Write `{SPELLINGS[name]}`, not `{name}`."
    if name not in KNOWN_PROPERTIES and not name.startswith("-"):
        near = difflib.get_close_matches(name, sorted(KNOWN_PROPERTIES), n=1, cutoff=0.7)
        return (f"We do not know the property `{name}`. "
                + (f"Did you mean `{near[0]}`?" if near else "Check its spelling."))
    words = set(value.lower().split())
    spelt = next((word for word in SPELLINGS if word in words), None)
    if spelt:
        return f"CSS uses American spelling. Write `{name}: {SPELLINGS[spelt]}`, not `{spelt}`."
    if name in KEYWORDS and value.lower() not in KEYWORDS[name] | {"inherit", "initial", "unset", "revert"}:
        near = difflib.get_close_matches(value, sorted(KEYWORDS[name]), n=1, cutoff=0.6)
        return (f"`{name}` cannot be `{value}`. "
                + (f"Did you mean `{name}: {near[0]}`?" if near else "Check the value this task asks for."))
    bare = next((token for token in item.value if token.type == "number" and token.value), None)
    if name in LENGTHS and bare is not None:
        return (f"`{name}: {value}` needs a unit after {bare.representation}. "
                f"Write {bare.representation}px, for example.")
    return None


# --- checks for test cells ------------------------------------------------------------------------

def _text(name: str, what: str, example: str, namespace: Mapping[str, Any] | None) -> str:
    """The learner's text called ``name``: it exists, is text, and is not empty."""
    value = find(name, "variable", namespace)
    if not isinstance(value, str):
        fail(f"looking at `{name}`", f"{describe(value)}, which is {kind_of(value)}",
             f"text (a string) with {what} in it", f'Put quote marks around your {what}, like this: {example}')
    if not value.strip():
        fail(f"looking at `{name}`", "empty text", f"text with {what} in it",
             f"Write your {what} between the quote marks.")
    return value


def _sheet(name: str, mistakes: Mapping[str, Hint] | None,
           namespace: Mapping[str, Any] | None) -> tuple[Sheet, Hint]:
    """The learner's CSS called ``name``, read; fail on its first problem. Also a recorded mistake it matches."""
    text = _text(name, "CSS", f'{name} = "h1 {{ color: navy; }}"', namespace)
    known = known_mistake(mistakes, text)
    sheet = parse_css(text)
    if sheet.problems:
        fail(f"reading the CSS in `{name}`", describe(_squash(text)),
             "each rule written like this: h1 { color: navy; }", known or sheet.problems[0])
    return sheet, known


def _selector_advice(selector: str, found: Sequence[str]) -> str | None:
    """Say what the learner probably meant, when a selector they wrote looks like ``selector``."""
    wanted = _squash(selector)
    for other in found:
        if wanted[:1] in ".#" and other == wanted[1:]:
            return (f"A class needs a . in front. Write `{wanted}`, not `{other}`." if wanted[0] == "."
                    else f"An id needs a # in front. Write `{wanted}`, not `{other}`.")
        if wanted[:1] in ".#" and other[:1] in ".#" and other[1:] == wanted[1:]:
            return f"You wrote `{other}`. " + (f"A # picks an id. Use a . to pick a class: `{wanted}`."
                                               if wanted[0] == "." else
                                               f"A . picks a class. Use # to pick an id: `{wanted}`.")
    near = difflib.get_close_matches(wanted, list(found), n=1, cutoff=0.75)
    return f"Is `{near[0]}` spelt right? This task wants `{wanted}`." if near else None


def _check_rule(name: str, sheet: Sheet, selector: str, declarations: Mapping[str, Any], media: str,
                hint: Hint, known: Hint) -> str:
    """Fail unless ``sheet`` styles ``selector`` with ``declarations``; the words that say what it has."""
    inside = " inside your @media rule" if media else ""
    tried = f"looking for a rule for `{selector}`{inside} in `{name}`"
    rules = sheet.rules_for(selector, media)
    if not rules:
        found = list(dict.fromkeys(s for rule in sheet.rules if rule.media == media for s in rule.selectors))
        got = ("rules for " + ", ".join(f"`{s}`" for s in found)) if found else "no rules"
        advice = _selector_advice(selector, found)
        if media and not advice and sheet.rules_for(selector):
            advice = f"Put a rule for `{selector}` inside the {{ }} of your @media rule."
        if not media and not advice and any(selector in rule.selectors for rule in sheet.rules):
            advice = f"Your rule for `{selector}` is inside an @media rule. Put one outside it, before the @media rule."
        fail(tried, got, f"a rule for `{selector}`{inside}",
             known or advice or hint or f"Add a rule for `{selector}`{inside}: {selector} {{ ... }}")
    merged: dict[str, str] = {}
    for rule in rules:
        merged.update(rule.declarations)
    for prop, want in declarations.items():
        value = merged.get(prop)
        if value is None:
            elsewhere = next((rule for rule in sheet.rules if prop in rule.declarations and rule not in rules), None)
            advice = (f"You set `{prop}` in the rule for `{elsewhere.selector}`. "
                      f"This task wants it in the rule for `{selector}`." if elsewhere else None)
            fail(tried, f"a rule for `{selector}` with no `{prop}`", f"a rule for `{selector}` with `{prop}`",
                 known or advice or hint or f"Add a line with `{prop}:` to the rule for `{selector}`.")
        choices = [want] if isinstance(want, str) else list(want) if isinstance(want, (tuple, list)) else []
        if choices and value.lower() not in [_squash(choice).lower() for choice in choices]:
            fail(tried, f"`{prop}: {value}`", " or ".join(f"`{prop}: {choice}`" for choice in choices),
                 known or hint or f"Change the value of `{prop}` to the one this task asks for.")
    said = ", ".join(prop if want is True else f"{prop}: {want if isinstance(want, str) else ' or '.join(want)}"
                     for prop, want in declarations.items())
    return f"`{name}` has a rule for `{selector}`{inside}" + (f" with {said}" if said else "")


def check_rule(name: str, selector: str, declarations: Mapping[str, str | Sequence[str] | bool] | None = None, *,
               hint: Hint = None, mistakes: Mapping[str, Hint] | None = None,
               namespace: Mapping[str, Any] | None = None) -> None:
    """Check that the CSS text ``name`` has a rule for ``selector`` with ``declarations``.

    A declaration's wanted value is a string, a list of strings any of which will do, or True for
    "there, with any value". Rules for the same selector count together; the last value wins, as in
    a browser. Rules inside @media are left out (see :func:`check_media`). ``mistakes`` maps a
    learner's whole text to what it looks like they did.
    """
    sheet, known = _sheet(name, mistakes, namespace)
    tick(_check_rule(name, sheet, selector, declarations or {}, "", hint, known))


def _media_advice(wanted: str, found: Sequence[str]) -> str | None:
    """Say what is wrong with the learner's @media test, when it looks like ``wanted``."""
    for other in found:
        if other == wanted.strip("()"):
            return f"Put ( ) around the test, like this: @media {wanted}"
        swapped = other.replace("min-", "MAX-").replace("max-", "min-").replace("MAX-", "max-")
        if wanted in swapped:
            return "Check max and min. max-width means the screen is this wide or less."
        if re.sub(r"(\d)(px|em|rem)\b", r"\1", wanted) == other:
            return "The number in your @media test needs a unit, like px."
    return None


def check_media(name: str, condition: str, selector: str,
                declarations: Mapping[str, str | Sequence[str] | bool] | None = None, *, hint: Hint = None,
                mistakes: Mapping[str, Hint] | None = None, namespace: Mapping[str, Any] | None = None) -> None:
    """Check that the CSS text ``name`` has an ``@media`` rule whose test holds ``condition``.

    Inside it there must be a rule for ``selector`` with ``declarations`` (as for :func:`check_rule`).
    ``condition`` is written as in CSS, e.g. ``(max-width: 600px)``; spaces and capitals do not matter,
    and ``screen and (max-width: 600px)`` holds it too.
    """
    sheet, known = _sheet(name, mistakes, namespace)
    wanted = _condition(condition)
    media = next((found for found in sheet.media if wanted in found), None)
    if media is None:
        got = ", ".join(f"@media {found}" for found in sheet.media) or "no @media rule"
        fail(f"looking for an @media rule in `{name}`", got, f"@media {condition}",
             known or _media_advice(wanted, sheet.media) or hint
             or f"Add an @media rule with the test {condition}. Put the rules for small screens in its {{ }}.")
    tick(_check_rule(name, sheet, selector, declarations or {}, media, hint, known))


def _opening(element: Any) -> str:
    attrs = "".join(f' {key}="{" ".join(value) if isinstance(value, list) else value}"'
                    for key, value in element.attrs.items())
    return f"<{element.name}{attrs}>"


def _page_advice(selector: str, soup: Any) -> str | None:
    """Say why ``selector`` picks nothing on the page, if a class, id or tag in it is not there."""
    classes = {c for element in soup.find_all(True) for c in element.get("class", [])}
    ids = {element["id"] for element in soup.find_all(True) if element.get("id")}
    tags = {element.name for element in soup.find_all(True)}
    plain_parts = re.sub(r"\[.*?\]|\(.*?\)", " ", selector)
    for mark, name in re.findall(r"(?<![\w:-])([.#]?)(-?[A-Za-z_][\w-]*)", plain_parts):
        have, other, kind = (classes, ids, "class") if mark == "." else (ids, classes, "id")
        if mark and name in have:
            continue
        if not mark:
            if name.lower() in tags:
                continue
            return (f"There is no <{name}> on the page. A class needs a . in front: `.{name}`." if name in classes
                    else f"There is no <{name}> on the page. Check the tag name.")
        if name in other:
            return (f"`{name}` is an id on the page, not a class. Use `#{name}`." if mark == "."
                    else f"`{name}` is a class on the page, not an id. Use `.{name}`.")
        near = difflib.get_close_matches(name, sorted(have), n=1, cutoff=0.6)
        return (f"The page has no {kind} `{name}`. " + (f"Did you mean `{mark}{near[0]}`?" if near
                                                        else "Check the spelling on the page."))
    return None


def check_selects(css_name: str, html_name: str, prop: str, wanted: str, *, hint: Hint = None,
                  mistakes: Mapping[str, Hint] | None = None, namespace: Mapping[str, Any] | None = None) -> None:
    """Check that the learner's rule setting ``prop`` picks exactly the parts of their page that ``wanted`` does.

    ``css_name`` and ``html_name`` name the learner's CSS and HTML texts; ``wanted`` is a selector
    for the parts the task means, so any selector that picks the same ones passes.
    """
    import soupsieve
    from bs4 import BeautifulSoup

    sheet, known = _sheet(css_name, mistakes, namespace)
    soup = BeautifulSoup(_text(html_name, "HTML", f'{html_name} = "<p>Hello</p>"', namespace), "html.parser")
    tried = f"looking for the rule in `{css_name}` that sets `{prop}`"
    rules = [rule for rule in sheet.rules if prop in rule.declarations and not rule.media]
    if not rules:
        fail(tried, "no rule that sets it", f"a rule with a `{prop}:` line",
             known or hint or f"Write a rule with a `{prop}:` line in it.")
    targets = {id(element) for element in soup.select(wanted)}
    picked: list[Any] = []
    for rule in rules:
        try:
            picked = soup.select(rule.selector)
        except soupsieve.SelectorSyntaxError:
            fail(tried, f"the selector `{rule.selector}`", "a selector we can read",
                 known or hint or "Check your selector. Use a tag name, a . and a class, or a # and an id.")
        if {id(element) for element in picked} == targets:
            tick(f"`{rule.selector}` in `{css_name}` picks the right {len(targets)} part"
                 f"{'' if len(targets) == 1 else 's'} of `{html_name}`")
            return
    selector = rules[-1].selector
    shown = ", ".join(_opening(element) for element in picked[:3]) + (", ..." if len(picked) > 3 else "")
    if not picked:
        advice = _page_advice(selector, soup) or f"Your selector `{selector}` picks nothing on the page."
    elif targets < {id(element) for element in picked}:
        advice = f"Your selector `{selector}` picks {len(picked)} parts of the page. We wanted only {len(targets)}."
    else:
        advice = f"Your selector `{selector}` does not pick the parts of the page this task means."
    fail(f"matching `{selector}` from `{css_name}` against `{html_name}`",
         f"it picks {len(picked)}: {shown}" if picked else "it picks nothing on the page",
         f"it picks the {len(targets)} part{'' if len(targets) == 1 else 's'} that `{wanted}` picks",
         known or prefixed(advice + (" " if hint else ""), hint))


# --- a live preview -------------------------------------------------------------------------------

def preview(html: str, css: str = "", *, width: int = 600) -> Any:
    """A box of CSS beside the page it styles: the page redraws as you type; a slider sets its width.

    Notes the first problem in the CSS under the page. Returns the widget, to be the cell's last value.
    """
    for what, value in (("HTML", html), ("CSS", css)):
        if not isinstance(value, str):
            raise NotQuiteRight([f"`preview` needs text (a string) with {what} in it. "
                                 f"It got {describe(value)}, which is {kind_of(value)}."])
    import ipywidgets as widgets

    editor = widgets.Textarea(value=css, description="CSS", continuous_update=True,
                              layout=widgets.Layout(width="98%", height="12em"))
    slider = widgets.IntSlider(value=width, min=240, max=1000, step=20, description="Page width",
                               layout=widgets.Layout(width="60%"), style={"description_width": "initial"})
    page = widgets.HTML()

    def redraw(_: object = None) -> None:
        problems = parse_css(editor.value).problems
        note = f'<p style="color: #a00">Look again: {escape(problems[0])}</p>' if problems else ""
        page.value = frame(html, editor.value, width=slider.value) + note

    editor.observe(redraw, "value")
    slider.observe(redraw, "value")
    redraw()
    return widgets.VBox([editor, slider, page])
