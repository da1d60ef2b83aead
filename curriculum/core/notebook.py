"""Reading notebooks, and making cells with the right nbgrader metadata."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbgrader.utils import is_grade, is_locked, is_solution, is_task

SCHEMA_VERSION = 3
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def read(path: Path) -> NotebookNode:
    """Read a notebook as nbformat version 4."""
    return nbformat.read(path, as_version=4)


def write(notebook: NotebookNode, path: Path) -> None:
    """Write a notebook the way Jupyter does (one-space indent, final newline)."""
    nbformat.write(notebook, path)


def nbgrader_meta(cell: NotebookNode) -> dict[str, Any]:
    """Return the cell's nbgrader metadata ({} for an ordinary cell)."""
    return dict(cell.get("metadata", {}).get("nbgrader", {}))


def graded_cells(notebook: NotebookNode) -> Iterator[tuple[NotebookNode, dict[str, Any]]]:
    """Yield each cell nbgrader knows about, with its nbgrader metadata."""
    for cell in notebook.cells:
        if is_grade(cell) or is_solution(cell) or is_task(cell) or is_locked(cell):
            yield cell, nbgrader_meta(cell)


def is_test(cell: NotebookNode) -> bool:
    """True for an autograded test cell."""
    return bool(is_grade(cell)) and not is_solution(cell)


def is_answer(cell: NotebookNode) -> bool:
    """True for a cell where the learner writes code or text."""
    return bool(is_solution(cell))


def is_code_answer(cell: NotebookNode) -> bool:
    """True for an autograded answer: code the learner writes, that test cells check."""
    return is_answer(cell) and cell.cell_type == "code" and not is_grade(cell)


@dataclass(frozen=True)
class Markers:
    """What marks a solution and the hidden tests in a cell (nbgrader finds them anywhere in a line)."""

    begin_solution: str
    end_solution: str
    begin_hidden: str
    end_hidden: str

    def kind(self, line: str) -> str | None:
        """Which marker ``line`` holds (``begin_solution`` … ``end_hidden``), or None."""
        return next((name for name, mark in vars(self).items() if mark in line), None)

    def opens(self, line: str) -> bool:
        """True when ``line`` starts a solution or hidden tests."""
        return self.kind(line) in ("begin_solution", "begin_hidden")

    def closes(self, line: str) -> bool:
        """True when ``line`` ends a solution or hidden tests."""
        return self.kind(line) in ("end_solution", "end_hidden")


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool,
          points: float | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": locked,
                            "schema_version": SCHEMA_VERSION, "solution": solution}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def markdown(cell_id: str, text: str) -> NotebookNode:
    """An ordinary text cell."""
    return nbformat.v4.new_markdown_cell(text.strip("\n"), id=cell_id)


def code(cell_id: str, source: str) -> NotebookNode:
    """An ordinary code cell, such as a worked example the learner runs."""
    return nbformat.v4.new_code_cell(source.strip("\n"), id=cell_id)


def answer(grade_id: str, source: str) -> NotebookNode:
    """A code cell the learner completes; put the solution between the markers."""
    return nbformat.v4.new_code_cell(
        source.strip("\n"), id=grade_id,
        metadata=_meta(grade_id, grade=False, solution=True, locked=False))


def tests(grade_id: str, source: str, points: float = 1) -> NotebookNode:
    """A locked, autograded test cell (visible checks, then hidden tests)."""
    return nbformat.v4.new_code_cell(
        source.strip("\n"), id=grade_id,
        metadata=_meta(grade_id, grade=True, solution=False, locked=True, points=points))


def written(grade_id: str, text: str, points: float = 1) -> NotebookNode:
    """A text answer the instructor marks by hand in formgrader."""
    return nbformat.v4.new_markdown_cell(
        text.strip("\n"), id=grade_id,
        metadata=_meta(grade_id, grade=True, solution=True, locked=False, points=points))


def new(cells: list[NotebookNode]) -> NotebookNode:
    """A notebook with the course's kernel and the given cells."""
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = nbformat.from_dict(
        {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}})
    return notebook
