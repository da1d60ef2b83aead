"""Problems with a submission, in plain words, for the grading summary."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..core.course import Course
from .preprocessors import CUT_MARK, HIDDEN_SHOWN_ERROR, TAMPERING_ERROR

_LOG_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Missing grade cell (\S+) encountered"),
     "a test cell ({0}) was deleted; it was put back from the source and graded"),
    (re.compile(r"UnresponsiveKernelError|kernel became unresponsive|DeadKernelError|Kernel died", re.I),
     "the learner's code stopped Python from answering; it could not be graded"),
    (re.compile(r"is ([\d.]+) seconds late"),
     "handed in late ({0} seconds after the deadline)"),
)


# What a learner's code ran into, read from the errors in the graded notebook.
_OUTPUT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^MemoryError"), "the code used more memory than allowed and was stopped"),
    (re.compile(r"File too large|Errno 27\b"), "the code tried to write a file larger than allowed"),
    (re.compile(r"Resource temporarily unavailable|Errno 11\b|can't start new thread"),
     "the code started more processes than allowed"),
    (re.compile(r"Too many open files|Errno 24\b"), "the code opened more files than allowed"),
    (re.compile(r"^CellTimeoutError|^KeyboardInterrupt"), "a cell ran for too long and was stopped"),
    (re.compile(r"Network is unreachable|Errno 101\b|Connection refused|Errno 111\b|Cannot assign requested address"
                r"|Errno 99\b"),
     "the code tried to use the network, which grading does not allow"),
    (re.compile(re.escape(CUT_MARK)), "the code printed more than we keep; the rest was cut"),
    (re.compile(r"^PermissionError|Operation not permitted|^ProcessLookupError"),
     "the code tried something it is not allowed to do"),
    (re.compile(r"^FileNotFoundError: .*'/"), "the code tried to open a file that is not in its own folder"),
    (re.compile(f"^{TAMPERING_ERROR}"),
     "the answers reach into the checking code (for example by replacing the checks); every test scored 0"),
    (re.compile(f"^{HIDDEN_SHOWN_ERROR}"),
     "this notebook printed the hidden tests; that output was removed, and every test scored 0"),
)


def output_problems(folder: Path) -> list[str]:
    """Limits and blocks that learner code ran into, from the outputs of the graded notebooks."""
    found: list[str] = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for output in (o for cell in cells for o in cell.get("outputs", [])):
            text = f"{output.get('ename', '')}: {output.get('evalue', '')}" if output.get("output_type") == "error" \
                else "".join(output.get("text", ""))
            found += [words for pattern, words in _OUTPUT_PATTERNS if pattern.search(text)]
    return found


def oversized(course: Course, assignment: str, learner: str) -> bool:
    """True when a submitted notebook is over the size limit (it is kept, and not graded)."""
    limit = course.settings.max_notebook_bytes
    return any(p.stat().st_size > limit for p in course.submitted_dir(learner, assignment).glob("*.ipynb"))


def notebook_problem(path: Path, max_bytes: int) -> str | None:
    """Why a submitted notebook file cannot be read, or None if it can."""
    size = path.stat().st_size
    if size > max_bytes:
        return (f"{path.name} is too large ({size / 1024 / 1024:.0f} MB; the limit is "
                f"{max_bytes / 1024 / 1024:.0f} MB); it was not graded, and the file is kept")
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


_FLAGS = ("grade", "solution", "locked", "points")


def edits(submitted: dict[str, Any], release: dict[str, Any]) -> list[str]:
    """What a learner changed that they may not: locked cells, nbgrader details, duplicates, the kernel."""
    def graded(notebook: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        return [(c.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""), c) for c in notebook["cells"]
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")]

    def text(cell: dict[str, Any]) -> str:
        source = cell.get("source", "")
        return "".join(source) if isinstance(source, list) else source

    originals = dict(graded(release))
    if originals and not any(grade_id in originals for grade_id, _ in graded(submitted)):
        return ["this looks like the notebook of another assignment: none of its tasks belong here; it scored 0"]
    problems, seen = [], set()
    for grade_id, cell in graded(submitted):
        original = originals.get(grade_id)
        if grade_id in seen:
            problems.append(f"cell {grade_id} appears twice; only the first was graded")
        elif original is None:
            continue
        elif any(cell["metadata"]["nbgrader"].get(k) != original["metadata"]["nbgrader"].get(k) for k in _FLAGS):
            problems.append(f"the nbgrader details of cell {grade_id} were changed; they were put back")
        elif original["metadata"]["nbgrader"].get("locked") and text(cell) != text(original):
            problems.append(f"a locked cell ({grade_id}) was changed; it was restored from the source and graded")
        seen.add(grade_id)
    kernel = submitted.get("metadata", {}).get("kernelspec", {}).get("name")
    if kernel != release.get("metadata", {}).get("kernelspec", {}).get("name"):
        problems.append(f"the notebook's kernel was changed (to {kernel}); it was graded with Python 3")
    return problems


def _load(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("cells"), list) else None


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
    for name in sorted(expected & found):
        problem = notebook_problem(folder / name, course.settings.max_notebook_bytes)
        submitted, release = _load(folder / name), _load(course.release_dir(assignment) / name)
        if problem:
            problems.append(problem)
        elif submitted is not None and release is not None:
            problems += edits(submitted, release)
    return problems


def diagnose(course: Course, assignment: str, learner: str, log: str) -> list[str]:
    """Everything worth telling the instructor about one learner's grading, in plain words."""
    problems = folder_problems(course, assignment, course.submitted_dir(learner, assignment))
    problems += output_problems(course.autograded_dir(learner, assignment))
    for pattern, words in _LOG_PATTERNS:
        for found in dict.fromkeys(pattern.findall(log)):
            problems.append(words.format(found))
    return list(dict.fromkeys(problems))
