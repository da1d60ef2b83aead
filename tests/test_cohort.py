"""A simulated cohort through the real exchange: release, fetch, submit, collect, grade, feedback, records."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from curriculum.classroom.grading import Engine
from curriculum.classroom.lab import learner_folder
from curriculum.cli import main
from curriculum.core import notebook as nb
from curriculum.core.course import Course
from curriculum.core.engine import nbgrader

from .support import answer_tasks, answered, copy_course

ASSIGNMENT = "python-01-first-steps"

# one cohort, graded once, for every test here
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("cohort")]
EXTERNAL_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""",
                                re.I)


def learner_nbgrader(course: Course, student: str, *args: str) -> Path:
    """Run an nbgrader learner command as ``student``, in the learner's folder the classroom makes; return it."""
    home = learner_folder(course, student)
    done = nbgrader(home, *args, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return home


class Plan:
    """What each kind of learner hands in, and what they must score."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.assignment = course.catalog.assignment(ASSIGNMENT)
        self.source = nb.read(course.source_notebook(self.assignment))
        graded = list(nb.graded_cells(self.source))
        metas = [meta for _, meta in graded]
        self.tests = {m["grade_id"]: float(m["points"]) for cell, m in graded if nb.is_test(cell)}
        self.tasks = answer_tasks(course, self.assignment)
        self.full = sum(self.tests.values())
        self.total = sum(float(m["points"]) for m in metas if m.get("grade"))

    def points_for(self, tasks: list[str]) -> float:
        return sum(p for t, p in self.tests.items() if any(t == f"test_{k}" or t.startswith(f"test_{k}_")
                                                           for k in tasks))

    def answer(self, path: Path, tasks: list[str]) -> None:
        """Write the solution of ``tasks`` into the learner notebook at ``path``."""
        nb.write(answered(self.course, self.assignment, tasks), path)


@dataclass(frozen=True)
class Cohort:
    """A course with its learners' work collected, and the score each learner must get."""

    course: Course
    plan: Plan
    expected: dict[str, float]
    exit_code: int | None = None  # of the first `curriculum grade`, once graded


@pytest.fixture(scope="module")
def cohort(tmp_path_factory):
    """Twelve learners and one learner on a USB stick, graded; yields what the tests check."""
    tmp = tmp_path_factory.mktemp("cohort")
    course = copy_course(tmp / "course", ASSIGNMENT)
    root = str(course.root)
    plan = Plan(course)
    half = plan.tasks[: len(plan.tasks) // 2]
    assert main(["--root", root, "release", ASSIGNMENT]) == 0
    learners = {f"full{n}": "full" for n in range(3)} | {f"part{n}": "half" for n in range(3)} | {
        "blank0": "blank", "blank1": "blank", "broken": "json", "deleter": "delete", "renamer": "rename",
        "latecomer": "late"}
    expected = {}
    for student, kind in learners.items():
        home = learner_nbgrader(course, student, "fetch_assignment", ASSIGNMENT)
        path = home / course.directory.course_id / ASSIGNMENT / plan.assignment.notebook_name
        if kind in ("full", "delete", "late"):
            plan.answer(path, plan.tasks)
        elif kind == "half":
            plan.answer(path, half)
        elif kind == "json":
            path.write_text('{"cells": [', encoding="utf-8")
        elif kind == "rename":
            plan.answer(path, plan.tasks)
            path.rename(path.with_name("my-work.ipynb"))
        if kind == "delete":
            notebook = nb.read(path)
            notebook.cells = [c for c in notebook.cells
                              if nb.nbgrader_meta(c).get("grade_id") != next(iter(plan.tests))]
            nb.write(notebook, path)
        if kind == "late":
            continue
        learner_nbgrader(course, student, "submit", ASSIGNMENT)
        expected[student] = {"full": plan.full, "half": plan.points_for(half), "delete": plan.full}.get(kind, 0.0)
    with course.gradebook() as book:
        book.update_or_create_student("absent")  # on the class list, never handed anything in
        book.update_or_create_assignment(ASSIGNMENT, duedate=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
    time.sleep(1.5)
    learner_nbgrader(course, "latecomer", "submit", ASSIGNMENT)
    expected["latecomer"] = plan.full

    usb = tmp / "usb"
    assert main(["--root", root, "pack", ASSIGNMENT, "--to", str(tmp / "out.zip")]) == 0
    zipfile.ZipFile(tmp / "out.zip").extractall(usb / "stick")
    plan.answer(usb / "stick" / ASSIGNMENT / plan.assignment.notebook_name, plan.tasks)
    shutil.make_archive(str(usb / "usbuser"), "zip", usb / "stick")
    expected["usbuser"] = plan.full

    assert main(["--root", root, "collect", ASSIGNMENT]) == 0
    assert main(["--root", root, "import-zips", ASSIGNMENT, str(usb / "usbuser.zip")]) == 0
    return Cohort(course, plan, expected)


def scores(course: Course) -> dict[str, float]:
    with course.gradebook() as book:
        return {s.student.id: float(s.score) for s in book.assignment_submissions(ASSIGNMENT)}


@pytest.fixture(scope="module")
def graded(cohort):
    """The cohort, graded once by the `grade` command."""
    return replace(cohort, exit_code=main(["--root", str(cohort.course.root), "grade", ASSIGNMENT, "--jobs", "2"]))


def test_every_learner_gets_the_exact_score_and_the_summary_names_each_problem(graded, capsys):
    course, plan, expected = graded.course, graded.plan, graded.expected
    assert graded.exit_code == 1  # the broken notebook could not be graded, and the exit code says so
    assert scores(course) == pytest.approx(expected)
    code = main(["--root", str(course.root), "grade", ASSIGNMENT])
    out = capsys.readouterr().out
    assert code == 1
    assert scores(course) == pytest.approx(expected), "grading twice changes nothing"
    lines = {line.split()[0]: line for line in out.splitlines() if line and not line.startswith(" ")}
    name = plan.assignment.notebook_name
    assert "not a valid notebook" in lines["broken"]
    assert f"{name} is missing (found my-work.ipynb: was it renamed?)" in out
    assert f"a test cell ({next(iter(plan.tests))}) was deleted; it was put back" in lines["deleter"]
    assert "handed in late" in lines["latecomer"]
    assert f"{plan.full:g} / {plan.total:g}" in lines["full0"] and lines["full0"].rstrip().endswith("-")
    assert "Graded 11 of 13 learners. Not graded: broken, renamer." in out
    assert f"How learner code ran: {Engine.best().value}." in out


def test_a_grading_killed_half_way_finishes_with_identical_grades(graded):
    course, expected = graded.course, graded.expected
    process = subprocess.Popen([sys.executable, "-m", "curriculum", "--root", str(course.root), "grade", ASSIGNMENT],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(6)
    process.send_signal(signal.SIGKILL)
    process.wait()
    subprocess.run(["pkill", "-9", "-g", str(process.pid)], check=False)
    assert main(["--root", str(course.root), "grade", ASSIGNMENT]) == 1
    assert scores(course) == pytest.approx(expected)


def test_feedback_reaches_learners_hides_hidden_tests_and_needs_no_network(graded, capsys):
    course, plan = graded.course, graded.plan
    assert main(["--root", str(course.root), "feedback", ASSIGNMENT]) == 0
    said = capsys.readouterr().out
    released = int(re.search(r"Released feedback to (\d+) learners", said).group(1))
    assert released == len(list(course.grading_dir.glob(f"feedback/*/{ASSIGNMENT}"))) - 1  # all but usbuser
    assert f"usbuser handed in on removable media: copy {course.grading_dir}/feedback/usbuser/{ASSIGNMENT}" in said
    home = learner_nbgrader(course, "part0", "fetch_feedback", ASSIGNMENT)
    pages = list(home.glob(f"{course.directory.course_id}/{ASSIGNMENT}/feedback/*/*.html"))
    assert len(pages) == 1
    page = pages[0].read_text(encoding="utf-8")
    assert "BEGIN HIDDEN TESTS" not in page
    tests = [cell.source.partition("### BEGIN HIDDEN TESTS")[::2] for cell in plan.source.cells if nb.is_test(cell)]
    visible = {line.strip() for shown, _ in tests for line in shown.splitlines()}
    hidden = [line.strip() for _, secret in tests for line in secret.splitlines()[1:-1]
              if line.strip() and line.strip() not in visible]  # a hidden test may repeat a visible line
    assert hidden and not any(line in page for line in hidden)
    assert "Not quite right yet." in page, "the result and message of failed tests stay visible"
    assert not EXTERNAL_REFERENCE.search(page)


def test_report_and_transcript_are_self_contained(graded, tmp_path):
    course, plan = graded.course, graded.plan
    report, transcript = tmp_path / "report.html", tmp_path / "transcript.html"
    assert main(["--root", str(course.root), "report", "--to", str(report)]) == 0
    assert main(["--root", str(course.root), "transcript", "full0", "--to", str(transcript)]) == 0
    page = report.read_text(encoding="utf-8")
    for student in ("full0", "part2", "latecomer", "usbuser"):
        assert f"<td>{student}</td>" in page
    assert '<span class="tag">late</span>' in page
    assert page.count("data:image/png;base64,") == 2
    stuck = page.split("Who looks stuck")[1].split("Every learner")[0]
    assert "<td>absent</td><td>has not handed in any work</td>" in stuck and "full0" not in stuck
    record = transcript.read_text(encoding="utf-8")
    assert plan.assignment.title in record and all(o in record for o in plan.assignment.objectives)
    assert f"{plan.assignment.minutes / 60:.1f} hours" in record
    for text in (page, record):
        assert not EXTERNAL_REFERENCE.search(text)
        assert "http://" not in text and "https://" not in text


def test_export_lists_every_learner(graded, tmp_path):
    course, expected = graded.course, graded.expected
    target = tmp_path / "grades.csv"
    assert main(["--root", str(course.root), "export", "--to", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert all(f",{student}," in text for student in expected)
