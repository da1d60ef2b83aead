"""nbgrader preprocessors of the course."""

from __future__ import annotations

import ast
import json

from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.converters import Autograde
from nbgrader.preprocessors import ClearHiddenTests, Execute, LimitOutput, NbGraderPreprocessor
from nbgrader.utils import is_grade, is_solution
from traitlets import Integer

from ..core.settings import Curriculum

CUT_MARK = "[Output cut: this cell printed more than we keep.]"


class LimitOutputBytes(LimitOutput):
    """nbgrader's line limits, and a limit on the bytes of output each cell keeps.

    A single line of 100 MB passes a line limit; it does not pass this one.
    """

    max_bytes = Integer(100_000, help="most bytes of output kept per cell (-1 means no limit)").tag(config=True)

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        cell_index: int) -> tuple[NotebookNode, ResourcesDict]:
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if self.max_bytes == -1 or cell.cell_type != "code":
            return cell, resources
        kept, budget = [], self.max_bytes
        for output in cell.outputs:
            size = len(json.dumps(output))
            if size <= budget:
                kept.append(output)
                budget -= size
            elif output.output_type == "stream" and budget > 0:
                output.text = output.text[: budget // 2]
                kept.append(output)
                budget = 0
        if len(kept) < len(cell.outputs) or budget == 0:
            kept.append(NotebookNode(output_type="stream", name="stdout", text=f"\n{CUT_MARK}\n"))
        cell.outputs = kept
        return cell, resources


# Names an answer never needs, and that code replacing the checks, the import system or the
# notebook's error reporting does need.
TAMPERING_NAMES = frozenset({
    "builtins", "__builtins__", "sys", "importlib", "ctypes", "gc", "inspect", "get_ipython", "IPython",
    "ipykernel", "curriculum", "exec", "eval", "compile", "__import__", "globals", "setattr", "delattr",
    "vars", "__dict__", "__class__", "__subclasses__", "__code__", "__globals__", "__closure__", "signal",
    "_getframe", "settrace", "setprofile", "addaudithook", "__loader__", "__spec__",
})
TAMPERING_ERROR = "TamperingDetected"


def tampering(source: str) -> list[str]:
    """The names in ``source`` that could change how checks run (empty for an honest answer)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in TAMPERING_NAMES:
            found.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in TAMPERING_NAMES:
            found.add(node.attr)
        elif isinstance(node, ast.alias) and node.name.split(".")[0] in TAMPERING_NAMES:
            found.add(node.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in TAMPERING_NAMES:
            found.add((node.module or "").split(".")[0])
    return sorted(found)


class DetectTampering(NbGraderPreprocessor):
    """Scores zero a notebook whose answers reach into the checks, the imports or error reporting.

    Learner code runs in the same Python as the tests, so an answer could replace the check
    helpers or silence errors and pass every test. No task needs the names in
    ``TAMPERING_NAMES``; an answer that uses one makes every test cell fail, with a reason.
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        names = sorted({name for cell in nb.cells if cell.cell_type == "code" and is_solution(cell)
                        for name in tampering(cell.source)})
        if not names:
            return nb, resources
        message = (f"This notebook's answers use {', '.join(names)}, which can change how the checks work. "
                   "The tests are scored 0. Ask your teacher if this is a mistake.")
        for cell in nb.cells:
            if cell.cell_type == "code" and is_grade(cell) and not is_solution(cell):
                cell.outputs.append(NotebookNode(output_type="error", ename=TAMPERING_ERROR, evalue=message,
                                                 traceback=[message]))
        return nb, resources


class HideHiddenTests(ClearHiddenTests):
    """Clears hidden tests from feedback pages, unless ``c.Curriculum.show_hidden_tests_in_feedback``."""

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        if Curriculum(config=self.config).show_hidden_tests_in_feedback:
            return nb, resources
        return super().preprocess(nb, resources)


class ExecuteTestsWithoutHistory(Execute):
    """nbgrader's Execute, but test cells run with ``store_history`` off.

    Then IPython's input history (``In``, ``_ih``, ``%history``) never holds a test's code, so a
    learner's cell placed after the tests cannot print the hidden tests.
    """

    def preprocess_cell(self, cell: NotebookNode, resources: ResourcesDict,
                        index: int) -> tuple[NotebookNode, ResourcesDict]:
        self._check_assign_resources(resources)
        is_test = is_grade(cell) and not is_solution(cell)
        return self.execute_cell(cell, index, store_history=not is_test), self.resources


def autograde_steps() -> list[type]:
    """nbgrader's autograding steps: tests leave no history, output is limited in bytes too, tampering scores 0."""
    replacements: dict[type, list[type]] = {Execute: [ExecuteTestsWithoutHistory],
                                            LimitOutput: [LimitOutputBytes, DetectTampering]}
    steps = Autograde.class_traits()["autograde_preprocessors"].default()
    return [replaced for step in steps for replaced in replacements.get(step, [step])]
