"""Quality gates: every check an assignment must pass before a learner sees it.

A gate takes a :class:`Context` and returns a :class:`Outcome`: the problems it
found (each says what is wrong and what to do) and, for some gates, a figure.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from nbformat import NotebookNode

from .. import notebook as nb
from ..catalog import Assignment
from ..course import Course


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

    @cached_property
    def source(self) -> NotebookNode:
        """The instructor notebook."""
        return nb.read(self.course.source_notebook(self.assignment))

    @property
    def has_source(self) -> bool:
        """True when the instructor notebook exists."""
        return self.course.source_notebook(self.assignment).is_file()

    @cached_property
    def autograded(self) -> "AutogradeRun":
        """Solution and blank, graded together by real ``nbgrader autograde`` (run once)."""
        from .autograde import autograde_solution_and_blank

        return autograde_solution_and_blank(self.course, self.assignment)

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
GATES: dict[str, GateFunction] = {}


def gate(name: str) -> Callable[[GateFunction], GateFunction]:
    """Register a gate under a short name, in the order gates are defined."""

    def register(function: GateFunction) -> GateFunction:
        GATES[name] = function
        return function

    return register


def run_gate(name: str, context: Context) -> Outcome:
    """Run one gate; a gate that needs a missing notebook reports that instead of crashing."""
    if name != "catalog" and not context.has_source:
        return Outcome([f"there is no notebook {context.course.source_notebook(context.assignment)}; "
                        "see the catalog gate"])
    try:
        return GATES[name](context)
    except Exception as error:  # a broken notebook must become a row in the table, not a crash
        return Outcome([f"could not run this gate: {type(error).__name__}: {error}"])


def run_gates(context: Context, names: Iterable[str]) -> Iterator[tuple[str, Outcome]]:
    """Run the named gates for one assignment, yielding each result as it comes."""
    for name in names:
        yield name, run_gate(name, context)


from . import content, autograde, mistakes, runs  # noqa: E402,F401,I001  (registers the gates, in order)
from .autograde import AutogradeRun  # noqa: E402
