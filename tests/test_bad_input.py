"""Bad submissions get a clear message each; everyone else is graded; nothing is lost."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pytest

from curriculum.classroom.grading import LearnerResult, grade
from curriculum.cli import main
from curriculum.core import notebook as nb
from curriculum.core.course import Course

from .support import DEMO, answered, demo_course, hand_in

# every bad hand-in is graded in one run
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("bad_input")]

NAME = "doubling.ipynb"


def other_assignment() -> bytes:
    notebook = nb.new([nb.answer("area", "def area(w, h):\n    ### BEGIN SOLUTION\n    return w * h\n"
                                         "    ### END SOLUTION"),
                       nb.tests("test_area", "assert area(2, 3) == 6")])
    return nb.nbformat.writes(notebook).encode()


BAD = {
    "damaged": ({NAME: b'{"cells": [{"cell_type": "code", '}, "is not a valid notebook (the file is damaged)"),
    "empty": ({NAME: b""}, "is empty"),
    "picture": ({NAME: bytes(range(256)) * 10}, "cannot be read as text"),
    "text": ({NAME: b"my answers are: 8, 0, -6"}, "is not a valid notebook"),
    "wrong-one": ({NAME: other_assignment()}, "the notebook of another assignment"),
    "huge": ({NAME: b'{"cells": [], "x": "' + b"x" * (21 * 1024 * 1024) + b'"}'}, "is too large (21 MB"),
    "nothing": ({"notes.txt": b"sorry, no time"}, f"{NAME} is missing"),
}


@dataclass(frozen=True)
class Graded:
    """The bad hand-ins after grading: results, each learner's folder, and what its files held before."""

    course: Course
    results: dict[str, LearnerResult]
    folders: dict[str, Path]
    kept: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = demo_course(tmp_path_factory.mktemp("bad") / "course")
    solution = answered(course, course.catalog.assignment(DEMO))
    hand_in(course, "honest", {NAME: nb.nbformat.writes(solution).encode()})
    folders = {learner: hand_in(course, learner, files) for learner, (files, _) in BAD.items()}
    kept = {learner: {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
            for learner, folder in folders.items()}
    results = {r.learner: r for r in grade(course, DEMO, jobs=2, show_progress=False)}
    return Graded(course, results, folders, kept)


def test_everyone_else_is_graded(graded):
    results = graded.results
    assert (results["honest"].score, results["honest"].max_score, results["honest"].problems) == (1, 1, ())


@pytest.mark.parametrize("learner", list(BAD))
def test_each_bad_submission_gets_its_own_message_and_no_marks(graded, learner):
    results = graded.results
    assert results[learner].score == 0
    assert any(BAD[learner][1] in problem for problem in results[learner].problems), results[learner].problems


def test_nothing_handed_in_is_lost(graded):
    for learner, folder in graded.folders.items():
        assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()} == graded.kept[learner]


def test_the_command_says_who_was_not_graded(graded, capsys):
    assert main(["--root", str(graded.course.root), "grade", DEMO]) == 1
    out = capsys.readouterr().out
    assert "honest" in out and "Not graded:" in out and "damaged" in out.split("Not graded:")[1]
