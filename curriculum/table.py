"""Plain-text tables for the terminal."""

from __future__ import annotations

from collections.abc import Sequence


def row(widths: Sequence[int], cells: Sequence[str]) -> str:
    """One line: each cell padded to its column's width; a last cell without a width runs on."""
    padded = [str(c).ljust(w) for c, w in zip(cells, widths)] + [str(c) for c in cells[len(widths):]]
    return "  ".join(padded).rstrip()


def render(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows under headers, each column as wide as its widest cell."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    return "\n".join([row(widths, headers), row(widths, ["-" * w for w in widths]),
                      *(row(widths, r) for r in rows)])
