"""Benchmark: `curriculum grade` (sandboxed, and not) against stock `nbgrader autograde`, on identical copies.

    .venv/bin/python benchmarks/grading.py [--learners 40] [--assignment ID] [--jobs N] [--root COURSE]

All three run in one go on identical cohorts. Prints the wall times, the speed-up of each against stock
nbgrader, seconds per notebook, the sandbox's overhead per notebook, and whether every grade is
identical. Exits 1 if any grade differs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curriculum.classroom.grading import grade  # noqa: E402
from curriculum.core import notebook as nb  # noqa: E402
from curriculum.core.catalog import Assignment  # noqa: E402
from curriculum.core.course import Course, scratch_course  # noqa: E402
from curriculum.core.engine import run_nbgrader  # noqa: E402
from tests.support import answer_tasks, answered  # noqa: E402


def cohort(course: Course, assignment: Assignment, learners: int) -> None:
    """Submissions for ``learners`` learners: a third full marks, a third half done, a third blank."""
    every = answer_tasks(course, assignment)
    kinds = [answered(course, assignment), answered(course, assignment, every[: len(every) // 2]),
             nb.read(course.release_notebook(assignment))]
    for number in range(learners):
        folder = course.submitted_dir(f"learner{number:03d}", assignment)
        shutil.copytree(course.release_dir(assignment), folder)
        nb.write(kinds[number % 3], folder / assignment.notebook_name)


def scores(course: Course, assignment: Assignment) -> dict[tuple[str, str], float]:
    """Every autograded cell score in the gradebook, by learner and cell."""
    with course.gradebook() as book:
        return {(s.student.id, g.name): float(g.score)
                for s in book.assignment_submissions(assignment.id)
                for n in s.notebooks for g in n.grades}


def main() -> int:
    """Run both graders on identical cohorts and print the figures."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--learners", type=int, default=40)
    options.add_argument("--assignment", default="python-01-first-steps")
    options.add_argument("--jobs", type=int, default=None)
    options.add_argument("--root", type=Path, default=ROOT, help="the course (default: this repository)")
    args = options.parse_args()
    course = Course(args.root.resolve())
    assignment = course.catalog.assignment(args.assignment)
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as tmp:
        copies = {}
        for name in ("stock", "unsandboxed", "sandboxed"):
            copy = scratch_course(course, Path(tmp) / name, [assignment])
            run_nbgrader(copy, "generate_assignment", assignment.id, "--force")
            cohort(copy, assignment, args.learners)
            copies[name] = copy

        start = time.perf_counter()
        run_nbgrader(copies["stock"], "autograde", assignment.id, "--force")
        stock = time.perf_counter() - start

        times, graded = {}, {}
        for name in ("unsandboxed", "sandboxed"):
            start = time.perf_counter()
            results = grade(copies[name], assignment.id, args.jobs, show_progress=False,
                            sandboxed=name == "sandboxed")
            times[name] = time.perf_counter() - start
            graded[name] = sum(r.graded for r in results)
        reference = scores(copies["stock"], assignment)
        same = all(scores(copies[name], assignment) == reference for name in times)
    n = args.learners
    print(f"assignment:                  {assignment.id}, {n} learners, {args.jobs or os.cpu_count()} jobs")
    print(f"stock nbgrader autograde:    {stock:7.1f} s  ({stock / n:.2f} s per notebook)")
    for name, seconds in times.items():
        print(f"curriculum grade, {name + ':':12s}{seconds:6.1f} s  ({seconds / n:.2f} s per notebook, "
              f"{stock / seconds:.2f}x stock)")
    print(f"sandbox overhead:            {(times['sandboxed'] - times['unsandboxed']) / n:+.2f} s per notebook")
    print(f"learners graded:             {min(graded.values())} of {n}")
    print(f"identical grades:            {'yes' if same else 'NO'}")
    return 0 if same and min(graded.values()) == n else 1


if __name__ == "__main__":
    sys.exit(main())
