"""What a gate is given and what it gives back."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from nbformat import NotebookNode

from ...core import notebook as nb
from ...core.catalog import Assignment
from ...core.course import Course

T = TypeVar("T")


@dataclass
class Outcome:
    """What a gate found: no problems means it passed."""

    problems: list[str] = field(default_factory=list)
    figure: str | None = None

    @property
    def passed(self) -> bool:
        """True when the gate found nothing to fix."""
        return not self.problems


@dataclass
class Context:
    """One assignment of one course, with what several gates read, read once."""

    course: Course
    assignment: Assignment
    _done: dict[str, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def source(self) -> NotebookNode:
        """The instructor notebook."""
        return nb.read(self.course.source_notebook(self.assignment))

    @property
    def has_source(self) -> bool:
        """True when the instructor notebook exists."""
        return self.course.source_notebook(self.assignment).is_file()

    def once(self, name: str, work: Callable[[], T]) -> T:
        """The result of ``work``, done the first time only: gates that need the same run share it."""
        if name not in self._done:
            self._done[name] = work()
        return self._done[name]

    @contextmanager
    def scratch_notebook(self) -> Iterator[Path]:
        """A throw-away copy of the assignment folder; yields its notebook.

        Notebooks that write files (as learners are taught to) write them there, never into ``source/``.
        """
        with tempfile.TemporaryDirectory(prefix="curriculum-run-") as tmp:
            folder = Path(tmp) / self.assignment.id
            shutil.copytree(self.course.source_dir(self.assignment), folder)
            yield folder / self.course.source_notebook(self.assignment).name


GateFunction = Callable[[Context], Outcome]
