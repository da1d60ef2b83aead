"""Shared fixtures: the course in this repository, and broken copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from curriculum.course import Course

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def course() -> Course:
    """The course of this repository."""
    return Course(ROOT)


def new_course(target: Path) -> Course:
    """An empty course directory in ``target``: the toolkit and configuration, no modules yet."""
    shutil.copytree(ROOT / "curriculum", target / "curriculum",
                    ignore=shutil.ignore_patterns("__pycache__", "*.yaml"))
    shutil.copy2(ROOT / "nbgrader_config.py", target)
    return Course(target)


def copy_course(target: Path, assignment_id: str) -> Course:
    """A course in ``target`` holding one assignment of this repository, ready to be broken."""
    course = Course(ROOT)
    assignment = course.catalog.assignment(assignment_id)
    module = course.modules_dir / f"{assignment.module}.yaml"
    data = yaml.safe_load(module.read_text(encoding="utf-8"))
    data["assignments"] = [a for a in data["assignments"] if a["id"] == assignment_id]
    for entry in data["assignments"]:
        entry["prerequisites"] = []
    copy = new_course(target)
    (copy.modules_dir / module.name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    shutil.copytree(course.source_dir(assignment), copy.source_dir(assignment))
    shutil.copytree(course.release_dir(assignment), copy.release_dir(assignment))
    copy.mistakes_file(assignment).parent.mkdir(parents=True)
    shutil.copy2(course.mistakes_file(assignment), copy.mistakes_file(assignment))
    return copy
