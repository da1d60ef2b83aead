"""Generating learner notebooks (release/) from instructor notebooks (source/) with nbgrader."""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

from .catalog import Assignment
from .course import Course
from .engine import run_nbgrader


def generate(course: Course, assignment: Assignment, into: Path) -> Path:
    """Generate the learner version of ``assignment`` under ``into``; return its folder.

    Nothing is written to the gradebook or to release/.
    """
    run_nbgrader(course, "generate_assignment", assignment.id, "--force", "--no-db",
                 f"--CourseDirectory.release_directory={into}")
    return into / assignment.id


def build(course: Course, assignment: Assignment) -> Path:
    """Regenerate release/<assignment> from source/, replacing what was there."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate(course, assignment, Path(tmp))
        target = course.release_dir(assignment)
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(fresh, target)
    return target


def differences(left: Path, right: Path) -> list[str]:
    """Relative paths that differ between two folders (missing on either side, or changed)."""
    found: list[str] = []

    def walk(compare: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(prefix + name for name in compare.left_only + compare.right_only)
        _, mismatch, errors = filecmp.cmpfiles(compare.left, compare.right, compare.common_files,
                                               shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in compare.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=[".ipynb_checkpoints", "__pycache__"]), "")
    return sorted(found)


def stale_files(course: Course, assignment: Assignment) -> list[str]:
    """Files of release/<assignment> that differ from a fresh build, or are missing (empty when up to date)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = generate(course, assignment, Path(tmp))
        current = course.release_dir(assignment)
        if not current.is_dir():
            return sorted(str(p.relative_to(fresh)) for p in fresh.rglob("*") if p.is_file())
        return differences(fresh, current)
