"""The last step of an install: grade one demo submission, in the sandbox, as ``curriculum grade`` would.

It runs in a scratch copy of the course, so the real gradebook and learner records are never touched.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

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
        shutil.copytree(course.source_dir(assignment), scratch.submitted_dir(DEMO, assignment))
        [result] = grade(scratch, assignment.id, jobs=1, show_progress=False, engine=engine)
    if not result.graded or result.score != result.max_score:
        problems = "; ".join(result.problems) or "no problem was named"
        raise ClassroomError(f"the demo submission of {assignment.id} scored {result.score:g} of "
                             f"{result.max_score:g} ({problems}). The install is not working: see the lines above.")
    return engine, result
