"""An instructor's week, as real nbgrader commands: release, collect, feedback, export."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.auth import Authenticator

from ..core.build import stale_files
from ..core.catalog import Assignment
from ..core.course import Course
from ..core.engine import nbgrader_api, run_nbgrader
from ..errors import NbgraderFailed
from .exchange import CheckedCollect, HandIn


def release(course: Course, assignment: Assignment) -> bool:
    """Generate the learner version (recording it in the gradebook), then release it to the exchange.

    Returns True when release/ had to be rebuilt because it was stale.
    """
    stale = bool(stale_files(course, assignment))
    run_nbgrader(course, "generate_assignment", assignment.id, "--force")
    run_nbgrader(course, "release_assignment", assignment.id, "--force")
    return stale


@dataclass(frozen=True)
class Collected:
    """Who has a collected submission, and what the hand-in checks found (see :mod:`.exchange`)."""

    learners: list[str]
    checks: list[HandIn]


def hand_in_checks(course: Course, assignment: Assignment) -> list[HandIn]:
    """The hand-in checks of the submissions collect would take now (none when nothing was handed in)."""
    directory = copy.deepcopy(course.directory)
    directory.assignment_id = assignment.id
    collector = CheckedCollect(coursedir=directory, authenticator=Authenticator(config=course.config),
                               config=course.config)
    if not Path(collector.root, directory.course_id, "inbound").is_dir():
        return []
    collector.init_src()
    return collector.checked


def collect(course: Course, assignment: Assignment) -> Collected:
    """Collect submissions from the exchange into grading/submitted, refusing any made by another account."""
    checks = hand_in_checks(course, assignment)
    run_nbgrader(course, "collect", assignment.id, "--update")
    return Collected(course.learners_with_submission(assignment), checks)


@dataclass
class Feedback:
    """Who got feedback through the exchange, and whose pages must go back on removable media."""

    released: list[str] = field(default_factory=list)
    to_hand_out: dict[str, Path] = field(default_factory=dict)


def came_through_exchange(course: Course, learner: str, assignment: Assignment) -> bool:
    """True when the learner handed in through the exchange, which gives each submission a secret.

    Zips from removable media have none: their feedback goes back on the USB stick.
    """
    return (course.submitted_dir(learner, assignment) / "submission_secret.txt").is_file()


def feedback(course: Course, assignment: Assignment) -> Feedback:
    """Generate feedback pages for every graded learner, and release them to those who used the exchange.

    A learner whose work came in a zip has no exchange to fetch from: their folder of pages is listed
    in ``to_hand_out``, to copy back on the USB stick.
    """
    run_nbgrader(course, "generate_feedback", assignment.id, "--force")
    api = nbgrader_api(course)
    outcome = Feedback()
    for learner in course.learners_with_submission(assignment):
        folder = course.feedback_dir(learner, assignment)
        if not folder.is_dir():
            continue
        if came_through_exchange(course, learner, assignment):
            result = api.release_feedback(assignment.id, learner)
            if not result["success"]:
                raise NbgraderFailed(f"feedback for {learner} could not be released: {result['error']}")
            outcome.released.append(learner)
        else:
            outcome.to_hand_out[learner] = folder
    return outcome


def export_csv(course: Course, to: Path) -> Path:
    """Every grade in the gradebook, as one CSV file (nbgrader's own export)."""
    run_nbgrader(course, "export", f"--to={to.resolve()}")
    return to
