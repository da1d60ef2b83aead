"""Recorded common mistakes: each must fail the test it targets with the helpful message, and
fail it in class too (its visible checks), not only at grading (its hidden tests).

Mistakes live in ``tests/mistakes/<assignment>.yaml``, never beside the source, so
they never reach a learner. One kernel, on the same engine as grading, runs them all:
for each mistake it clears the kernel, sends the notebook's code up to the target test
with the wrong answer in place of the solution, then runs the test's visible checks
and, unless they already said the message, the whole test.
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
from ...core.engine import fast_kernel_manager
from ...errors import MistakesFileError
from ..testcells import visible_source
from .autograde import cell_text
from .context import Context, Outcome

KEYS = ("task", "test", "what", "code", "message")
# Clear the notebook's names for the next try, as %reset would, without its slow garbage collection.
RESET = ("# curriculum: forget the names of the last try\n"
         "[get_ipython().user_ns.pop(name) for name in [name for name in get_ipython().user_ns\n"
         " if name not in get_ipython().user_ns_hidden and name not in {'__name__', '__doc__', '__builtins__',\n"
         " '__builtin__', '__package__', '__loader__', '__spec__'}]];")
EARLIER = "# curriculum: the cells before the task\nfor _cell in {!r}:\n    get_ipython().run_cell(_cell)\ndel _cell"


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


@dataclass(frozen=True)
class Verdict:
    """What one mistake's test cell said: its visible checks alone, and the whole cell as graded.

    None means the checks passed the mistake; ``failure`` says why it could not be run at all.
    """

    visible: str | None = None
    graded: str | None = None
    failure: str | None = None


def _before_test(source: NotebookNode, mistake: Mistake) -> tuple[list[str], NotebookNode]:
    """What the kernel runs before the target test, one request each; and the test cell.

    First the kernel is cleared; then the cells before the mistake's task run as one request
    (each cell still runs as a cell of its own, through IPython's ``run_cell``); then the
    mistake in place of the answer, and each cell after it, as requests of their own, so the
    checks see the answer cell run just as a learner's would.
    """
    before: list[str] = []
    after: list[str] = []
    for cell in source.cells:
        grade_id = nb.nbgrader_meta(cell).get("grade_id")
        if grade_id == mistake.test:
            return [RESET, EARLIER.format(before), *after], cell
        if cell.cell_type == "code":
            (after if grade_id == mistake.task or after else before).append(
                mistake.code if grade_id == mistake.task else cell.source)
    raise MistakesFileError(f"`{mistake.test}` is not in the notebook")


def _said(client: NotebookClient, cell: NotebookNode, source: str) -> str | None:
    """Run ``source`` as ``cell``; what it said if it failed, else None."""
    trial = nb.nbformat.from_dict({**copy.deepcopy(cell), "source": source, "outputs": []})
    client.nb = nb.new([trial])
    client.execute_cell(trial, 0)
    failed = any(o.get("output_type") == "error" for o in trial.get("outputs", []))
    return cell_text(trial) if failed else None


def _trial(client: NotebookClient, context: Context, mistake: Mistake) -> Verdict:
    """Run the notebook up to the mistake's test, then its visible checks, then (if need be) the whole test.

    The requests before the test go to the kernel without waiting in between.
    """
    before, test = _before_test(context.source, mistake)
    assert client.kc is not None
    last = [client.kc.execute(code, stop_on_error=False) for code in before][-1]
    client.wait_for_reply(last)
    visible = _said(client, test, visible_source(test.source, context.course.markers))
    if visible is not None and _squash(mistake.message) in _squash(visible):
        return Verdict(visible, visible)
    return Verdict(visible, _said(client, test, test.source))


def _try_all(context: Context, mistakes: list[Mistake]) -> list[Verdict]:
    """Every mistake's verdict, in order, from one kernel on the same engine as grading (cleared in between)."""
    verdicts: list[Verdict] = []
    with context.scratch_notebook() as path:
        client = NotebookClient(nb.new([]), timeout=context.course.settings.mistake_timeout,
                                kernel_name="python3", allow_errors=True,
                                kernel_manager_class=fast_kernel_manager(context.course),
                                resources={"metadata": {"path": str(path.parent)}})
        with client.setup_kernel():
            for mistake in mistakes:
                try:
                    verdicts.append(_trial(client, context, mistake))
                except Exception as error:  # a timeout or a dead kernel is a finding about this mistake
                    verdicts.append(Verdict(failure=f"running it stopped: {type(error).__name__}"))
    return verdicts


def _label(mistake: Mistake) -> str:
    return f"mistake “{mistake.what}” in `{mistake.task}`"


def _caught(mistake: Mistake, verdict: Verdict) -> str | None:
    """The problem when the graded test does not fail the mistake with its message."""
    if verdict.failure:
        return f"{_label(mistake)}: {verdict.failure}"
    if verdict.graded is None:
        return f"{_label(mistake)}: `{mistake.test}` passed it; make the test catch this mistake"
    if _squash(mistake.message) not in _squash(verdict.graded):
        return (f"{_label(mistake)}: `{mistake.test}` failed, but did not say “{mistake.message}”. "
                f"It said: {_squash(verdict.graded)[:300]}")
    return None


def _agrees(mistake: Mistake, verdict: Verdict) -> str | None:
    """The problem when a mistake the graded test catches gets past the visible checks (a tick, then no mark)."""
    if verdict.failure or verdict.graded is None or _caught(mistake, verdict):
        return None  # mistakes-caught reports it
    if verdict.visible is None:
        return (f"{_label(mistake)}: only the hidden tests of `{mistake.test}` catch it, so a learner gets a tick "
                f"in class and loses the mark at grading; add a visible check that says “{mistake.message}”")
    if _squash(mistake.message) not in _squash(verdict.visible):
        return (f"{_label(mistake)}: the visible checks of `{mistake.test}` catch it but do not say "
                f"“{mistake.message}”; only the hidden tests do. They said: {_squash(verdict.visible)[:300]}")
    return None


def recorded(context: Context) -> tuple[list[Mistake], list[str]]:
    """The assignment's recorded mistakes, and any problem with the file itself."""
    try:
        mistakes = load_mistakes(context.course.mistakes_file(context.assignment))
    except MistakesFileError as error:
        return [], [str(error)]
    cells = {meta["grade_id"]: cell for cell, meta in nb.graded_cells(context.source) if "grade_id" in meta}
    answers = {g for g, cell in cells.items() if nb.is_code_answer(cell)}
    tests = {g for g, cell in cells.items() if nb.is_test(cell)}
    problems = [f"mistake “{m.what}”: `{m.task}` is not an answer cell" for m in mistakes if m.task not in answers]
    problems += [f"mistake “{m.what}”: `{m.test}` is not a test cell" for m in mistakes if m.test not in tests]
    problems += [f"task `{task}` has no recorded mistake; add one to tests/mistakes/{context.assignment.id}.yaml"
                 for task in sorted(answers - {m.task for m in mistakes})]
    return mistakes, problems


def tried(context: Context) -> tuple[list[tuple[Mistake, Verdict]], list[str]]:
    """Each recorded mistake with its verdict (run once for both gates), and problems with the file."""
    def work() -> tuple[list[tuple[Mistake, Verdict]], list[str]]:
        mistakes, problems = recorded(context)
        return ([] if problems else list(zip(mistakes, _try_all(context, mistakes)))), problems
    return context.once("mistakes", work)


def mistakes_caught(context: Context) -> Outcome:
    """Every recorded mistake fails its test with its message; every task has one."""
    trials, problems = tried(context)
    if problems:
        return Outcome(problems)
    return Outcome([p for m, verdict in trials if (p := _caught(m, verdict))], f"{len(trials)} mistakes")


def visible_agrees(context: Context) -> Outcome:
    """Every recorded mistake fails a visible check with its message: a tick in class means the mark at grading."""
    trials, problems = tried(context)
    if problems:
        return Outcome(["see mistakes-caught: the mistakes file must be right first"])
    return Outcome([p for m, verdict in trials if (p := _agrees(m, verdict))], f"{len(trials)} mistakes")
