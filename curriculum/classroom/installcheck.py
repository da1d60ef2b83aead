"""The last step of an install: grade one demo submission, in the sandbox, as ``curriculum grade`` would.

It runs in a scratch copy of the course, so the real gradebook and learner records are never touched.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..core import notebook as nb
from ..core.catalog import Assignment
from ..core.course import Course, scratch_course
from ..core.engine import nbgrader_api, succeeded
from ..errors import ClassroomError
from .grading import Engine, LearnerResult, grade

DEMO = "demo-learner"


def demo_grade(course: Course, assignment: Assignment) -> tuple[Engine, LearnerResult]:
    """Grade the solution of ``assignment`` as a learner's submission; it must be graded, with full marks."""
    engine = Engine.best(sandboxed=True)
    with tempfile.TemporaryDirectory(prefix="curriculum-install-check-") as tmp:
        scratch = scratch_course(course, Path(tmp), [assignment])
        succeeded(nbgrader_api(scratch).generate_assignment(assignment.id, force=True),
                  f"generate_assignment {assignment.id}")
        shutil.copytree(scratch.release_dir(assignment), scratch.submitted_dir(DEMO, assignment))
        full_marks = answer_with_solutions(course.source_notebook(assignment),
                                           scratch.submitted_dir(DEMO, assignment) / assignment.notebook_name)
        [result] = grade(scratch, assignment.id, jobs=1, show_progress=False, engine=engine)
    if not result.graded or result.score != full_marks or result.problems:
        problems = "; ".join(result.problems) or "no problem was named"
        raise ClassroomError(f"the demo submission of {assignment.id} scored {result.score:g}, not {full_marks:g} "
                             f"({problems}). The install is not working: see the lines above.")
    return engine, result


def answer_with_solutions(source: Path, learner: Path) -> float:
    """Fill the learner notebook's code answers with the solutions, as a learner who got all right would;
    gives the autograded marks it should score."""
    solutions = {meta["grade_id"]: cell.source for cell, meta in nb.graded_cells(nb.read(source))}
    notebook = nb.read(learner)
    for cell, meta in nb.graded_cells(notebook):
        if nb.is_code_answer(cell):
            cell.source = solutions[meta["grade_id"]]
    nb.write(notebook, learner)
    return sum(meta.get("points", 0) for cell, meta in nb.graded_cells(notebook)
               if nb.is_test(cell))
