"""Problems with a submission, in plain words, for the grading summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .course import Course

_LOG_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Missing grade cell (\S+) encountered"),
     "a test cell ({0}) was deleted; it was put back from the source and graded"),
    (re.compile(r"Attribute '(?:source|cell_type)' for cell (\S+) has changed"),
     "a locked cell ({0}) was changed; it was restored from the source and graded"),
    (re.compile(r"Cell '(\S+)' does not exist in the database"),
     "a cell's nbgrader details were changed ({0}); that cell was not graded"),
    (re.compile(r"CellTimeoutError|timed out", re.I),
     "a cell ran for too long and was stopped; the rest was graded"),
    (re.compile(r"UnresponsiveKernelError|kernel became unresponsive|DeadKernelError|Kernel died", re.I),
     "the learner's code stopped Python from answering; it could not be graded"),
    (re.compile(r"is ([\d.]+) seconds late"),
     "handed in late ({0} seconds after the deadline)"),
)


def notebook_problem(path: Path) -> str | None:
    """Why a submitted notebook file cannot be read, or None if it can."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return f"{path.name} cannot be read as text; it scored 0"
    if not text.strip():
        return f"{path.name} is empty; it scored 0"
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return f"{path.name} is not a valid notebook (the file is damaged); it scored 0"
    if not isinstance(data, dict) or "cells" not in data:
        return f"{path.name} is not a notebook; it scored 0"
    return None


def folder_problems(course: Course, assignment: str, folder: Path) -> list[str]:
    """Missing, renamed, extra or unreadable notebooks in one learner's submission folder."""
    expected = {p.name for p in course.release_dir(assignment).glob("*.ipynb")}
    found = {p.name for p in folder.glob("*.ipynb")} if folder.is_dir() else set()
    problems: list[str] = []
    for name in sorted(expected - found):
        others = ", ".join(sorted(found - expected))
        hint = f" (found {others}: was it renamed?)" if others else ""
        problems.append(f"{name} is missing{hint}; it scored 0")
    problems += [f"{name} is not part of this assignment; it was not graded" for name in sorted(found - expected)]
    problems += filter(None, (notebook_problem(folder / name) for name in sorted(expected & found)))
    return problems


def diagnose(course: Course, assignment: str, student: str, log: str) -> list[str]:
    """Everything worth telling the instructor about one learner's grading, in plain words."""
    folder = course.grading_dir / "submitted" / student / assignment
    problems = folder_problems(course, assignment, folder)
    for pattern, words in _LOG_PATTERNS:
        for found in dict.fromkeys(pattern.findall(log)):
            problems.append(words.format(found))
    return list(dict.fromkeys(problems))
