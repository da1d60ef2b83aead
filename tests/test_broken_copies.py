"""`curriculum check` fails on deliberately broken copies of a pilot, naming the problem."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from curriculum.cli import main
from curriculum.core import notebook as nb
from curriculum.core.build import build
from curriculum.core.course import Course

from .support import copy_course

pytestmark = pytest.mark.slow
PILOT = "python-01-first-steps"


def edit_source(course: Course, change: Callable[[nb.NotebookNode], None], rebuild: bool = False) -> None:
    assignment = course.catalog.assignment(PILOT)
    path = course.source_notebook(assignment)
    notebook = nb.read(path)
    change(notebook)
    nb.write(notebook, path)
    if rebuild:
        build(course, assignment)


def cells(notebook: nb.NotebookNode, kind: Callable[[nb.NotebookNode], bool]) -> list[nb.NotebookNode]:
    return [cell for cell, _ in nb.graded_cells(notebook) if kind(cell)]


def answers(notebook):
    return [c for c in cells(notebook, nb.is_answer) if c.cell_type == "code"]


def break_solution(course: Course) -> None:
    def change(notebook):
        answer = answers(notebook)[0]
        start = answer.source.index("### BEGIN SOLUTION") + len("### BEGIN SOLUTION")
        end = answer.source.index("### END SOLUTION")
        indent = answer.source[:end].rsplit("\n", 1)[1]
        answer.source = answer.source[:start] + f"\n{indent}raise ValueError('broken')\n" + answer.source[end:]
    edit_source(course, change, rebuild=True)


def pass_on_blank(course: Course) -> None:
    def change(notebook):
        cells(notebook, nb.is_test)[0].source = "print('all good')"
    edit_source(course, change, rebuild=True)


def duplicate_grade_id(course: Course) -> None:
    def change(notebook):
        first, second = answers(notebook)[:2]
        second.metadata.nbgrader.grade_id = first.metadata.nbgrader.grade_id
    edit_source(course, change)


def keep_outputs(course: Course) -> None:
    def change(notebook):
        cell = next(c for c in notebook.cells if c.cell_type == "code")
        cell.outputs = [nb.nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
        cell.execution_count = 1
    edit_source(course, change)


def drop_from_catalog(course: Course) -> None:
    path = course.modules_dir / "python.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["assignments"] = []
    path.write_text(yaml.safe_dump(data), encoding="utf-8")


def leak_solution(course: Course) -> None:
    assignment = course.catalog.assignment(PILOT)
    source = nb.read(course.source_notebook(assignment))
    answer = answers(source)[0]
    lines = answer.source.splitlines()
    leaked = lines[lines.index(next(line for line in lines if "### BEGIN SOLUTION" in line)) + 1]
    path = course.release_notebook(assignment)
    release = nb.read(path)
    target = next(c for c in release.cells if c.get("id") == answer.get("id"))
    target.source += "\n" + leaked
    nb.write(release, path)


def link_out(course: Course) -> None:
    def change(notebook):
        cell = next(c for c in notebook.cells if c.cell_type == "markdown")
        cell.source += "\n\nRead more at https://example.org/python."
    edit_source(course, change)


def uncaught_mistake(course: Course) -> None:
    assignment = course.catalog.assignment(PILOT)
    source = nb.read(course.source_notebook(assignment))
    answer = answers(source)[0]
    test = next(c for c in cells(source, nb.is_test)
                if c.metadata.nbgrader.grade_id.startswith(f"test_{answer.metadata.nbgrader.grade_id}"))
    path = course.mistakes_file(assignment)
    recorded = yaml.safe_load(path.read_text(encoding="utf-8"))
    recorded.append({"task": answer.metadata.nbgrader.grade_id, "test": test.metadata.nbgrader.grade_id,
                     "what": "the right answer, recorded as a mistake", "code": answer.source,
                     "message": "anything"})
    path.write_text(yaml.safe_dump(recorded, sort_keys=False), encoding="utf-8")


def mistake_only_hidden_tests_catch(course: Course) -> None:
    """The visible check of `test_message` asks only for some text; the hidden test asks for the right text."""
    def change(notebook):
        cell = next(c for c in cells(notebook, nb.is_test) if c.metadata.nbgrader.grade_id == "test_message")
        cell.source = ("from curriculum.checks import check_value, check_variable\n\n"
                       "check_variable(\"message\", str)\n\n### BEGIN HIDDEN TESTS\n"
                       "check_value(\"message\", \"Hello, world!\", hint=\"Copy it.\")\n### END HIDDEN TESTS")
    edit_source(course, change)
    path = course.mistakes_file(course.catalog.assignment(PILOT))
    recorded = yaml.safe_load(path.read_text(encoding="utf-8"))
    recorded.append({"task": "message", "test": "test_message", "what": "no comma",
                     "code": 'message = "Hello world!"\n', "message": "Copy it."})
    path.write_text(yaml.safe_dump(recorded, sort_keys=False), encoding="utf-8")


def add_check(course: Course, grade_id: str, line: str) -> None:
    """Add a check at the end of the visible part of a test cell."""
    def change(notebook):
        cell = next(c for c in cells(notebook, nb.is_test) if c.metadata.nbgrader.grade_id == grade_id)
        visible, hidden = cell.source.split("### BEGIN HIDDEN TESTS")
        cell.source = f"{visible.rstrip()}\n{line}\n\n### BEGIN HIDDEN TESTS{hidden}"
    edit_source(course, change)


LONG_HINT = " ".join(["Write the number of hours you worked this week"] * 2) + " with no quote marks at all today."
BARE_CHECK = 'check_value("message", "Hello, world!")'
ANSWER_LINE = 'message = "Hello, world!"'  # the pilot's first solution line


def check_without_hint(course: Course) -> None:
    add_check(course, "test_message", BARE_CHECK)


def hint_of_25_words(course: Course) -> None:
    add_check(course, "test_message", f'check_value("message", "Hello, world!", hint="{LONG_HINT}")')


def uncollapsed_check_cell(course: Course) -> None:
    path = course.release_notebook(course.catalog.assignment(PILOT))
    release = nb.read(path)
    next(c for c in cells(release, nb.is_test)).metadata.pop("jupyter")
    nb.write(release, path)


def answer_in_first_stage(course: Course) -> None:
    staged = ("Write " + ANSWER_LINE, "Look at the task again.")
    add_check(course, "test_message", f'check_value("message", "Hello, world!", hint={staged!r})')


CASES = [
    pytest.param(break_solution, "solution-full-marks", "gave the solution 0 of", id="solution-fails-its-test"),
    pytest.param(pass_on_blank, "blank-scores-zero", "to the untouched learner notebook",
                 id="test-passes-on-blank"),
    pytest.param(duplicate_grade_id, "metadata", "is used twice", id="duplicate-grade-id"),
    pytest.param(keep_outputs, "outputs", "has outputs or a run count", id="notebook-with-outputs"),
    pytest.param(drop_from_catalog, "catalog", f"source/{PILOT} is not in the catalog", id="missing-from-catalog"),
    pytest.param(leak_solution, "release-clean", "shows a solution or hidden test", id="solution-leaked"),
    pytest.param(link_out, "no-external-links", "remove the internet address https://example.org/python",
                 id="external-url"),
    pytest.param(uncaught_mistake, "mistakes-caught", "passed it; make the test catch this mistake",
                 id="mistake-not-caught"),
    pytest.param(mistake_only_hidden_tests_catch, "visible-agrees",
                 "mistake “no comma” in `message`: only the hidden tests of `test_message` catch it",
                 id="mistake-only-hidden-tests-catch"),
    pytest.param(check_without_hint, "hints", f"`{BARE_CHECK}` has no hint", id="check-without-hint"),
    pytest.param(hint_of_25_words, "readability", "this sentence has 25 words, more than 20; split it: “Write the",
                 id="hint-sentence-of-25-words"),
    pytest.param(uncollapsed_check_cell, "check-cells",
                 "test cells show their code in the release (not collapsed): `test_message`", id="check-cell-shown"),
    pytest.param(answer_in_first_stage, "check-cells",
                 f"the hint shows the answer line `{ANSWER_LINE}` in stage 1 of 2", id="answer-line-in-first-stage"),
]


@pytest.mark.parametrize(("damage", "gate", "expected"), CASES)
def test_check_fails_and_names_the_problem(tmp_path, capsys, damage, gate, expected):
    course = copy_course(tmp_path, PILOT)
    damage(course)
    target = [] if damage is drop_from_catalog else [PILOT]
    code = main(["--root", str(course.root), "check", *target, "--gate", gate])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "FAIL" in out and expected in out, out


def test_check_passes_on_an_untouched_copy(tmp_path, capsys):
    course = copy_course(tmp_path, PILOT)
    code = main(["--root", str(course.root), "check", PILOT, "--gate", "metadata", "--gate", "release-clean"])
    assert code == 0, capsys.readouterr().out
