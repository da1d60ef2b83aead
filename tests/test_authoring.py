"""New modules and assignments, and deterministic builds of release/."""

from __future__ import annotations

import pytest

from curriculum.author import new
from curriculum.author.gates import GATES
from curriculum.cli import main
from curriculum.core.course import Course
from curriculum.errors import CatalogError

from .support import ROOT, new_course


@pytest.fixture
def empty_course(tmp_path) -> Course:
    """A course with no modules yet."""
    return new_course(tmp_path)


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_a_new_assignment_passes_every_gate_and_builds_the_same_twice(empty_course, capsys):
    root = str(empty_course.root)
    assert main(["--root", root, "new", "module", "demo"]) == 0
    assert main(["--root", root, "new", "assignment", "demo", "doubling"]) == 0
    assert main(["--root", root, "new", "assignment", "demo", "halving"]) == 0
    course = Course(empty_course.root)
    assert [a.id for a in course.catalog.assignments] == ["demo-01-doubling", "demo-02-halving"]
    assert course.catalog.assignment("demo-02-halving").prerequisites == ("demo-01-doubling",)
    assert main(["--root", root, "build"]) == 0
    first = snapshot(empty_course.root / "release")
    assert main(["--root", root, "build", "demo-01-doubling"]) == 0
    assert snapshot(empty_course.root / "release") == first
    assert (empty_course.root / "release" / "demo-01-doubling" / "doubling.ipynb").is_file()
    capsys.readouterr()
    assert main(["--root", root, "check", "demo-01-doubling"]) == 0
    table = capsys.readouterr().out
    assert "All gates passed." in table
    assert table.count("PASS") == len(GATES) and "FAIL" not in table


def test_new_refuses_bad_names_and_duplicates(empty_course):
    with pytest.raises(CatalogError, match="cannot be a module id"):
        new.new_module(empty_course, "Web Skills")
    new.new_module(empty_course, "web")
    with pytest.raises(CatalogError, match="already exists"):
        new.new_module(empty_course, "web")
    with pytest.raises(CatalogError, match="There is no module `wbe`"):
        new.new_assignment(empty_course, "wbe", "css")
    with pytest.raises(CatalogError, match="cannot be a slug"):
        new.new_assignment(empty_course, "web", "CSS basics")


def test_list_prints_every_assignment_and_module_hours(capsys):
    assert main(["--root", str(ROOT), "list"]) == 0
    out = capsys.readouterr().out
    course = Course(ROOT)
    for assignment in course.catalog.assignments:
        assert assignment.id in out
    assert "hours" in out


def test_a_mistake_in_the_command_is_reported_in_one_line(capsys):
    assert main(["--root", str(ROOT), "check", "python-99-nothing"]) == 2
    assert "There is no assignment `python-99-nothing`" in capsys.readouterr().err
