"""Plain-text tables for the terminal, whole or a row at a time.

A row's last cell may hold several lines: the second and later go on rows of their own,
under it, with the other cells left blank.
"""

from __future__ import annotations

from collections.abc import Sequence

Cell = str | Sequence[str]


def _lines(cell: Cell) -> list[str]:
    return ([cell] if isinstance(cell, str) else list(cell)) or [""]


def line(widths: Sequence[int], cells: Sequence[str]) -> str:
    """One line: each cell padded to its column's width; a last cell without a width runs on."""
    padded = [str(c).ljust(w) for c, w in zip(cells, widths)] + [str(c) for c in cells[len(widths):]]
    return "  ".join(padded).rstrip()


def header(widths: Sequence[int], headers: Sequence[str]) -> str:
    """The headers, and a rule under each as wide as its column (the last as wide as its header)."""
    rules = ["-" * w for w in widths] + ["-" * len(h) for h in headers[len(widths):]]
    return "\n".join([line(widths, headers), line(widths, rules)])


def row(widths: Sequence[int], cells: Sequence[Cell]) -> str:
    """One row, with continuation lines for a last cell that holds several lines."""
    *fixed, last = cells
    first, *rest = _lines(last)
    blanks = [""] * len(fixed)
    return "\n".join([line(widths, [*map(str, fixed), first]), *(line(widths, [*blanks, more]) for more in rest)])


def render(headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """Rows under headers, each column as wide as its widest cell."""
    widths = [max(len(text) for r in [headers, *rows] for text in _lines(r[i])) for i in range(len(headers))]
    return "\n".join([header(widths, headers), *(row(widths, r) for r in rows)])
