"""Scratch courses: a copy of this course holding only some assignments, for checks, tests and benchmarks."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from . import notebook as nb
from .catalog import Assignment
from .course import Course


def new_course(target: Path, toolkit: Path) -> Course:
    """An empty course in ``target``: the toolkit (without its catalog) and the nbgrader configuration."""
    shutil.copytree(toolkit / "curriculum", target / "curriculum",
                    ignore=shutil.ignore_patterns("__pycache__", "*.yaml"))
    shutil.copy2(toolkit / "nbgrader_config.py", target)
    return Course(target)


def copy_course(course: Course, target: Path, assignments: list[Assignment]) -> Course:
    """A new course in ``target`` with only ``assignments``: catalog, source, release and mistakes."""
    copy = new_course(target, course.root)
    wanted = {a.id for a in assignments}
    for module in course.catalog.modules:
        data = yaml.safe_load(module.path.read_text(encoding="utf-8"))
        data["assignments"] = [dict(a, prerequisites=[p for p in a["prerequisites"] if p in wanted])
                               for a in data["assignments"] if a["id"] in wanted]
        if data["assignments"]:
            (copy.modules_dir / module.path.name).write_text(yaml.safe_dump(data, sort_keys=False),
                                                             encoding="utf-8")
    for assignment in assignments:
        shutil.copytree(course.source_dir(assignment), copy.source_dir(assignment))
        if course.release_dir(assignment).is_dir():
            shutil.copytree(course.release_dir(assignment), copy.release_dir(assignment))
        if course.mistakes_file(assignment).is_file():
            copy.mistakes_file(assignment).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(course.mistakes_file(assignment), copy.mistakes_file(assignment))
    return copy


def answered(course: Course, assignment: Assignment, tasks: list[str] | None = None) -> nb.NotebookNode:
    """The learner notebook with the solution's answers to ``tasks`` (all tasks when None) filled in.

    ``tasks`` may name written answers too; all of them are filled in when it is None.
    """
    solution = {c.get("id"): c.source for c in nb.read(course.source_notebook(assignment)).cells}
    learner = nb.read(course.release_notebook(assignment))
    for cell in learner.cells:
        meta = nb.nbgrader_meta(cell)
        if nb.is_answer(meta) and (tasks is None or meta["grade_id"] in tasks):
            cell.source = solution[cell.get("id")]
    return learner


def tasks(course: Course, assignment: Assignment) -> list[str]:
    """The autograded answer cells of an assignment, in order."""
    return [meta["grade_id"] for _, meta in nb.graded_cells(nb.read(course.source_notebook(assignment)))
            if nb.is_answer(meta) and not meta.get("grade")]
