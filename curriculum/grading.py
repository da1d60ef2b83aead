"""Grading every collected submission of an assignment, several learners at a time.

Each learner is graded by nbgrader's own autograder (``NbGraderAPI.autograde``), in
a pool of worker processes; the gradebook is shared, and SQLite writers wait for
each other (see :mod:`curriculum.nbg`). A broken submission becomes a line in the
summary, never a stop.
"""

from __future__ import annotations

import os
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry

from .course import Course
from .nbg import load_config, nbgrader_api
from .problems import MAX_NOTEBOOK_BYTES, diagnose
from .progress import Progress
from .sandbox import INSTALL_HINT, available

_API = None


@dataclass(frozen=True)
class LearnerResult:
    """How one learner's submission went: score, and problems in plain words."""

    student: str
    graded: bool
    score: float
    max_score: float
    problems: tuple[str, ...]


def submitted_students(course: Course, assignment: str) -> list[str]:
    """Learners with a collected submission of ``assignment``, in name order."""
    folder = course.root / "grading" / "submitted"
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir()) if folder.is_dir() else []


def oversized(course: Course, assignment: str, student: str) -> bool:
    """True when a submitted notebook is over the size limit (it is kept, and not graded)."""
    folder = course.grading_dir / "submitted" / student / assignment
    return any(p.stat().st_size > MAX_NOTEBOOK_BYTES for p in folder.glob("*.ipynb"))


def _start_worker(root: str, sandbox: bool) -> None:
    global _API
    warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy warnings on broken submissions are noise here
    _API = nbgrader_api(Path(root), sandbox)


def _grade_one(assignment: str, student: str) -> tuple[str, dict[str, object]]:
    assert _API is not None, "worker not started"
    try:
        return student, _API.autograde(assignment, student, force=True, create=True)
    except Exception as error:  # nbgrader raises for some broken submissions; record it, go on
        return student, {"success": False, "error": f"{type(error).__name__}: {error}", "log": ""}


def _result(course: Course, assignment: str, student: str, outcome: dict[str, object]) -> LearnerResult:
    log = f"{outcome.get('log') or ''}\n{outcome.get('error') or ''}"
    problems = diagnose(course, assignment, student, log)
    db_url = load_config(course.root).CourseDirectory.db_url
    with Gradebook(db_url) as gradebook:
        try:
            submission = gradebook.find_submission(assignment, student)
            score, max_score = float(submission.score), float(submission.max_score)
        except MissingEntry:
            score, max_score = 0.0, 0.0
    return LearnerResult(student, bool(outcome.get("success")), score, max_score, tuple(problems))


def grade(course: Course, assignment: str, jobs: int | None = None, students: list[str] | None = None,
          show_progress: bool = True, sandbox: bool = True) -> list[LearnerResult]:
    """Autograde every collected submission of ``assignment``; return one result per learner.

    With ``sandbox`` (the default) every learner's code runs in the bubblewrap sandbox.
    """
    if sandbox and not available():
        raise RuntimeError(INSTALL_HINT)
    students = submitted_students(course, assignment) if students is None else students
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(students) or 1))
    progress = Progress(len(students), "grading", enabled=show_progress)
    results: dict[str, LearnerResult] = {}
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_start_worker,
                             initargs=(str(course.root), sandbox)) as pool:
        too_large = [s for s in students if oversized(course, assignment, s)]
        futures = [pool.submit(_grade_one, assignment, s) for s in students if s not in too_large]
        for student in too_large:
            results[student] = _result(course, assignment, student, {"success": False})
            progress.advance(failed=True)
        for future in as_completed(futures):
            student, outcome = future.result()
            result = _result(course, assignment, student, outcome)
            results[student] = result
            progress.advance(failed=not result.graded)
    progress.close()
    return [results[s] for s in students]
