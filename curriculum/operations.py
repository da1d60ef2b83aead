"""An instructor's week, as real nbgrader commands: release, collect, feedback, export."""

from __future__ import annotations

from pathlib import Path

from .build import stale_files
from .catalog import Assignment
from .course import Course
from .nbg import run_nbgrader


def release(course: Course, assignment: Assignment) -> bool:
    """Generate the learner version (recording it in the gradebook), then release it to the exchange.

    Returns True when release/ had to be rebuilt because it was stale.
    """
    stale = bool(stale_files(course, assignment))
    run_nbgrader(course.root, "generate_assignment", assignment.id, "--force")
    run_nbgrader(course.root, "release_assignment", assignment.id, "--force")
    return stale


def collect(course: Course, assignment: Assignment) -> list[str]:
    """Collect submissions from the exchange into grading/submitted; return who has one."""
    run_nbgrader(course.root, "collect", assignment.id, "--update")
    folder = course.grading_dir / "submitted"
    return sorted(p.name for p in folder.iterdir() if (p / assignment.id).is_dir()) if folder.is_dir() else []


def feedback(course: Course, assignment: Assignment) -> list[Path]:
    """Generate feedback pages for every graded learner and release them to the exchange."""
    run_nbgrader(course.root, "generate_feedback", assignment.id, "--force")
    run_nbgrader(course.root, "release_feedback", assignment.id)
    return sorted((course.grading_dir / "feedback").glob(f"*/{assignment.id}/*.html"))


def export_csv(course: Course, to: Path) -> Path:
    """Every grade in the gradebook, as one CSV file (nbgrader's own export)."""
    run_nbgrader(course.root, "export", f"--to={to.resolve()}")
    return to
