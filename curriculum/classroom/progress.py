"""A small progress bar for long work: how many are done, and how many failed."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """Shows ``label [#####.....] done/total`` on one line (or a few lines when not a terminal)."""

    def __init__(self, total: int, label: str, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.total, self.label, self.enabled = total, label, enabled
        self.stream = stream or sys.stderr
        self.done = self.failed = 0
        self._shown = -1
        self._redraw = self.stream.isatty()

    def advance(self, failed: bool = False) -> None:
        """Count one more item as done (and as failed, if it did)."""
        self.done += 1
        self.failed += failed
        self._show()

    def _show(self) -> None:
        if not self.enabled or not self.total:
            return
        tenth = self.done * 10 // self.total
        if not self._redraw and tenth == self._shown and self.done != self.total:
            return
        self._shown = tenth
        bar = "#" * (self.done * 30 // self.total)
        line = f"{self.label} [{bar:<30}] {self.done}/{self.total} done, {self.failed} with problems"
        self.stream.write(("\r" + line) if self._redraw else line + "\n")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled and self._redraw and self.total:
            self.stream.write("\n")
