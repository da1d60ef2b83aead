"""What the tests share: this course, scratch copies of it, and learners' answers."""

from __future__ import annotations

from pathlib import Path

from curriculum.cli import main
from curriculum.core import notebook as nb
from curriculum.core.catalog import Assignment
from curriculum.core.course import Course, scratch_course
from curriculum.core.engine import run_nbgrader

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "screenshots" / "figures.txt"
DEMO = "demo-01-doubling"


def new_course(target: Path) -> Course:
    """An empty course directory in ``target``: the configuration, no modules yet."""
    return scratch_course(Course(ROOT), target)


def copy_course(target: Path, *assignment_ids: str) -> Course:
    """A course in ``target`` holding some assignments of this repository, ready to be broken or graded."""
    course = Course(ROOT)
    return scratch_course(course, target, [course.catalog.assignment(a) for a in assignment_ids])


def demo_course(root: Path, config: str = "") -> Course:
    """A course with one small assignment (the `curriculum new` skeleton), built and in the gradebook.

    ``config`` is appended to the course's nbgrader_config.py.
    """
    new_course(root)
    assert main(["--root", str(root), "new", "module", "demo"]) == 0
    assert main(["--root", str(root), "new", "assignment", "demo", "doubling"]) == 0
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as file:
        file.write("\n" + config + "\n")
    assert main(["--root", str(root), "build"]) == 0
    course = Course(root)
    run_nbgrader(course, "generate_assignment", DEMO, "--force")
    return course


def hand_in(course: Course, learner: str, files: dict[str, bytes], assignment: str = DEMO) -> Path:
    """Put a learner's files where `nbgrader collect` would, with its timestamp and secret."""
    folder = course.submitted_dir(learner, assignment)
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    (folder / "timestamp.txt").write_text("2026-11-23 09:00:00.000000 UTC")
    (folder / "submission_secret.txt").write_text(f"secret-of-{learner}")
    return folder


def answered(course: Course, assignment: Assignment, tasks: list[str] | None = None) -> nb.NotebookNode:
    """The learner notebook with the solution's answers to ``tasks`` (all tasks when None) filled in.

    ``tasks`` may name written answers too; all of them are filled in when it is None.
    """
    solution = {c.get("id"): c.source for c in nb.read(course.source_notebook(assignment)).cells}
    learner = nb.read(course.release_notebook(assignment))
    for cell in learner.cells:
        meta = nb.nbgrader_meta(cell)
        if nb.is_answer(cell) and (tasks is None or meta["grade_id"] in tasks):
            cell.source = solution[cell.get("id")]
    return learner


def answer_tasks(course: Course, assignment: Assignment) -> list[str]:
    """The autograded answer cells of an assignment, in order."""
    return [meta["grade_id"] for cell, meta in nb.graded_cells(nb.read(course.source_notebook(assignment)))
            if nb.is_code_answer(cell)]
