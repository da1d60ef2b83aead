"""The course's folders, settings and catalog order, all read from its nbgrader_config.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum.core.sandbox.manager import SandboxKernelManager
from curriculum.core.course import Course
from curriculum.core.settings import Curriculum
from curriculum.errors import CourseNotFound

from .support import new_course

MODULE = "id: {id}\ntitle: {id}\ndescription: Something.\nassignments: []\n"


def configured(root: Path, *lines: str) -> Course:
    """An empty course with ``lines`` added to its nbgrader_config.py."""
    new_course(root)
    with (root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write("\n".join(lines) + "\n")
    return Course(root)


def test_learner_folders_come_from_nbgrader_s_settings(tmp_path: Path) -> None:
    course = configured(tmp_path, 'c.CourseDirectory.submitted_directory = "inbox"',
                        'c.CourseDirectory.feedback_directory = "outbox"')
    assert course.submitted_dir("ann", "demo-01-x") == tmp_path / "inbox" / "ann" / "demo-01-x"
    assert course.feedback_dir("ann", "demo-01-x") == tmp_path / "outbox" / "ann" / "demo-01-x"
    assert course.autograded_dir("ann", "demo-01-x") == tmp_path / "grading" / "autograded" / "ann" / "demo-01-x"
    assert course.source_dir("demo-01-x") == tmp_path / "source" / "demo-01-x"


def test_learners_with_a_submission_are_those_with_that_assignment(tmp_path: Path) -> None:
    course = configured(tmp_path)
    for learner, assignment in (("bob", "demo-01-x"), ("ann", "demo-01-x"), ("cy", "demo-02-y")):
        course.submitted_dir(learner, assignment).mkdir(parents=True)
    (course.submitted_dir("dee", "demo-01-x").parent).mkdir(parents=True)
    course.submitted_dir("eve", "demo-01-x").parent.mkdir(parents=True)
    course.submitted_dir("eve", "demo-01-x").write_text("a file, not a folder")
    assert course.learners_with_submission("demo-01-x") == ["ann", "bob"]


def test_settings_have_defaults_and_take_the_course_s_values(tmp_path: Path) -> None:
    course = configured(tmp_path, "c.Curriculum.pass_mark = 60", "c.Curriculum.sandbox_processes = 10")
    assert course.settings.pass_mark == 60
    assert course.settings.good_mark == Curriculum().good_mark == 70
    limits = SandboxKernelManager(config=course.config).limits()
    assert limits.processes == 10 and limits.memory == course.settings.sandbox_memory


def test_every_setting_says_what_it_is_for() -> None:
    undocumented = [name for name, trait in Curriculum.class_traits(config=True).items() if len(trait.help) < 20]
    assert not undocumented


def test_this_course_s_configuration_shows_every_setting_and_no_other(course: Course) -> None:
    assert set(course.config.Curriculum) == set(Curriculum.class_traits(config=True))
    assert course.settings.module_order == ["python", "web", "data"]


def test_modules_come_in_the_configured_order_and_the_rest_by_name(tmp_path: Path) -> None:
    course = configured(tmp_path, 'c.Curriculum.module_order = ["web", "python"]')
    for ident in ("python", "data", "web", "art"):
        (course.modules_dir / f"{ident}.yaml").write_text(MODULE.format(id=ident), encoding="utf-8")
    assert [m.id for m in course.catalog.modules] == ["web", "python", "art", "data"]


def test_solution_markers_are_nbgrader_s_configured_ones(tmp_path: Path) -> None:
    course = configured(tmp_path, 'c.ClearSolutions.begin_solution_delimeter = "START ANSWER"')
    assert course.markers.begin_solution == "START ANSWER"
    assert course.markers.end_solution == "END SOLUTION"
    assert course.markers.kind("    ### START ANSWER") == "begin_solution"
    assert course.markers.kind("    ### BEGIN HIDDEN TESTS") == "begin_hidden"
    assert course.markers.kind("print('START')") is None


def test_the_folders_nbgrader_expects_are_made(tmp_path: Path) -> None:
    course = configured(tmp_path)
    course.make_folders()
    assert course.grading_dir.is_dir() and course.exchange_dir.is_dir()
    assert course.exchange_dir == tmp_path / "grading" / "exchange"


def test_a_folder_without_a_configuration_is_not_a_course(tmp_path: Path) -> None:
    with pytest.raises(CourseNotFound, match="has no nbgrader_config.py"):
        Course(tmp_path).settings
