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
