"""Checks for a whole web page, its forms and its file, written as HTML text (strings) by learners.

:func:`check_page` checks the parts every page needs: ``<!DOCTYPE html>``, ``<html lang>``,
``<head>`` with ``<meta charset>`` and ``<title>``, then ``<body>``. :func:`check_labels` checks
that every box of a form has a label joined to it. :func:`check_saved` checks that a file beside
the notebook holds the learner's page. They work like :mod:`curriculum.htmlcheck`:
the text must exist and every tag be closed first; a failure names the first problem in plain
words, then shows the stages of ``hint``; ``mistakes`` maps a learner's whole text to a message.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .checks import describe, fail, tick
from .explain import Hint, stages
from .htmlcheck import Element, closed_page, known_mistake, read_page

__all__ = ["check_labels", "check_page", "check_saved"]

#: Tags that belong in <head>: nothing in it shows on the page.
HEAD_TAGS = frozenset({"base", "link", "meta", "script", "style", "title"})

#: Kinds of <input> that are buttons, or hidden: they need no label.
NO_LABEL_TYPES = frozenset({"button", "hidden", "image", "reset", "submit"})

_DOCTYPE = re.compile(r"\s*<!doctype\s+html\s*>", re.IGNORECASE)


def _problem(page: Element, text: str, title: str | None, lang: str | None) -> str | None:
    """The first part of a whole page that is missing or in the wrong place, in plain words."""
    if not _DOCTYPE.match(text):
        if "doctype" in text.lower():
            return "Put <!DOCTYPE html> at the very start, before <html>."
        return "Start the page with <!DOCTYPE html>. It tells the browser this is a web page."
    tops = page.children
    if not page.find_all("html"):
        return "Put <html> after <!DOCTYPE html>, and </html> at the very end."
    outside = [element for element in tops if element.tag != "html"]
    if outside or len(tops) > 1 or page.text != tops[0].text:
        where = f"Your <{outside[0].tag}> is" if outside else "Some words are"
        return f"{where} outside <html>. Everything goes between <html> and </html>."
    html = tops[0]
    said = html.attrs.get("lang")
    if not (said or "").strip():
        return 'Add lang="en" inside the opening tag, like this: <html lang="en">. It says the page is in English.'
    if lang is not None and said != lang:
        return f'Change it to <html lang="{lang}">.'
    return _parts_problem(html) or _head_problem(html.find_all("head")[0], title)


def _parts_problem(html: Element) -> str | None:
    """What is wrong with the <head> and <body> of the page, if anything."""
    parts = [element.tag for element in html.children]
    if "head" not in parts:
        return "Add <head> ... </head> straight after <html>. It holds the title."
    if "body" not in parts:
        if html.find_all("body"):
            return "Close </head> before you open <body>."
        return "Put the things you see on the page inside <body> ... </body>, after </head>."
    if parts.index("body") < parts.index("head"):
        return "Put <head> ... </head> before <body>."
    others = [tag for tag in parts if tag not in {"head", "body"}]
    if others:
        return f"Your <{others[0]}> is outside <head> and <body>. Things you see on the page go inside <body>."
    if len(parts) > 2:
        return "Use one <head> and one <body>."
    return None


def _head_problem(head: Element, title: str | None) -> str | None:
    """What is wrong inside <head>, if anything."""
    shown = [element for element in head.iter() if element.tag not in HEAD_TAGS]
    if shown:
        return f"Your <{shown[0].tag}> is inside <head>. Things you see on the page go inside <body>."
    charset = [meta for meta in head.find_all("meta") if "charset" in meta.attrs]
    if not charset:
        return 'Add <meta charset="utf-8"> inside <head>. It lets the page show signs like £.'
    if (charset[0].attrs["charset"] or "").lower() != "utf-8":
        return 'Write charset="utf-8" inside the <meta> tag.'
    titles = head.find_all("title")
    if not titles:
        return "Add <title> ... </title> inside <head>. Its words show on the tab at the top of the browser."
    if not titles[0].text:
        return "Write some words between <title> and </title>."
    if title is not None and titles[0].text != " ".join(title.split()):
        return f"Make the words in the <title> {title}."
    return None


def check_page(name: str, *, title: str | None = None, lang: str | None = None, hint: Hint = None,
               mistakes: Mapping[str, Hint] | None = None, namespace: Mapping[str, Any] | None = None) -> None:
    """Check that the learner's text ``name`` is a whole page, part by part, with the words ``title`` and ``lang``.

    The first failure names the first part that is missing or out of place; later failures add the stages of
    ``hint``.
    """
    text, page, known = closed_page(name, mistakes, namespace)
    problem = _problem(page, text, title, lang)
    if problem is not None:
        fail(f"looking at the parts of the page in `{name}`", _start(text), "<!DOCTYPE html>, then <html lang=\"...\">"
             " holding <head> (with <meta charset> and <title>) and then <body>", known or (problem, *stages(hint)))
    tick(f"`{name}` is a whole page, with <!DOCTYPE html>, <html lang>, <head> and <body>")


def _start(text: str) -> str:
    """The first line of the learner's page, to show what we found."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return f"a page that starts with {first[:50]!r}"


