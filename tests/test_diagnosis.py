"""Problems with a submission, in plain words: each rule, in memory, in milliseconds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curriculum.classroom.diagnosis import edits, notebook_problem, output_problems
from curriculum.classroom.preprocessors import CUT_MARK, TAMPERING_ERROR
from curriculum.core import notebook as nb

LIMIT = 1000


def release() -> dict:
    """A learner notebook: one answer, one locked test, the python3 kernel."""
    notebook = nb.new([nb.answer("double", "def double(n):\n    raise NotImplementedError"),
                       nb.tests("test_double", "assert double(2) == 4")])
    return json.loads(nb.nbformat.writes(notebook))


def changed(change) -> dict:
    notebook = release()
    change(notebook)
    return notebook


@pytest.mark.parametrize("content, words", [
    (b'{"cells": [{"cell_type": "code", ', "is not a valid notebook (the file is damaged)"),
    (b"", "is empty"),
    (bytes(range(256)) * 2, "cannot be read as text"),
    (b"my answers are: 8, 0, -6", "is not a valid notebook"),
    (b'["a list"]', "is not a notebook"),
    (b'{"cells": [], "x": "' + b"x" * LIMIT + b'"}', "is too large"),
])
def test_an_unreadable_notebook_is_named_with_the_reason(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "doubling.ipynb"
    path.write_bytes(content)
    problem = notebook_problem(path, LIMIT)
    assert problem is not None and problem.startswith("doubling.ipynb") and words in problem


def test_a_readable_notebook_has_no_problem(tmp_path: Path) -> None:
    path = tmp_path / "doubling.ipynb"
    path.write_text(json.dumps(release()))
    assert notebook_problem(path, LIMIT * 1000) is None


def test_an_honest_notebook_has_no_edits() -> None:
    answered = changed(lambda n: n["cells"][0].update(source="def double(n):\n    return n * 2"))
    assert edits(answered, release()) == []


@pytest.mark.parametrize("change, words", [
    (lambda n: n["cells"][1].update(source="pass"), "a locked cell (test_double) was changed"),
    (lambda n: n["cells"][1]["metadata"]["nbgrader"].update(points=100), "nbgrader details of cell test_double"),
    (lambda n: n["cells"].append(json.loads(json.dumps(n["cells"][0]))), "cell double appears twice"),
    (lambda n: n["metadata"]["kernelspec"].update(name="bash"), "kernel was changed (to bash)"),
    (lambda n: [c["metadata"]["nbgrader"].update(grade_id="other_" + c["metadata"]["nbgrader"]["grade_id"])
                for c in n["cells"]], "the notebook of another assignment"),
])
def test_each_forbidden_edit_is_named(change, words: str) -> None:
    problems = edits(changed(change), release())
    assert any(words in problem for problem in problems), problems


def graded_folder(tmp_path: Path, *outputs: dict) -> Path:
    notebook = release()
    notebook["cells"][1]["outputs"] = list(outputs)
    (tmp_path / "doubling.ipynb").write_text(json.dumps(notebook))
    return tmp_path


def error(name: str, value: str) -> dict:
    return {"output_type": "error", "ename": name, "evalue": value, "traceback": []}


@pytest.mark.parametrize("output, words", [
    (error("MemoryError", ""), "more memory than allowed"),
    (error("OSError", "[Errno 27] File too large"), "a file larger than allowed"),
    (error("BlockingIOError", "[Errno 11] Resource temporarily unavailable"), "more processes than allowed"),
    (error("OSError", "[Errno 24] Too many open files"), "opened more files than allowed"),
    (error("CellTimeoutError", "A cell timed out"), "ran for too long"),
    (error("OSError", "[Errno 101] Network is unreachable"), "tried to use the network"),
    (error("OSError", "[Errno 99] Cannot assign requested address"), "tried to use the network"),
    ({"output_type": "stream", "name": "stdout", "text": f"\n{CUT_MARK}\n"}, "printed more than we keep"),
    (error("PermissionError", "[Errno 13] Permission denied: '/etc/shadow'"), "not allowed to do"),
    (error("FileNotFoundError", "[Errno 2] No such file or directory: '/srv/answers.txt'"),
     "not in its own folder"),
    (error(TAMPERING_ERROR, "uses sys"), "reach into the checking code"),
])
def test_each_limit_learner_code_ran_into_is_named(tmp_path: Path, output: dict, words: str) -> None:
    problems = output_problems(graded_folder(tmp_path, output))
    assert len(problems) == 1 and words in problems[0], problems


def test_an_ordinary_wrong_answer_is_no_problem_for_the_instructor(tmp_path: Path) -> None:
    assert output_problems(graded_folder(tmp_path, error("NotQuiteRight", "We tried: double(2)"))) == []
