"""How easy the learner-facing prose of a notebook is to read.

Scored with textstat 0.7.8, which counts syllables with pyphen and works offline.
"""

from __future__ import annotations

import re

import textstat
from nbformat import NotebookNode

_FENCED = re.compile(r"```.*?```", re.S)
_INLINE_CODE = re.compile(r"`[^`]*`")
_URL = re.compile(r"\b\w+://\S+")
_HTML_TAG = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"[#*_>|]+")
_LIST_ITEM = re.compile(r"^\s*(?:[-+]|\d+\.)\s+(.*)$")


def prose(markdown: str) -> str:
    """The sentences of a markdown text, with code, URLs and markup left out.

    Headings and list items become sentences of their own.
    """
    text = _FENCED.sub(" ", markdown)
    text = _URL.sub(" ", _INLINE_CODE.sub(" ", text))
    text = _MARKUP.sub(" ", _HTML_TAG.sub(" ", text))
    sentences: list[str] = []
    for line in text.splitlines():
        item = _LIST_ITEM.match(line)
        line = " ".join((item.group(1) if item else line).split())
        if line:
            sentences.append(line if line[-1] in ".!?:" else line + ".")
    return " ".join(sentences)


def notebook_prose(notebook: NotebookNode) -> str:
    """All the prose a learner reads in a notebook's markdown cells."""
    return " ".join(prose(cell.source) for cell in notebook.cells if cell.cell_type == "markdown")


def grade(text: str) -> float:
    """Flesch–Kincaid grade level of ``text`` (about: years of school needed to read it)."""
    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else 0.0


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (of :func:`prose`): each ends at . ! ? or :."""
    return [s.strip() for s in re.split(r"(?<=[.!?:])\s+", text) if s.strip()]


def words(sentence: str) -> int:
    """How many words ``sentence`` has."""
    return len(sentence.split())


def hardest_sentences(text: str, count: int = 3) -> list[str]:
    """The longest sentences of ``text``: the first ones to make shorter."""
    return sorted(sentences(text), key=words, reverse=True)[:count]


def long_sentences(text: str, limit: int) -> list[str]:
    """The sentences of ``text`` with more than ``limit`` words, longest first."""
    return sorted((s for s in sentences(text) if words(s) > limit), key=words, reverse=True)
