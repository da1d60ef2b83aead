"""nbgrader preprocessors of the course."""

from __future__ import annotations

import ast
import json

from IPython.core.inputtransformer2 import TransformerManager
from nbconvert.exporters.exporter import ResourcesDict
from nbformat.notebooknode import NotebookNode
from nbgrader.converters import Autograde
from nbgrader.preprocessors import ClearHiddenTests, Execute, LimitOutput, NbGraderPreprocessor
from traitlets import Integer

from ..core.helpers import learner_helpers
from ..core.notebook import is_test
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
    "_getframe", "settrace", "setprofile", "addaudithook", "__loader__", "__spec__", "__defaults__",
    "__kwdefaults__", "__wrapped__",
})
TAMPERING_ERROR = "TamperingDetected"
HIDDEN_SHOWN_ERROR = "HiddenTestsShown"
REDACTED = "[Output removed: it showed the code of the hidden tests.]"


def tampering(source: str) -> list[str]:
    """The names in ``source`` that could change how checks run (empty for an honest answer).

    IPython's own syntax (``%magic``, ``!command``) is read as the Python it becomes.
    """
    try:
        tree = ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in TAMPERING_NAMES:
            found.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in TAMPERING_NAMES:
            found.add(node.attr)
        elif isinstance(node, ast.Import):
            found.update(n.name.split(".")[0] for n in node.names if n.name.split(".")[0] in TAMPERING_NAMES)
        elif isinstance(node, ast.ImportFrom) and node.module not in learner_helpers():  # helpers' names are fine
            top = (node.module or "").split(".")[0]
            found.update(name for name in (top, *(n.name for n in node.names)) if name in TAMPERING_NAMES)
    return sorted(found)


def score_zero(nb: NotebookNode, name: str, message: str) -> None:
    """Make every test cell fail with ``message``, so the notebook scores zero and the summary says why."""
    for cell in nb.cells:
        if is_test(cell):
            cell.outputs.append(NotebookNode(output_type="error", ename=name, evalue=message, traceback=[message]))


class DetectTampering(NbGraderPreprocessor):
    """Scores zero a notebook whose code reaches into the checks, the imports or error reporting.

    Learner code runs in the same Python as the tests, so an answer (or a cell the learner
    added) could replace the check helpers or silence errors and pass every test. No task
    needs the names in ``TAMPERING_NAMES``; code that uses one makes every test cell fail,
    with a reason. Every code cell is read except the tests, which nbgrader restores.
    """

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        names = sorted({name for cell in nb.cells if cell.cell_type == "code" and not is_test(cell)
                        for name in tampering(cell.source)})
        if names:
            score_zero(nb, TAMPERING_ERROR, f"This notebook's code uses {', '.join(names)}, which can change how "
                       "the checks work. The tests are scored 0. Ask your teacher if this is a mistake.")
        return nb, resources


def hidden_lines(nb: NotebookNode, begin: str, end: str, shortest: int) -> set[str]:
    """The lines of hidden tests in ``nb`` (``shortest`` characters or more), except any the learner typed."""
    found: set[str] = set()
    for cell in filter(is_test, nb.cells):
        inside = False
        for line in cell.source.splitlines():
            inside = (inside or begin in line) and end not in line
            if inside and begin not in line and len(line.strip()) >= shortest:
                found.add(line.strip())
    typed = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code" and not is_test(cell))
    return {line for line in found if line not in typed}


def _shown(output: NotebookNode) -> str:
    """All the text an output shows."""
    if output.output_type == "stream":
        return str(output.text)
    if output.output_type == "error":
        return "\n".join([output.ename, output.evalue, *output.traceback])
    return "\n".join(str(value) for value in output.get("data", {}).values())


class RedactHiddenTests(NbGraderPreprocessor):
    """Removes every output that shows hidden-test code, and scores zero a notebook that printed it.

    A test's own error keeps its name and message but loses its traceback (which quotes the
    test's lines); that is no one's fault. Anything else that shows hidden-test code got it
    by reaching into how the tests run: it is removed, the tests score 0, and the grading
    summary says so.
    """

    shortest = Integer(12, help="shortest line of a hidden test that is looked for in outputs").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: ResourcesDict) -> tuple[NotebookNode, ResourcesDict]:
        markers = ClearHiddenTests(config=self.config)
        lines = hidden_lines(nb, markers.begin_test_delimeter, markers.end_test_delimeter, self.shortest)
        if not lines:
            return nb, resources
        printed = False
        for cell in (c for c in nb.cells if c.cell_type == "code"):
            for output in cell.outputs:
                if not any(line in _shown(output) for line in lines):
                    continue
                if is_test(cell) and output.output_type == "error" and not any(
                        line in f"{output.ename}{output.evalue}" for line in lines):
                    output.traceback = [f"{output.ename}: {output.evalue}"]
                    continue
                printed = True
                output.clear()
                output.update(output_type="stream", name="stdout", text=REDACTED + "\n")
        if printed:
            score_zero(nb, HIDDEN_SHOWN_ERROR, "This notebook printed the code of the hidden tests. That output "
                       "was removed and the tests are scored 0. Ask your teacher if this is a mistake.")
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
        return self.execute_cell(cell, index, store_history=not is_test(cell)), self.resources


def autograde_steps() -> list[type]:
    """nbgrader's autograding steps: tests leave no history and no output shows them, output is limited in
    bytes too, and tampering scores 0."""
    replacements: dict[type, list[type]] = {Execute: [ExecuteTestsWithoutHistory, RedactHiddenTests],
                                            LimitOutput: [LimitOutputBytes, DetectTampering]}
    steps = Autograde.class_traits()["autograde_preprocessors"].default()
    return [replaced for step in steps for replaced in replacements.get(step, [step])]
