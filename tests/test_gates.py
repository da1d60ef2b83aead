"""Every quality gate, for every assignment in the catalog: a failure names both."""

from __future__ import annotations

from functools import cache

import pytest

from curriculum.author.gates import GATES, Context, run_gate
from curriculum.author.gates.content import orphan_folders
from curriculum.core.course import Course

from .support import ROOT

pytestmark = pytest.mark.slow
CATALOG = Course(ROOT).catalog


@cache
def context(assignment_id: str) -> Context:
    """One context per assignment and worker, so nbgrader autograde runs once for both of its gates."""
    course = Course(ROOT)
    return Context(course, course.catalog.assignment(assignment_id))


def test_every_source_folder_is_in_the_catalog(course):
    assert orphan_folders(course) == []


@pytest.mark.parametrize("gate", list(GATES))
@pytest.mark.parametrize(
    "assignment", [pytest.param(a.id, marks=pytest.mark.xdist_group(a.id)) for a in CATALOG.assignments])
def test_gate(assignment: str, gate: str) -> None:
    outcome = run_gate(gate, context(assignment))
    assert outcome.passed, "\n".join(outcome.problems)
