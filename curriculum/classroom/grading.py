"""Grading every collected submission of an assignment, several learners at a time.

Each learner is graded by nbgrader's own autograder (``NbGraderAPI.autograde``), in
a pool of worker processes; the gradebook is shared, and its writers wait for each
other (the ``timeout`` of the course's ``db_url``). A broken submission becomes a
line in the summary, never a stop. Learner code runs on one of three :class:`Engine` s.
"""

from __future__ import annotations

import enum
import os
import sys
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from nbgrader.api import MissingEntry
from nbgrader.apps.api import NbGraderAPI

from ..core import sandbox
from ..core.course import Course
from ..core.engine import nbgrader_api
from ..core.kernels import PROMPT_KERNEL_MANAGER
from ..core.sandbox import warm
from ..core.sandbox.limits import Limits
from ..core.sandbox.manager import KERNEL_MANAGER
from .diagnosis import diagnose, oversized
from .progress import Progress

_API: NbGraderAPI | None = None  # one per worker process, made when the worker starts

# Workers are forked from one process that has imported the grader once, not each started afresh.
_WORKERS = get_context("forkserver")
_WORKERS.set_forkserver_preload([__name__])


class Engine(enum.Enum):
    """Where learner code runs while it is graded."""

    WARM = "warm kernels: forked in the sandbox from a server that imported the course's libraries once"
    SANDBOX = "one sandbox per kernel: each kernel starts cold (warm kernels need root)"
    NONE = "no sandbox: learner code runs as you"

    @classmethod
    def best(cls, sandboxed: bool = True) -> Engine:
        """The fastest engine here that keeps the sandbox (when ``sandboxed``)."""
        if not sandboxed:
            return cls.NONE
        return cls.WARM if warm.possible() else cls.SANDBOX


@dataclass(frozen=True)
class LearnerResult:
    """How one learner's submission went: score, and problems in plain words."""

    learner: str
    graded: bool
    score: float
    max_score: float
    problems: tuple[str, ...]


def _start_worker(root: str, engine: Engine) -> None:
    global _API
    warnings.simplefilter("ignore")  # nbgrader's SQLAlchemy warnings on broken submissions are noise here
    course = Course(Path(root))
    if engine is Engine.WARM:
        warm.start_server(Limits.of(course.settings), course.settings.warm_imports)
    managers = {Engine.WARM: warm.WARM_KERNEL_MANAGER, Engine.SANDBOX: KERNEL_MANAGER,
                Engine.NONE: PROMPT_KERNEL_MANAGER}
    _API = nbgrader_api(course, managers[engine])


def _grade_one(assignment: str, learner: str) -> tuple[str, dict[str, object]]:
    try:
        return learner, _API.autograde(assignment, learner, force=True, create=True)
    except Exception as error:  # nbgrader raises for some broken submissions; record it, go on
        return learner, {"success": False, "error": f"{type(error).__name__}: {error}", "log": ""}


def _result(course: Course, assignment: str, learner: str, outcome: dict[str, object]) -> LearnerResult:
    log = f"{outcome.get('log') or ''}\n{outcome.get('error') or ''}"
    problems = diagnose(course, assignment, learner, log)
    with course.gradebook() as gradebook:
        try:
            submission = gradebook.find_submission(assignment, learner)
            score, max_score = float(submission.score), float(submission.max_score)
        except MissingEntry:
            score, max_score = 0.0, 0.0
    return LearnerResult(learner, bool(outcome.get("success")), score, max_score, tuple(problems))


def grade(course: Course, assignment: str, jobs: int | None = None, learners: list[str] | None = None,
          show_progress: bool = True, engine: Engine | None = None) -> list[LearnerResult]:
    """Autograde every collected submission of ``assignment``; return one result per learner.

    ``engine`` is where learner code runs: by default the fastest engine with the sandbox.
    """
    engine = engine or Engine.best()
    if engine is not Engine.NONE:
        sandbox.require()
    learners = course.learners_with_submission(assignment) if learners is None else learners
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(learners) or 1))
    progress = Progress(len(learners), "grading", enabled=show_progress)
    main = sys.modules["__main__"]
    if not hasattr(main, "__spec__"):  # IPython's __main__ has none, and starting a worker reads it
        main.__spec__ = None
    results: dict[str, LearnerResult] = {}
    with ProcessPoolExecutor(jobs, mp_context=_WORKERS, initializer=_start_worker,
                             initargs=(str(course.root), engine)) as pool:
        too_large = [name for name in learners if oversized(course, assignment, name)]
        futures = [pool.submit(_grade_one, assignment, name) for name in learners if name not in too_large]
        for name in too_large:
            results[name] = _result(course, assignment, name, {"success": False})
            progress.advance(failed=True)
        for future in as_completed(futures):
            name, outcome = future.result()
            results[name] = _result(course, assignment, name, outcome)
            progress.advance(failed=not results[name].graded)
    progress.close()
    return [results[name] for name in learners]
