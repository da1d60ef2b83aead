"""Benchmark: `curriculum grade` on each engine against stock `nbgrader autograde`, on identical cohorts.

    .venv/bin/python benchmarks/grading.py [--learners 40] [--assignment ID ...] [--jobs N] [--root COURSE]

For each assignment, in one run: stock nbgrader (as it comes, and with the sandbox's kernel manager),
then `curriculum grade` on every engine (warm kernels, one sandbox per kernel, no sandbox). Prints wall
and CPU seconds per notebook, each one's speed against stock nbgrader, the sandbox's cost per notebook
(warm kernels against no sandbox), and whether every grade is identical. Exits 1 if any grade differs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from curriculum.classroom.grading import Engine, grade  # noqa: E402
from curriculum.core.sandbox.manager import KERNEL_MANAGER  # noqa: E402
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


@dataclass(frozen=True)
class Run:
    """One grader's run over one cohort."""

    name: str
    wall: float
    cpu: float
    graded: int
    same: bool


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since it started (from /proc/stat).

    Sandboxed kernels are not this process's children, so their CPU time is counted this way;
    run the benchmark on an otherwise idle machine.
    """
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measured(work: Callable[[], int]) -> tuple[float, float, int]:
    """Wall seconds, busy CPU seconds of the machine, and what ``work`` returns."""
    before, start = busy_seconds(), time.perf_counter()
    result = work()
    return time.perf_counter() - start, busy_seconds() - before, result


def stock(course: Course, assignment: Assignment, *options: str) -> Callable[[], int]:
    """Stock ``nbgrader autograde``, as one command."""
    def work() -> int:
        run_nbgrader(course, "autograde", assignment.id, "--force", *options)
        return len(course.learners_with_submission(assignment.id))
    return work


def ours(course: Course, assignment: Assignment, engine: Engine, jobs: int | None) -> Callable[[], int]:
    """``curriculum grade`` on ``engine``."""
    def work() -> int:
        return sum(r.graded for r in grade(course, assignment.id, jobs, show_progress=False, engine=engine))
    return work


STOCK_KERNEL_MANAGER = "jupyter_client.manager.AsyncKernelManager"  # nbgrader's own choice, in place of the course's
GRADERS: dict[str, Callable[..., Callable[[], int]]] = {
    "stock nbgrader": lambda c, a, jobs: stock(c, a, f"--Execute.kernel_manager_class={STOCK_KERNEL_MANAGER}"),
    "stock + sandbox": lambda c, a, jobs: stock(c, a, f"--Execute.kernel_manager_class={KERNEL_MANAGER}"),
    "warm kernels": lambda c, a, jobs: ours(c, a, Engine.WARM, jobs),
    "one sandbox each": lambda c, a, jobs: ours(c, a, Engine.SANDBOX, jobs),
    "no sandbox": lambda c, a, jobs: ours(c, a, Engine.NONE, jobs),
}


def benchmark(course: Course, assignment: Assignment, learners: int, jobs: int | None, tmp: Path,
              graders: list[str]) -> list[Run]:
    """Each of ``graders`` on its own identical cohort of ``assignment``."""
    runs, reference = [], None
    for number, name in enumerate(graders):
        grader = GRADERS[name]
        copy = scratch_course(course, tmp / f"{assignment.id}-{number}", [assignment])
        run_nbgrader(copy, "generate_assignment", assignment.id, "--force")
        cohort(copy, assignment, learners)
        wall, cpu, graded = measured(grader(copy, assignment, jobs))
        got = scores(copy, assignment)
        reference = reference if reference is not None else got
        runs.append(Run(name, wall, cpu, graded, got == reference))
    return runs


def report(assignment: Assignment, runs: list[Run], learners: int) -> str:
    """The figures of one assignment, as lines of text."""
    base = runs[0]
    lines = [f"{assignment.id}: {learners} learners, {os.cpu_count()} cores",
             f"  {'grader':18s}{'wall s':>8s}{'s/notebook':>12s}{'CPU s/notebook':>16s}{'vs stock':>10s}  grades"]
    for run in runs:
        lines.append(f"  {run.name:18s}{run.wall:8.1f}{run.wall / learners:12.3f}{run.cpu / learners:16.3f}"
                     f"{base.wall / run.wall:9.2f}x  {'identical' if run.same else 'DIFFER'}"
                     f"{'' if run.graded == learners else f' ({run.graded} graded)'}")
    by_name = {run.name: run for run in runs}
    if {"warm kernels", "no sandbox"} <= set(by_name):
        cost = (by_name["warm kernels"].wall - by_name["no sandbox"].wall) / learners
        lines.append(f"  sandbox cost per notebook (warm kernels - no sandbox): {cost:+.3f} s")
    return "\n".join(lines)


def main() -> int:
    """Run every grader on identical cohorts and print the figures."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--learners", type=int, default=40)
    options.add_argument("--assignment", nargs="+", default=["python-01-first-steps"])
    options.add_argument("--jobs", type=int, default=None)
    options.add_argument("--graders", nargs="+", choices=list(GRADERS), default=list(GRADERS),
                         help="which graders to run (the first is the one the others are compared with)")
    options.add_argument("--root", type=Path, default=ROOT, help="the course (default: this repository)")
    args = options.parse_args()
    course = Course(args.root.resolve())
    ok = True
    with tempfile.TemporaryDirectory(prefix="grading-benchmark-") as tmp:
        for name in args.assignment:
            assignment = course.catalog.assignment(name)
            runs = benchmark(course, assignment, args.learners, args.jobs, Path(tmp), args.graders)
            print(report(assignment, runs, args.learners), flush=True)
            ok &= all(run.same and run.graded == args.learners for run in runs)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
