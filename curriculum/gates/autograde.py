"""Two-sided tests through real ``nbgrader autograde``: the solution scores full marks, the blank zero."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook

from .. import notebook as nb
from ..catalog import Assignment
from ..course import Course
from ..nbg import run_nbgrader
from . import Context, Outcome, gate

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
    """Grade the source notebook and the learner notebook as two submissions, in a scratch course."""
    with tempfile.TemporaryDirectory(prefix="curriculum-gate-") as tmp:
        scratch = Path(tmp)
        shutil.copy2(course.root / "nbgrader_config.py", scratch)
        shutil.copytree(course.source_dir(assignment), scratch / "source" / assignment.id)
        run_nbgrader(scratch, "generate_assignment", assignment.id, "--force")
        release = course.release_dir(assignment)
        if not release.is_dir():
            release = scratch / "release" / assignment.id
        submitted = scratch / "grading" / "submitted"
        shutil.copytree(course.source_dir(assignment), submitted / SOLUTION / assignment.id)
        shutil.copytree(release, submitted / BLANK / assignment.id)
        run_nbgrader(scratch, "autograde", assignment.id, "--force")
        tests = {meta["grade_id"] for _, meta in nb.graded_cells(nb.read(course.source_notebook(assignment)))
                 if nb.is_test(meta)}
        return AutogradeRun({who: _scores(scratch, assignment, who, tests) for who in (SOLUTION, BLANK)})


def _scores(scratch: Path, assignment: Assignment, student: str, tests: set[str]) -> dict[str, CellScore]:
    graded = nb.read(scratch / "grading" / "autograded" / student / assignment.id / assignment.notebook_name)
    texts = {nb.nbgrader_meta(c).get("grade_id"): cell_text(c) for c in graded.cells}
    with Gradebook(f"sqlite:///{scratch / 'grading' / 'gradebook.db'}") as gradebook:
        notebook = gradebook.find_submission_notebook(Path(assignment.notebook_name).stem, assignment.id,
                                                      student)
        return {g.name: CellScore(g.auto_score or 0.0, g.max_score, texts.get(g.name, ""))
                for g in notebook.grades if g.name in tests}


def _first_lines(text: str, count: int = 6) -> str:
    return " | ".join(line for line in text.strip().splitlines()[:count])


@gate("solution-full-marks")
def solution_full_marks(context: Context) -> Outcome:
    """The solution notebook scores full marks on every autograded test cell."""
    scores = context.autograded.scores[SOLUTION]
    if not scores:
        return Outcome(["nbgrader found no autograded test cell"])
    problems = [f"`{name}` gave the solution {cell.score:g} of {cell.max_score:g} points; fix the solution "
                f"or the test. The test said: {_first_lines(cell.message)}"
                for name, cell in scores.items() if cell.score < cell.max_score]
    total = sum(c.max_score for c in scores.values())
    return Outcome(problems, f"{sum(c.score for c in scores.values()):g}/{total:g} points")


@gate("blank-scores-zero")
def blank_scores_zero(context: Context) -> Outcome:
    """The untouched learner notebook scores zero on every autograded test cell."""
    scores = context.autograded.scores[BLANK]
    problems = [f"`{name}` gives {cell.score:g} points to the untouched learner notebook; make the test "
                "fail when the answer is not written"
                for name, cell in scores.items() if cell.score > 0]
    return Outcome(problems)
