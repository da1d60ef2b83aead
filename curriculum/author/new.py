"""Making a new module or a new assignment that passes every gate from the start."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..core import notebook as nb
from ..core.catalog import MODULE_ID, Assignment, load_module
from ..core.course import Course
from ..errors import CatalogError

MODULE_TEMPLATE = """\
id: {id}
title: {title}
description: What a learner can do after this module, in one sentence.
assignments: []
"""

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def new_module(course: Course, ident: str) -> Path:
    """Create ``curriculum/modules/<ident>.yaml`` with no assignments yet."""
    if not MODULE_ID.match(ident):
        raise CatalogError(f"`{ident}` cannot be a module id: use lowercase letters and digits, like `python`.")
    path = course.modules_dir / f"{ident}.yaml"
    if path.exists():
        raise CatalogError(f"{path} already exists; choose another module id.")
    path.write_text(MODULE_TEMPLATE.format(id=ident, title=ident.capitalize()), encoding="utf-8")
    load_module(path)
    return path


def _entry(assignment: Assignment) -> str:
    data = [{"id": assignment.id, "title": assignment.title, "objectives": list(assignment.objectives),
             "minutes": assignment.minutes, "prerequisites": list(assignment.prerequisites)}]
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return "".join(f"  {line}\n" for line in text.splitlines())


def skeleton(assignment: Assignment, markers: nb.Markers) -> nb.NotebookNode:
    """A small, complete assignment for the author to rewrite: every gate passes on it.

    Solutions and hidden tests are marked the way the course's nbgrader finds them (``markers``).
    """
    objectives = "\n".join(f"- {o}" for o in assignment.objectives)
    return nb.new([
        nb.markdown("title", f"# {assignment.title}\n\nBy the end you can:\n\n{objectives}\n\n"
                             f"This takes about {assignment.minutes} minutes."),
        nb.markdown("explain-double", "## Doubling a number\n\nTo double a number, times it by 2. "
                                      "In Python, `*` means times."),
        nb.code("example-double", "print(4 * 2)"),
        nb.markdown("task-double", "### Task 1\n\nFinish the function `double`. "
                                   "It gets a number `n`. It gives back `n` times 2."),
        nb.answer("double", 'def double(n):\n    """Give back n times 2."""\n'
                            f"    ### {markers.begin_solution}\n    return n * 2\n    ### {markers.end_solution}"),
        nb.tests("test_double", "from curriculum.checks import check_call\n\n"
                                "# A hint in stages: what is wrong, then a nudge, then (last) the line to write.\n"
                                "check_call(\"double\", [4], 8,\n"
                                "           hint=(\"It did not give back 4 times 2.\", \"Use * to times n by 2.\",\n"
                                "                 \"Write: return n * 2\"))\n\n"
                                f"### {markers.begin_hidden}\n"
                                "check_call(\"double\", [0], 0, hint=\"0 times 2 is 0.\")\n"
                                "check_call(\"double\", [-3], -6, hint=\"It must work for numbers below 0 too.\")\n"
                                f"### {markers.end_hidden}"),
    ])


MISTAKES_TEMPLATE = """\
# Common mistakes for {id}. Each one must fail the test cell it names, with the message given.
- task: double
  test: test_double
  what: adds 2 instead of doubling
  code: |
    def double(n):
        return n + 2
  message: "We wanted: 8"
"""


def new_assignment(course: Course, module_id: str, slug: str) -> Assignment:
    """Add an assignment at the end of a module: catalog entry, source notebook, mistakes file."""
    module_path = course.modules_dir / f"{module_id}.yaml"
    if not module_path.exists():
        raise CatalogError(f"There is no module `{module_id}`. Make it first: curriculum new module {module_id}")
    if not SLUG.match(slug):
        raise CatalogError(f"`{slug}` cannot be a slug: use lowercase words joined by -, like `loops`.")
    module = load_module(module_path)
    ident = f"{module_id}-{len(module.assignments) + 1:02d}-{slug}"
    if course.source_dir(ident).exists():
        raise CatalogError(f"{course.source_dir(ident)} already exists; choose another slug.")
    previous = (module.assignments[-1].id,) if module.assignments else ()
    assignment = Assignment(ident, slug.replace("-", " ").capitalize(),
                            (f"explain what {slug.replace('-', ' ')} means",), 60, previous, module_id)
    text = module_path.read_text(encoding="utf-8")
    if re.search(r"^assignments:\s*\[\]\s*$", text, flags=re.M):
        text = re.sub(r"^assignments:\s*\[\]\s*$", "assignments:", text, flags=re.M)
    module_path.write_text(text.rstrip("\n") + "\n" + _entry(assignment), encoding="utf-8")
    load_module(module_path)
    folder = course.source_dir(assignment)
    folder.mkdir(parents=True)
    nb.write(skeleton(assignment, course.markers), course.source_notebook(assignment))
    mistakes = course.mistakes_file(assignment)
    mistakes.parent.mkdir(parents=True, exist_ok=True)
    mistakes.write_text(MISTAKES_TEMPLATE.format(id=ident), encoding="utf-8")
    return assignment
