"""The course's nbgrader preprocessors, run in memory on small notebooks."""

from __future__ import annotations

import pytest
from nbgrader.preprocessors import ClearHiddenTests, LimitOutput
from traitlets.config import Config

from nbgrader.preprocessors import Execute

from curriculum.classroom.preprocessors import (
    CUT_MARK, HIDDEN_SHOWN_ERROR, REDACTED, TAMPERING_ERROR, DetectTampering, ExecuteTestsWithoutHistory,
    HideHiddenTests, LimitOutputBytes, RedactHiddenTests, autograde_steps, tampering)
from curriculum.core import notebook as nb


def printed(*texts: str) -> nb.NotebookNode:
    cell = nb.code("shout", "print('a' * 10_000)")
    cell.outputs = [nb.nbformat.v4.new_output("stream", name="stdout", text=text) for text in texts]
    return cell


def test_a_long_line_is_cut_to_the_byte_limit_and_says_so() -> None:
    cell, _ = LimitOutputBytes(max_bytes=1000).preprocess_cell(printed("a" * 100_000), {}, 0)
    assert sum(len(o.text) for o in cell.outputs) < 1100
    assert CUT_MARK in cell.outputs[-1].text


def test_output_under_the_limit_is_kept_whole() -> None:
    cell, _ = LimitOutputBytes(max_bytes=1000).preprocess_cell(printed("hello\n", "there\n"), {}, 0)
    assert [o.text for o in cell.outputs] == ["hello\n", "there\n"]


def test_no_byte_limit_keeps_everything() -> None:
    cell, _ = LimitOutputBytes(max_bytes=-1).preprocess_cell(printed("a" * 100_000), {}, 0)
    assert cell.outputs[0].text == "a" * 100_000 and len(cell.outputs) == 1


@pytest.mark.parametrize("source, names", [
    ("def double(n):\n    return n * 2", []),
    ("import sys\nsys.modules['curriculum.checks'] = None", ["sys"]),
    ("from curriculum import checks\nchecks.check_call = print", ["curriculum"]),
    ("get_ipython().events.register('post_run_cell', print)", ["get_ipython"]),
    ("x = (1).__class__.__subclasses__()", ["__class__", "__subclasses__"]),
    ("exec('print(1)')", ["exec"]),
    ("def broken(:\n", []),
    ("%history -g", ["get_ipython"]),
    ("!cat ../../source/*/*.ipynb", ["get_ipython"]),
    ("from curriculum.checks import check_call\ncheck_call.__defaults__ = (None,)", ["__defaults__"]),
    ("from curriculum.htmlcheck import show", []),
    ("import curriculum.checks as checks", ["curriculum"]),
    ("from sys import modules", ["sys"]),
])
def test_tampering_names_what_could_change_the_checks(source: str, names: list[str]) -> None:
    assert tampering(source) == names


def test_a_notebook_that_tampers_fails_every_test_with_a_reason() -> None:
    notebook = nb.new([nb.answer("double", "import builtins\ndef double(n):\n    return n * 2"),
                       nb.tests("test_double", "assert double(2) == 4")])
    notebook, _ = DetectTampering().preprocess(notebook, {})
    error = notebook.cells[1].outputs[-1]
    assert error.ename == TAMPERING_ERROR and "builtins" in error.evalue


def test_a_cell_the_learner_added_is_read_too() -> None:
    notebook = nb.new([nb.answer("double", "def double(n):\n    return n * 2"),
                       nb.code("added", "get_ipython().events.register('pre_run_cell', print)"),
                       nb.tests("test_double", "assert double(2) == 4")])
    notebook, _ = DetectTampering().preprocess(notebook, {})
    assert notebook.cells[2].outputs[-1].ename == TAMPERING_ERROR


def test_an_honest_notebook_is_left_alone() -> None:
    notebook = nb.new([nb.answer("double", "def double(n):\n    return n * 2"),
                       nb.tests("test_double", "assert double(2) == 4")])
    notebook, _ = DetectTampering().preprocess(notebook, {})
    assert notebook.cells[1].get("outputs") == []


def with_hidden_test() -> nb.NotebookNode:
    return nb.new([nb.tests("test_double", "assert double(2) == 4\n### BEGIN HIDDEN TESTS\n"
                                           "assert double(-3) == -6\n### END HIDDEN TESTS")])


@pytest.mark.parametrize("show, shown", [(False, False), (True, True)])
def test_feedback_shows_hidden_tests_only_when_the_course_says_so(show: bool, shown: bool) -> None:
    config = Config()
    config.Curriculum.show_hidden_tests_in_feedback = show
    notebook, _ = HideHiddenTests(config=config).preprocess(with_hidden_test(), {})
    assert ("double(-3)" in notebook.cells[0].source) is shown


def stream(text: str) -> nb.NotebookNode:
    return nb.nbformat.v4.new_output("stream", name="stdout", text=text)


def test_an_output_that_shows_a_hidden_test_is_removed_and_scores_zero() -> None:
    notebook = with_hidden_test()
    spy = nb.code("spy", "print(In)")
    spy.outputs = [stream("['', 'assert double(-3) == -6']\n")]
    notebook.cells.insert(0, spy)
    notebook, _ = RedactHiddenTests().preprocess(notebook, {})
    assert spy.outputs == [stream(REDACTED + "\n")]
    assert notebook.cells[1].outputs[-1].ename == HIDDEN_SHOWN_ERROR


def test_a_hook_that_prints_inside_a_test_cell_is_caught_there_too() -> None:
    notebook = with_hidden_test()
    notebook.cells[0].outputs = [stream("assert double(2) == 4\n### BEGIN HIDDEN TESTS\nassert double(-3) == -6\n")]
    notebook, _ = RedactHiddenTests().preprocess(notebook, {})
    assert notebook.cells[0].outputs[0].text == REDACTED + "\n"
    assert notebook.cells[0].outputs[-1].ename == HIDDEN_SHOWN_ERROR


def test_a_failing_hidden_test_loses_its_traceback_but_is_not_called_tampering() -> None:
    notebook = with_hidden_test()
    notebook.cells[0].outputs = [nb.nbformat.v4.new_output(
        "error", ename="AssertionError", evalue="", traceback=["----> 3 assert double(-3) == -6", "AssertionError"])]
    notebook, _ = RedactHiddenTests().preprocess(notebook, {})
    assert [o.traceback for o in notebook.cells[0].outputs] == [["AssertionError: "]]


def test_a_hidden_line_the_learner_typed_themselves_is_not_a_leak() -> None:
    notebook = with_hidden_test()
    mine = nb.code("mine", "assert double(-3) == -6")
    mine.outputs = [nb.nbformat.v4.new_output("error", ename="NameError", evalue="name 'double' is not defined",
                                              traceback=["----> 1 assert double(-3) == -6"])]
    notebook.cells.insert(0, mine)
    notebook, _ = RedactHiddenTests().preprocess(notebook, {})
    assert mine.outputs[0].ename == "NameError" and notebook.cells[1].outputs == []


def test_autograding_runs_tests_without_history_hides_them_and_limits_output() -> None:
    steps = autograde_steps()
    assert LimitOutput not in steps and ClearHiddenTests not in steps and Execute not in steps
    assert steps[:2] == [ExecuteTestsWithoutHistory, RedactHiddenTests]
    at = steps.index(LimitOutputBytes)
    assert steps[at + 1] is DetectTampering and len(steps) == 9
