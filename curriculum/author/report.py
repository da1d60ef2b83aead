"""``curriculum check``: the quality gates, run for some assignments, as rows of a table to print."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..core.catalog import Assignment
from ..core.course import Course
from ..errors import CurriculumError
from .gates import GATES, Context, Outcome, run_gate
from .gates.content import orphan_folders

HEADERS = ("assignment", "gate", "result", "what to fix")
COURSE = "(course)"
RESULT_WIDTH = 24  # "FAIL (100/100 points)" and the like


@dataclass(frozen=True)
class GateRow:
    """One gate's outcome for one assignment (or for the whole course)."""

    assignment: str
    gate: str
    outcome: Outcome

    def cells(self) -> tuple[str, str, str, list[str]]:
        """The row's cells: the last holds one line per problem."""
        figure = f" ({self.outcome.figure})" if self.outcome.figure else ""
        return (self.assignment, self.gate, ("PASS" if self.outcome.passed else "FAIL") + figure,
                self.outcome.problems)


def gate_names(gates: Sequence[str] | None) -> list[str]:
    """The gates asked for (all of them when None), refusing a name that is not a gate."""
    names = list(gates or GATES)
    unknown = [n for n in names if n not in GATES]
    if unknown:
        raise CurriculumError(f"unknown gate {', '.join(unknown)}; the gates are: {', '.join(GATES)}")
    return names


def widths(assignments: Sequence[Assignment], names: Sequence[str]) -> list[int]:
    """Column widths that fit every row of the report (the last column runs on)."""
    return [max(len(HEADERS[0]), len(COURSE), *(len(a.id) for a in assignments)),
            max(len(HEADERS[1]), *(len(n) for n in names)), RESULT_WIDTH]


def check(course: Course, assignments: Sequence[Assignment], names: Sequence[str],
          whole_course: bool = True) -> Iterator[GateRow]:
    """Run the named gates, yielding each row as its gate finishes (the course-wide catalog check first)."""
    if whole_course:
        yield GateRow(COURSE, "catalog", Outcome(orphan_folders(course)))
    for assignment in assignments:
        context = Context(course, assignment)
        for name in names:
            yield GateRow(assignment.id, name, run_gate(name, context))
