"""Recorded common mistakes: each must fail the test it targets, with the helpful message.

Mistakes live in ``tests/mistakes/<assignment>.yaml``, never beside the source, so
they never reach a learner. One kernel runs them all: for each mistake it clears
the kernel, then runs the notebook up to the target test with the wrong answer in
place of the solution.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from nbclient import NotebookClient
from nbformat import NotebookNode

from ...core import notebook as nb
from ...errors import MistakesFileError
from .autograde import cell_text
from .context import Context, Outcome

KEYS = ("task", "test", "what", "code", "message")
RESET = "%reset -f"


@dataclass(frozen=True)
class Mistake:
    """A wrong answer a beginner might give, and what the test must say about it."""

    task: str
    test: str
    what: str
    code: str
    message: str


def load_mistakes(path: Path) -> list[Mistake]:
    """Read a mistakes file strictly: every entry has exactly the keys in ``KEYS``."""
    if not path.is_file():
        raise MistakesFileError(f"{path} is missing; record at least one common mistake per task")
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(entries, list):
        raise MistakesFileError(f"{path}: write a list of mistakes, each starting with `- task:`")
    found = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or set(entry) != set(KEYS):
            have = ", ".join(entry) if isinstance(entry, dict) else type(entry).__name__
            raise MistakesFileError(f"{path}, mistake {number}: needs exactly the keys {', '.join(KEYS)} "
                                    f"(it has: {have})")
        found.append(Mistake(**{k: str(entry[k]) for k in KEYS}))
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _with_mistake(source: NotebookNode, mistake: Mistake) -> NotebookNode:
    """The notebook up to the target test, with the mistake in place of the answer."""
    notebook = copy.deepcopy(source)
    cells = [nb.code("reset", RESET)]
    for cell in notebook.cells:
        grade_id = nb.nbgrader_meta(cell).get("grade_id")
        if grade_id == mistake.task:
            cell.source = mistake.code
        cells.append(cell)
        if grade_id == mistake.test:
            break
    notebook.cells = cells
    return notebook


def _verdict(mistake: Mistake, test_cell: NotebookNode) -> str | None:
    label = f"mistake “{mistake.what}” in `{mistake.task}`"
    failed = any(o.get("output_type") == "error" for o in test_cell.get("outputs", []))
    said = cell_text(test_cell)
    if not failed:
        return f"{label}: `{mistake.test}` passed it; make the test catch this mistake"
    if _squash(mistake.message) not in _squash(said):
        return (f"{label}: `{mistake.test}` failed, but did not say “{mistake.message}”. "
                f"It said: {_squash(said)[:300]}")
    return None


def check_mistakes(context: Context, mistakes: list[Mistake]) -> list[str]:
    """Run every mistake in one kernel; return a problem for each one not caught as recorded."""
    problems: list[str] = []
    with context.scratch_notebook() as path:
        client = NotebookClient(nb.new([]), timeout=context.course.settings.mistake_timeout,
                                kernel_name="python3", allow_errors=True,
                                resources={"metadata": {"path": str(path.parent)}})
        with client.setup_kernel():
            for mistake in mistakes:
                client.nb = _with_mistake(context.source, mistake)
                try:
                    for index, cell in enumerate(client.nb.cells):
                        if cell.cell_type == "code":
                            client.execute_cell(cell, index)
                except Exception as error:  # a timeout or a dead kernel is a finding about this mistake
                    problems.append(f"mistake “{mistake.what}”: running it stopped: {type(error).__name__}")
                    continue
                problems += filter(None, [_verdict(mistake, client.nb.cells[-1])])
    return problems


def mistakes_caught(context: Context) -> Outcome:
    """Every recorded mistake fails its test with its message; every task has one."""
    try:
        mistakes = load_mistakes(context.course.mistakes_file(context.assignment))
    except MistakesFileError as error:
        return Outcome([str(error)])
    cells = {meta["grade_id"]: cell for cell, meta in nb.graded_cells(context.source) if "grade_id" in meta}
    answers = {g for g, cell in cells.items() if nb.is_code_answer(cell)}
    tests = {g for g, cell in cells.items() if nb.is_test(cell)}
    problems = [f"mistake “{m.what}”: `{m.task}` is not an answer cell" for m in mistakes if m.task not in answers]
    problems += [f"mistake “{m.what}”: `{m.test}` is not a test cell" for m in mistakes if m.test not in tests]
    problems += [f"task `{task}` has no recorded mistake; add one to tests/mistakes/{context.assignment.id}.yaml"
                 for task in sorted(answers - {m.task for m in mistakes})]
    if problems:
        return Outcome(problems)
    return Outcome(check_mistakes(context, mistakes), f"{len(mistakes)} mistakes")
