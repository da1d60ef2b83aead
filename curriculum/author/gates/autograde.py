"""Two-sided tests through nbgrader's own autograder: the solution scores full marks, the blank zero.

They run in this process through nbgrader's Python API, on the same engine as grading (warm
sandboxed kernels where it can run), so a gate costs about what grading two learners costs.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from ...core import notebook as nb
from ...core.catalog import Assignment
from ...core.course import Course, scratch_course
from ...core.engine import fast_kernel_manager, nbgrader_api, succeeded
from .context import Context, Outcome

SOLUTION, BLANK = "solution", "blank"


@dataclass(frozen=True)
class CellScore:
    """The autograded score of one test cell, and what the learner would have seen."""

    score: float
    max_score: float
    message: str


@dataclass(frozen=True)
class AutogradeRun:
    """Autograded test-cell scores of the solution and of the blank learner notebook."""

    scores: dict[str, dict[str, CellScore]]


def cell_text(cell: nb.NotebookNode) -> str:
    """All the text a code cell's outputs show: printed lines and error messages."""
    parts: list[str] = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            parts.append(output.get("text", ""))
        elif output.get("output_type") == "error":
            parts.append("\n".join(output.get("traceback", [])) or output.get("evalue", ""))
    return "\n".join(parts)


def autograde_solution_and_blank(course: Course, assignment: Assignment) -> AutogradeRun:
    """Grade the source notebook and the learner notebook as two submissions, in a scratch course.

    The learner notebook is the one in release/ (what learners get), or a fresh build if there is none.
    """
    with tempfile.TemporaryDirectory(prefix="curriculum-gate-") as tmp:
        scratch = scratch_course(course, Path(tmp), [assignment], release=False)
        api = nbgrader_api(scratch, fast_kernel_manager(scratch))
        succeeded(api.generate_assignment(assignment.id, force=True), f"generate_assignment {assignment.id}")
        release = course.release_dir(assignment)
        shutil.copytree(course.source_dir(assignment), scratch.submitted_dir(SOLUTION, assignment))
        shutil.copytree(release if release.is_dir() else scratch.release_dir(assignment),
                        scratch.submitted_dir(BLANK, assignment))
        with warnings.catch_warnings():  # nbgrader's SQLAlchemy warnings say nothing to an author
            warnings.simplefilter("ignore")
            for learner in (SOLUTION, BLANK):
                succeeded(api.autograde(assignment.id, learner, force=True, create=True),
                          f"autograde of the {learner}")
        tests = {meta["grade_id"] for cell, meta in nb.graded_cells(nb.read(course.source_notebook(assignment)))
                 if nb.is_test(cell)}
        return AutogradeRun({who: _scores(scratch, assignment, who, tests) for who in (SOLUTION, BLANK)})


def _scores(scratch: Course, assignment: Assignment, learner: str, tests: set[str]) -> dict[str, CellScore]:
    graded = nb.read(scratch.autograded_dir(learner, assignment) / assignment.notebook_name)
    texts = {nb.nbgrader_meta(c).get("grade_id"): cell_text(c) for c in graded.cells}
    with scratch.gradebook() as gradebook:
        notebook = gradebook.find_submission_notebook(Path(assignment.notebook_name).stem, assignment.id,
                                                      learner)
        return {g.name: CellScore(g.auto_score or 0.0, g.max_score, texts.get(g.name, ""))
                for g in notebook.grades if g.name in tests}


def autograded(context: Context) -> AutogradeRun:
    """Solution and blank of the context's assignment, graded by nbgrader's autograder once."""
    return context.once("autograde", lambda: autograde_solution_and_blank(context.course, context.assignment))


def _first_lines(text: str, count: int = 6) -> str:
    return " | ".join(line for line in text.strip().splitlines()[:count])


def solution_full_marks(context: Context) -> Outcome:
    """The solution notebook scores full marks on every autograded test cell."""
    scores = autograded(context).scores[SOLUTION]
    if not scores:
        return Outcome(["nbgrader found no autograded test cell"])
    problems = [f"`{name}` gave the solution {cell.score:g} of {cell.max_score:g} points; fix the solution "
                f"or the test. The test said: {_first_lines(cell.message)}"
                for name, cell in scores.items() if cell.score < cell.max_score]
    total = sum(c.max_score for c in scores.values())
    return Outcome(problems, f"{sum(c.score for c in scores.values()):g}/{total:g} points")


def blank_scores_zero(context: Context) -> Outcome:
    """The untouched learner notebook scores zero on every autograded test cell."""
    scores = autograded(context).scores[BLANK]
    problems = [f"`{name}` gives {cell.score:g} points to the untouched learner notebook; make the test "
                "fail when the answer is not written"
                for name, cell in scores.items() if cell.score > 0]
    return Outcome(problems)
