"""The course's nbgrader preprocessors, run in memory on small notebooks."""

from __future__ import annotations

import pytest
from nbgrader.preprocessors import ClearHiddenTests, LimitOutput
from traitlets.config import Config

from curriculum.classroom.preprocessors import (
    CUT_MARK, TAMPERING_ERROR, DetectTampering, HideHiddenTests, LimitOutputBytes, autograde_steps, tampering)
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
])
def test_tampering_names_what_could_change_the_checks(source: str, names: list[str]) -> None:
    assert tampering(source) == names


def test_a_notebook_that_tampers_fails_every_test_with_a_reason() -> None:
    notebook = nb.new([nb.answer("double", "import builtins\ndef double(n):\n    return n * 2"),
                       nb.tests("test_double", "assert double(2) == 4")])
    notebook, _ = DetectTampering().preprocess(notebook, {})
    error = notebook.cells[1].outputs[-1]
    assert error.ename == TAMPERING_ERROR and "builtins" in error.evalue


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


def test_autograding_keeps_nbgrader_steps_with_two_of_ours_in_place_of_the_line_limit() -> None:
    steps = autograde_steps()
    assert LimitOutput not in steps and ClearHiddenTests not in steps
    at = steps.index(LimitOutputBytes)
    assert steps[at + 1] is DetectTampering and len(steps) == 8
