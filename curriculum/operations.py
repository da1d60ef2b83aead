"""An instructor's week, as real nbgrader commands: release, collect, feedback, export."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .build import stale_files
from .catalog import Assignment
from .course import Course
from .nbg import NbgraderFailed, nbgrader_api, run_nbgrader


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


@dataclass
class Feedback:
    """Who got feedback through the exchange, and whose pages must go back on removable media."""

    released: list[str] = field(default_factory=list)
    to_hand_out: dict[str, Path] = field(default_factory=dict)


def feedback(course: Course, assignment: Assignment) -> Feedback:
    """Generate feedback pages for every graded learner, and release them to those who used the exchange.

    A learner whose work came in a zip has no exchange to fetch from: their folder of pages is listed
    in ``to_hand_out``, to copy back on the USB stick.
    """
    run_nbgrader(course.root, "generate_feedback", assignment.id, "--force")
    api = nbgrader_api(course.root)
    outcome = Feedback()
    for folder in sorted((course.grading_dir / "feedback").glob(f"*/{assignment.id}")):
        student = folder.parent.name
        if (folder / "submission_secret.txt").exists():
            result = api.release_feedback(assignment.id, student)
            if not result["success"]:
                raise NbgraderFailed(f"feedback for {student} could not be released: {result['error']}")
            outcome.released.append(student)
        else:
            outcome.to_hand_out[student] = folder
    return outcome


def export_csv(course: Course, to: Path) -> Path:
    """Every grade in the gradebook, as one CSV file (nbgrader's own export)."""
    run_nbgrader(course.root, "export", f"--to={to.resolve()}")
    return to
