"""The hints, readability and check-cells gates, and the collapsing of test cells, in memory on a small course."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from nbgrader.converters import GenerateAssignment

from curriculum.author import new
from curriculum.author.gates import Context, teaching
from curriculum.core import notebook as nb
from curriculum.core.course import Course
from curriculum.core.generate import CollapseTestCells, generate_steps

from .support import DEMO, new_course

LONG = ("This hint goes on and on with many small words so that the learner has to hold far too much in mind "
        "at once today.")


def collapsed(notebook: nb.NotebookNode) -> nb.NotebookNode:
    """What the build does to test cells, without running nbgrader."""
    step = CollapseTestCells()
    for index, cell in enumerate(notebook.cells):
        step.preprocess_cell(cell, {}, index)
    return notebook


def release(course: Course, notebook: nb.NotebookNode) -> None:
    assignment = course.catalog.assignment(DEMO)
    course.release_dir(assignment).mkdir(parents=True, exist_ok=True)
    nb.write(notebook, course.release_notebook(assignment))


@pytest.fixture
def course(tmp_path: Path) -> Course:
    """A course with the `curriculum new` skeleton, its release collapsed as the build collapses it."""
    empty = new_course(tmp_path)
    new.new_module(empty, "demo")
    new.new_assignment(empty, "demo", "doubling")
    course = Course(tmp_path)
    release(course, collapsed(nb.read(course.source_notebook(course.catalog.assignment(DEMO)))))
    return course


def context(course: Course, change: Callable[[nb.NotebookNode], None] | None = None) -> Context:
    """A fresh context of the demo assignment, after ``change`` to its source notebook."""
    assignment = course.catalog.assignment(DEMO)
    if change:
        notebook = nb.read(course.source_notebook(assignment))
        change(notebook)
        nb.write(notebook, course.source_notebook(assignment))
    return Context(course, assignment)


def visible_checks(source: str) -> Callable[[nb.NotebookNode], None]:
    """A change that puts ``source`` as the visible part of the test cell."""
    def change(notebook: nb.NotebookNode) -> None:
        cell = next(c for c in notebook.cells if nb.is_test(c))
        cell.source = "from curriculum.checks import check_call\n\n" + source
    return change


def problems(outcome) -> str:
    assert not outcome.passed
    return "\n".join(outcome.problems)


@pytest.mark.parametrize("gate", [teaching.hints, teaching.reading_level, teaching.check_cells])
def test_the_skeleton_passes(course: Course, gate) -> None:
    outcome = gate(context(course))
    assert outcome.passed, outcome.problems


def test_the_skeleton_shows_a_staged_hint(course: Course) -> None:
    (cell,) = teaching.cell_checks(context(course))
    assert len(cell.checks[0].messages[0].stages) == 3


def test_a_check_with_no_hint_is_named_with_its_cell_and_line(course: Course) -> None:
    two = visible_checks('check_call("double", [4], 8, hint="Times 2.")\ncheck_call("double", [1], 2)')
    found = problems(teaching.hints(context(course, two)))
    assert found == ('cell `test_double`, line 4: `check_call("double", [1], 2)` has no hint; add '
                     'hint=("what is wrong", "a nudge", "the line to write") or a mistakes={…} table')


def test_a_hidden_check_with_no_hint_is_named_as_hidden(course: Course) -> None:
    hidden = visible_checks('check_call("double", [4], 8, hint="Times 2.")\n### BEGIN HIDDEN TESTS\n'
                            'check_call("double", [0], 0)\n### END HIDDEN TESTS')
    found = problems(teaching.hints(context(course, hidden)))
    assert found == ('cell `test_double`, line 5 (in the hidden tests): `check_call("double", [0], 0)` has no hint; '
                     'add hint=("what is wrong", "a nudge", "the line to write") or a mistakes={…} table')


def test_a_mistakes_table_is_enough(course: Course) -> None:
    tabled = context(course, visible_checks('check_call("double", [4], 8, mistakes={6: "Times 2."})'))
    assert teaching.hints(tabled).passed


@pytest.mark.parametrize("gate", [teaching.hints, teaching.reading_level, teaching.check_cells])
def test_checks_that_are_not_python_are_reported_not_crashed_on(course: Course, gate) -> None:
    broken = context(course, visible_checks("check_call("))
    assert "the visible checks are not valid Python (line 3" in problems(gate(broken))


def test_a_hint_with_a_long_sentence_is_quoted(course: Course) -> None:
    found = problems(teaching.reading_level(context(course, visible_checks(
        f'check_call("double", [4], 8, hint=("Not yet.", "{LONG}"))'))))
    assert f"cell `test_double`, line 3: this sentence has {len(LONG.split())} words, more than 20" in found
    assert "“This hint goes on" in found


def test_the_word_limit_is_a_setting(course: Course) -> None:
    with (course.root / "nbgrader_config.py").open("a", encoding="utf-8") as config:
        config.write("\nc.Curriculum.max_sentence_words = 30\n")
    outcome = teaching.reading_level(context(Course(course.root), visible_checks(
        f'check_call("double", [4], 8, hint="{LONG}")')))
    assert not any("more than" in problem for problem in outcome.problems), outcome.problems


def test_hard_hints_fail_and_the_hardest_is_named(course: Course) -> None:
    hard = "Multiplicative operations necessitate considerable deliberation."
    found = problems(teaching.reading_level(context(course, visible_checks(
        f'check_call("double", [4], 8, hint="Use a star.", mistakes={{6: "{hard}"}})'))))
    assert "the hints and messages read at grade" in found
    assert f"Start with: cell `test_double`, line 3 “{hard}”" in found


def test_a_long_sentence_in_the_text_is_named(course: Course) -> None:
    def change(notebook: nb.NotebookNode) -> None:
        notebook.cells[1].source += "\n\n" + LONG
    found = problems(teaching.reading_level(context(course, change)))
    assert len(LONG.split()) == 25
    assert found.startswith("the text: this sentence has 25 words, more than 20; split it: “This hint")


def test_the_figure_gives_both_grades(course: Course) -> None:
    assert teaching.reading_level(context(course)).figure.startswith("grade ")
    assert ", hints " in teaching.reading_level(context(course)).figure


def test_an_answer_line_in_the_first_stage_is_a_give_away(course: Course) -> None:
    found = problems(teaching.check_cells(context(course, visible_checks(
        'check_call("double", [4], 8, hint=("Write return n * 2", "Use *."))'))))
    assert found.startswith("cell `test_double`, line 3: the hint shows the answer line `return n * 2` in stage 1 "
                            "of 2; say what is wrong first and show the line in the last stage only")


def test_an_answer_line_in_a_one_stage_mistake_message_is_a_give_away(course: Course) -> None:
    found = problems(teaching.check_cells(context(course, visible_checks(
        'check_call("double", [4], 8, hint="Use *.", mistakes={6: "Write return n * 2."})'))))
    assert "the mistake shows the answer line `return n * 2` in stage 1 of 1" in found
    assert 'mistakes={wrong: ("what is wrong", "a nudge", "the line to write")}' in found


def test_short_lines_and_comments_of_a_solution_are_not_answer_lines(course: Course) -> None:
    def change(notebook: nb.NotebookNode) -> None:
        answer = next(c for c in notebook.cells if nb.is_code_answer(c))
        answer.source = answer.source.replace("return n * 2", "# times it by 2\n    m = 2\n    return n * m")
    assert teaching.answer_lines(context(course, change)) == {"return n * m"}


def test_an_uncollapsed_test_cell_in_the_release_is_named(course: Course) -> None:
    notebook = nb.read(course.release_notebook(course.catalog.assignment(DEMO)))
    next(c for c in notebook.cells if nb.is_test(c)).metadata.pop("jupyter")
    release(course, notebook)
    assert problems(teaching.check_cells(context(course))) == (
        "test cells show their code in the release (not collapsed): `test_double`; "
        f"run `curriculum build {DEMO}`, which collapses test cells")


def test_a_missing_release_is_named(course: Course) -> None:
    course.release_notebook(course.catalog.assignment(DEMO)).unlink()
    assert "doubling.ipynb is missing; run `curriculum build" in problems(teaching.check_cells(context(course)))


def test_the_build_step_collapses_test_cells_only() -> None:
    notebook = collapsed(nb.new([nb.code("example", "print(1)"), nb.answer("double", "return n * 2"),
                                 nb.tests("test_double", "check_call('double', [1], 2)")]))
    assert [c.metadata.get("jupyter", {}).get("source_hidden") for c in notebook.cells] == [None, None, True]


def test_the_course_generates_with_nbgrader_s_steps_then_collapses(course: Course) -> None:
    steps = generate_steps()
    assert steps[:-1] == GenerateAssignment.class_traits()["preprocessors"].default()
    assert steps[-1] is CollapseTestCells
    assert course.config.GenerateAssignment.preprocessors == steps
