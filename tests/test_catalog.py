"""The catalog loader refuses mistakes and says which file, which key and what to write."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum.core.catalog import load_catalog, load_module
from curriculum.errors import CatalogError

GOOD = """\
id: demo
title: Demo
description: A module for tests.
assignments:
  - id: demo-01-first
    title: First
    objectives: [do one thing]
    minutes: 60
    prerequisites: []
  - id: demo-02-second
    title: Second
    objectives: [do another thing]
    minutes: 90
    prerequisites: [demo-01-first]
"""


def write(folder: Path, text: str, name: str = "demo.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_module_loads_in_order(tmp_path):
    module = load_module(write(tmp_path, GOOD))
    assert [a.id for a in module.assignments] == ["demo-01-first", "demo-02-second"]
    assert module.minutes == 150
    assert module.assignments[1].slug == "second"
    assert module.assignments[1].notebook_name == "second.ipynb"


def test_an_assignment_may_be_marked_as_a_portfolio_piece(tmp_path):
    module = load_module(write(tmp_path, GOOD.replace("    minutes: 90\n", "    minutes: 90\n    portfolio: true\n")))
    assert [a.portfolio for a in module.assignments] == [False, True]


def test_the_capstones_are_portfolio_pieces(course):
    pieces = {a.id for a in course.catalog.assignments if a.portfolio}
    assert {"python-10-capstone", "web-10-capstone-job-board", "data-08-capstone"} <= pieces


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("minutes: 60", "minuts: 60"), "unknown key `minuts`; did you mean `minutes`?"),
        (("    minutes: 60\n", ""), "missing key `minutes`; add a line like `minutes: 60`"),
        (("description: A module for tests.\n", ""), "missing key `description`"),
        (("id: demo-01-first", "id: demo-1-first"), "id `demo-1-first` must look like `demo-01-some-slug`"),
        (("id: demo-01-first", "id: python-01-first"), "must look like `demo-01-some-slug`"),
        (("minutes: 60", "minutes: an hour"), "`minutes` must be a whole number above 0"),
        (("objectives: [do one thing]", "objectives: []"), "`objectives` must be a list"),
        (("id: demo\n", "id: other\n"), "`id` must be the file's name, `id: demo`"),
        (("title: First", "title: [First]"), "`title` must be some text"),
        (("assignments:", "assignments: 3\nextra:"), "unknown key `extra`"),
        (("    minutes: 90\n", "    minutes: 90\n    portfolio: yes please\n"), "`portfolio` must be true or false"),
        (("    minutes: 90\n", "    minutes: 90\n    portfollio: true\n"), "did you mean `portfolio`?"),
    ],
)
def test_mistakes_in_a_module_file_are_named_with_the_fix(tmp_path, change, expected):
    path = write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(CatalogError) as error:
        load_module(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_invalid_yaml_is_reported_with_the_file(tmp_path):
    path = write(tmp_path, "id: [demo\n")
    with pytest.raises(CatalogError, match="not valid YAML"):
        load_module(path)


def test_a_prerequisite_must_come_earlier(tmp_path):
    write(tmp_path, GOOD.replace("prerequisites: [demo-01-first]", "prerequisites: [demo-03-later]"))
    with pytest.raises(CatalogError, match="needs `demo-03-later`, which must be an assignment listed earlier"):
        load_catalog(tmp_path)


def test_an_id_may_appear_only_once(tmp_path):
    write(tmp_path, GOOD.replace("demo-02-second", "demo-01-first").replace(
        "prerequisites: [demo-01-first]", "prerequisites: []"))
    with pytest.raises(CatalogError, match="listed twice"):
        load_catalog(tmp_path)


def test_an_unknown_assignment_suggests_the_closest(tmp_path):
    write(tmp_path, GOOD)
    catalog = load_catalog(tmp_path)
    with pytest.raises(CatalogError, match="Did you mean `demo-02-second`"):
        catalog.assignment("demo-02-secnd")


def test_the_course_catalog_loads_and_has_the_three_modules(course):
    assert [m.id for m in course.catalog.modules][:3] == ["python", "web", "data"]


def test_the_python_module_has_ten_assignments_and_at_least_fifteen_hours(course):
    """Ids never change once released, so their numbers need not be in teaching order; these things must hold."""
    python = next(module for module in course.catalog.modules if module.id == "python")
    ids = [assignment.id for assignment in python.assignments]
    assert len(set(ids)) == len(ids), f"an id is there twice: {ids}"
    assert len(ids) >= 10
    assert python.minutes >= 15 * 60
    assert ids[0] == "python-00-getting-started"
    assert ids[-1] == "python-10-capstone"


def test_the_readme_lists_every_module_with_its_hours(course):
    readme = (course.root / "README.md").read_text(encoding="utf-8")
    for module in course.catalog.modules:
        row = next((line for line in readme.splitlines() if line.startswith(f"| {module.title} |")), "")
        assert row.endswith(f"| {module.minutes / 60:.1f} |"), f"README: the row of {module.title} is {row!r}"
        assert row.count("·") == len(module.assignments) - 1, f"README: {module.title} lists the wrong count"