def _boxes(page: Element) -> list[Element]:
    """The boxes of a form that people type in or choose from."""
    return [element for element in page.iter() if element.tag in {"input", "select", "textarea"}
            and (element.attrs.get("type") or "text").lower() not in NO_LABEL_TYPES]


def _label_problem(page: Element, boxes: list[Element]) -> str | None:
    """The first box without a label, or label that points nowhere, in plain words."""
    ids = [element.attrs.get("id") for element in page.iter() if element.attrs.get("id")]
    box_ids = [box.attrs.get("id") for box in boxes if box.attrs.get("id")]
    for label in page.find_all("label"):
        inside = any(element in boxes for element in label.iter())
        if not label.text:
            return f"Your {label.opening()} has no words. Write what to type, like Name, before </label>."
        target = label.attrs.get("for")
        if target is None and not inside:
            if label.attrs.get("id"):
                return f'Your {label.opening()} uses id. A label uses for="..." to point to its box.'
            return f'Your <label> for {label.text!r} needs for="...", with the id of its box.'
        if target is not None and target not in ids:
            near = difflib.get_close_matches(target or "", box_ids, n=1, cutoff=0.6)
            also = f' Did you mean "{near[0]}"?' if near else " Make the for and the id the same."
            return f'Your {label.opening()} points to "{target}", but no box has id="{target}".{also}'
    twice = next((i for i in ids if ids.count(i) > 1), None)
    if twice is not None:
        return f'Two tags have id="{twice}". Each id must be different.'
    joined = {label.attrs.get("for") for label in page.find_all("label")}
    for box in boxes:
        if box.attrs.get("id") in joined or any(above.tag == "label" for above in box.ancestors()):
            continue
        if not box.attrs.get("id"):
            return f'Your {box.opening()} has no id. Give it an id, then add <label for="..."> with the same id.'
        return f'Your {box.opening()} has no label. Add <label for="{box.attrs["id"]}">...</label> before it.'
    return None


def check_labels(name: str, *, hint: Hint = None, mistakes: Mapping[str, Hint] | None = None,
                 namespace: Mapping[str, Any] | None = None) -> None:
    """Check that every box (``input``, ``select``, ``textarea``) in the learner's text ``name`` has a label.

    A box has a label when a ``<label for="...">`` names its ``id``, or when the box sits inside the label.
    Buttons and hidden inputs need none. Every label must have words, and point to a box that is there.
    """
    text, page, known = closed_page(name, mistakes, namespace)
    tried = f"looking at the labels in `{name}`"
    boxes = _boxes(page)
    if not boxes:
        fail(tried, "no <input>, <select> or <textarea>", "a box to type in, with its label",
             known or ("Add an <input> for people to type in.", *stages(hint)))
    problem = _label_problem(page, boxes)
    if problem is not None:
        fail(tried, f"{_number(len(boxes), 'box', 'boxes')} and {_number(len(page.find_all('label')), 'label')}",
             "a label joined to every box", known or (problem, *stages(hint)))
    tick(f"every box in `{name}` has a label ({_number(len(boxes), 'box', 'boxes')})")


def _number(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _saved_problem(saved: str, text: str, name: str) -> str:
    """How the text saved in a file differs from the learner's page ``text``, in plain words."""
    if not saved.strip():
        return "The file is empty. Use file.write to put the page in it."
    if saved.strip() == name:
        return f"It looks like you wrote the name {name} in quote marks. Leave them out, so the file gets the page."
    if saved == text * 2:
        return 'The page is in the file twice. Open the file with "w", not "a". "w" starts the file afresh.'
    if saved.strip() in text:
        return f"The file holds only part of the page. Write all of {name} into it."
    return f"The file does not hold the page in {name}. Run the cell that saves it again."


def check_saved(path: str, name: str, *, hint: Hint = None, mistakes: Mapping[str, Hint] | None = None,
                namespace: Mapping[str, Any] | None = None) -> None:
    """Check that the file ``path``, beside the notebook, holds exactly the learner's HTML text ``name``.

    ``mistakes`` maps what the file holds to a message; later failures add the stages of ``hint``.
    """
    text, _ = read_page(name, namespace)
    tried = f"reading the file {path}"
    file = Path(path)
    if not file.is_file():
        near = difflib.get_close_matches(path, sorted(p.name for p in file.parent.iterdir() if p.is_file()),
                                         n=1, cutoff=0.6)
        advice = (f"We found a file called {near[0]}. Name it {path}." if near
                  else f"Run your answer cell. It makes the file {path}.")
        fail(tried, "no file with that name", f"a file called {path}, beside this notebook", (advice, *stages(hint)))
    saved = file.read_text(encoding="utf-8", errors="replace")
    if saved != text:
        fail(tried, f"a file that holds {describe(saved, 60)}", f"the page in `{name}`",
             known_mistake(mistakes, saved) or (_saved_problem(saved, text, name), *stages(hint)))
    tick(f"{path} holds the page in `{name}`")
