"""The gradebook on PostgreSQL: grading many at once gives the grades SQLite gives, and migration keeps them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from curriculum.classroom.gradebook import migrate
from curriculum.classroom.grading import grade
from curriculum.core import notebook as nb
from curriculum.core.course import Course
from curriculum.core.engine import run_nbgrader
from curriculum.errors import ClassroomError

from .postgres import throwaway_postgres
from .support import answer_tasks, answered, copy_course

ASSIGNMENT = "python-01-first-steps"
LEARNERS = 30
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.geteuid() != 0, reason="a throw-away PostgreSQL runs as postgres, started by root")]


def cohort(root: Path, db_url: str | None = None) -> Course:
    """A course whose 30 learners answered 0 to all of the tasks, collected and ready to grade."""
    course = copy_course(root, ASSIGNMENT)
    if db_url:
        with (root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
            config.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
        course = Course(root)
    assignment = course.catalog.assignment(ASSIGNMENT)
    run_nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    tasks = answer_tasks(course, assignment)
    for number in range(LEARNERS):
        folder = course.submitted_dir(f"learner-{number:02}", assignment)
        folder.mkdir(parents=True)
        nb.write(answered(course, assignment, tasks[: number % (len(tasks) + 1)]), folder / assignment.notebook_name)
    return course


def scores(course: Course) -> dict[str, float]:
    return {r.learner: r.score for r in grade(course, ASSIGNMENT, jobs=2, show_progress=False)}


@pytest.fixture(scope="module")
def postgres() -> str:
    with throwaway_postgres() as url:
        yield url


def test_grading_two_at_a_time_on_postgresql_gives_the_grades_sqlite_gives(tmp_path: Path, postgres: str) -> None:
    on_sqlite = scores(cohort(tmp_path / "sqlite"))
    on_postgres = scores(cohort(tmp_path / "postgres", postgres))
    assert len(on_sqlite) == LEARNERS and len(set(on_sqlite.values())) > 5
    assert on_postgres == on_sqlite


def test_migration_copies_every_grade_and_refuses_a_gradebook_in_use(tmp_path: Path) -> None:
    course = cohort(tmp_path / "course")
    graded = scores(course)
    with throwaway_postgres("migrated") as url:
        moved = migrate(course, url)
        assert moved.rows["student"] == LEARNERS and moved.rows["grade"] > LEARNERS
        with (course.root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
            config.write(f"\nc.CourseDirectory.db_url = {url!r}\n")
        with Course(course.root).gradebook() as gradebook:
            assert {s.id: gradebook.find_submission(ASSIGNMENT, s.id).score for s in gradebook.students} == graded
        with pytest.raises(ClassroomError, match="already holds"):
            migrate(course, url)


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql:///code_forward", "must start with postgresql\\+psycopg://"),
    ("postgresql+psycopg://me:secret@localhost/code_forward", "holds a password"),
    ("not a url", "must start with"),
])
def test_a_migration_address_that_cannot_be_used_is_refused_in_plain_words(tmp_path: Path, url: str,
                                                                           message: str) -> None:
    with pytest.raises(ClassroomError, match=message):
        migrate(copy_course(tmp_path, ASSIGNMENT), url)
