"""Benchmark: `curriculum grade` against stock `nbgrader autograde`, on identical copies, in one run.

    .venv/bin/python benchmarks/grading.py [--learners 40] [--assignment ID] [--jobs N] [--root COURSE]

Prints both wall times, their ratio, seconds per notebook, and whether every grade is identical.
Exits 1 if any grade differs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from nbgrader.api import Gradebook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curriculum import notebook as nb  # noqa: E402
from curriculum import scratch  # noqa: E402
from curriculum.catalog import Assignment  # noqa: E402
from curriculum.course import Course  # noqa: E402
from curriculum.grading import grade  # noqa: E402
from curriculum.nbg import load_config, run_nbgrader  # noqa: E402


def half_done(course: Course, assignment: Assignment) -> nb.NotebookNode:
    """The learner notebook with the first half of its answers taken from the solution."""
    solution = {c.get("id"): c for c in nb.read(course.source_notebook(assignment)).cells}
    learner = nb.read(course.release_notebook(assignment))
    answers = [c for c, meta in nb.graded_cells(learner) if nb.is_answer(meta) and c.cell_type == "code"]
    for cell in answers[: len(answers) // 2]:
        cell.source = solution[cell.get("id")].source
    return learner


def cohort(course: Course, assignment: Assignment, learners: int) -> None:
    """Submissions for ``learners`` learners: a third full marks, a third half done, a third blank."""
    kinds = [nb.read(course.source_notebook(assignment)), half_done(course, assignment),
             nb.read(course.release_notebook(assignment))]
    for number in range(learners):
        folder = course.grading_dir / "submitted" / f"learner{number:03d}" / assignment.id
        shutil.copytree(course.release_dir(assignment), folder)
        nb.write(kinds[number % 3], folder / assignment.notebook_name)


def scores(course: Course, assignment: Assignment) -> dict[tuple[str, str], float]:
    """Every autograded cell score in the gradebook, by learner and cell."""
    with Gradebook(load_config(course.root).CourseDirectory.db_url) as book:
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
        for name in ("stock", "curriculum"):
            copy = scratch.copy_course(course, Path(tmp) / name, [assignment])
            run_nbgrader(copy.root, "generate_assignment", assignment.id, "--force")
            cohort(copy, assignment, args.learners)
            copies[name] = copy

        start = time.perf_counter()
        run_nbgrader(copies["stock"].root, "autograde", assignment.id, "--force")
        stock = time.perf_counter() - start

        start = time.perf_counter()
        results = grade(copies["curriculum"], assignment.id, args.jobs, show_progress=False)
        ours = time.perf_counter() - start

        same = scores(copies["stock"], assignment) == scores(copies["curriculum"], assignment)
        graded = sum(r.graded for r in results)
    print(f"assignment:             {assignment.id}, {args.learners} learners")
    print(f"stock nbgrader autograde: {stock:7.1f} s  ({stock / args.learners:.2f} s per notebook)")
    print(f"curriculum grade:         {ours:7.1f} s  ({ours / args.learners:.2f} s per notebook)")
    print(f"speed-up:                 {stock / ours:7.2f}x")
    print(f"learners graded:          {graded} of {args.learners}")
    print(f"identical grades:         {'yes' if same else 'NO'}")
    return 0 if same and graded == args.learners else 1


if __name__ == "__main__":
    sys.exit(main())
