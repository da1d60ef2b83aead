"""``curriculum check``: run the quality gates and print what to fix."""

from __future__ import annotations

from collections.abc import Sequence

from .catalog import Assignment
from .course import Course
from .gates import GATES, Context, run_gate
from .gates.content import orphan_folders
from .table import row as _row

HEADERS = ("assignment", "gate", "result", "what to fix")


def check(course: Course, assignments: Sequence[Assignment], gates: Sequence[str] | None = None,
          whole_course: bool = True) -> bool:
    """Run the gates, printing one row per gate as it finishes; True when every gate passed."""
    names = list(gates or GATES)
    unknown = [n for n in names if n not in GATES]
    if unknown:
        raise ValueError(f"unknown gate {', '.join(unknown)}; the gates are: {', '.join(GATES)}")
    widths = [max(len(HEADERS[0]), *(len(a.id) for a in assignments), len("(course)")),
              max(len(HEADERS[1]), *(len(n) for n in names)), 24]
    print(_row(widths, HEADERS))
    print(_row(widths, ["-" * w for w in widths] + ["-" * len(HEADERS[3])]))
    passed = True
    if whole_course:
        orphans = orphan_folders(course)
        passed = _print(widths, "(course)", "catalog", orphans, None)
    for assignment in assignments:
        context = Context(course, assignment)
        for name in names:
            outcome = run_gate(name, context)
            passed &= _print(widths, assignment.id, name, outcome.problems, outcome.figure)
    print("\nAll gates passed." if passed else "\nSome gates failed: fix what the table says, then run again.")
    return passed


def _print(widths: Sequence[int], ident: str, name: str, problems: Sequence[str], figure: str | None) -> bool:
    result = ("PASS" if not problems else "FAIL") + (f" ({figure})" if figure else "")
    first, *rest = list(problems) or [""]
    print(_row(widths, [ident, name, result, first]), flush=True)
    for problem in rest:
        print(_row(widths, ["", "", "", problem]), flush=True)
    return not problems
