"""The course standard of the Web and Data modules, counted from each assignment's own files.

Each has at least 8 graded tasks (a capstone may have fewer, larger ones), at least two recorded
mistakes for every task, an answer in the learner's own words, a "fix the broken code" task, and
each module has widgets where seeing beats reading.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from curriculum.core import notebook as nb
from curriculum.core.course import Course

from .support import ROOT

COURSE = Course(ROOT)
MODULES = {"web": 4, "data": 3}  # the fewest assignments with a widget, per module
FIX_TASK = re.compile(r"^#{2,3} (Task \d+: )?fix\b", re.IGNORECASE | re.MULTILINE)
ASSIGNMENTS = [a for module in COURSE.catalog.modules if module.id in MODULES for a in module.assignments]


def cells(assignment):
    return nb.read(COURSE.source_notebook(assignment)).cells


def has_widget(assignment) -> bool:
    return any(c.cell_type == "code" and ("ipywidgets" in c.source or "preview(" in c.source
                                          or "interact" in c.source) for c in cells(assignment))


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.id)
def test_each_assignment_meets_the_course_standard(assignment) -> None:
    notebook = nb.read(COURSE.source_notebook(assignment))
    tasks = [meta["grade_id"] for cell, meta in nb.graded_cells(notebook) if nb.is_code_answer(cell)]
    written = [cell for cell in notebook.cells if nb.is_answer(cell) and cell.cell_type == "markdown"]
    recorded = Counter(m["task"] for m in yaml.safe_load(COURSE.mistakes_file(assignment).read_text()) or [])
    assert len(tasks) >= (4 if "capstone" in assignment.id else 8), f"{len(tasks)} graded tasks"
    assert {task: recorded[task] for task in tasks if recorded[task] < 2} == {}, "tasks with fewer than 2 mistakes"
    assert written, "no answer in the learner's own words"
    assert any(FIX_TASK.search(c.source) for c in notebook.cells if c.cell_type == "markdown"), \
        "no fix-the-broken-code task (a heading like '### Task 7: fix the search')"


@pytest.mark.parametrize("module", MODULES)
def test_each_module_shows_what_seeing_explains_better(module: str) -> None:
    assignments = [a for a in ASSIGNMENTS if a.id.startswith(module + "-")]
    assert sum(map(has_widget, assignments)) >= MODULES[module]
