"""Where things live in a course directory, all from its ``nbgrader_config.py``.

Folders that nbgrader knows (source, release, submitted, autograded, feedback, the
exchange, the gradebook) come from nbgrader's own :class:`CourseDirectory` and
configuration, never from names joined by hand.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from nbgrader.api import Gradebook
from nbgrader.apps.zipcollectapp import ZipCollectApp
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.abc import Exchange
from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions
from traitlets.config import Config, Configurable
from traitlets.config.loader import PyFileConfigLoader

from ..errors import CourseNotFound
from .catalog import Assignment, Catalog, load_catalog
from .notebook import Markers
from .settings import Curriculum

CONFIG_FILE = "nbgrader_config.py"
CATALOG = Path("curriculum") / "modules"
MISTAKES = Path("tests") / "mistakes"
GRADING = "grading"


def find_root(start: Path | None = None) -> Path:
    """The nearest folder, here or above, with nbgrader_config.py and a catalog."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file() and (folder / CATALOG).is_dir():
            return folder
    raise CourseNotFound(f"No course found in {here} or above it. Run this from the course folder, "
                         "the one with nbgrader_config.py, or pass --root FOLDER.")


def load_config(root: Path) -> Config:
    """The course's configuration, read from its nbgrader_config.py."""
    if not (root / CONFIG_FILE).is_file():
        raise CourseNotFound(f"{root} is not a course folder: it has no {CONFIG_FILE}. Give the folder that "
                             "has it with --root, or run this from inside it.")
    return PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()


def _setting(config: Config, owner: type[Configurable], name: str) -> Any:
    """A configured value of ``owner.name``, or its default, without making an ``owner``."""
    section = config[owner.__name__] if owner.__name__ in config else {}
    return section[name] if name in section else owner.class_traits()[name].default()


@dataclass(frozen=True)
class Course:
    """A course directory: catalog, sources, release and learner records."""

    root: Path

    @cached_property
    def config(self) -> Config:
        """The course's nbgrader configuration (read once)."""
        return load_config(self.root)

    @cached_property
    def settings(self) -> Curriculum:
        """The course's ``c.Curriculum`` settings."""
        return Curriculum(config=self.config)

    @cached_property
    def directory(self) -> CourseDirectory:
        """nbgrader's view of the course's folders."""
        return CourseDirectory(config=self.config)

    @cached_property
    def catalog(self) -> Catalog:
        """The catalog, loaded strictly, in the configured module order."""
        return load_catalog(self.modules_dir, self.settings.module_order)

    @cached_property
    def markers(self) -> Markers:
        """The lines that mark solutions and hidden tests, as nbgrader is configured to find them."""
        return Markers(_setting(self.config, ClearSolutions, "begin_solution_delimeter"),
                       _setting(self.config, ClearSolutions, "end_solution_delimeter"),
                       _setting(self.config, ClearHiddenTests, "begin_test_delimeter"),
                       _setting(self.config, ClearHiddenTests, "end_test_delimeter"))

    @property
    def modules_dir(self) -> Path:
        """Where the module YAML files live."""
        return self.root / CATALOG

    @property
    def grading_dir(self) -> Path:
        """Learner records: never committed."""
        return self.root / GRADING

    @property
    def exchange_dir(self) -> Path:
        """nbgrader's exchange, where assignments go out and submissions come in."""
        return Path(_setting(self.config, Exchange, "root"))

    def _step(self, step: str, learner: str, assignment: Assignment | str) -> Path:
        return Path(os.path.normpath(self.directory.format_path(step, learner, _ident(assignment))))

    def source_dir(self, assignment: Assignment | str) -> Path:
        """The instructor version of an assignment."""
        return self._step(self.directory.source_directory, ".", assignment)

    def release_dir(self, assignment: Assignment | str) -> Path:
        """The generated learner version of an assignment."""
        return self._step(self.directory.release_directory, ".", assignment)

    def submitted_dir(self, learner: str, assignment: Assignment | str) -> Path:
        """One learner's collected submission."""
        return self._step(self.directory.submitted_directory, learner, assignment)

    def autograded_dir(self, learner: str, assignment: Assignment | str) -> Path:
        """One learner's graded notebooks."""
        return self._step(self.directory.autograded_directory, learner, assignment)

    def feedback_dir(self, learner: str, assignment: Assignment | str) -> Path:
        """One learner's feedback pages."""
        return self._step(self.directory.feedback_directory, learner, assignment)

    def archive_dir(self, assignment: Assignment | str) -> Path:
        """Where nbgrader's zip collect looks for the zips of an assignment."""
        downloaded = _setting(self.config, ZipCollectApp, "downloaded_directory")
        return self.root / downloaded / _ident(assignment) / _setting(self.config, ZipCollectApp,
                                                                      "archive_directory")

    def learners_with_submission(self, assignment: Assignment | str) -> list[str]:
        """Learners with a collected submission of ``assignment``, in name order."""
        step, ident = self.directory.submitted_directory, _ident(assignment)
        named = re.compile(self.directory.format_path(step, "(?P<learner>[^/]+)", ident, escape=True) + "$")
        found = (named.match(path) for path in glob.glob(self.directory.format_path(step, "*", ident)))
        return sorted({match["learner"] for match in found if match and Path(match.string).is_dir()})

    def mistakes_file(self, assignment: Assignment | str) -> Path:
        """The recorded common mistakes of an assignment (kept with the tests)."""
        return self.root / MISTAKES / f"{_ident(assignment)}.yaml"

    def source_notebook(self, assignment: Assignment) -> Path:
        """The instructor notebook of an assignment."""
        return self.source_dir(assignment) / assignment.notebook_name

    def release_notebook(self, assignment: Assignment) -> Path:
        """The learner notebook of an assignment."""
        return self.release_dir(assignment) / assignment.notebook_name

    def select(self, ident: str | None) -> tuple[Assignment, ...]:
        """One assignment by id, or all of them when ``ident`` is None."""
        return self.catalog.assignments if ident is None else (self.catalog.assignment(ident),)

    def gradebook(self) -> Gradebook:
        """The course's gradebook (nbgrader's API), at its configured ``db_url``; use it in a ``with``."""
        self.make_folders()
        return Gradebook(self.directory.db_url)

    def make_folders(self) -> None:
        """Make the folders nbgrader expects to find: learner records and a local exchange."""
        self.grading_dir.mkdir(exist_ok=True)
        if self.exchange_dir.is_relative_to(self.root):
            self.exchange_dir.mkdir(parents=True, exist_ok=True)


def scratch_course(course: Course, target: Path, assignments: Sequence[Assignment] = (),
                   release: bool = True) -> Course:
    """A copy of ``course`` in ``target`` holding only ``assignments``, for gates, tests and benchmarks.

    It has the configuration, the catalog entries, the sources, the recorded mistakes and (with
    ``release``) the learner versions; no learner records.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(course.root / CONFIG_FILE, target)
    copy = Course(target)
    copy.modules_dir.mkdir(parents=True)
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
        if release and course.release_dir(assignment).is_dir():
            shutil.copytree(course.release_dir(assignment), copy.release_dir(assignment))
        if course.mistakes_file(assignment).is_file():
            copy.mistakes_file(assignment).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(course.mistakes_file(assignment), copy.mistakes_file(assignment))
    return copy


def _ident(assignment: Assignment | str) -> str:
    return assignment if isinstance(assignment, str) else assignment.id
