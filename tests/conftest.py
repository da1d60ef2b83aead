"""Shared fixtures: the course in this repository, and copies of it to break or grade."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum import scratch
from curriculum.course import Course

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def course() -> Course:
    """The course of this repository."""
    return Course(ROOT)


def new_course(target: Path) -> Course:
    """An empty course directory in ``target``: the toolkit and configuration, no modules yet."""
    return scratch.new_course(target, ROOT)


def copy_course(target: Path, *assignment_ids: str) -> Course:
    """A course in ``target`` holding some assignments of this repository, ready to be broken or graded."""
    course = Course(ROOT)
    return scratch.copy_course(course, target, [course.catalog.assignment(a) for a in assignment_ids])


DEMO = "demo-01-doubling"


def demo_course(root: Path, config: str = "") -> Course:
    """A course with one small assignment (the `curriculum new` skeleton), built and in the gradebook.

    ``config`` is appended to the course's nbgrader_config.py.
    """
    from curriculum.cli import main
    from curriculum.nbg import run_nbgrader

    root.mkdir(parents=True, exist_ok=True)
    new_course(root)
    assert main(["--root", str(root), "new", "module", "demo"]) == 0
    assert main(["--root", str(root), "new", "assignment", "demo", "doubling"]) == 0
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as file:
        file.write("\n" + config + "\n")
    assert main(["--root", str(root), "build"]) == 0
    run_nbgrader(root, "generate_assignment", DEMO, "--force")
    return Course(root)


def hand_in(course: Course, learner: str, files: dict[str, bytes], assignment: str = DEMO) -> Path:
    """Put a learner's files where `nbgrader collect` would, with its timestamp and secret."""
    folder = course.grading_dir / "submitted" / learner / assignment
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    (folder / "timestamp.txt").write_text("2026-11-23 09:00:00.000000 UTC")
    (folder / "submission_secret.txt").write_text(f"secret-of-{learner}")
    return folder


FIGURES = ROOT / "screenshots" / "figures.txt"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Start each run with no figures from an earlier one (in the main process only)."""
    if not hasattr(session.config, "workerinput"):
        FIGURES.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Print the figures the tests measured (they are figures to read, not assertions)."""
    if FIGURES.exists():
        terminalreporter.section("figures")
        terminalreporter.write(FIGURES.read_text(encoding="utf-8"))
