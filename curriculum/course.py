"""Where things live in a course directory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .catalog import Assignment, Catalog, load_catalog

MARKER = "nbgrader_config.py"


class CourseNotFound(RuntimeError):
    """No course directory here or above."""


def find_root(start: Path | None = None) -> Path:
    """Find the course root: ``$CURRICULUM_ROOT``, or the nearest folder with nbgrader_config.py."""
    if os.environ.get("CURRICULUM_ROOT"):
        return Path(os.environ["CURRICULUM_ROOT"]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).is_file() and (folder / "curriculum" / "modules").is_dir():
            return folder
    raise CourseNotFound(f"No course found in {here} or above it. Run this from the course folder, "
                         "the one with nbgrader_config.py, or pass --root FOLDER.")


@dataclass(frozen=True)
class Course:
    """A course directory: catalog, sources, release and learner records."""

    root: Path

    @cached_property
    def catalog(self) -> Catalog:
        """The catalog, loaded strictly."""
        return load_catalog(self.modules_dir)

    @property
    def modules_dir(self) -> Path:
        """Where the module YAML files live."""
        return self.root / "curriculum" / "modules"

    @property
    def grading_dir(self) -> Path:
        """Learner records: never committed."""
        return self.root / "grading"

    def source_dir(self, assignment: Assignment | str) -> Path:
        """The instructor version of an assignment."""
        return self.root / "source" / _ident(assignment)

    def release_dir(self, assignment: Assignment | str) -> Path:
        """The generated learner version of an assignment."""
        return self.root / "release" / _ident(assignment)

    def mistakes_file(self, assignment: Assignment | str) -> Path:
        """The recorded common mistakes of an assignment (kept with the tests)."""
        return self.root / "tests" / "mistakes" / f"{_ident(assignment)}.yaml"

    def source_notebook(self, assignment: Assignment) -> Path:
        """The instructor notebook of an assignment."""
        return self.source_dir(assignment) / assignment.notebook_name

    def release_notebook(self, assignment: Assignment) -> Path:
        """The learner notebook of an assignment."""
        return self.release_dir(assignment) / assignment.notebook_name

    def select(self, ident: str | None) -> tuple[Assignment, ...]:
        """One assignment by id, or all of them when ``ident`` is None."""
        return self.catalog.assignments if ident is None else (self.catalog.assignment(ident),)


def _ident(assignment: Assignment | str) -> str:
    return assignment if isinstance(assignment, str) else assignment.id
